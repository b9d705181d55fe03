"""What every command shares: the application context (workspace, library, language) and
output helpers (tables, JSON, the created id on the last line)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from secassess.i18n import Lang, get_lang, set_lang, severity_label, yes_no
from secassess.messages import msg
from secassess.text import table

if TYPE_CHECKING:
    from secassess.catalog.registry import Library
    from secassess.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class App:
    """The click context object: opens the workspace once, on first use."""

    workspace_opt: Path | None = None
    lang_explicit: bool = False
    database_opt: str | None = None  # --database (SECASSESS_DATABASE and the config are read by Workspace)
    _ws: Workspace | None = field(default=None, repr=False)
    _library: Library | None = field(default=None, repr=False)

    def ws(self, *, migrate: bool = True) -> Workspace:
        """The workspace, opened on first use (``migrate``: see ``Workspace.open``)."""
        if self._ws is None:
            from secassess.workspace import Workspace, find_workspace

            self._ws = Workspace.open(find_workspace(self.workspace_opt, database=self.database_opt),
                                      migrate=migrate, database=self.database_opt)
            if not self.lang_explicit:
                set_lang(self._ws.config.language)
        return self._ws

    def optional_ws(self) -> Workspace | None:
        """The workspace when one is found; commands on built-in content work without one."""
        from secassess.errors import InputError

        try:
            return self.ws()
        except InputError:
            if self.workspace_opt is not None:
                raise
            return None

    def library(self) -> Library:
        if self._library is None:
            ws = self.optional_ws()
            if ws is not None:
                self._library = ws.library
            else:
                from secassess.catalog.registry import load_library

                lib = load_library()
                lib.raise_if_problems()
                self._library = lib
        return self._library

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()


pass_app = click.make_pass_decorator(App)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help=msg("cli.common.print_json"))(f)


def _default(o: Any) -> Any:
    if isinstance(o, datetime | date):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    if isinstance(o, set | frozenset | tuple):
        return list(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def emit_json(data: Any) -> None:
    click.echo(to_json(data))


def done_id(value: object) -> None:
    """Commands that create something print its id alone on the last line."""
    click.echo(str(value))


def echo_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], max_col: int = 60) -> None:
    click.echo(table(headers, rows, max_col))


def lang() -> Lang:
    return get_lang()


def program(argv0: str | None = None, path: str | None = None) -> str:
    """How to run secassess again, as a hint to print: ``secassess`` when that name on ``PATH``
    (default: the environment's) is the program running now; else the full path of the running
    console script (``/…/.venv/bin/secassess``, the one beside the interpreter when it was not run
    by that name), quoted for a shell; else ``python -m secassess`` with this interpreter."""
    import os
    import shlex
    import shutil
    import sys

    argv0 = sys.argv[0] if argv0 is None else argv0
    name = "secassess.exe" if os.name == "nt" else "secassess"
    script: str | None = None
    if argv0 and os.path.basename(argv0).lower() in ("secassess", "secassess.exe") and os.path.isfile(argv0):
        script = os.path.abspath(argv0)
    elif (Path(sys.executable).parent / name).is_file():
        script = str(Path(sys.executable).parent / name)
    on_path = shutil.which("secassess", path=path)
    if script is not None and on_path is not None and os.path.realpath(on_path) == os.path.realpath(script):
        return "secassess"
    if script is not None:
        return shlex.quote(script)
    return f"{shlex.quote(sys.executable)} -m secassess"


__all__ = ["App", "done_id", "echo_table", "emit_json", "json_option", "lang", "pass_app", "program",
           "severity_label", "table", "to_json", "yes_no"]
