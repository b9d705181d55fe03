"""The one YAML loader: safe, bounded, NFC, and able to say on which line a value stood.

Every YAML file secassess reads (catalogs, profiles, config, inventories, answers) comes
through :func:`load_yaml`. It refuses, quickly and with a clear message:

- files larger than ``max_bytes`` (checked before reading, by :func:`secassess.fsutil.read_bytes`);
- text that is not UTF-8;
- syntax errors (with line and column);
- alias bombs ("billion laughs"): too many aliases or a document whose expanded size
  exceeds ``max_nodes``;
- nesting deeper than ``max_depth``;
- duplicate keys in a mapping (PyYAML would silently keep the last one).

The result keeps a map from each value's path (``("controls", 3, "title", "vi")``) to its
line, so validators can report pydantic errors as ``file:line``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from secassess.errors import InputError, Problem
from secassess.fsutil import read_bytes
from secassess.messages import msg
from secassess.text import nfc, nfc_deep

try:  # libyaml's parser is much faster; the checks below run on the composed graph either way
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """The safe loader, with values that look like dates but are not (2025-13-40) reported at their
    line instead of escaping as a bare ValueError."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise yaml.constructor.ConstructorError(
            None, None, msg("yamlio.invalid_date_time_write_year", v=node.value),
            node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_ALIASES = 100
DEFAULT_MAX_NODES = 2_000_000

Path_ = tuple[str, ...]


@dataclass
class YamlDoc:
    """A loaded YAML document and where each of its values stood."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, loc: tuple[Any, ...] | list[Any]) -> int | None:
        """Line (1-based) of the value at ``loc`` or of its nearest located parent."""
        key = tuple(str(p) for p in loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def where(self, loc: tuple[Any, ...] | list[Any]) -> str | None:
        n = self.line(loc)
        return msg("yamlio.line", n=n) if n else None

    def problem(self, loc: tuple[Any, ...] | list[Any], message: str) -> Problem:
        return Problem(message, self.file, self.where(loc))


def _bracket_depth(text: str) -> int:
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return best


def _yaml_error(exc: yaml.YAMLError, file: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = msg("yamlio.line_column", l=mark.line + 1, c=mark.column + 1) if mark else None
    detail = getattr(exc, "problem", None) or str(exc)
    return InputError(msg("yamlio.invalid_yaml", d=detail), file, where)


def parse_yaml(text: str, file: str, *, max_depth: int = DEFAULT_MAX_DEPTH,
               max_aliases: int = DEFAULT_MAX_ALIASES, max_nodes: int = DEFAULT_MAX_NODES) -> YamlDoc:
    """Parse YAML text (already decoded) with the protections listed in the module docstring."""
    if _bracket_depth(text) > max_depth:
        raise InputError(msg("yamlio.yaml_nested_too_deeply_over", n=max_depth), file)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, file) from None
        except RecursionError:
            raise InputError(msg("yamlio.yaml_nested_too_deeply"), file) from None
        if node is None:
            return YamlDoc(None, file, {})
        lines: dict[Path_, int] = {}
        problems: list[Problem] = []
        _check_graph(node, file, lines, problems, max_depth, max_aliases, max_nodes)
        if problems:
            raise InputError(msg("yamlio.invalid_yaml_2"), file, problems=problems)
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, file) from None
    finally:
        loader.dispose()
    return YamlDoc(nfc_deep(data), file, lines)


def _check_graph(root: yaml.Node, file: str, lines: dict[Path_, int], problems: list[Problem],
                 max_depth: int, max_aliases: int, max_nodes: int) -> None:
    """Walk the composed graph once: record lines, find duplicate keys, bound aliases and size.

    Aliases make the composed graph a DAG; its *expanded* size is what later code walks, so we
    compute it with memoisation (linear in the graph) and refuse bombs before constructing.
    """
    seen: dict[int, int] = {}  # id(node) -> expanded size
    aliases = 0

    def size(node: yaml.Node, depth: int, path: Path_ | None) -> int:
        nonlocal aliases
        if depth > max_depth:
            raise InputError(msg("yamlio.yaml_nested_too_deeply_over", n=max_depth), file, msg("yamlio.line", n=node.start_mark.line + 1))
        if path is not None:
            lines.setdefault(path, node.start_mark.line + 1)
        key = id(node)
        if key in seen:
            aliases += 1
            if aliases > max_aliases:
                raise InputError(msg("yamlio.yaml_uses_too_many_aliases"), file,
                                 msg("yamlio.line", n=node.start_mark.line + 1))
            return seen[key]
        total = 1
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for k, v in node.value:
                kname = nfc(str(k.value)) if isinstance(k, yaml.ScalarNode) else None
                if kname is not None and kname != "<<":
                    if kname in keys:
                        problems.append(Problem(
                            msg("yamlio.duplicate_key_first_line", k=kname, l=keys[kname]), file,
                            msg("yamlio.line", n=k.start_mark.line + 1)))
                    else:
                        keys[kname] = k.start_mark.line + 1
                child = None if path is None or kname is None else path + (kname,)
                if child is not None:  # a mapping value is reported at its key's line
                    lines.setdefault(child, k.start_mark.line + 1)
                total += size(k, depth + 1, None) + size(v, depth + 1, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                total += size(v, depth + 1, None if path is None else path + (str(i),))
        if total > max_nodes:
            raise InputError(msg("yamlio.yaml_too_large_once_expanded"), file)
        seen[key] = total
        return total

    size(root, 0, ())


def read_text(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, setting: str | None = None) -> str:
    """Read a UTF-8 text file (BOM allowed), refusing missing, oversized (:func:`fsutil.read_bytes`)
    and non-UTF-8 files clearly. ``setting`` names the secassess.yaml key of the limit."""
    raw = read_bytes(path, max_bytes=max_bytes, setting=setting)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(msg("yamlio.file_not_utf_8_unexpected", b=raw[exc.start]), str(path), msg("yamlio.line", n=line)) from None


def load_yaml(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
              max_depth: int = DEFAULT_MAX_DEPTH, max_aliases: int = DEFAULT_MAX_ALIASES,
              max_nodes: int = DEFAULT_MAX_NODES) -> YamlDoc:
    """Load one YAML file safely. Raises :class:`InputError` naming the file and line."""
    text = read_text(path, max_bytes=max_bytes)
    return parse_yaml(text, str(path), max_depth=max_depth, max_aliases=max_aliases, max_nodes=max_nodes)


def dump_yaml(data: Any) -> str:
    """Dump plain data as readable block YAML (Unicode kept, key order kept)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
