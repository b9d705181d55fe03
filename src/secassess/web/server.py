"""Running the application with uvicorn: one process (the application made here, so a workspace that
cannot be opened is reported before anything listens), or several worker processes that each make
theirs from :data:`~secassess.web.settings.ENV_SETTINGS`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from secassess.web.settings import ENV_SETTINGS, WebSettings

if TYPE_CHECKING:
    from secassess.workspace import Workspace


def run(settings: WebSettings, ws: Workspace, *, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from secassess.web.app import create_app

    common = {"host": host, "port": port, "proxy_headers": False, "server_header": False, "log_level": "info",
              "timeout_keep_alive": 5}
    if workers <= 1:
        uvicorn.run(create_app(settings, ws), **common)  # type: ignore[arg-type]
        return
    ws.close()
    os.environ[ENV_SETTINGS] = settings.to_env()
    uvicorn.run("secassess.web.app:app_from_environment", factory=True, workers=workers,
                **common)  # type: ignore[arg-type]
