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
        return tr("điểm {s} đạt ngưỡng {t}, đã đánh giá đủ mọi yêu cầu áp dụng và không yêu cầu "
                  "bắt buộc nào Không đạt hay Chưa đánh giá",
                  "score {s} reaches the threshold {t}, every applicable control is assessed and "
                  "no mandatory control failed or is unanswered",
                  s=format_number(p["score"], lang), t=format_threshold(p["threshold"], lang))
    if code == "score_below_partial":
        return tr("điểm {s} thấp hơn ngưỡng Đạt một phần ({t})",
                  "score {s} is below the partial-compliance threshold ({t})",
                  s=format_number(p["score"], lang), t=format_threshold(p["threshold"], lang))
    if code == "score_below_compliant":
        return tr("điểm {s} thấp hơn ngưỡng Đạt ({t})", "score {s} is below the compliance threshold ({t})",
                  s=format_number(p["score"], lang), t=format_threshold(p["threshold"], lang))
    if code == "mandatory_failed":
        return tr("yêu cầu bắt buộc Không đạt: {ids}", "mandatory controls failed: {ids}",
                  ids=_ids(p["controls"]))
    if code == "mandatory_unanswered":
        return tr("yêu cầu bắt buộc Chưa đánh giá: {ids}", "mandatory controls not assessed: {ids}",
                  ids=_ids(p["controls"]))
    if code == "coverage_incomplete":
        return tr("mới đánh giá {c} số yêu cầu áp dụng, còn {n} yêu cầu Chưa đánh giá",
                  "only {c} of the applicable controls are assessed, {n} not assessed",
                  c=format_percent(p["coverage"], lang), n=p["not_assessed"])
    if code == "no_applicable_controls":
        return tr("không có yêu cầu nào áp dụng", "no control applies")
    return code


def reason_text(reason: RatingReason, lang: Lang) -> str:
    """A rating reason in words ("điểm 87,5 thấp hơn ngưỡng Đạt (90)")."""
    return _in_lang(lang, lambda: _reason_words(reason, lang))


def model_summary(report: ScoreReport, lang: Lang) -> str:
    """The model in two lines, to print under every score (docs/scoring.md)."""
    t = report.thresholds

    def words() -> str:
        return tr(
            "Cách tính: điểm = 100 × Σ(trọng số × điểm thành phần) / Σ(trọng số) trên các yêu cầu áp dụng; "
            "Đạt 1, Đạt một phần 0,5, Không đạt và Chưa đánh giá 0; Không áp dụng không tính.\n"
            "Xếp loại: Đạt khi điểm ≥ {c}, đánh giá đủ 100% và không yêu cầu bắt buộc nào Không đạt "
            "hay Chưa đánh giá; Đạt một phần khi điểm ≥ {p}; còn lại Không đạt.",
            "Model: score = 100 × Σ(weight × credit) / Σ(weight) over applicable controls; "
            "pass 1, partial 0.5, fail and not assessed 0; not applicable is left out.\n"
            "Rating: compliant when score ≥ {c}, 100% assessed and no mandatory control failed "
            "or unanswered; partially compliant when score ≥ {p}; otherwise non-compliant.",
            c=format_threshold(t.compliant, lang), p=format_threshold(t.partial, lang))

    return _in_lang(lang, words)


# --------------------------------------------------------------------------- report


def _title(domain: str, titles: DomainTitles | None, lang: Lang) -> str:
    if not titles or domain not in titles:
        return ""
    value = titles[domain]
    return value if isinstance(value, str) else pick(dict(value), lang)


