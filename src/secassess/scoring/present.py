"""Scores as text for the terminal (Vietnamese first, English second) — pure, returns strings.

Rounding happens here and only here: one decimal, half away from zero, computed on the exact
value (87.25 shows as 87,3 in Vietnamese and 87.3 in English). Reports in other formats should
use :func:`format_number` so that every number a reader sees is rounded the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextvars import copy_context
from typing import TypeVar

from secassess.display import as_fraction, format_number, format_percent
from secassess.i18n import LANGS, Lang, pick, set_lang, tr
from secassess.messages import msg
from secassess.scoring.model import (
    RESULTS,
    Comparison,
    ControlChange,
    RatingReason,
    ScoreReport,
)
from secassess.text import table
from secassess.vocabulary import RATING_LABELS, RESULT_LABELS

T = TypeVar("T")

DomainTitles = Mapping[str, str | Mapping[str, str]]


# --------------------------------------------------------------------------- numbers (secassess.display)


def format_threshold(value: float, lang: Lang) -> str:
    """A threshold as written in the profile: "90", "87,5"."""
    f = as_fraction(value)
    if f.denominator == 1:
        return str(f.numerator)
    text = repr(float(value))
    return text.replace(".", ",") if lang == "vi" else text


# --------------------------------------------------------------------------- words


def _in_lang(lang: Lang, fn: Callable[[], T]) -> T:
    """Run ``fn`` with ``tr`` answering in ``lang``, leaving the caller's language untouched."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")

    def run() -> T:
        set_lang(lang)
        return fn()

    return copy_context().run(run)


def _label(labels: Mapping[str, tuple[str, str]], key: str | None) -> str:
    if key is None:
        return "—"
    vi, en = labels.get(key, (key, key))
    return tr(vi, en)


def result_label(result: str | None, lang: Lang) -> str:
    return _in_lang(lang, lambda: _label(RESULT_LABELS, result))


def rating_label(rating: str, lang: Lang) -> str:
    return _in_lang(lang, lambda: _label(RATING_LABELS, rating))


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def _reason_words(reason: RatingReason, lang: Lang) -> str:
    p = reason.params
    code = reason.code
    if code == "meets_all":
        return msg("scoring.present.score_reaches_threshold_every_applicable", s=format_number(p["score"], lang), t=format_threshold(p["threshold"], lang))
    if code == "score_below_partial":
        return msg("scoring.present.score_below_partial_compliance_threshold", s=format_number(p["score"], lang), t=format_threshold(p["threshold"], lang))
    if code == "score_below_compliant":
        return msg("scoring.present.score_below_compliance_threshold", s=format_number(p["score"], lang), t=format_threshold(p["threshold"], lang))
    if code == "mandatory_failed":
        return msg("scoring.present.mandatory_controls_failed", ids=_ids(p["controls"]))
    if code == "mandatory_unanswered":
        return msg("scoring.present.mandatory_controls_not_assessed", ids=_ids(p["controls"]))
    if code == "coverage_incomplete":
        return msg("scoring.present.only_applicable_controls_assessed_not", c=format_percent(p["coverage"], lang), n=p["not_assessed"])
    if code == "no_applicable_controls":
        return msg("scoring.present.no_control_applies")
    return code


def reason_text(reason: RatingReason, lang: Lang) -> str:
    """A rating reason in words ("điểm 87,5 thấp hơn ngưỡng Đạt (90)")."""
    return _in_lang(lang, lambda: _reason_words(reason, lang))


def model_summary(report: ScoreReport, lang: Lang) -> str:
    """The model in two lines, to print under every score (docs/scoring.md)."""
    t = report.thresholds

    def words() -> str:
        return msg("scoring.present.model_score_100_weight_credit", c=format_threshold(t.compliant, lang), p=format_threshold(t.partial, lang))

    return _in_lang(lang, words)


# --------------------------------------------------------------------------- report


def _title(domain: str, titles: DomainTitles | None, lang: Lang) -> str:
    if not titles or domain not in titles:
        return ""
    value = titles[domain]
    return value if isinstance(value, str) else pick(dict(value), lang)


