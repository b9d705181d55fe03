"""``GET /healthz``: JSON with the version and the database's state, for the reverse proxy's and the
monitoring's checks (no login; says nothing about the data)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from secassess import __version__

router = APIRouter()


def database_state(request: Request) -> dict[str, Any]:
    from sqlalchemy import text

    from secassess.store.migrations import HEAD

    ws = request.app.state.ws
    state: dict[str, Any] = {"engine": ws.engine.dialect.name, "schema_expected": HEAD}
    try:
        with ws.read() as conn:
            rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # unreachable, no permission, no table: the check says so, never a traceback
        state.update(reachable=False, ok=False, error=type(exc).__name__)
        return state
    state.update(reachable=True, schema=rev, ok=rev == HEAD)
    return state


@router.api_route("/healthz", methods=["GET", "HEAD"])
async def healthz(request: Request) -> JSONResponse:
    db = await run_in_threadpool(database_state, request)
    return JSONResponse({"status": "ok" if db["ok"] else "error", "version": __version__, "database": db},
                        status_code=200 if db["ok"] else 503)
