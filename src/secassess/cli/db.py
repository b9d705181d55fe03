"""``secassess db``: the workspace's database — where it is and its schema (``status``), bringing the
schema up to date (``upgrade``), moving a SQLite workspace to the province's PostgreSQL server
(``copy --to URL``). docs/deployment.md says how these fit together."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import click

from secassess.cli.common import App, echo_table, emit_json, json_option, pass_app
from secassess.i18n import tr
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.workspace import Workspace


@click.group(help=msg("cli.db.workspace_database_sqlite_file_default"))
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


@db.command("status", help=msg("cli.db.database_use_password_hidden_schema"))
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
    rows = [(msg("cli.db.database"), data["database"]),
            (msg("cli.db.engine"), f"{engine} {info.version}"),
            (msg("cli.db.schema"), f"{st.revision or '-'} ({tr(*_STATE[st.status])}; "
                                      f"{msg('cli.db.secassess_needs')} {st.head})")]
    if info.engine == "postgresql":
        rows.append((msg("cli.db.encoding_collation"), f"{info.encoding}, {info.collation}"))
    ev = data["evidence"]
    if isinstance(ev, dict):
        rows.append((msg("cli.db.evidence_store"),
                     msg("cli.db.files_mb", d=ev["folder"], n=ev["files"], m=_mb(ev["bytes"]), x=msg("cli.db.files_missing", k=len(ev["missing"]))
                        if ev["missing"] else "")))
    else:
        rows.append((msg("cli.db.evidence_store"), ev))
    echo_table([msg("cli.db.item"), msg("cli.db.value")], rows, max_col=90)
    from secassess.errors import InputError
    from secassess.store.db import check_server

    try:
        for w in check_server(info, data["database"]):
            click.secho(msg("cli.db.note", w=w), fg="yellow", err=True)
    except InputError as exc:  # an encoding that cannot hold Vietnamese is a note here: status changes nothing
        click.secho(msg("cli.db.note", w=exc.message), fg="yellow", err=True)


@db.command("upgrade", help=msg("cli.db.bring_database_schema_one_secassess"))
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
            click.secho(msg("cli.db.note", w=w), fg="yellow", err=True)
    from secassess.store.migrations import HEAD

    before = run_upgrade(ws.engine, None if ws.is_server else ws.db_path)
    if before == HEAD:
        click.echo(msg("cli.db.database_already_current_schema", d=where))
    elif before is None:
        click.echo(msg("cli.db.created_schema_database", d=where))
    else:
        click.echo(msg("cli.db.upgraded_database_from_schema", d=where, a=before))
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


@db.command("copy", help=msg("cli.db.copy_everything_workspace_database_every"))
@click.option("--to", "to", required=True, metavar="URL",
              help=msg("cli.db.target_database_password_pgpass_pgpassword"))
@click.option("--replace", is_flag=True,
              help=msg("cli.db.delete_whatever_target_holds_then"))
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
                click.secho(msg("cli.db.note", w=w), fg="yellow", err=True)
        click.echo(msg("cli.db.copying", s=_where(ws), d=shown(url)), err=True)
        summary = copy_database(ws.engine, target, replace=replace, progress=_Progress())
    finally:
        target.dispose()
    with ws.read() as conn:
        evidence = store_status(conn, ws.evidence_dir)
    if as_json:
        emit_json({**summary.to_dict(), "evidence": evidence.to_dict()})
        return
    if summary.replaced:
        click.echo(msg("cli.db.deleted_records_target_held_replace", n=sum(summary.replaced.values())))
    echo_table([msg("cli.db.table"), msg("cli.db.records")],
               [*summary.tables.items(), (msg("cli.db.total"), summary.total)])
    click.echo(msg("cli.db.copied_records_schema", n=summary.total, d=summary.target, r=summary.revision, s=summary.seconds))
    click.echo(msg("cli.db.evidence_files_stay_files_mb", f=evidence.folder, n=evidence.files, m=_mb(evidence.bytes)))
    if evidence.missing:
        click.secho(msg("cli.db.note_evidence_files_were_already", k=len(evidence.missing), h=evidence.missing[0][:12]), fg="yellow", err=True)
    click.echo(msg("cli.db.use_new_database_write_database", u=without_password(url)),
               err=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}"

