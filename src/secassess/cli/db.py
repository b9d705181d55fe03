"""``secassess db``: the workspace's database — where it is and its schema (``status``), bringing the
schema up to date (``upgrade``), moving a SQLite workspace to the province's PostgreSQL server
(``copy --to URL``). docs/deployment.md says how these fit together."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, echo_table, emit_json, json_option, pass_app
from secassess.i18n import tr

if TYPE_CHECKING:
    from secassess.workspace import Workspace


@click.group(help=tr(
    "Cơ sở dữ liệu của không gian làm việc: tệp SQLite (mặc định) hoặc máy chủ PostgreSQL dùng chung của tỉnh "
    "(--database, SECASSESS_DATABASE hoặc mục database trong secassess.yaml).",
    "The workspace's database: its SQLite file (the default) or the province's shared PostgreSQL server "
    "(--database, SECASSESS_DATABASE or database in secassess.yaml)."))
def db() -> None:
    pass


def _where(ws: Workspace) -> str:
    from secassess.dburl import shown

    return shown(ws.database) if ws.is_server and ws.database is not None else str(ws.db_path)


_STATE = {
    "current": ("đúng phiên bản", "current"),
    "older": ("cũ hơn, cần “secassess db upgrade”", "older, needs “secassess db upgrade”"),
    "empty": ("chưa có lược đồ, tạo bằng “secassess db upgrade”", "no schema yet, create it with “secassess db "
              "upgrade”"),
    "newer": ("của phiên bản secassess mới hơn", "from a newer secassess"),
}


@db.command("status", help=tr(
    "Cơ sở dữ liệu đang dùng (mật khẩu được ẩn), phiên bản lược đồ so với phiên bản secassess cần, máy chủ, "
    "kho bằng chứng. Không thay đổi gì.",
    "The database in use (password hidden), its schema revision against the one this secassess needs, the "
    "server, the evidence store. Changes nothing."))
@json_option
@pass_app
def status(app: App, as_json: bool) -> None:
    from secassess.store.db import server_info
    from secassess.store.migrate import schema_state

    ws = app.ws(migrate=False)
    st = schema_state(ws.engine)
    with ws.engine.connect() as conn:
        info = server_info(conn)
        conn.rollback()
    data: dict[str, Any] = {"database": _where(ws), **info.to_dict(), "revision": st.revision, "head": st.head,
                            "state": st.status, "evidence": str(ws.evidence_dir)}
    if st.status == "current":
        from secassess.evidence.store import store_status

        with ws.read() as conn:
            data["evidence"] = store_status(conn, ws.evidence_dir).to_dict()
    if as_json:
        emit_json(data)
        return
    engine = "PostgreSQL" if info.engine == "postgresql" else "SQLite"
    rows = [(tr("Cơ sở dữ liệu", "Database"), data["database"]),
            (tr("Loại", "Engine"), f"{engine} {info.version}"),
            (tr("Lược đồ", "Schema"), f"{st.revision or '-'} ({tr(*_STATE[st.status])}; "
                                      f"{tr('phiên bản này cần', 'this secassess needs')} {st.head})")]
    if info.engine == "postgresql":
        rows.append((tr("Bảng mã, sắp xếp", "Encoding, collation"), f"{info.encoding}, {info.collation}"))
    ev = data["evidence"]
    if isinstance(ev, dict):
        rows.append((tr("Kho bằng chứng", "Evidence store"),
                     tr("{d}: {n} tệp, {m} MB{x}", "{d}: {n} files, {m} MB{x}", d=ev["folder"], n=ev["files"],
                        m=_mb(ev["bytes"]), x=tr(", THIẾU {k} tệp", ", {k} files MISSING", k=len(ev["missing"]))
                        if ev["missing"] else "")))
    else:
        rows.append((tr("Kho bằng chứng", "Evidence store"), ev))
    echo_table([tr("Mục", "Item"), tr("Giá trị", "Value")], rows, max_col=90)
    from secassess.errors import InputError
    from secassess.store.db import check_server

    try:
        for w in check_server(info, data["database"]):
            click.secho(tr("Lưu ý: {w}", "Note: {w}", w=w), fg="yellow", err=True)
    except InputError as exc:  # an encoding that cannot hold Vietnamese is a note here: status changes nothing
        click.secho(tr("Lưu ý: {w}", "Note: {w}", w=exc.message), fg="yellow", err=True)


@db.command("upgrade", help=tr(
    "Nâng lược đồ cơ sở dữ liệu lên phiên bản secassess này cần. SQLite: sao lưu tệp trước (secassess.db.bak-…), "
    "như khi mở không gian làm việc. PostgreSQL: tạo lược đồ trong cơ sở dữ liệu trống, hoặc nâng cấp trong một "
    "giao dịch — hãy sao lưu bằng pg_dump trước. In phiên bản lược đồ ở dòng cuối.",
    "Bring the database schema to the one this secassess needs. SQLite: the file is backed up first "
    "(secassess.db.bak-…), as when a workspace opens. PostgreSQL: the schema is created in an empty database, or "
    "upgraded in one transaction — back it up with pg_dump first. Prints the schema revision on the last line."))
@pass_app
def upgrade(app: App) -> None:
    from secassess.store.db import check_server, server_info
    from secassess.store.migrate import upgrade as run_upgrade

    ws = app.ws(migrate=False)
    where = _where(ws)
    if ws.is_server:
        with ws.engine.connect() as conn:
            info = server_info(conn)
            conn.rollback()
        for w in check_server(info, where):
            click.secho(tr("Lưu ý: {w}", "Note: {w}", w=w), fg="yellow", err=True)
    from secassess.store.migrations import HEAD

    before = run_upgrade(ws.engine, None if ws.is_server else ws.db_path)
    if before == HEAD:
        click.echo(tr("Cơ sở dữ liệu {d} đã ở lược đồ hiện hành.", "The database {d} is already at the current "
                      "schema.", d=where))
    elif before is None:
        click.echo(tr("Đã tạo lược đồ trong cơ sở dữ liệu {d}.", "Created the schema in the database {d}.", d=where))
    else:
        click.echo(tr("Đã nâng cấp cơ sở dữ liệu {d} từ lược đồ {a}.", "Upgraded the database {d} from schema {a}.",
                      d=where, a=before))
    click.echo(HEAD)


class _Progress:
    """Progress of a copy on stderr: a line per table, and every so often for a large one."""

    EVERY_S = 2.0

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or (done and now - self.last >= self.EVERY_S):
            self.last = now
            click.echo(f"  {table}: {done:,}/{total:,}".replace(",", "\u202f"), err=True)


@db.command("copy", help=tr(
    "Chép toàn bộ dữ liệu của không gian làm việc (mọi bảng, giữ nguyên mã số) sang cơ sở dữ liệu ở URL — "
    "thường là máy chủ PostgreSQL của tỉnh: postgresql+psycopg://NGƯỜI_DÙNG@MÁY/TÊN_CSDL. Tất cả hoặc không gì cả "
    "(một giao dịch). Đích phải trống (lược đồ được tạo nếu chưa có); không bao giờ gộp. Tệp bằng chứng ở lại "
    "thư mục evidence/ của không gian làm việc, máy chủ dùng chính thư mục đó.",
    "Copy everything in the workspace's database (every table, ids kept) into the database at URL — usually the "
    "province's PostgreSQL server: postgresql+psycopg://USER@HOST/DATABASE. All or nothing (one transaction). The "
    "target must be empty (its schema is created if it has none); nothing is ever merged. The evidence files stay "
    "in the workspace's evidence/ folder, which the server uses as it is."))
@click.option("--to", "to", required=True, metavar="URL",
              help=tr("Cơ sở dữ liệu đích (mật khẩu: ~/.pgpass hoặc PGPASSWORD).",
                      "The target database (password: ~/.pgpass or PGPASSWORD)."))
@click.option("--replace", is_flag=True,
              help=tr("XÓA mọi dữ liệu đã có ở đích rồi chép (trong cùng giao dịch).",
                      "DELETE whatever the target holds, then copy (in the same transaction)."))
@json_option
@pass_app
def copy(app: App, to: str, replace: bool, as_json: bool) -> None:
    from secassess.dburl import parse_url, shown, without_password
    from secassess.evidence.store import store_status
    from secassess.store.copy import copy_database
    from secassess.store.db import check_server, make_engine, server_info
    from secassess.store.migrate import current_revision

    ws = app.ws()
    url = parse_url(to, where="--to")
    target = make_engine(url)
    try:
        if url.get_backend_name() == "postgresql":
            current_revision(target)  # unreachable: said plainly
            with target.connect() as conn:
                info = server_info(conn)
                conn.rollback()
            for w in check_server(info, shown(url)):
                click.secho(tr("Lưu ý: {w}", "Note: {w}", w=w), fg="yellow", err=True)
        click.echo(tr("Chép {s} sang {d} …", "Copying {s} to {d} …", s=_where(ws), d=shown(url)), err=True)
        summary = copy_database(ws.engine, target, replace=replace, progress=_Progress())
    finally:
        target.dispose()
    with ws.read() as conn:
        evidence = store_status(conn, ws.evidence_dir)
    if as_json:
        emit_json({**summary.to_dict(), "evidence": evidence.to_dict()})
        return
    if summary.replaced:
        click.echo(tr("Đã xóa {n} bản ghi có sẵn ở đích (--replace).", "Deleted the {n} records the target held "
                      "(--replace).", n=sum(summary.replaced.values())))
    echo_table([tr("Bảng", "Table"), tr("Số bản ghi", "Records")],
               [*summary.tables.items(), (tr("Tổng", "Total"), summary.total)])
    click.echo(tr("Đã chép {n} bản ghi sang {d} (lược đồ {r}) trong {s:.1f} giây.",
                  "Copied {n} records to {d} (schema {r}) in {s:.1f} s.", n=summary.total, d=summary.target,
                  r=summary.revision, s=summary.seconds))
    click.echo(tr("Tệp bằng chứng ở lại {f} ({n} tệp, {m} MB): máy chủ cần dùng đúng thư mục này.",
                  "The evidence files stay in {f} ({n} files, {m} MB): the server must use this very folder.",
                  f=evidence.folder, n=evidence.files, m=_mb(evidence.bytes)))
    if evidence.missing:
        click.secho(tr("Lưu ý: {k} tệp bằng chứng đã thiếu trong kho từ trước (ví dụ {h}).",
                       "Note: {k} evidence files were already missing from the store (e.g. {h}).",
                       k=len(evidence.missing), h=evidence.missing[0][:12]), fg="yellow", err=True)
    click.echo(tr("Để dùng cơ sở dữ liệu mới: ghi “database: {u}” vào secassess.yaml (mật khẩu để trong ~/.pgpass), "
                  "hoặc đặt SECASSESS_DATABASE.",
                  "To use the new database: write “database: {u}” in secassess.yaml (the password goes in ~/.pgpass), "
                  "or set SECASSESS_DATABASE.", u=without_password(url)),
               err=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}"

