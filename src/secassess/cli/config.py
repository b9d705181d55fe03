"""``secassess config``: show and change the workspace settings (``secassess.yaml``) — the issuing
body, place, ký hiệu and signer that every issued report needs."""

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
    from secassess.cli.common import echo_table
    from secassess.config import missing_issuer_settings

    ws = app.ws()
    data = ws.config.model_dump(mode="json")
    missing = {k for k, _ in missing_issuer_settings(ws.config)}
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
    from secassess.config import set_setting

    ws = app.ws()
    new = set_setting(ws.root, ws.config, key, list(values))
    shown = new.model_dump(mode="json")
    for part in key.split("."):
        shown = shown[part]
    click.echo(tr("Đã đặt {k} = {v}", "Set {k} = {v}", k=key, v=shown))
