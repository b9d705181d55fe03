"""``secassess config``: show and change the workspace settings (``secassess.yaml``) — the issuing
body, place, ký hiệu and signer that every issued report needs. The use cases are in
:mod:`secassess.app.settings`."""

from __future__ import annotations

import click

from secassess.cli.common import App, emit_json, json_option, pass_app
from secassess.i18n import tr


@click.group(help=tr("Cấu hình không gian làm việc (secassess.yaml): xem, đặt giá trị.",
                     "Workspace settings (secassess.yaml): show, set."))
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


@config.command("show", help=tr("In các giá trị cấu hình; đánh dấu các mục văn bản cần mà còn trống.",
                                "Print the settings; mark those an issued document needs that are empty."))
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
             tr("cần khai báo", "needed") if k in missing else "")
            for k, v in _flat(data)]
    echo_table([tr("Khóa", "Key"), tr("Giá trị", "Value"), ""], rows, max_col=70)


@config.command("set", help=tr(
    "Đặt giá trị KHÓA (khóa có dấu chấm cho mục con, ví dụ signer.name). Mục danh sách (recipients) nhận "
    "nhiều giá trị. Ví dụ: secassess config set issuing_body \"Công an tỉnh Quảng Ngãi\"",
    "Set KEY (dotted for nested settings, e.g. signer.name). A list setting (recipients) takes several values. "
    "Example: secassess config set issuing_body \"Công an tỉnh Quảng Ngãi\""))
@click.argument("key", metavar=tr("KHÓA", "KEY"))
@click.argument("values", nargs=-1, metavar=tr("GIÁ_TRỊ…", "VALUE…"))
@pass_app
def set_(app: App, key: str, values: tuple[str, ...]) -> None:
    from secassess.app.actor import local_actor
    from secassess.app.settings import change_setting

    done = change_setting(app.ws(), local_actor(), key, values)
    click.echo(tr("Đã đặt {k} = {v}", "Set {k} = {v}", k=done.key, v=done.value))
