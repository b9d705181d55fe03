"""``secassess init``: create a workspace, with the settings an issued report needs."""

from __future__ import annotations

from pathlib import Path

import click

from secassess.cli.common import App, done_id, pass_app
from secassess.i18n import tr


@click.command(help=tr(
    "Tạo không gian làm việc mới trong THƯ_MỤC (mặc định: thư mục hiện tại). Các tùy chọn điền sẵn thông tin "
    "in trên báo cáo theo Nghị định 30/2020/NĐ-CP (sửa sau bằng “secassess config set”).",
    "Create a new workspace in DIR (default: the current folder). The options fill in what reports print in "
    "the Decree 30/2020 layout (change them later with “secassess config set”)."))
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[DIR]")
@click.option("--province", default="", help=tr("Tên tỉnh, ví dụ “tỉnh Quảng Ngãi”.", "Province name."))
@click.option("--issuing-body", default="", help=tr("Cơ quan ban hành báo cáo, ví dụ “Công an tỉnh Quảng Ngãi”.",
                                                     "Issuing body."))
@click.option("--issuing-body-parent", "--parent-body", "issuing_body_parent", default="",
              help=tr("Cơ quan chủ quản, ví dụ “Bộ Công an”.", "Parent body."))
@click.option("--place", default="", help=tr("Địa danh ghi trước ngày tháng.", "Place name written before the date."))
@click.option("--document-code", default="", help=tr("Ký hiệu văn bản sau “/BC-”, ví dụ “CAT-PA05”.",
                                                      "Document code after “/BC-”, e.g. “CAT-PA05”."))
@click.option("--signer-name", default="", help=tr("Họ tên người ký.", "Signer's name."))
@click.option("--signer-title", default="", help=tr("Chức vụ người ký, ví dụ “PHÓ GIÁM ĐỐC”.", "Signer's title."))
@click.option("--signer-authority", default="", help=tr(
    "Quyền hạn khi ký thay, ví dụ “KT. GIÁM ĐỐC”.", "Authority when signing for someone, e.g. “KT. GIÁM ĐỐC”."))
@click.option("--filing", default="", help=tr("Dòng “Lưu:”, ví dụ “VT, PA05”.", "The “Lưu:” line, e.g. “VT, PA05”."))
@click.option("--recipient", "recipients", multiple=True, help=tr(
    "Nơi nhận (lặp lại được), ví dụ “Bộ Công an (A05)”.", "A recipient (repeatable)."))
@pass_app
def init(app: App, directory: Path, province: str, issuing_body: str, issuing_body_parent: str, place: str,
         document_code: str, signer_name: str, signer_title: str, signer_authority: str, filing: str,
         recipients: tuple[str, ...]) -> None:
    from secassess.config import Signer, WorkspaceConfig, missing_issuer_settings, render_config
    from secassess.workspace import init_workspace

    signer = Signer(name=signer_name, authority=signer_authority, **({"title": signer_title} if signer_title else {}))
    database = app.database_opt or ""
    if database:  # recorded without its password, so later commands find the same database
        from secassess.dburl import parse_url, without_password

        database = without_password(parse_url(database))
    cfg = WorkspaceConfig(database=database, province=province, issuing_body=issuing_body, issuing_body_parent=issuing_body_parent,
                          place=place, document_code=document_code, signer=signer, recipients=list(recipients),
                          **({"filing": filing} if filing else {}))
    ws = init_workspace(directory, render_config(cfg), database=app.database_opt)
    ws.close()
    click.echo(tr("Đã tạo không gian làm việc.", "Workspace created."))
    missing = missing_issuer_settings(cfg)
    if missing:
        click.secho(tr("Báo cáo cần thêm: {m}. Khai báo bằng “secassess config set KHÓA GIÁ_TRỊ” hoặc sửa {f}.",
                       "Reports still need: {m}. Set them with “secassess config set KEY VALUE” or edit {f}.",
                       m="; ".join(f"{label} ({key})" for key, label in missing), f=ws.root / "secassess.yaml"),
                    fg="yellow", err=True)
    done_id(ws.root)
