"""Content stored once by digest (store/content.py): equal contents share a row, any difference —
even only the order of keys — gets its own, and nothing stored is ever rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from secassess.store import content
from secassess.store.schema.assessment import resolved_controls
from secassess.workspace import Workspace, init_workspace

pytestmark = pytest.mark.usefixtures("engine")  # SQLite and PostgreSQL


def _count(ws: Workspace) -> int:
    with ws.read() as conn:
        return int(conn.execute(select(func.count()).select_from(resolved_controls)).scalar_one())


def test_equal_contents_share_one_row_and_different_ones_do_not(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    a = {"id": "QLRR-01", "title": {"vi": "Quy trình quản lý rủi ro", "en": "Risk process"}, "weight": 3.0}
    b = {**a, "weight": 5.0}
    reordered = {"title": a["title"], "id": a["id"], "weight": a["weight"]}
    with ws.write() as conn:
        first = content.store(conn, resolved_controls, [a, b, dict(a)])
    assert first[0] == first[2] != first[1]
    assert _count(ws) == 2
    with ws.write() as conn:  # a later assessment resolving to the same content: no new row
        again = content.store(conn, resolved_controls, [dict(b), {**a}])
        other = content.store(conn, resolved_controls, [reordered])
    assert again == [first[1], first[0]]
    assert other[0] not in first  # the same keys in another order are kept as they were written
    assert _count(ws) == 3
    with ws.read() as conn:
        stored = dict(conn.execute(select(resolved_controls.c.id, resolved_controls.c.content)).all())
        digests = dict(conn.execute(select(resolved_controls.c.id, resolved_controls.c.digest)).all())
    ws.close()
    assert stored[first[0]] == a and list(stored[other[0]]) == ["title", "id", "weight"]
    assert digests[first[0]] == content.digest(a) and len(digests[first[0]]) == 64


def test_digest_is_of_the_utf8_json_text() -> None:
    import hashlib

    value = {"vi": "Đạt một phần", "n": [1, 2.5, True, None]}
    text = '{"vi":"Đạt một phần","n":[1,2.5,true,null]}'
    assert content.canonical_text(value) == text
    assert content.digest(value) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_many_contents_are_looked_up_in_chunks(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    values = [{"id": f"C-{i}", "n": i} for i in range(content.CHUNK * 2 + 7)]
    with ws.write() as conn:
        ids = content.store(conn, resolved_controls, values)
        assert content.store(conn, resolved_controls, list(reversed(values))) == list(reversed(ids))
    assert len(set(ids)) == len(values) == _count(ws)
    ws.close()
