"""Scoring speed: 2,000 assessments × 150 controls in one process.

Target (issue #5): ``score_assessment`` over all of them in under 2 s. Also shows the cost of the
JSON form (``to_dict`` + ``json.dumps``), of the text rendering, and of profile weights that are
not whole numbers (exact fractions instead of integers).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable

from secassess.scoring import ControlInput, Result, TechnicalResult, Thresholds, score_assessment
from secassess.scoring.present import render_text

ASSESSMENTS = 2000
CONTROLS = 150
DOMAINS = [f"D{i:02d}" for i in range(1, 19)]  # 18 topic groups, as in the built-in catalog
SEVERITIES = {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 5.0}
DECIMAL_WEIGHTS = {"low": 0.5, "medium": 1.25, "high": 2.2, "critical": 3.7}
TECHNICAL: list[TechnicalResult | None] = [None] * 80 + ["pass"] * 12 + ["fail"] * 8
ROUNDS = 3
TARGET = 2.0


def make(weights: dict[str, float], seed: int = 214) -> list[list[ControlInput]]:
    """Assessments of systems of varied maturity: most controls pass in a mature one."""
    rnd = random.Random(seed)
    out = []
    for _ in range(ASSESSMENTS):
        maturity = rnd.uniform(0.5, 1.0)
        others = (1 - maturity) / 4
        results: list[Result] = ["pass", "partial", "fail", "not_applicable", "not_assessed"]
        chances = [maturity, others, others, others, others]
        controls = []
        for i, declared in enumerate(rnd.choices(results, chances, k=CONTROLS)):
            severity = rnd.choice(list(weights))
            controls.append(ControlInput(
                control_id=f"{DOMAINS[i % len(DOMAINS)]}-{i:03d}", domain=DOMAINS[i % len(DOMAINS)],
                severity=severity, weight=weights[severity], mandatory=rnd.random() < 0.15,
                declared=declared, technical=rnd.choice(TECHNICAL)))
        out.append(controls)
    return out


def timed(fn: Callable[[], object]) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def show(label: str, samples: list[float], target: float | None = None) -> None:
    best, median = min(samples), statistics.median(samples)
    verdict = "" if target is None else ("  [ok]" if median < target else "  [OVER TARGET]")
    print(f"{label:<52} best {best:6.3f} s  median {median:6.3f} s (of {len(samples)}){verdict}")


def bench_default(thresholds: Thresholds) -> None:
    data = make(SEVERITIES)
    n = ASSESSMENTS * CONTROLS
    samples = timed(lambda: [score_assessment(a, thresholds, DOMAINS) for a in data])
    show("score_assessment, default weights (1/2/3/5)", samples, TARGET)
    print(f"{'':<52} = {min(samples) / n * 1e6:.2f} µs per control")

    reports = [score_assessment(a, thresholds, DOMAINS) for a in data]
    show("to_dict + json.dumps, every report",
         timed(lambda: [json.dumps(r.to_dict(), ensure_ascii=False) for r in reports]))
    show("render_text (vi), every report", timed(lambda: [render_text(r, "vi") for r in reports]))
    ratings = {k: sum(r.rating == k for r in reports) for k in ("compliant", "partial", "non_compliant")}
    print(f"ratings of the generated set: {ratings}")


def bench_decimal(thresholds: Thresholds) -> None:
    data = make(DECIMAL_WEIGHTS)
    show("score_assessment, decimal weights (0.5/1.25/2.2/3.7)",
         timed(lambda: [score_assessment(a, thresholds, DOMAINS) for a in data]), TARGET)


def main() -> None:
    print(f"{ASSESSMENTS} assessments × {CONTROLS} controls = {ASSESSMENTS * CONTROLS:,} control results, "
          f"{len(DOMAINS)} domains")
    bench_default(Thresholds())
    bench_decimal(Thresholds())  # after the first data set is freed


if __name__ == "__main__":
    main()
