"""Small builders for scoring tests."""

from __future__ import annotations

from secassess.scoring import ControlInput, Result, TechnicalResult


def ctl(control_id: str, declared: Result, weight: float = 1, *, domain: str = "D",
        mandatory: bool = False, technical: TechnicalResult | None = None,
        severity: str = "low") -> ControlInput:
    return ControlInput(control_id=control_id, domain=domain, severity=severity, weight=weight,
                        mandatory=mandatory, declared=declared, technical=technical,
                        justification="Không có mạng không dây" if declared == "not_applicable" else "")


def passes(n: int, prefix: str = "P", weight: float = 1, domain: str = "D") -> list[ControlInput]:
    return [ctl(f"{prefix}-{i:02d}", "pass", weight, domain=domain) for i in range(1, n + 1)]
