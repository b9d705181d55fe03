"""The catalog's labels a system report shows come from the assessment's snapshot: no catalog file is
read for them (the catalog may be gone or renamed since); only an assessment whose snapshot kept none
(secassess 0.1) falls back to its catalog's ``catalog.yaml``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from secassess.assessment.labels import catalog_labels
from secassess.assessment.service import load_assessment
from secassess.workspace import Workspace
from tests.conftest import run


def _assessment(ws: Path) -> int:
    for args in (("unit", "add", "STP", "Sở Tư pháp"),
                 ("system", "add", "STP-QLVB", "--name", "Quản lý văn bản", "--unit", "STP", "--level", "3")):
        assert run("-w", str(ws), *args).exit_code == 0
    r = run("-w", str(ws), "assess", "start", "STP-QLVB")
    assert r.exit_code == 0, r.output
    return int(r.output.strip().splitlines()[-1])


def test_a_report_takes_the_labels_from_the_snapshot_not_the_catalog_file(mini_builtin_ws: Path,
                                                                           mini_builtin: Path,
                                                                           tmp_path: Path) -> None:
    aid = _assessment(mini_builtin_ws)
    header = mini_builtin / "checklists" / "mini-2025" / "catalog.yaml"
    header.write_text(header.read_text(encoding="utf-8").replace("Bộ tiêu chí thử nghiệm", "Tên đã đổi")
                      .replace("Log retention", "Renamed"), encoding="utf-8")
    out = tmp_path / "r.json"
    for lang in ("vi", "en"):
        r = run("-w", str(mini_builtin_ws), "report", "system", str(aid), "--lang", lang, "-o", str(out))
        assert r.exit_code == 0, r.output
        text = out.read_text(encoding="utf-8")
        assert "Tên đã đổi" not in text and "Renamed" not in text
    assert "Log retention" in text and json.loads(text)["assessment"]["catalog_title"] == "Test catalog"
    ws = Workspace.open(mini_builtin_ws)
    with ws.read() as conn:
        a = load_assessment(conn, aid)
    ws.close()
    labels = catalog_labels(a)
    assert labels.source == "snapshot" and labels.title == {"vi": "Bộ tiêu chí thử nghiệm", "en": "Test catalog"}
    assert labels.parameters["log_retention_months"].unit == {"vi": "tháng", "en": "months"}
    # a 0.1 snapshot kept no labels: its catalog's file, as it is now, is read for them
    old = replace(a, snapshot={k: v for k, v in a.snapshot.items() if k not in ("catalog_title", "parameter_meta")})
    labels = catalog_labels(old)
    assert labels.source == "catalog" and labels.title is not None and labels.title["vi"] == "Tên đã đổi"
    assert labels.parameters["log_retention_months"].title["en"] == "Renamed"
    assert catalog_labels(replace(old, catalog_id="gone")).source == "none"
