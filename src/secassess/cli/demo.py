"""``secassess demo``: the whole flow on a bundled fictional province (grows as features land)."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from secassess.cli.common import App, echo_table, lang, pass_app
from secassess.errors import InputError
from secassess.i18n import tr


@click.command(help=tr("Chạy thử trên một tỉnh giả định: tạo không gian làm việc trong THƯ_MỤC/demo-workspace.",
                       "Try secassess on a fictional province: creates a workspace in DIR/demo-workspace."))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help=tr("Thư mục kết quả.", "Output folder."))
@pass_app
def demo(app: App, out: Path) -> None:
    from secassess.catalog.registry import load_library
    from secassess.workspace import CONFIG_FILE, init_workspace

    ws_dir = out / "demo-workspace"
    if ws_dir.exists():
        if not (ws_dir / CONFIG_FILE).is_file():
            raise InputError(tr("thư mục đã có và không phải không gian làm việc demo", "folder exists and is not a demo "
                                "workspace"), str(ws_dir))
        shutil.rmtree(ws_dir)
    ws = init_workspace(ws_dir)
    ws.close()
    click.echo(tr("Đã tạo không gian làm việc demo: {d}", "Demo workspace created: {d}", d=ws_dir))
    lib = load_library()
    lib.raise_if_problems()
    lg = lang()
    click.echo()
    click.secho(tr("Bộ tiêu chí", "Catalogs"), bold=True)
    echo_table([tr("Mã", "Id"), tr("Phiên bản", "Version"), tr("Yêu cầu", "Controls"), tr("Tên", "Title")],
               [(c.id, c.version, len(c.controls), c.header.title.get(lg)) for c in lib.catalogs.values()], 80)
    click.echo()
    click.secho(tr("Hồ sơ áp dụng", "Profiles"), bold=True)
    echo_table([tr("Mã", "Id"), tr("Cấp độ", "Level"), tr("Yêu cầu", "Controls"), tr("Tên", "Title")],
               [(pid, lib.profile(pid).level, len(lib.resolve(pid).controls), lib.profile(pid).title.get(lg))
                for pid in lib.profiles], 80)
    click.echo()
    click.echo(tr("Bản demo hiện mới tạo không gian làm việc và liệt kê nội dung; chưa tạo báo cáo nào.",
                  "The demo so far creates a workspace and lists the content; it writes no report yet."))
