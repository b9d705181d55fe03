"""The default scoring model (mô hình chấm điểm mặc định) of docs/scoring.md — pure, no I/O.

From one result per control to a score per domain (nhóm yêu cầu) and overall, a coverage, a
rating (xếp loại) with the reason that decided it, and a comparison with an earlier assessment.
docs/scoring.md explains the model in plain words with a worked example.

Arithmetic is exact: weights and thresholds are read as the decimals they were written as
(``Fraction(repr(x))``), sums are kept as integers (credits counted in halves, weights in units of
their least common denominator), and every comparison with a threshold is made on fractions. Floats appear only in the output (``score``, ``coverage`` ...), and rounding
happens only when a number is displayed (:func:`secassess.scoring.present.format_number`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

from secassess.vocabulary import (
    RESULTS,
    TECHNICAL_RESULTS,
    Rating,
    Result,
    TechnicalResult,
)

Source = Literal["declared", "technical"]
ChangeKind = Literal["improved", "regressed", "changed", "added", "removed"]

#: Version of the JSON written by :meth:`ScoreReport.to_dict` and :meth:`Comparison.to_dict`.
#: Raised only when a key is removed or changes meaning; new keys keep the version.
SCHEMA_VERSION = 1

#: The kinds of :class:`ControlChange`, in the order the comparison JSON lists them.
CHANGE_KINDS: tuple[ChangeKind, ...] = ("improved", "regressed", "changed", "added", "removed")

#: Credit (điểm thành phần) of each result; not_applicable has none (it leaves the denominator).
CREDIT: Mapping[Result, Fraction] = {
    "pass": Fraction(1), "partial": Fraction(1, 2), "fail": Fraction(0), "not_assessed": Fraction(0),
}
_INDEX: dict[str, int] = {r: i for i, r in enumerate(RESULTS)}
_PASS, _PARTIAL, _FAIL, _NA, _NOT_ASSESSED = range(5)

#: Order used by :func:`compare` between assessed results: fail < partial < pass.
_RANK: dict[str, int] = {"fail": 0, "partial": 1, "pass": 2}

Exact = Fraction | int


def exact(value: float | int | Fraction) -> Exact:
    """A weight or threshold as the exact decimal it was written as (``0.1`` is 1/10, not 0.1000…0555)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return value
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value.is_integer():
        return int(value)
    return Fraction(repr(value))


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class ControlInput:
    """One control of an assessment, as the scoring model sees it.

    ``declared`` comes from the questionnaire (tự khai), ``technical`` is the worst decided
    outcome of the control's scan rules (kiểm tra kỹ thuật), ``None`` when no rule decided.
    ``weight`` is already resolved from the severity and the profile.
    A not_applicable control needs a ``justification``; the questionnaire import refuses one
    without it, so the model takes the result as given and does not check it again.
    """

    control_id: str
    domain: str
    severity: str  # low | medium | high | critical (for display; the weight is given)
    weight: float
    mandatory: bool
    declared: Result
    technical: TechnicalResult | None = None
    justification: str = ""


