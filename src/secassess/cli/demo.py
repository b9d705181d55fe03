"""``secassess demo``: the whole flow on a bundled fictional province, with a short explanation
of each step, ending with the reports it wrote (src/secassess/demo_data/)."""

from __future__ import annotations

from pathlib import Path

import click

from secassess.cli.common import App, echo_table, pass_app, program
from secassess.i18n import get_lang, tr


@click.command(help=tr(
    "Chạy thử toàn bộ quy trình trên tỉnh Sông Lam (giả định): danh mục hệ thống, đánh giá, rà quét, chốt, "
    "khắc phục và báo cáo mọi định dạng. Không gian làm việc demo nằm trong THƯ_MỤC/demo-workspace; báo cáo "
    "nằm trong THƯ_MỤC.",
    "Run the whole flow on the fictional province of Sông Lam: inventory, assessments, a scan, finalization, "
    "remediation and reports in every format. The demo workspace is DIR/demo-workspace; the reports are in DIR."))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help=tr("Thư mục kết quả.", "Output folder."))
@pass_app
def demo(app: App, out: Path) -> None:
    from secassess.demo_data.flow import run_demo

    lang = get_lang()
    click.secho(tr("secassess demo – tỉnh Sông Lam (tỉnh giả định; mọi cơ quan, người, địa chỉ đều hư cấu)",
                   "secassess demo – the province of Sông Lam (fictional; every body, person and address is made "
                   "up)"), bold=True)
    click.echo(tr(
        "secassess giúp cán bộ đánh giá an toàn thông tin: lập danh mục hệ thống thông tin, đánh giá từng hệ "
        "thống theo bộ tiêu chí kiểu TCVN 14423 (phiếu hỏi, bằng chứng, rà quét nmap trong phạm vi được phép), "
        "chấm điểm, theo dõi khắc phục và lập báo cáo. Bản demo chạy lần lượt các bước đó trên dữ liệu giả định:",
        "secassess helps security officers assess information systems: keep an inventory, assess each system "
        "against a TCVN 14423-style catalog (questionnaire, evidence, nmap scans of authorised targets), score, "
        "track remediation and write reports. The demo runs these steps on made-up data:"))
    result = run_demo(out, lang, click.echo)
    click.echo()
    click.secho(tr("Kết quả", "Results"), bold=True)
    echo_table(
        [tr("Hệ thống", "System"), tr("Cấp độ", "Level"), tr("Đợt", "No."), tr("Hồ sơ", "Profile"),
         tr("Trạng thái", "Status"), tr("Điểm", "Score"), tr("Bao phủ", "Coverage"), tr("Xếp loại", "Rating"),
         tr("Tồn tại", "Findings")],
        [(s.system_id, s.level, s.assessment_id, s.profile_id, _status(s.status), _number(s.score, lang),
          _percent(s.coverage, lang), _rating(s.rating), s.findings) for s in result.systems], 40)
    click.echo()
    click.echo(tr("Phiếu trả lời đầy đủ (đã nhập như “secassess assess answer”): {d}",
                  "Full answers files (imported as “secassess assess answer” does): {d}",
                  d=result.workspace / "phieu-tra-loi"))
    click.echo(tr("Đã ghi {n} báo cáo vào {d}:", "Wrote {n} reports to {d}:", n=len(result.reports), d=out))
    for s in result.systems:
        click.echo("  " + "  ".join(p.name for p in s.reports))
    if result.province is not None:
        click.echo(tr("Báo cáo tháng {k} của tỉnh: {d}", "The province's monthly report {k}: {d}",
                      k=result.province.period, d=result.province.files[0].parent))
        click.echo("  " + "  ".join(p.name for p in result.province.files))
    if result.oscal:
        click.echo(tr("Tài liệu OSCAL: {d}", "OSCAL documents: {d}", d=result.oscal[0].parent))
        click.echo("  " + "  ".join(p.name for p in result.oscal))
    pdf = next((p for p in result.reports if p.suffix == ".pdf"), None)
    click.echo()
    click.echo(tr(
        "Mở thử {p} (bản in), tệp .docx (bản Word) hoặc tệp .html cùng tên. Đợt đánh giá chưa chốt được ghi “BẢN NHÁP”.",
        "Open {p} (the printable report), the .docx (Word) or the .html file of the same name. A draft assessment is marked "
        "“DRAFT”.", p=pdf))
    # commands that work as printed: the program named the way it was run, the workspace quoted
    import shlex

    prog = program()
    cmd = f"{prog} -w {shlex.quote(str(result.workspace))}"
    click.echo(tr("Xem thêm:", "More:"))
    click.echo(f"  {cmd} assess list")
    click.echo(f"  {cmd} remediation list")
    if prog != "secassess":
        click.echo(_shorter())


def _shorter() -> str:
    """How to type just ``secassess`` next time: activate the virtual environment running now, or
    install secassess for the user (``make install`` in the source folder)."""
    import shlex
    import sys

    activate = Path(sys.prefix) / "bin" / "activate"
    if sys.prefix != sys.base_prefix and activate.is_file():
        return tr("(Để chỉ gõ “secassess”: chạy “. {a}”, hoặc cài cho người dùng bằng “make install” trong thư mục mã "
                  "nguồn.)",
                  "(To type just “secassess”: run “. {a}”, or install it for your user with “make install” in the "
                  "source folder.)", a=shlex.quote(str(activate)))
    return tr("(Để chỉ gõ “secassess”: thêm thư mục chứa lệnh này vào PATH.)",
              "(To type just “secassess”: add the folder holding this command to PATH.)")


def _status(status: str) -> str:
    return tr("đã chốt", "finalized") if status == "finalized" else tr("bản nháp", "draft")


def _rating(rating: str) -> str:
    from secassess.scoring.present import rating_label

    return rating_label(rating, get_lang())


def _number(value: float | None, lang: str) -> str:
    from secassess.display import format_number

    return format_number(value, lang)  # type: ignore[arg-type]


def _percent(value: float, lang: str) -> str:
    from secassess.display import format_percent

    return format_percent(value, lang)  # type: ignore[arg-type]