def _report_text(report: ScoreReport, lang: Lang, titles: DomainTitles | None) -> str:
    out: list[str] = []
    out.append(msg("scoring.present.overall_score_100", s=format_number(report.score_exact, lang)))
    out.append(msg("scoring.present.coverage_applicable_controls_assessed", c=format_percent(report.coverage_exact, lang), a=report.controls_assessed, n=report.controls_applicable))
    out.append(msg("scoring.present.rating", r=_label(RATING_LABELS, report.rating), why=_reason_words(report.reason, lang)))
    others = [g for g in report.gaps if g != report.reason]
    if others:
        out.append(msg("scoring.present.also_keeping_from_compliant"))
        out += [f"  - {_reason_words(g, lang)}" for g in others]
    out.append("")

    has_titles = any(_title(d.domain, titles, lang) for d in report.domains)
    headers = [msg("scoring.present.domain")]
    if has_titles:
        headers.append(msg("scoring.present.title"))
    headers += [msg("scoring.present.score"), msg("scoring.present.coverage"),
                *(_label(RESULT_LABELS, r) for r in RESULTS)]
    rows: list[list[str]] = []
    for d in report.domains:
        row = [d.domain]
        if has_titles:
            row.append(_title(d.domain, titles, lang))
        row += [format_number(d.score_exact, lang), format_percent(d.coverage_exact, lang),
                *(str(d.counts[r]) for r in RESULTS)]
        rows.append(row)
    total = [msg("scoring.present.total")] + ([""] if has_titles else [])
    total += [format_number(report.score_exact, lang), format_percent(report.coverage_exact, lang),
              *(str(report.counts[r]) for r in RESULTS)]
    rows.append(total)
    out.append(table(headers, rows, max_col=40))
    out.append("")

    out.append(msg("scoring.present.mandatory_controls_failed_2", n=len(report.mandatory_failed), ids=_ids(report.mandatory_failed) or msg("scoring.present.none")))
    out.append(msg("scoring.present.mandatory_controls_not_assessed_2", n=len(report.mandatory_unanswered), ids=_ids(report.mandatory_unanswered) or msg("scoring.present.none")))
    out.append(msg("scoring.present.conflicts_between_questionnaire_technical_checks", n=len(report.conflicts), colon=":" if report.conflicts else msg("scoring.present.none_2")))
    for o in report.conflicts:
        out.append(msg("scoring.present.declared_technical_check_counts_as", id=o.control_id, d=_label(RESULT_LABELS, o.declared), t=_label(RESULT_LABELS, o.technical), e=_label(RESULT_LABELS, o.effective)))
    from_scan = [o for o in report.controls if o.source == "technical" and not o.conflict]
    if from_scan:
        out.append(msg("scoring.present.results_taken_from_technical_checks", n=len(from_scan), ids=_ids([o.control_id for o in from_scan])))
    out.append("")
    out.append(model_summary(report, lang))
    return "\n".join(out)


def render_text(report: ScoreReport, lang: Lang, domain_titles: DomainTitles | None = None) -> str:
    """The score of one assessment for the terminal.

    ``domain_titles`` maps a domain id to its title, either one string or ``{"vi": .., "en": ..}``.
    """
    return _in_lang(lang, lambda: _report_text(report, lang, domain_titles))


# --------------------------------------------------------------------------- comparison


def _change_line(c: ControlChange) -> str:
    return f"  {c.control_id}: {_label(RESULT_LABELS, c.previous)} → {_label(RESULT_LABELS, c.current)}"


def _comparison_text(cmp: Comparison, lang: Lang, titles: DomainTitles | None) -> str:
    prev, cur = cmp.previous, cmp.current
    out = [msg("scoring.present.compared_previous_assessment")]
    out.append(msg("scoring.present.overall_score", a=format_number(prev.score_exact, lang), b=format_number(cur.score_exact, lang), d=format_number(cmp.score_delta_exact, lang, signed=True)))
    out.append(msg("scoring.present.coverage_percentage_points", a=format_percent(prev.coverage_exact, lang), b=format_percent(cur.coverage_exact, lang), d=format_number((cur.coverage_exact - prev.coverage_exact) * 100, lang, signed=True)))
    if cmp.rating_changed:
        out.append(msg("scoring.present.rating_2", a=_label(RATING_LABELS, prev.rating), b=_label(RATING_LABELS, cur.rating)))
    else:
        out.append(msg("scoring.present.rating_unchanged", a=_label(RATING_LABELS, cur.rating)))
    out.append("")
    has_titles = any(_title(d.domain, titles, lang) for d in cmp.domains)
    headers = [msg("scoring.present.domain")] + ([msg("scoring.present.title")] if has_titles else [])
    headers += [msg("scoring.present.before"), msg("scoring.present.now"), msg("scoring.present.change")]
    rows: list[list[str]] = []
    for d in cmp.domains:
        rows.append([d.domain, *([_title(d.domain, titles, lang)] if has_titles else []),
                     format_number(d.previous_score_exact, lang),
                     format_number(d.current_score_exact, lang),
                     format_number(d.score_delta_exact, lang, signed=True)])
    out.append(table(headers, rows, max_col=40))
    out.append("")
    groups = (  # (changes, heading, shown even when empty)
        (cmp.improved, msg("scoring.present.improved"), True),
        (cmp.regressed, msg("scoring.present.regressed"), True),
        (cmp.changed, msg("scoring.present.other_changes_involving_not_assessed"), False),
        (cmp.added, msg("scoring.present.controls_new_since_last_time"), False),
        (cmp.removed, msg("scoring.present.controls_no_longer_assessed"), False),
    )
    for changes, heading, always in groups:
        if changes or always:
            out.append(f"{heading} ({len(changes)}){':' if changes else ''}")
            out += [_change_line(c) for c in changes]
    return "\n".join(out)


def render_comparison_text(cmp: Comparison, lang: Lang, domain_titles: DomainTitles | None = None) -> str:
    """The change since the previous assessment, for the terminal."""
    return _in_lang(lang, lambda: _comparison_text(cmp, lang, domain_titles))