@dataclass(frozen=True)
class Thresholds:
    """Rating thresholds (ngưỡng xếp loại), in score points, both inclusive."""

    compliant: float = 90.0
    partial: float = 70.0

    def __post_init__(self) -> None:
        c, p = exact(self.compliant), exact(self.partial)
        if not 0 <= p <= c <= 100:
            raise ValueError(f"thresholds must satisfy 0 <= partial <= compliant <= 100, "
                             f"got partial={self.partial}, compliant={self.compliant}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, float] | None) -> Thresholds:
        """From a profile snapshot's ``thresholds`` (missing keys take the defaults)."""
        values = values or {}
        default = cls()
        return cls(compliant=float(values.get("compliant", default.compliant)),
                   partial=float(values.get("partial", default.partial)))

    def to_dict(self) -> dict[str, float]:
        return {"compliant": float(self.compliant), "partial": float(self.partial)}


# --------------------------------------------------------------------------- merge


def _merge(declared: Result, technical: TechnicalResult | None) -> tuple[Result, bool, Source]:
    if technical != "fail" or declared == "fail":
        # no technical verdict, or a technical pass (it never upgrades a declared result: scan
        # rules see only part of a control), or both say fail
        return declared, False, "declared"
    if declared == "not_assessed":
        # the scan filled a gap; nothing was declared to contradict
        return "fail", False, "technical"
    # pass, partial, or not_applicable while the scan shows the service exists
    return "fail", True, "technical"


_MERGE: dict[tuple[str, str | None], tuple[Result, bool, Source]] = {
    (d, t): _merge(d, t) for d in RESULTS for t in (None, *TECHNICAL_RESULTS)
}


def effective_result(declared: Result, technical: TechnicalResult | None) -> tuple[Result, bool]:
    """(the result that counts, whether this is a conflict to record).

    Technical evidence wins when it is worse: a technical fail makes the result fail. It is a
    conflict (mâu thuẫn) when the questionnaire said pass, partial or not_applicable; a declared
    not_assessed simply takes the technical fail (no conflict); a declared fail agrees.
    A technical pass never upgrades a declared result.
    """
    try:
        eff, conflict, _ = _MERGE[(declared, technical)]
    except KeyError:
        raise ValueError(f"unknown result pair: declared={declared!r}, technical={technical!r}") from None
    return eff, conflict


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class RatingReason:
    """Why a report is not (or is) compliant: a machine code and the values that decided it.

    Codes: ``meets_all`` {score, threshold}; ``score_below_partial`` {score, threshold};
    ``score_below_compliant`` {score, threshold}; ``mandatory_failed`` {controls};
    ``mandatory_unanswered`` {controls}; ``coverage_incomplete`` {coverage, not_assessed};
    ``no_applicable_controls`` {}.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: list(v) if isinstance(v, tuple) else v
                                              for k, v in self.params.items()}}


@dataclass(frozen=True)
class ControlOutcome:
    """One control after the merge: what was declared, what the scan said, what counts."""

    control: ControlInput
    effective: Result
    conflict: bool
    source: Source  # which side decided the effective result

    @property
    def control_id(self) -> str:
        return self.control.control_id

    @property
    def domain(self) -> str:
        return self.control.domain

    @property
    def declared(self) -> Result:
        return self.control.declared

    @property
    def technical(self) -> TechnicalResult | None:
        return self.control.technical

    @property
    def mandatory(self) -> bool:
        return self.control.mandatory

    @property
    def credit(self) -> Fraction | None:
        """1, 1/2 or 0; ``None`` for not_applicable (outside the score)."""
        return CREDIT.get(self.effective)

    def to_dict(self) -> dict[str, Any]:
        credit = self.credit
        return {
            "control_id": self.control_id, "domain": self.domain, "severity": self.control.severity,
            "weight": float(self.control.weight), "mandatory": self.mandatory,
            "declared": self.declared, "technical": self.technical, "effective": self.effective,
            "source": self.source, "conflict": self.conflict,
            "credit": None if credit is None else float(credit),
        }


class _ExactFigures:
    """Exact score, coverage and weights, computed on demand from the integer sums a report keeps.

    Weights are counted in units of ``1 / weight_unit`` (the least common denominator of the
    weights as written: 1 for whole-number weights), and credits in halves, so every sum is an
    integer and nothing is lost.
    """

    weight_applicable_units: int
    earned_half_units: int  # Σ weight × credit, in half credits and weight units
    weight_unit: int
    controls_applicable: int
    controls_assessed: int

    @cached_property
    def score_exact(self) -> Fraction | None:
        """100 × Σ(weight × credit) / Σ(weight); ``None`` when no control applies."""
        if not self.weight_applicable_units:
            return None
        return Fraction(50 * self.earned_half_units, self.weight_applicable_units)

    @cached_property
    def coverage_exact(self) -> Fraction:
        """Assessed applicable controls / applicable controls (1 when none applies)."""
        if not self.controls_applicable:
            return Fraction(1)
        return Fraction(self.controls_assessed, self.controls_applicable)

    @property
    def weight_applicable_exact(self) -> Fraction:
        return Fraction(self.weight_applicable_units, self.weight_unit)


@dataclass(frozen=True)
class DomainScore(_ExactFigures):
    """The score of one domain (nhóm yêu cầu). ``score`` is ``None`` when no control applies."""

    domain: str
    score: float | None
    coverage: float
    weight_applicable: float
    weight_earned: float
    counts: Mapping[Result, int]
    controls_total: int
    controls_applicable: int
    controls_assessed: int
    weight_applicable_units: int = field(default=0, repr=False)
    earned_half_units: int = field(default=0, repr=False)
    weight_unit: int = field(default=1, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain, "score": self.score, "coverage": self.coverage,
            "weight_applicable": self.weight_applicable, "weight_earned": self.weight_earned,
            "controls_total": self.controls_total, "controls_applicable": self.controls_applicable,
            "controls_assessed": self.controls_assessed, "counts": dict(self.counts),
        }


@dataclass(frozen=True)
class ScoreReport(_ExactFigures):
    """Everything the model computed for one assessment.

    ``score`` is unrounded (``None`` only when no control applies); ``coverage`` is 0..1
    (1 when no control applies: nothing is left to assess). The ``*_exact`` fields hold the
    same numbers as fractions for comparisons and display rounding.
    """

    score: float | None
    coverage: float
    rating: Rating
    reason: RatingReason
    gaps: tuple[RatingReason, ...]
    thresholds: Thresholds
    weight_applicable: float
    weight_earned: float
    counts: Mapping[Result, int]
    controls_total: int
    controls_applicable: int
    controls_assessed: int
    domains: tuple[DomainScore, ...]
    mandatory_failed: tuple[str, ...]
    mandatory_unanswered: tuple[str, ...]
    conflicts: tuple[ControlOutcome, ...]
    inputs: tuple[ControlInput, ...] = field(repr=False)
    merged: tuple[tuple[Result, bool, Source], ...] = field(repr=False)
    weight_applicable_units: int = field(default=0, repr=False)
    earned_half_units: int = field(default=0, repr=False)
    weight_unit: int = field(default=1, repr=False)
    schema_version: int = SCHEMA_VERSION

    @cached_property
    def controls(self) -> tuple[ControlOutcome, ...]:
        """Every control after the merge, in the given order (built on first use)."""
        return tuple(ControlOutcome(c, *m) for c, m in zip(self.inputs, self.merged, strict=True))

    @property
    def effective(self) -> dict[str, Result]:
        """control id -> the result that counts."""
        return {c.control_id: m[0] for c, m in zip(self.inputs, self.merged, strict=True)}

    def outcome(self, control_id: str) -> ControlOutcome:
        for o in self.controls:
            if o.control_id == control_id:
                return o
        raise KeyError(control_id)

    def domain(self, domain_id: str) -> DomainScore:
        for d in self.domains:
            if d.domain == domain_id:
                return d
        raise KeyError(domain_id)

    def contribution(self, control_id: str) -> Fraction | None:
        """Score points this control adds: 100 × weight × credit / Σ applicable weight.

        ``None`` for a not_applicable control. The contributions sum to the score.
        """
        o = self.outcome(control_id)
        credit = o.credit
        if credit is None or not self.weight_applicable_units:
            return None
        return Fraction(100) * exact(o.control.weight) * credit / self.weight_applicable_exact

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON (docs/scoring.md, "JSON")."""
        return {
            "schema_version": self.schema_version,
            "score": self.score,
            "coverage": self.coverage,
            "rating": self.rating,
            "reason": self.reason.to_dict(),
            "gaps": [g.to_dict() for g in self.gaps],
            "thresholds": self.thresholds.to_dict(),
            "model": {"credits": {r: float(c) for r, c in CREDIT.items()}},
            "weight_applicable": self.weight_applicable,
            "weight_earned": self.weight_earned,
            "controls_total": self.controls_total,
            "controls_applicable": self.controls_applicable,
            "controls_assessed": self.controls_assessed,
            "counts": dict(self.counts),
            "mandatory_failed": list(self.mandatory_failed),
            "mandatory_unanswered": list(self.mandatory_unanswered),
            "conflicts": [{"control_id": o.control_id, "domain": o.domain, "declared": o.declared,
                           "technical": o.technical, "effective": o.effective,
                           "mandatory": o.mandatory} for o in self.conflicts],
            "domains": [d.to_dict() for d in self.domains],
            "controls": [o.to_dict() for o in self.controls],
        }


# --------------------------------------------------------------------------- scoring


def _sums(by_weight: dict[float, list[int]], units: dict[float, int]) -> tuple[int, int, list[int]]:
    """One domain's (Σ applicable weight, Σ earned weight in halves, counts per result), in weight
    units, from how many controls of each distinct weight have each result."""
    applicable = halves = 0
    counts = [0] * 5
    for w, n in by_weight.items():
        x = units[w]
        applicable += x * (n[_PASS] + n[_PARTIAL] + n[_FAIL] + n[_NOT_ASSESSED])
        halves += x * (2 * n[_PASS] + n[_PARTIAL])
        for i in range(5):
            counts[i] += n[i]
    return applicable, halves, counts


def _weight(c: ControlInput) -> Exact:
    try:
        x = exact(c.weight)
    except (TypeError, ValueError):
        x = 0
    if not x > 0:
        raise ValueError(f"{c.control_id}: weight must be a positive number, got {c.weight!r}")
    return x


def _float(x: Fraction | None) -> float | None:
    return None if x is None else float(x)


def _figures(applicable: int, halves: int, unit: int, counts: list[int]) -> dict[str, Any]:
    """The fields a DomainScore and a ScoreReport share, from one set of integer sums
    (int / int is correctly rounded, so each float is the one nearest the exact value)."""
    n_applicable = sum(counts) - counts[_NA]
    n_assessed = counts[_PASS] + counts[_PARTIAL] + counts[_FAIL]
    return {
        "score": 50 * halves / applicable if applicable else None,
        "coverage": n_assessed / n_applicable if n_applicable else 1.0,
        "weight_applicable": applicable / unit, "weight_earned": halves / (2 * unit),
        "counts": dict(zip(RESULTS, counts, strict=True)), "controls_total": sum(counts),
        "controls_applicable": n_applicable, "controls_assessed": n_assessed,
        "weight_applicable_units": applicable, "earned_half_units": halves, "weight_unit": unit,
    }


def _rate(score: Fraction | None, n_applicable: int, n_assessed: int, thresholds: Thresholds,
          mandatory_failed: tuple[str, ...], mandatory_unanswered: tuple[str, ...],
          ) -> tuple[Rating, RatingReason, tuple[RatingReason, ...]]:
    """The rating, the reason that decided it, and every gap to "compliant" (in a fixed order:
    score, mandatory failed, mandatory unanswered, coverage)."""
    if score is None:
        gap = RatingReason("no_applicable_controls")
        return "non_compliant", gap, (gap,)
    compliant_t, partial_t = exact(thresholds.compliant), exact(thresholds.partial)
    gaps: list[RatingReason] = []
    if score < partial_t:
        gaps.append(RatingReason("score_below_partial",
                                 {"score": float(score), "threshold": float(thresholds.partial)}))
    elif score < compliant_t:
        gaps.append(RatingReason("score_below_compliant",
                                 {"score": float(score), "threshold": float(thresholds.compliant)}))
    if mandatory_failed:
        gaps.append(RatingReason("mandatory_failed", {"controls": mandatory_failed}))
    if mandatory_unanswered:
        gaps.append(RatingReason("mandatory_unanswered", {"controls": mandatory_unanswered}))
    if n_assessed < n_applicable:
        gaps.append(RatingReason("coverage_incomplete", {
            "coverage": n_assessed / n_applicable, "not_assessed": n_applicable - n_assessed}))
    if not gaps:
        return "compliant", RatingReason(
            "meets_all", {"score": float(score), "threshold": float(thresholds.compliant)}), ()
    rating: Rating = "non_compliant" if score < partial_t else "partial"
    return rating, gaps[0], tuple(gaps)


def score_assessment(controls: Sequence[ControlInput], thresholds: Thresholds,
                     domain_order: Sequence[str] | None = None) -> ScoreReport:
    """Score one assessment with the default model (docs/scoring.md).

    Domains come in ``domain_order`` (those with at least one control), then any other domain in
    the order its first control appears. Controls keep their given order.
    Raises ``ValueError`` for a duplicate control id, an unknown result, or a weight that is not
    a positive finite number.
    """
    tallies: dict[str, dict[float, list[int]]] = {}
    merged: list[tuple[Result, bool, Source]] = []
    conflicts: list[ControlOutcome] = []
    mandatory_failed: list[str] = []
    mandatory_unanswered: list[str] = []
    weights: dict[float, Exact] = {}
    merge = _MERGE
    index = _INDEX
    append = merged.append
    # the hot loop (2,000 assessments x 150 controls in bench/bench_scoring.py): no allocation
    # per control beyond what is needed; outcomes are built on demand (ScoreReport.controls)
    for c in controls:
        try:
            m = merge[(c.declared, c.technical)]
        except KeyError:
            raise ValueError(f"{c.control_id}: unknown result (declared={c.declared!r}, "
                             f"technical={c.technical!r})") from None
        append(m)
        eff = m[0]
        w = c.weight
        if w not in weights:
            weights[w] = _weight(c)
        by_weight = tallies.get(c.domain)
        if by_weight is None:
            by_weight = tallies[c.domain] = {}
        counts = by_weight.get(w)
        if counts is None:
            counts = by_weight[w] = [0, 0, 0, 0, 0]
        counts[index[eff]] += 1
        if m[1]:
            conflicts.append(ControlOutcome(c, *m))
        if c.mandatory:
            if eff == "fail":
                mandatory_failed.append(c.control_id)
            elif eff == "not_assessed":
                mandatory_unanswered.append(c.control_id)
    ids = [c.control_id for c in controls]
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise ValueError(f"{i}: control listed twice")
            seen.add(i)

    order = [d for d in dict.fromkeys(domain_order or ()) if d in tallies]
    listed = set(order)
    order += [d for d in tallies if d not in listed]
    # whole numbers of weight units: 1 for integer weights, else the least common denominator
    unit = math.lcm(*(Fraction(x).denominator for x in weights.values())) if weights else 1
    units = {w: int(x * unit) for w, x in weights.items()}
    domains: list[DomainScore] = []
    total_w = total_halves = 0
    total_counts = [0] * 5
    for d in order:
        applicable_w, halves, counts = _sums(tallies[d], units)
        total_w += applicable_w
        total_halves += halves
        total_counts = [a + b for a, b in zip(total_counts, counts, strict=True)]
        domains.append(DomainScore(domain=d, **_figures(applicable_w, halves, unit, counts)))

    overall = _figures(total_w, total_halves, unit, total_counts)
    failed, unanswered = tuple(mandatory_failed), tuple(mandatory_unanswered)
    rating, reason, gaps = _rate(
        Fraction(50 * total_halves, total_w) if total_w else None,
        overall["controls_applicable"], overall["controls_assessed"], thresholds, failed, unanswered)
    return ScoreReport(
        rating=rating, reason=reason, gaps=gaps, thresholds=thresholds, domains=tuple(domains),
        mandatory_failed=failed, mandatory_unanswered=unanswered, conflicts=tuple(conflicts),
        inputs=tuple(controls), merged=tuple(merged), **overall,
    )


# --------------------------------------------------------------------------- comparison


def _delta(before: Fraction | None, after: Fraction | None) -> Fraction | None:
    return None if before is None or after is None else after - before


@dataclass(frozen=True)
class DomainDelta:
    """One domain in both assessments (a score is ``None`` where the domain is absent or empty)."""

    domain: str
    previous_score: float | None
    current_score: float | None
    score_delta: float | None
    previous_coverage: float | None
    current_coverage: float | None
    coverage_delta: float | None
    previous_score_exact: Fraction | None = field(default=None, repr=False)
    current_score_exact: Fraction | None = field(default=None, repr=False)
    score_delta_exact: Fraction | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "previous_score": self.previous_score,
                "current_score": self.current_score, "score_delta": self.score_delta,
                "previous_coverage": self.previous_coverage, "current_coverage": self.current_coverage,
                "coverage_delta": self.coverage_delta}


