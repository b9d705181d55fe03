"""What the web application is told when it starts (``secassess serve`` options, or the environment
of a worker process started by uvicorn)."""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from secassess.app.accounts import LoginPolicy
from secassess.errors import InputError
from secassess.messages import msg

ENV_SETTINGS = "SECASSESS_WEB_SETTINGS"  # JSON of WebSettings, for worker processes


@dataclass(frozen=True)
class WebSettings:
    workspace: Path
    # addresses (or networks) of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
    trusted_proxies: tuple[str, ...] = ()
    policy: LoginPolicy = field(default_factory=LoginPolicy)
    # the --database URL, if one was given (else SECASSESS_DATABASE or the workspace's config: Workspace.open)
    database: str | None = None
    poll_seconds: int = 15  # how often an open questionnaire asks for others' changes

    def to_env(self) -> str:
        data = asdict(self)
        data["workspace"] = str(self.workspace)
        return json.dumps(data)

    @classmethod
    def from_env(cls, text: str) -> WebSettings:
        data = json.loads(text)
        return cls(workspace=Path(data["workspace"]), trusted_proxies=tuple(data.get("trusted_proxies") or ()),
                   policy=LoginPolicy(**(data.get("policy") or {})), database=data.get("database"),
                   poll_seconds=int(data.get("poll_seconds") or 15))


def parse_proxies(values: list[str]) -> tuple[str, ...]:
    """Trusted proxy addresses as typed (``--trusted-proxy``, repeatable or comma-separated): IPs or networks."""
    out: list[str] = []
    for v in values:
        for part in (p.strip() for p in v.split(",")):
            if not part:
                continue
            try:
                out.append(str(ipaddress.ip_network(part, strict=False)))
            except ValueError:
                raise InputError(msg("web.settings.not_ip_address_network_e", p=part),
                                 location="--trusted-proxy") from None
    return tuple(out)


def settings_from_environment() -> WebSettings:
    text = os.environ.get(ENV_SETTINGS)
    if not text:
        raise RuntimeError(f"{ENV_SETTINGS} is not set (start the server with `secassess serve`)")
    return WebSettings.from_env(text)
