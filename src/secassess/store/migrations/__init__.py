"""Alembic migrations. ``REVISIONS`` lists them oldest first so that opening a workspace can
check the schema without importing Alembic (a test checks it matches the scripts)."""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD = REVISIONS[-1]
