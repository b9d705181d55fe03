"""``secassess init``: create a workspace."""

from __future__ import annotations

from pathlib import Path

import click

from secassess.cli.common import done_id
from secassess.i18n import tr


@click.command(help=tr("Tạo không gian làm việc mới trong THƯ_MỤC (mặc định: thư mục hiện tại).",
                       "Create a new workspace in DIR (default: the current folder)."))
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[DIR]")
@click.option("--province", default="", help=tr("Tên tỉnh, ví dụ “tỉnh Quảng Ngãi”.", "Province name."))
@click.option("--issuing-body", default="", help=tr("Cơ quan ban hành báo cáo.", "Issuing body for report headers."))
@click.option("--issuing-body-parent", default="", help=tr("Cơ quan chủ quản.", "Parent body for report headers."))
@click.option("--place", default="", help=tr("Địa danh ghi trước ngày tháng.", "Place name written before the date."))
def init(directory: Path, province: str, issuing_body: str, issuing_body_parent: str, place: str) -> None:
    from secassess.config import DEFAULT_CONFIG_TEXT, WorkspaceConfig, render_config
    from secassess.workspace import init_workspace

    text = DEFAULT_CONFIG_TEXT
    if province or issuing_body or issuing_body_parent or place:
        text = render_config(WorkspaceConfig(province=province, issuing_body=issuing_body,
                                             issuing_body_parent=issuing_body_parent, place=place))
    ws = init_workspace(directory, text)
    ws.close()
    click.echo(tr("Đã tạo không gian làm việc. Sửa {f} để điền thông tin cơ quan cho báo cáo.",
                  "Workspace created. Edit {f} to fill in the body's details for reports.",
                  f=ws.root / "secassess.yaml"))
    done_id(ws.root)