def _report_text(report: ScoreReport, lang: Lang, titles: DomainTitles | None) -> str:
    out: list[str] = []
    out.append(tr("Điểm tổng: {s}/100", "Overall score: {s}/100",
                  s=format_number(report.score_exact, lang)))
    out.append(tr("Độ bao phủ: {c} ({a}/{n} yêu cầu áp dụng đã đánh giá)",
                  "Coverage: {c} ({a} of {n} applicable controls assessed)",
                  c=format_percent(report.coverage_exact, lang), a=report.controls_assessed,
                  n=report.controls_applicable))
    out.append(tr("Xếp loại: {r} — {why}", "Rating: {r} — {why}",
                  r=_label(RATING_LABELS, report.rating), why=_reason_words(report.reason, lang)))
    others = [g for g in report.gaps if g != report.reason]
    if others:
        out.append(tr("Ngoài ra, chưa được xếp loại Đạt vì:", "Also keeping it from compliant:"))
        out += [f"  - {_reason_words(g, lang)}" for g in others]
    out.append("")

    has_titles = any(_title(d.domain, titles, lang) for d in report.domains)
    headers = [tr("Nhóm", "Domain")]
    if has_titles:
        headers.append(tr("Tên nhóm", "Title"))
    headers += [tr("Điểm", "Score"), tr("Bao phủ", "Coverage"),
                *(_label(RESULT_LABELS, r) for r in RESULTS)]
    rows: list[list[str]] = []
    for d in report.domains:
        row = [d.domain]
        if has_titles:
            row.append(_title(d.domain, titles, lang))
        row += [format_number(d.score_exact, lang), format_percent(d.coverage_exact, lang),
                *(str(d.counts[r]) for r in RESULTS)]
        rows.append(row)
    total = [tr("Tổng", "Total")] + ([""] if has_titles else [])
    total += [format_number(report.score_exact, lang), format_percent(report.coverage_exact, lang),
              *(str(report.counts[r]) for r in RESULTS)]
    rows.append(total)
    out.append(table(headers, rows, max_col=40))
    out.append("")

    out.append(tr("Yêu cầu bắt buộc Không đạt ({n}): {ids}", "Mandatory controls failed ({n}): {ids}",
                  n=len(report.mandatory_failed), ids=_ids(report.mandatory_failed) or tr("không có", "none")))
    out.append(tr("Yêu cầu bắt buộc Chưa đánh giá ({n}): {ids}",
                  "Mandatory controls not assessed ({n}): {ids}", n=len(report.mandatory_unanswered),
                  ids=_ids(report.mandatory_unanswered) or tr("không có", "none")))
    out.append(tr("Mâu thuẫn giữa tự khai và kiểm tra kỹ thuật ({n}){colon}",
                  "Conflicts between the questionnaire and technical checks ({n}){colon}",
                  n=len(report.conflicts), colon=":" if report.conflicts else tr(": không có", ": none")))
    for o in report.conflicts:
        out.append(tr("  {id}: tự khai {d}, kiểm tra kỹ thuật {t} → tính {e}",
                      "  {id}: declared {d}, technical check {t} → counts as {e}",
                      id=o.control_id, d=_label(RESULT_LABELS, o.declared),
                      t=_label(RESULT_LABELS, o.technical), e=_label(RESULT_LABELS, o.effective)))
    from_scan = [o for o in report.controls if o.source == "technical" and not o.conflict]
    if from_scan:
        out.append(tr("Kết quả lấy từ kiểm tra kỹ thuật vì chưa tự khai ({n}): {ids}",
                      "Results taken from technical checks because nothing was declared ({n}): {ids}",
                      n=len(from_scan), ids=_ids([o.control_id for o in from_scan])))
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
    out = [tr("So sánh với đợt đánh giá trước", "Compared with the previous assessment")]
    out.append(tr("Điểm tổng: {a} → {b} ({d})", "Overall score: {a} → {b} ({d})",
                  a=format_number(prev.score_exact, lang), b=format_number(cur.score_exact, lang),
                  d=format_number(cmp.score_delta_exact, lang, signed=True)))
    out.append(tr("Độ bao phủ: {a} → {b} ({d} điểm phần trăm)", "Coverage: {a} → {b} ({d} percentage points)",
                  a=format_percent(prev.coverage_exact, lang), b=format_percent(cur.coverage_exact, lang),
                  d=format_number((cur.coverage_exact - prev.coverage_exact) * 100, lang, signed=True)))
    if cmp.rating_changed:
        out.append(tr("Xếp loại: {a} → {b}", "Rating: {a} → {b}",
                      a=_label(RATING_LABELS, prev.rating), b=_label(RATING_LABELS, cur.rating)))
    else:
        out.append(tr("Xếp loại: {a} (không đổi)", "Rating: {a} (unchanged)", a=_label(RATING_LABELS, cur.rating)))
    out.append("")
    has_titles = any(_title(d.domain, titles, lang) for d in cmp.domains)
    headers = [tr("Nhóm", "Domain")] + ([tr("Tên nhóm", "Title")] if has_titles else [])
    headers += [tr("Điểm trước", "Before"), tr("Điểm nay", "Now"), tr("Thay đổi", "Change")]
    rows: list[list[str]] = []
    for d in cmp.domains:
        rows.append([d.domain, *([_title(d.domain, titles, lang)] if has_titles else []),
                     format_number(d.previous_score_exact, lang),
                     format_number(d.current_score_exact, lang),
                     format_number(d.score_delta_exact, lang, signed=True)])
    out.append(table(headers, rows, max_col=40))
    out.append("")
    groups = (  # (changes, heading, shown even when empty)
        (cmp.improved, tr("Cải thiện", "Improved"), True),
        (cmp.regressed, tr("Giảm", "Regressed"), True),
        (cmp.changed, tr("Thay đổi khác (liên quan Chưa đánh giá hoặc Không áp dụng)",
                         "Other changes (involving not assessed or not applicable)"), False),
        (cmp.added, tr("Yêu cầu mới so với lần trước", "Controls new since last time"), False),
        (cmp.removed, tr("Yêu cầu không còn trong đợt này", "Controls no longer assessed"), False),
    )
    for changes, heading, always in groups:
        if changes or always:
            out.append(f"{heading} ({len(changes)}){':' if changes else ''}")
            out += [_change_line(c) for c in changes]
    return "\n".join(out)


def render_comparison_text(cmp: Comparison, lang: Lang, domain_titles: DomainTitles | None = None) -> str:
    """The change since the previous assessment, for the terminal."""
    return _in_lang(lang, lambda: _comparison_text(cmp, lang, domain_titles))
