"""Properties of the model that must hold for any assessment (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from secassess.scoring import (
    RATINGS,
    RESULTS,
    ControlInput,
    Result,
    ScoreReport,
    TechnicalResult,
    Thresholds,
    effective_result,
    score_assessment,
)
from tests.scoring.helpers import ctl

WEIGHTS = st.sampled_from([1.0, 2.0, 3.0, 5.0, 0.1, 0.25, 1.5, 7.0, 10.0])
DOMAINS = st.sampled_from(["QLRR", "TKTC", "MANG", "VLY"])
TECHNICAL: st.SearchStrategy[TechnicalResult | None] = st.sampled_from([None, None, "pass", "fail"])


@st.composite
def assessments(draw: st.DrawFn, min_size: int = 0) -> list[ControlInput]:
    rows = draw(st.lists(st.tuples(DOMAINS, st.sampled_from(RESULTS), WEIGHTS, st.booleans(), TECHNICAL),
                         min_size=min_size, max_size=40))
    return [ctl(f"C{i:03d}", declared, weight, domain=domain, mandatory=mandatory, technical=technical)
            for i, (domain, declared, weight, mandatory, technical) in enumerate(rows)]


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    a = draw(st.integers(0, 1000)) / 10
    b = draw(st.integers(0, 1000)) / 10
    return Thresholds(compliant=max(a, b), partial=min(a, b))


CREDIT = {"pass": Fraction(1), "partial": Fraction(1, 2), "fail": Fraction(0), "not_assessed": Fraction(0)}
BETTER: dict[str, list[Result]] = {"not_assessed": ["fail", "partial", "pass"], "fail": ["partial", "pass"],
                                   "partial": ["pass"], "pass": []}


def reference(controls: list[ControlInput], t: Thresholds) -> tuple[Fraction | None, Fraction, str]:
    """docs/scoring.md written the plain way, one control at a time, to check the fast version against."""
    num = den = Fraction(0)
    applicable = assessed = 0
    blocked = False
    for c in controls:
        eff, _ = effective_result(c.declared, c.technical)
        if eff == "not_applicable":
            continue
        w = Fraction(str(c.weight))
        num += w * CREDIT[eff]
        den += w
        applicable += 1
        assessed += eff != "not_assessed"
        blocked |= c.mandatory and eff in ("fail", "not_assessed")
    if not den:
        return None, Fraction(1), "non_compliant"
    score = 100 * num / den
    coverage = Fraction(assessed, applicable)
    if score >= Fraction(str(t.compliant)) and coverage == 1 and not blocked:
        return score, coverage, "compliant"
    return score, coverage, "partial" if score >= Fraction(str(t.partial)) else "non_compliant"


@given(assessments(), thresholds())
def test_matches_the_plain_reference(controls: list[ControlInput], t: Thresholds) -> None:
    r = score_assessment(controls, t)
    score, coverage, rating = reference(controls, t)
    assert r.score_exact == score
    assert r.coverage_exact == coverage
    assert r.rating == rating
    for d in r.domains:
        assert d.score_exact == reference([c for c in controls if c.domain == d.domain], t)[0]


@given(assessments(), thresholds())
def test_score_is_always_between_0_and_100(controls: list[ControlInput], t: Thresholds) -> None:
    r = score_assessment(controls, t)
    assert r.score is None or 0 <= r.score <= 100
    assert 0 <= r.coverage <= 1
    assert all(d.score is None or 0 <= d.score <= 100 for d in r.domains)
    assert (r.score is None) == (r.controls_applicable == 0)


@given(assessments(), thresholds())
def test_float_fields_are_the_exact_values_rounded_once(controls: list[ControlInput], t: Thresholds) -> None:
    r = score_assessment(controls, t)
    assert r.score == (None if r.score_exact is None else float(r.score_exact))
    assert r.coverage == float(r.coverage_exact)
    assert r.weight_applicable == float(r.weight_applicable_exact)


@given(assessments(min_size=1), thresholds(), st.data())
def test_improving_any_one_result_never_lowers_the_score(controls: list[ControlInput], t: Thresholds,
                                                         data: st.DataObject) -> None:
    candidates = [i for i, c in enumerate(controls) if BETTER.get(c.declared)]
    if not candidates:
        return
    i = data.draw(st.sampled_from(candidates))
    better = data.draw(st.sampled_from(BETTER[controls[i].declared]))
    improved = list(controls)
    improved[i] = ctl(controls[i].control_id, better, controls[i].weight, domain=controls[i].domain,
                      mandatory=controls[i].mandatory, technical=controls[i].technical)
    before, after = score_assessment(controls, t), score_assessment(improved, t)
    assert before.score_exact is not None and after.score_exact is not None
    assert after.score_exact >= before.score_exact
    assert after.coverage_exact >= before.coverage_exact
    # the rating never drops either (compliant > partial > non_compliant)
    assert RATINGS.index(after.rating) <= RATINGS.index(before.rating)


def _contributions(r: ScoreReport) -> dict[str, Fraction]:
    return {o.control_id: c for o in r.controls if (c := r.contribution(o.control_id)) is not None}


@given(assessments(min_size=2), thresholds(), st.data())
def test_not_applicable_never_changes_another_controls_relative_contribution(
        controls: list[ControlInput], t: Thresholds, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(controls) - 1))
    c = controls[i]
    marked = list(controls)
    marked[i] = ctl(c.control_id, "not_applicable", c.weight, domain=c.domain, mandatory=c.mandatory)
    before, after = score_assessment(controls, t), score_assessment(marked, t)
    # the same as if the control were not in the assessment at all
    removed = score_assessment(controls[:i] + controls[i + 1:], t)
    assert after.score_exact == removed.score_exact
    assert after.rating == removed.rating
    # every other control's contribution is scaled by one common factor (old Σweight / new Σweight)
    b, a = _contributions(before), _contributions(after)
    b.pop(c.control_id, None)
    assert c.control_id not in a
    assert set(a) == set(b)
    if after.weight_applicable_exact:
        factor = Fraction(before.weight_applicable_exact) / Fraction(after.weight_applicable_exact)
        assert all(a[k] == b[k] * factor for k in a)


@given(assessments(), thresholds())
def test_overall_score_equals_the_weight_averaged_domain_scores(controls: list[ControlInput],
                                                                 t: Thresholds) -> None:
    r = score_assessment(controls, t)
    scored = [(Fraction(d.weight_applicable_exact), d.score_exact, d.weight_applicable, d.score)
              for d in r.domains if d.score_exact is not None and d.score is not None]
    if not scored:
        assert r.score is None
        return
    assert r.score is not None
    assert r.score_exact == sum(w * s for w, s, _, _ in scored) / sum(w for w, _, _, _ in scored)
    assert abs(r.score - sum(w * s for _, _, w, s in scored) / r.weight_applicable) < 1e-9


@given(assessments(), thresholds())
@settings(max_examples=50)
def test_counts_add_up(controls: list[ControlInput], t: Thresholds) -> None:
    r = score_assessment(controls, t)
    assert sum(r.counts.values()) == r.controls_total == len(controls)
    for res in RESULTS:
        assert sum(d.counts[res] for d in r.domains) == r.counts[res]
    assert r.controls_applicable == r.controls_total - r.counts["not_applicable"]
