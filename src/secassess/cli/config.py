"""``secassess config``: show and change the workspace settings (``secassess.yaml``) — the issuing
body, place, ký hiệu and signer that every issued report needs. The use cases are in
:mod:`secassess.app.settings`."""

from __future__ import annotations

import click

from secassess.cli.common import App, emit_json, json_option, pass_app
from secassess.messages import msg


@click.group(help=msg("cli.config.workspace_settings_secassess_yaml_show"))
def config() -> None:
    pass


def _flat(data: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out += _flat(v, key + ".")
        else:
            out.append((key, v))
    return out


@config.command("show", help=msg("cli.config.print_settings_mark_those_issued"))
@json_option
@pass_app
def show(app: App, as_json: bool) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.settings import show_settings
    from secassess.cli.common import echo_table

    settings = show_settings(app.ws(), local_actor())
    data = settings.values
    missing = {k for k, _ in settings.missing}
    if as_json:
        emit_json({"settings": data, "missing": sorted(missing)})
        return
    rows = [(k, "" if v is None else "; ".join(map(str, v)) if isinstance(v, list) else str(v),
             msg("cli.config.needed") if k in missing else "")
            for k, v in _flat(data)]
    echo_table([msg("cli.config.key_2"), msg("cli.config.value_2"), ""], rows, max_col=70)


@config.command("set", help=msg("cli.config.set_key_dotted_nested_settings"))
@click.argument("key", metavar=msg("cli.config.key"))
@click.argument("values", nargs=-1, metavar=msg("cli.config.value"))
@pass_app
def set_(app: App, key: str, values: tuple[str, ...]) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.settings import change_setting

    done = change_setting(app.ws(), local_actor(), key, values)
    click.echo(msg("cli.config.set", k=done.key, v=done.value))
