"""Shared test fixtures: real files in tmp_path, a real SQLite workspace, the real CLI — and a real
PostgreSQL server (a private cluster, tests/pgcluster.py) for the tests that run on both engines.

A test module runs on both engines by using the ``engine`` fixture (``pytestmark =
pytest.mark.usefixtures("engine")``): its tests run once on SQLite and once with
``SECASSESS_DATABASE`` naming a fresh PostgreSQL database at the current schema, so every workspace
they init or open, in this process or a child, uses it. Only the absence of the PostgreSQL binaries
skips the PostgreSQL runs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from secassess.cli import cli
from secassess.i18n import set_lang
from tests import pgcluster

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture(autouse=True)
def _vietnamese_and_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test starts in Vietnamese, with no workspace from the environment, in its own folder."""
    set_lang("vi")
    monkeypatch.delenv("SECASSESS_WORKSPACE", raising=False)
    monkeypatch.delenv("SECASSESS_DATABASE", raising=False)
    monkeypatch.delenv("SECASSESS_LANG", raising=False)
    monkeypatch.delenv("SECASSESS_NOW", raising=False)
    monkeypatch.setenv("SECASSESS_USER", "tester")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    yield
    set_lang("vi")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini catalog and profiles (to break on purpose)."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the real CLI in-process (errors mapped to exit codes exactly as for users)."""
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace whose config adds the mini fixture catalog and profiles."""
    ws = tmp_path / "ws"
    r = run("init", str(ws))
    assert r.exit_code == 0, r.output
    return ws


NATIONAL_DATABASE_PROFILE = """\
id: national-database
title: {vi: CSDL quốc gia, en: National database}
description: {vi: Hệ thống quan trọng cộng bảo vệ dữ liệu., en: Important system plus data protection.}
extends: important-system
"""


@pytest.fixture
def mini_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the mini fixture *the* built-in content (level-1..5, important-system and a
    national-database profile), so tests neither depend on the real catalog, which changes as it
    is written, nor need profile ids renamed. Returns the content folder."""
    import secassess.catalog.paths as paths
    import secassess.catalog.registry as registry

    dest = tmp_path / "mini-builtin"
    shutil.copytree(MINI, dest)
    (dest / "profiles" / "national-database.yaml").write_text(NATIONAL_DATABASE_PROFILE, encoding="utf-8")
    for module in (paths, registry):  # registry holds its own reference to the function
        monkeypatch.setattr(module, "builtin_dirs", lambda: (dest / "checklists", dest / "profiles"))
    return dest


@pytest.fixture
def mini_builtin_ws(workspace: Path, mini_builtin: Path) -> Path:
    """A fresh workspace whose built-in content is the mini fixture (see ``mini_builtin``)."""
    return workspace


# --------------------------------------------------------------------------- PostgreSQL

HEAD_TEMPLATE = "secassess_head"  # a database at the current schema, cloned for each test


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster]:
    """A private PostgreSQL cluster for the whole run, with a template database at the current schema."""
    reason = pgcluster.missing_reason()
    if reason:
        pytest.skip(reason)
    with pgcluster.running() as cluster:
        cluster.admin(f"CREATE DATABASE {HEAD_TEMPLATE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        from secassess.dburl import parse_url
        from secassess.store.db import make_engine
        from secassess.store.migrate import upgrade

        engine = make_engine(parse_url(cluster.url(HEAD_TEMPLATE)))
        upgrade(engine)
        engine.dispose()
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: pgcluster.Cluster) -> Iterator[str]:
    """The URL of a new PostgreSQL database at the current schema (dropped after the test)."""
    name = pg_cluster.create_database(HEAD_TEMPLATE)
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture
def pg_empty_url(pg_cluster: pgcluster.Cluster) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database (dropped after the test)."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, _vietnamese_and_isolated: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test on each engine: on ``postgresql`` every workspace uses a fresh server database."""
    if request.param == "postgresql":
        monkeypatch.setenv("SECASSESS_DATABASE", request.getfixturevalue("pg_url"))
    return str(request.param)