@dataclass(frozen=True)
class ControlChange:
    """A control whose effective result changed between two assessments.

    ``kind``: improved / regressed when both results are assessed (fail < partial < pass);
    changed when either side is not_applicable or not_assessed (no direction is claimed: an
    unanswered control is unknown, not worse); added / removed when the control is in only one.
    """

    control_id: str
    domain: str
    previous: Result | None
    current: Result | None
    kind: ChangeKind
    mandatory: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"control_id": self.control_id, "domain": self.domain, "previous": self.previous,
                "current": self.current, "kind": self.kind, "mandatory": self.mandatory}


def _kind(previous: Result, current: Result) -> ChangeKind:
    if previous in _RANK and current in _RANK:
        return "improved" if _RANK[current] > _RANK[previous] else "regressed"
    return "changed"


@dataclass(frozen=True)
class Comparison:
    """The change from an earlier assessment of the same system to the current one."""

    previous: ScoreReport
    current: ScoreReport
    score_delta: float | None
    coverage_delta: float
    rating_changed: bool
    domains: tuple[DomainDelta, ...]
    changes: tuple[ControlChange, ...]
    score_delta_exact: Fraction | None = field(default=None, repr=False)
    schema_version: int = SCHEMA_VERSION

    def _of(self, kind: ChangeKind) -> tuple[ControlChange, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    @property
    def improved(self) -> tuple[ControlChange, ...]:
        return self._of("improved")

    @property
    def regressed(self) -> tuple[ControlChange, ...]:
        return self._of("regressed")

    @property
    def changed(self) -> tuple[ControlChange, ...]:
        return self._of("changed")

    @property
    def added(self) -> tuple[ControlChange, ...]:
        return self._of("added")

    @property
    def removed(self) -> tuple[ControlChange, ...]:
        return self._of("removed")

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON (docs/scoring.md, "Comparison JSON")."""
        return {
            "schema_version": self.schema_version,
            "previous": {"score": self.previous.score, "coverage": self.previous.coverage,
                         "rating": self.previous.rating},
            "current": {"score": self.current.score, "coverage": self.current.coverage,
                        "rating": self.current.rating},
            "score_delta": self.score_delta,
            "coverage_delta": self.coverage_delta,
            "rating_changed": self.rating_changed,
            "domains": [d.to_dict() for d in self.domains],
            **{kind: [c.to_dict() for c in self._of(kind)] for kind in CHANGE_KINDS},
        }


def compare(previous: ScoreReport, current: ScoreReport) -> Comparison:
    """Per-domain and overall deltas (current − previous) and the controls whose result changed.

    Domains and controls are listed in the current assessment's order, then those only in the
    previous one. Unchanged controls are not listed.
    """
    prev_domains = {d.domain: d for d in previous.domains}
    cur_domains = {d.domain: d for d in current.domains}
    deltas: list[DomainDelta] = []
    for name in [*cur_domains, *(d for d in prev_domains if d not in cur_domains)]:
        p, c = prev_domains.get(name), cur_domains.get(name)
        ds = _delta(p.score_exact if p else None, c.score_exact if c else None)
        dc = _delta(p.coverage_exact if p else None, c.coverage_exact if c else None)
        deltas.append(DomainDelta(
            domain=name, previous_score=p.score if p else None, current_score=c.score if c else None,
            score_delta=_float(ds), previous_coverage=p.coverage if p else None,
            current_coverage=c.coverage if c else None, coverage_delta=_float(dc),
            previous_score_exact=p.score_exact if p else None,
            current_score_exact=c.score_exact if c else None, score_delta_exact=ds,
        ))

    prev_controls = {o.control_id: o for o in previous.controls}
    cur_ids = {o.control_id for o in current.controls}
    changes: list[ControlChange] = []
    for o in current.controls:
        before = prev_controls.get(o.control_id)
        if before is None:
            changes.append(ControlChange(o.control_id, o.domain, None, o.effective, "added", o.mandatory))
        elif before.effective != o.effective:
            changes.append(ControlChange(o.control_id, o.domain, before.effective, o.effective,
                                         _kind(before.effective, o.effective), o.mandatory))
    for o in previous.controls:
        if o.control_id not in cur_ids:
            changes.append(ControlChange(o.control_id, o.domain, o.effective, None, "removed", o.mandatory))

    ds = _delta(previous.score_exact, current.score_exact)
    return Comparison(
        previous=previous, current=current, score_delta=_float(ds),
        coverage_delta=float(current.coverage_exact - previous.coverage_exact),
        rating_changed=previous.rating != current.rating, domains=tuple(deltas),
        changes=tuple(changes), score_delta_exact=ds,
    )
