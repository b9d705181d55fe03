"""Each control's text stored once: resolved controls and profile snapshots by digest.

Revision ID: 0006
Revises: 0005

Until 0005 every result row carried its whole resolved control (``results.control``, about 5 KB of
JSON) and every assessment its profile snapshot (``assessments.snapshot``, 4–15 KB): 2.8 GB for a
year of a 2,000-system province. From 0006 both are rows of ``resolved_controls`` and
``profile_snapshots``, stored once by digest (``secassess.store.content``) and shared, and result
rows and assessments refer to them (``control_ref``, ``snapshot_ref``). Nothing is lost: each row
refers to exactly the content it carried, and the downgrade writes the contents back inline.

Portable: Alembic's batch mode (SQLite copies the table, other engines ALTER it), plain SQL, and
the JSON read as text. On SQLite ``store/migrate.py`` runs migrations with foreign keys off, as batch
mode needs for a table others refer to (``assessments``), and checks them before committing.
Progress goes to stderr (a province's results take a minute or two).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from secassess.messages import msg
from secassess.store.content import digest

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PAGE = 20  # assessments per page of results (about 3,000 rows, 15 MB of control JSON before)


def upgrade() -> None:
    for name in ("profile_snapshots", "resolved_controls"):
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("content", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
            sa.UniqueConstraint("digest", name=op.f(f"uq_{name}_digest")),
        )
    bind = op.get_bind()
    _move_out(bind, "assessments", ("id",), "snapshot", "snapshot_ref", "profile_snapshots",
              msg("store.migrations.versions.0006_content_addressed.profile_snapshots_assessments"))
    _move_out(bind, "results", ("assessment_id", "control_id"), "control", "control_ref", "resolved_controls",
              msg("store.migrations.versions.0006_content_addressed.control_texts_results"))


def downgrade() -> None:
    bind = op.get_bind()
    _move_in(bind, "results", ("assessment_id", "control_id"), "control", "control_ref", "resolved_controls",
             "result", msg("store.migrations.versions.0006_content_addressed.control_texts_results"))
    _move_in(bind, "assessments", ("id",), "snapshot", "snapshot_ref", "profile_snapshots", "assessor",
             msg("store.migrations.versions.0006_content_addressed.profile_snapshots_assessments"))
    op.drop_table("resolved_controls")
    op.drop_table("profile_snapshots")


# --------------------------------------------------------------------------- upgrade


def _move_out(bind: sa.Connection, table: str, key: Sequence[str], inline: str, ref: str, store: str,
              what: str) -> None:
    """Replace the JSON column ``inline`` of ``table`` by ``ref``, a reference to a row of ``store``
    (in ``inline``'s place when the table is copied, as a new database has it)."""
    order = tuple(ref if c["name"] == inline else c["name"] for c in sa.inspect(bind).get_columns(table))
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(ref, sa.Integer(), nullable=True))
    t = sa.table(table, *(sa.column(k) for k in key), sa.column(inline, sa.Text()), sa.column(ref))
    contents = sa.Table(store, sa.MetaData(), sa.Column("id", sa.Integer(), primary_key=True),
                        sa.Column("digest", sa.String()), sa.Column("content", sa.JSON()))
    by_text: dict[str, int] = {}  # the stored JSON text -> content id (equal texts are parsed once)
    by_digest: dict[str, int] = {}
    update = (t.update().where(*(t.c[k] == sa.bindparam(f"k_{k}") for k in key))
              .values({ref: sa.bindparam("k_ref")}))
    progress = _Progress(bind, table, what)
    for page in _pages(bind, table, key):
        rows = bind.execute(sa.select(*(t.c[k] for k in key), sa.cast(t.c[inline], sa.Text())).where(page)).all()
        params = []
        for row in rows:
            text = row[-1]
            cid = by_text.get(text)
            if cid is None:
                value = json.loads(text)
                d = digest(value)
                cid = by_digest.get(d)
                if cid is None:
                    res = bind.execute(contents.insert().values(digest=d, content=value))
                    assert res.inserted_primary_key is not None
                    cid = by_digest[d] = int(res.inserted_primary_key[0])
                by_text[text] = cid
            params.append({**{f"k_{k}": v for k, v in zip(key, row[:-1], strict=True)}, "k_ref": cid})
        if params:
            bind.execute(update, params)
        progress.add(len(rows))
    progress.done(len(by_digest))
    if progress.total:
        _say(msg("store.migrations.versions.0006_content_addressed.dropping_column_table", c=inline, t=table))
    with op.batch_alter_table(table, partial_reordering=[order]) as batch:
        batch.alter_column(ref, existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f(f"fk_{table}_{ref}_{store}"), store, [ref], ["id"])
        batch.drop_column(inline)


# --------------------------------------------------------------------------- downgrade


def _move_in(bind: sa.Connection, table: str, key: Sequence[str], inline: str, ref: str, store: str,
             before: str, what: str) -> None:
    """Write the contents back inline into ``table.inline`` (where 0005 had it, ``before`` a column,
    when the table is copied) and drop ``ref``."""
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(inline, sa.JSON(), nullable=True))
    t = sa.table(table, *(sa.column(k) for k in key), sa.column(inline, sa.JSON()), sa.column(ref))
    contents = sa.table(store, sa.column("id"), sa.column("content", sa.JSON()))
    by_id = {int(i): c for i, c in bind.execute(sa.select(contents.c.id, contents.c.content))}
    update = (t.update().where(*(t.c[k] == sa.bindparam(f"k_{k}") for k in key))
              .values({inline: sa.bindparam("k_content", type_=sa.JSON())}))
    progress = _Progress(bind, table, what)
    for page in _pages(bind, table, key):
        rows = bind.execute(sa.select(*(t.c[k] for k in key), t.c[ref]).where(page)).all()
        if rows:
            bind.execute(update, [{**{f"k_{k}": v for k, v in zip(key, row[:-1], strict=True)},
                                   "k_content": by_id[row[-1]]} for row in rows])
        progress.add(len(rows))
    progress.done(len(by_id))
    order = tuple(c["name"] for c in sa.inspect(bind).get_columns(table) if c["name"] not in (inline, ref))
    order = (*order[:order.index(before)], inline, *order[order.index(before):])
    with op.batch_alter_table(table, partial_reordering=[order]) as batch:
        batch.alter_column(inline, existing_type=sa.JSON(), nullable=False)
        batch.drop_constraint(op.f(f"fk_{table}_{ref}_{store}"), type_="foreignkey")
        batch.drop_column(ref)


# --------------------------------------------------------------------------- helpers


def _pages(bind: sa.Connection, table: str, key: Sequence[str]) -> Iterator[sa.ColumnElement[bool]]:
    """Conditions that together select every row of ``table`` once, a few assessments at a time."""
    col: sa.ColumnClause[Any] = sa.column(key[0])
    ids = [int(i) for (i,) in bind.execute(sa.select(col).select_from(sa.table(table)).distinct().order_by(col))]
    size = PAGE if len(key) > 1 else PAGE * 50
    for i in range(0, len(ids), size):
        yield col.in_(ids[i:i + size])


class _Progress:
    """``… 120000/496012`` on stderr about every five seconds, only when there is something to move."""

    def __init__(self, bind: sa.Connection, table: str, what: str) -> None:
        self.total = int(bind.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar() or 0)
        self.what, self.done_rows, self.t0 = what, 0, time.monotonic()
        self.shown = self.t0
        if self.total:
            _say(msg("store.migrations.versions.0006_content_addressed.database_moving_rows", w=what, n=self.total))

    def add(self, n: int) -> None:
        self.done_rows += n
        now = time.monotonic()
        if self.total and now - self.shown >= 5:
            self.shown = now
            _say(f"  … {self.done_rows}/{self.total} ({100 * self.done_rows // self.total} %, "
                 f"{now - self.t0:.0f} s)")

    def done(self, distinct: int) -> None:
        if self.total:
            _say(msg("store.migrations.versions.0006_content_addressed.done_rows_distinct_contents", n=self.done_rows, d=distinct, s=time.monotonic() - self.t0))


def _say(message: Any) -> None:
    print(message, file=sys.stderr, flush=True)
