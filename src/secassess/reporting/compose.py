"""The system report as an administrative document (pure: report model in, document out).

The body is short — general information; scope, basis and method; results with the chart; main
shortcomings and risks; remediation; recommendations; conclusion — and the detail goes to the
appendices: results per control, findings and the remediation plan, technical checks, parameters and
the scoring method, the evidence manifest. The PDF and the Word renderer both draw what this returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from secassess.reporting.document import (
    Appendix,
    Banner,
    Bar,
    Block,
    Cell,
    Column,
    Document,
    Heading,
    KeyValue,
    Letterhead,
    Meta,
    Para,
    Run,
    Signature,
    Table,
)
from secassess.reporting.model import ControlResult, Header, LegalCitation, Report, ScanInfo
from secassess.reporting.narrative import id_list
from secassess.reporting.wording import ROMAN, Wording
from secassess.vocabulary import RESULTS

FIXED, TEXT = "fixed", "text"
#: body lists name this many controls, the rest are in the appendices
BODY_LIST = 10


def fixed(align: str = "left") -> Column:
    return Column("fixed", 1.0, align)  # type: ignore[arg-type]


def text(weight: float = 1.0) -> Column:
    return Column("text", weight)


def sha_cell(sha: str) -> str:
    """A SHA-256 in four groups of 16 on two lines: readable, and never cut at a random place."""
    g = [sha[i:i + 16] for i in range(0, len(sha), 16)]
    return " ".join(g[:2]) + ("\n" + " ".join(g[2:]) if len(g) > 2 else "")


def number_line(h: Header, number: str, w: Wording) -> str:
    """"Số:      /BC-CAT-PA05": the number is left blank for the office's clerk unless given."""
    code = h.document_code.strip().upper()
    kind = w("doc_kind_code") + (f"-{code}" if code else "")
    return w("number_line", number=number.strip() or "\u00a0" * 10, code=kind)


def letterhead(h: Header, number: str, w: Wording) -> Letterhead:
    return Letterhead(parent_body=h.issuing_body_parent.strip().upper(),
                      issuing_body=h.issuing_body.strip().upper() or w("blank"),
                      number_line=number_line(h, number, w), national_heading=w("national_heading"),
                      motto=w("motto"), place_date=w.place_date(h.place, h.date))


def signature(h: Header, w: Wording) -> Signature:
    return Signature(authority=h.signer_authority.strip().upper(), title=h.signer_title.strip().upper() or w("blank"),
                     hint="", name=h.signer_name.strip())


def recipients(h: Header, w: Wording, *, addressed: bool) -> list[str]:
    """"Nơi nhận" as Decree 30 lists it: "- Như trên;" when the document has a "Kính gửi", the
    configured recipients, and last "- Lưu: VT, …." (lines already holding "Như trên" or "Lưu"
    in the configuration are put in their place)."""
    from secassess.text import fold

    others: list[str] = []
    filing = h.filing.strip()
    for x in h.recipients:
        x = x.strip().lstrip("-").strip().rstrip(";.").strip()
        key = fold(x)
        if not x or key in (fold("Như trên"), fold("As above")):
            continue
        if key.startswith((fold("Lưu"), "file")):
            filing = x.split(":", 1)[1].strip() if ":" in x else filing
            continue
        others.append(x)
    lines = ([w("as_above")] if addressed else []) + others
    lines.append(w("filing", filing=filing or "VT"))
    return [f"- {x};" for x in lines[:-1]] + [f"- {lines[-1]}."]


def appendix_ref(h: Header, number: str, w: Wording, kind: str) -> str:
    """"(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … của …)"."""
    return w("appendix_ref", kind=kind, number=number_line(h, number, w).split(":", 1)[1].strip(),
             date=w.long_date(h.date), body=h.issuing_body.strip() or w("blank"))


def citation(c: LegalCitation, w: Wording) -> str:
    """"Luật An ninh mạng số 116/2025/QH15", "Nghị định số 356/2025/NĐ-CP quy định …",
    "TCVN 14423:2025 An ninh mạng – …"; a free-text citation as written."""
    if not c.number:
        return c.title
    if c.type == "standard":
        return w("cite_standard", number=c.number, title=c.title)
    if c.type in ("law", "code"):
        return w("cite_law", title=c.title, number=c.number)
    rest = c.title[len(c.type_label):].strip() if c.title.startswith(c.type_label) else c.title
    return w("cite_other", kind=c.type_label, number=c.number, title=rest)


def paragraphs(texts: Sequence[str]) -> list[Block]:
    """Paragraphs of a drafted or officer's text: "- " starts a bullet."""
    return [Para((Run(t[2:]),), "bullet") if t.startswith("- ") else Para((Run(t),)) for t in texts]


class SystemComposer:
    def __init__(self, report: Report) -> None:
        self.r = report
        self.w = Wording(report.lang)
        self.appendices: list[Appendix] = []
        self.numbers: dict[str, str] = {}  # appendix key -> its Roman numeral

    def compose(self) -> Document:
        r, w = self.r, self.w
        # appendices first: the body refers to them by number
        for key, title, blocks, wide in (
            ("results", w("ap_results"), self.ap_results(), False),
            ("findings", w("ap_findings"), self.ap_findings(), True),
            ("technical", w("ap_technical"), self.ap_technical(), True),
            ("method", w("ap_method"), self.ap_method(), False),
            ("evidence", w("ap_evidence"), self.ap_evidence(), False),
        ):
            if blocks:
                n = ROMAN[len(self.appendices)]
                self.numbers[key] = n
                self.appendices.append(Appendix(n, title, blocks, landscape=wide))
        body: list[Block] = []
        if r.draft:
            body.append(Banner(w("draft_banner", id=r.assessment.id)))
        body.append(Para((Run(w("intro", body=r.header.issuing_body.strip() or w("intro_body_default"),
                                  system=w.system_ref(r.system.name), unit=r.system.unit_name or r.system.unit_id)),)))
        sections = [self.general, self.scope, self.results, self.shortcomings, self.remediation,
                    self.recommendations, self.conclusion]
        for i, section in enumerate(sections):
            body += section(ROMAN[i])
        h = r.header
        return Document(
            letterhead=letterhead(h, r.issue.number, w), kind=w("doc_kind"), title=r.title, blocks=body,
            signature=signature(h, w), recipients_heading=w("recipients_heading"),
            recipients=recipients(h, w, addressed=False),
            meta=Meta(title=w("html_title", system=r.system.name), subject=r.system.name, author=h.issuing_body,
                      creator=r.generator, lang=r.lang, reproducible=_reproducible()),
            appendix_label=w("appendix_label"), appendix_ref=appendix_ref(h, r.issue.number, w, w("doc_kind_name")),
            appendices=self.appendices, draft_mark=w("draft_mark") if r.draft else None)

    def see(self, sentence: str, key: str) -> str:
        """``sentence`` with "(chi tiết tại Phụ lục II)" before its final stop or colon, when that
        appendix exists."""
        n = self.numbers.get(key)
        if not n:
            return sentence
        body, stop = (sentence[:-1], sentence[-1]) if sentence[-1:] in (".", ":") else (sentence, "")
        return f"{body} ({self.w('see_appendix', n=n)}){stop}"

    # ------------------------------------------------------------------ body

    def general(self, n: str) -> list[Block]:
        s, w = self.r.system, self.w
        kinds = [w("kind_national_db")] if s.national_database else []
        if s.important:
            kinds.append(w("kind_important"))
        rows: list[tuple[str, str | tuple[Run, ...]]] = [
            (w("f_name"), s.name), (w("f_id"), s.id), (w("f_unit"), s.unit_name or s.unit_id),
            (w("f_owner"), s.owner or w("dash")), (w("f_level"), w("level_value", level=s.level)),
            (w("f_kind"), "; ".join(kinds) or w("kind_ordinary")),
            (w("f_in_use"), w.yes_no(s.in_use))]
        if s.contact:
            rows.append((w("f_contact"), s.contact))
        if s.description:
            rows.append((w("f_description"), s.description))
        if s.hosting:
            rows.append((w("f_hosting"), s.hosting))
        rows += [
            (w("f_dossier"), w.date(s.level_dossier_approved) if s.level_dossier_approved else w("not_approved")),
            (w("f_plan"), w.date(s.security_plan_approved) if s.security_plan_approved else w("not_approved")),
            (w("f_targets"), ", ".join(s.targets) or w("none_listed")),
            (w("f_ports"), ", ".join(s.allowed_ports) or w("none_listed")),
        ]
        return [Heading(f"{n}. {w('sec_general')}"), KeyValue(rows)]

    def scope(self, n: str) -> list[Block]:
        a, w, m, s = self.r.assessment, self.w, self.r.method, self.r.summary
        period = (w("period_finalized", start=w.date(a.started_at), end=w.date(a.finalized_at))
                  if a.finalized_at else w("period_draft", start=w.date(a.started_at)))
        out: list[Block] = [Heading(f"{n}. {w('sec_scope')}"), Heading(f"1. {w('scope_heading')}", 2)]
        out.append(Para((Run(w("scope_text", system=w.system_ref(self.r.system.name), total=s.controls_total,
                                profile=a.profile_title, level=a.level, id=a.id, period=period,
                                assessor=a.assessor or w("dash"))),)))
        out.append(Heading(f"2. {w('basis_heading')}", 2))
        in_force = [c for c in a.legal_basis if c.status in ("in_force", "partly_amended")]
        out += [Para((Run(citation(c, w) + ";"),), "bullet") for c in in_force]
        out.append(Para((Run(w("basis_catalog", title=a.catalog_title, version=a.catalog_version)),), "bullet"))
        out.append(Para((Run(self.see(w("basis_parameters", n=len(a.parameters)) + ".", "method")),), "bullet"))
        out.append(Heading(f"3. {w('method_heading')}", 2))
        lines = [w("method_questionnaire", answered=m.answered, total=m.controls_total),
                 self.see(w("method_documents", n=m.documents), "evidence") if m.documents
                 else w("method_no_documents")]
        if m.scans:
            lines += [self.see(w("method_scan", source=w(f"scan_source_{sc.source}"), scanner=sc.scanner,
                                 version=sc.scanner_version or "", at=w.datetime(sc.started_at),
                                 targets=", ".join(sc.targets) or w("dash")).replace("  ", " "), "technical")
                      for sc in m.scans]
        else:
            lines.append(w("method_no_scan"))
        if m.scans and m.evidence_max_age_days and m.evidence_as_of:
            lines.append(w("method_evidence_age", days=m.evidence_max_age_days, date=w.date(m.evidence_as_of)))
        out += [Para((Run(x),), "bullet") for x in lines]
        return out

    def results(self, n: str) -> list[Block]:
        s, w, r = self.r.summary, self.w, self.r
        counts = "; ".join(f"{w.result(c)}: {s.counts.get(c, 0)}" for c in
                           RESULTS)
        rows: list[tuple[str, str | tuple[Run, ...]]] = [
            (w("f_score"), (Run(w("score_value", score=w.score(s.score)), bold=True),)),
            (w("f_coverage"), w("coverage_value", coverage=w.percent(s.coverage), assessed=s.controls_assessed,
                                applicable=s.controls_applicable)),
            (w("f_rating"), (Run(w.rating(s.rating), bold=True),)),
            (w("f_reason"), " ".join(g.text for g in (s.gaps or [s.reason]))),
            (w("counts_heading"), f"{counts} ({w('counts_total')}: {s.controls_total})"),
        ]
        th = r.scoring.thresholds
        partial, compliant = float(th.get("partial", 70)), float(th.get("compliant", 90))
        data: list[list[Cell]] = []
        for d in r.domains:
            data.append([f"{d.title} ({d.id})", str(d.controls_applicable), w.score(d.score), w.percent(d.coverage),
                         Bar(d.score, partial, compliant)])
        data.append([w("overall"), str(s.controls_applicable), w.score(s.score), w.percent(s.coverage),
                     Bar(s.score, partial, compliant)])
        table = Table((text(), fixed("center"), fixed("center"), fixed("center"), fixed()),
                      (w("col_domain"), w("col_controls"), w("col_score"), w("col_coverage"),
                       w("col_chart", partial=w.weight(partial), compliant=w.weight(compliant))),
                      data, total_row=True)
        return [Heading(f"{n}. {w('sec_results')}"), Heading(f"1. {w('results_overall')}", 2), KeyValue(rows),
                Heading(f"2. {w('domains_heading')}", 2), table,
                Para((Run(self.see(w("results_detail") + ".", "results")),), "note")]

    def shortcomings(self, n: str) -> list[Block]:
        r, w, s = self.r, self.w, self.r.summary
        out: list[Block] = [Heading(f"{n}. {w('sec_shortcomings')}")]
        fails = s.counts.get("fail", 0)
        partials = s.counts.get("partial", 0)
        if not r.findings and not s.mandatory_unanswered and not r.conflicts and not r.coverage_gaps:
            return [*out, Para((Run(w("no_shortcomings")),))]
        items: list[str] = []
        if s.mandatory_failed:
            items.append(w("sc_mandatory_failed", n=len(s.mandatory_failed),
                           list=self.control_list([(c.id, c.title) for c in s.mandatory_failed])))
        severe = [f for f in r.findings if f.severity in ("critical", "high")
                  and f.control_id not in {c.id for c in s.mandatory_failed}]
        if severe:
            items.append(w("sc_severe", n=len(severe), list=self.control_list(
                [(f.control_id, f.title) for f in severe])))
        if s.mandatory_unanswered:
            items.append(w("sc_mandatory_unanswered", n=len(s.mandatory_unanswered),
                           ids=id_list([c.id for c in s.mandatory_unanswered], w)))
        if r.conflicts:
            items.append(self.see(w("sc_conflicts", n=len(r.conflicts),
                                    ids=id_list([c.control_id for c in r.conflicts], w)) + ".", "technical"))
        if r.coverage_gaps:
            targets = list(dict.fromkeys(g.target for c in r.coverage_gaps for g in c.gaps))
            items.append(self.see(w("sc_coverage", n=len(r.coverage_gaps),
                                    ids=id_list([c.control_id for c in r.coverage_gaps], w),
                                    targets=", ".join(targets) or w("dash")) + ".", "technical"))
        overdue = [f for f in r.findings if f.plan is not None and f.plan.overdue]
        if overdue:
            items.append(w("sc_overdue", n=len(overdue), ids=id_list([f.control_id for f in overdue], w)))
        intro = w("shortcomings_intro", fail=fails, partial=partials) + (":" if items else ".")
        out.append(Para((Run(self.see(intro, "findings")),)))
        out += [Para((Run(x),), "bullet") for x in items]
        return out

    def control_list(self, pairs: Sequence[tuple[str, str]]) -> str:
        shown = "; ".join(f"{cid} – {title}" for cid, title in pairs[:BODY_LIST])
        if len(pairs) > BODY_LIST:
            shown += "; " + self.w("and_more", n=len(pairs) - BODY_LIST)
        return shown

    def remediation(self, n: str) -> list[Block]:
        r, w = self.r, self.w
        out: list[Block] = [Heading(f"{n}. {w('sec_remediation')}")]
        if r.draft:
            out.append(Para((Run(w("remediation_draft")),)))
        elif not r.findings:
            out.append(Para((Run(w("remediation_none")),)))
        else:
            plans = [f.plan for f in r.findings if f.plan is not None]
            by_status = Counter(p.status for p in plans)
            statuses = "; ".join(f"{w.status(st).lower()}: {k}" for st, k in by_status.items())
            overdue = sum(1 for p in plans if p.overdue)
            out.append(Para((Run(self.see(w("remediation_status", n=len(plans), statuses=statuses or w("dash"),
                                            overdue=overdue) + ".", "findings")),)))
        ch = r.change
        if ch is None:
            out.append(Para((Run(w("no_previous")),)))
        else:
            s = r.summary
            kinds = Counter(c.kind for c in ch.controls)
            out.append(Para((Run(w("change_intro", id=ch.previous_assessment_id, date=w.date(ch.previous_finalized_at))
                                 + " " + w("change_score", before=w.score(ch.previous_score), after=w.score(s.score),
                                           delta=w.delta(ch.score_delta), cov_before=w.percent(ch.previous_coverage),
                                           cov_after=w.percent(s.coverage), rating_before=w.rating(ch.previous_rating),
                                           rating_after=w.rating(s.rating))
                                 + " " + self.see(w("change_counts", improved=kinds.get("improved", 0),
                                                    regressed=kinds.get("regressed", 0)) + ".", "findings")),)))
        return out

    def recommendations(self, n: str) -> list[Block]:
        return [Heading(f"{n}. {self.w('sec_recommendations')}"), *paragraphs(self.r.issue.recommendations)]

    def conclusion(self, n: str) -> list[Block]:
        return [Heading(f"{n}. {self.w('sec_conclusion')}"), *paragraphs(self.r.issue.conclusion)]

    # ------------------------------------------------------------------ appendices

    def ap_results(self) -> list[Block]:
        w = self.w
        out: list[Block] = []
        for i, d in enumerate(self.r.domains, start=1):
            out.append(Heading(f"{i}. " + w("domain_heading", title=d.title, id=d.id, score=w.score(d.score),
                                            coverage=w.percent(d.coverage)), 2))
            rows: list[list[Cell]] = []
            bold: set[tuple[int, int]] = set()
            for c in d.controls:
                sev = w.severity(c.severity).lower() + (f"; {w('mandatory_mark')}" if c.mandatory else "")
                req = f"{c.title}\n{w('col_severity')}: {sev}"
                if c.result == "fail":
                    bold.add((len(rows), 2))
                rows.append([c.id, req, w.result(c.result), self.note(c)])
            out.append(Table((fixed(), text(0.9), fixed(), text(1.1)),
                             (w("col_id"), w("col_requirement"), w("col_result"), w("col_note")), rows,
                             bold_cells=frozenset(bold)))
        return out

    def note(self, c: ControlResult) -> str:
        w = self.w
        parts: list[str] = []
        if c.note:
            parts.append(c.note)
        if c.justification:
            parts.append(w("note_justification", text=c.justification))
        if c.conflict or (c.technical == "fail" and c.declared != "fail"):
            parts.append(w("note_declared", declared=w.result(c.declared), technical=w.result(c.technical)))
        parts += [w("note_technical", text=m) for m in c.technical_messages]
        if c.evidence:
            parts.append(w("note_evidence", files=", ".join(c.evidence)))
        return "\n".join(parts)

    def ap_findings(self) -> list[Block]:
        r, w = self.r, self.w
        out: list[Block] = []
        if r.findings:
            out.append(Heading(f"1. {w('findings_heading')}", 2))
            out.append(Para((Run(w("findings_intro")),), "text"))
            if r.draft:
                out.append(Para((Run(w("findings_draft_note"), italic=True),), "text"))
            rows: list[list[Cell]] = []
            bold: set[tuple[int, int]] = set()
            for i, f in enumerate(r.findings, start=1):
                p = f.plan
                due = w.date(p.due_date) if p and p.due_date else w("dash")
                if p and p.overdue:
                    due += f"\n({w('overdue')})"
                    bold.add((i - 1, 7))
                sev = w.severity(f.severity) + (f"\n{w('mandatory_mark')}" if f.mandatory else "")
                rows.append([str(i), f.control_id, f.title, sev, w.result(f.result), f.remediation,
                             (p.owner or w("unassigned")) if p else w("dash"), due,
                             w.status(p.status) if p else w("no_plan")])
            out.append(Table((fixed("center"), fixed(), text(1.0), fixed(), fixed(), text(1.8), text(0.7), fixed(),
                              text(0.6)),
                             (w("col_no"), w("col_id"), w("col_requirement"), w("col_severity"), w("col_result"),
                              w("col_measure"), w("col_owner"), w("col_due"), w("col_status")), rows,
                             bold_cells=frozenset(bold)))
        ch = r.change
        if ch is not None:
            k = 2 if r.findings else 1
            out.append(Heading(f"{k}. " + w("change_heading", id=ch.previous_assessment_id,
                                           date=w.date(ch.previous_finalized_at)), 2))
            if ch.domains:
                out.append(Table((text(), fixed("center"), fixed("center"), fixed("center")),
                                 (w("col_domain"), w("col_before"), w("col_after"), w("col_delta")),
                                 [[f"{d.title} ({d.domain})", w.score(d.previous_score), w.score(d.current_score),
                                   w.delta(d.score_delta)] for d in ch.domains]))
            if ch.controls:
                out.append(Table((fixed(), text(), fixed(), fixed(), fixed()),
                                 (w("col_id"), w("col_requirement"), w("col_before"), w("col_after"), w("col_change")),
                                 [[c.control_id, c.title, w.result(c.previous), w.result(c.current),
                                   w(f"change_{c.kind}")] for c in ch.controls]))
            else:
                out.append(Para((Run(w("no_control_changes")),), "text"))
        return out

    def ap_technical(self) -> list[Block]:
        r, w = self.r, self.w
        if not r.scans and not r.conflicts:
            return []
        out: list[Block] = [Heading(f"1. {w('conflicts_heading')}", 2)]
        if r.conflicts:
            out.append(Para((Run(w("conflicts_intro")),), "text"))
            out.append(Table((fixed(), text(1.0), fixed(), fixed(), text(1.4)),
                             (w("col_id"), w("col_requirement"), w("col_declared"), w("col_technical"),
                              w("col_detail")),
                             [[c.control_id, c.title, w.result(c.declared), w.result(c.technical),
                               "\n".join(c.messages)] for c in r.conflicts],
                             bold_cells=frozenset((i, 3) for i in range(len(r.conflicts)))))
        else:
            out.append(Para((Run(w("no_conflicts")),), "text"))
        k = 2
        if r.evidence_sources:
            out += self.sources(k)
            k += 2
        out.append(Heading(f"{k}. {w('scans_heading')}", 2))
        if not r.scans:
            out.append(Para((Run(w("no_scans")),), "text"))
        for i, sc in enumerate(r.scans, start=1):
            out += self.scan(i, sc)
        return out

    def sources(self, k: int) -> list[Block]:
        """Per tool: what was imported, when, what it covered, which controls it decided; then the
        controls whose technical evidence did not cover every authorised target."""
        r, w = self.r, self.w
        age = r.method.evidence_max_age_days or 0
        rows: list[list[Cell]] = []
        for e in r.evidence_sources:
            when = f"{w.datetime(e.evidence_at)}\n{w.datetime(e.imported_at)}"
            if e.stale:
                when += "\n" + w("scan_stale", days=age)
            covered = [", ".join(e.targets) or w("dash")]
            if e.covered_ports:
                covered.append(w("scan_covered_ports", ports=e.covered_ports))
            if e.declared_targets:
                covered.append(w("source_declared", targets=", ".join(e.declared_targets)))
            if e.summary:
                covered.append(e.summary)
            decided = "\n".join(f"{x.control_id}: {w.outcome(x.outcome)}"
                                + ("" if x.counted else f" ({w('source_not_counted')})") for x in e.decided)
            rows.append([str(e.scan_id), f"{e.tool_label}\n{w('scan_source_' + e.source)}",
                         (e.file_name or w("dash")) + "\n" + sha_cell(e.sha256), when, "\n".join(covered),
                         ", ".join(e.ignored_hosts) or w("dash"), decided or w("source_none_decided")])
        out: list[Block] = [Heading(f"{k}. {w('sources_heading')}", 2), Para((Run(w("sources_intro")),), "text"),
                            Table((fixed("center"), text(0.7), fixed(), fixed(), text(1.1), text(0.6), text(1.2)),
                                  (w("col_no"), w("col_tool"), w("col_file"), w("col_when"), w("col_covered"),
                                   w("col_ignored"), w("col_decided")), rows),
                            Heading(f"{k + 1}. {w('coverage_heading')}", 2)]
        if r.coverage_gaps:
            out.append(Para((Run(w("coverage_intro")),), "text"))
            out.append(Table((fixed(), text(1.0), fixed(), text(1.6)),
                             (w("col_id"), w("col_requirement"), w("col_technical"), w("col_not_covered")),
                             [[c.control_id, c.title, w.outcome(c.technical or "undecided"),
                               "\n".join(g.text for g in c.gaps)] for c in r.coverage_gaps]))
        else:
            out.append(Para((Run(w("no_coverage_gaps")),), "text"))
        return out

    def scan(self, i: int, sc: ScanInfo) -> list[Block]:
        w = self.w
        age = self.r.method.evidence_max_age_days or 0
        out: list[Block] = [Heading(f"{'abcdefghijklmnopqrstuvwxyz'[(i - 1) % 26]}) " + w("scan_heading", id=sc.id), 3)]
        if sc.tool == "nmap":
            facts = w("scan_facts", source=w(f"scan_source_{sc.source}"), scanner=sc.scanner,
                      version=sc.scanner_version or "", started=w.datetime(sc.started_at),
                      ended=w.datetime(sc.ended_at)).replace("  ", " ")
            kind = w(f"scan_profile_{sc.scan_profile}") if sc.scan_profile in ("quick", "standard", "tls") else ""
            lines = [facts + (f" {kind}" if kind else ""), w("scan_targets", targets=", ".join(sc.targets) or w("dash"))]
        else:
            lines = [w("scan_tool_facts", tool=sc.tool_label, version=sc.scanner_version or "",
                       source=w(f"scan_source_{sc.source}"), at=w.datetime(sc.evidence_at)).replace("  ", " "),
                     w("scan_covered", targets=", ".join(sc.targets) or w("dash"))]
            if sc.covered_ports:
                lines.append(w("scan_covered_ports", ports=sc.covered_ports))
        if sc.stale:
            lines.append(w("scan_stale", days=age))
        if sc.ignored_hosts:
            lines.append(w("scan_ignored", hosts=", ".join(sc.ignored_hosts)))
        if sc.tool == "nmap":
            lines.append(w("scan_totals", hosts=len(sc.hosts), ports=sc.open_ports))
        elif sc.summary:
            lines.append(sc.summary)
        out += [Para((Run(x),), "text") for x in lines]
        if sc.findings:
            out.append(Para((Run(w("scan_findings_shown", shown=len(sc.findings), total=sc.findings_total)),), "note"))
            out.append(Table((fixed(), fixed(), text(0.6), fixed(), text(1.6)),
                             (w("col_host"), w("col_port"), w("col_id_ref"), w("col_severity"), w("col_finding")),
                             [[f.host, str(f.port) if f.port is not None else "", ", ".join(f.cves) or f.ref,
                               w.severity(f.severity) if f.severity != "info" else f.status, f.title]
                              for f in sc.findings]))
        rows: list[list[Cell]] = []
        for h in sc.hosts:
            host = h.address + (f"\n{h.hostname}" if h.hostname else "")
            if not h.ports:
                rows.append([host, w("dash"), w("no_open_ports"), "", ""])
            for p in h.ports:
                port = f"{p.port}/{p.protocol}" if p.port is not None else w("dash")
                rows.append([host, port, w.port_state(p.state), p.service,
                             " ".join(x for x in (p.product, p.version) if x)])
                host = ""
        if rows:
            out.append(Table((fixed(), fixed(), fixed(), fixed(), text()),
                             (w("col_host"), w("col_port"), w("col_state"), w("col_service"), w("col_product")), rows))
        if sc.outcomes:
            out.append(Para((Run(w("rules_heading"), bold=True),), "text"))
            out.append(Table((fixed(), text(0.6), fixed(), text(1.4)),
                             (w("col_id"), w("col_rule"), w("col_outcome"), w("col_detail")),
                             [[o.control_id, w.rule(o.rule_type), w.outcome(o.outcome), o.message]
                              for o in sc.outcomes],
                             bold_cells=frozenset((k, 2) for k, o in enumerate(sc.outcomes) if o.outcome == "fail")))
        else:
            out.append(Para((Run(w("no_rules")),), "text"))
        return out

    def ap_method(self) -> list[Block]:
        a, w, sc = self.r.assessment, self.w, self.r.scoring
        out: list[Block] = [Heading(f"1. {w('parameters_heading')}", 2)]
        if a.parameters:
            out.append(Table((text(), text(0.6)), (w("param_name"), w("param_value")),
                             [[p.title, p.display] for p in a.parameters]))
        else:
            out.append(Para((Run(w("no_parameters")),), "text"))
        weights = {k: w.weight(v) for k, v in sc.weights.items()}
        th = {k: w.weight(v) for k, v in sc.thresholds.items()}
        lines = [w("method_credit"), w("method_weights", **weights), w("method_formula"), w("method_coverage"),
                 w("method_rating", **th), w("method_technical"), w("method_remediation", **sc.due_days)]
        out.append(Heading(f"2. {w('sec_method')}", 2))
        out += [Para((Run(x),), "bullet") for x in lines]
        if a.legal_basis:
            out.append(Heading(f"3. {w('legal_heading')}", 2))
            out.append(Para((Run(w("legal_intro")),), "text"))
            out.append(Table((text(1.4), text(0.8), text(0.6), text(0.9)),
                             (w("col_document"), w("col_legal_status"), w("col_articles"), w("col_cited_by")),
                             [[citation(c, w), c.status_text, ", ".join(c.articles) or w("dash"),
                               ", ".join(c.controls)] for c in a.legal_basis]))
        return out

    def ap_evidence(self) -> list[Block]:
        w, ev = self.w, self.r.evidence
        if not ev:
            return []
        rows: list[list[Cell]] = []
        for i, e in enumerate(ev, start=1):
            name = e.name if e.kind == "attachment" else w("kind_scan_file", name=e.name)
            rows.append([str(i), e.control_id or w("whole_assessment"), name, sha_cell(e.sha256), w.size(e.size)])
        return [Para((Run(w("evidence_intro")),), "text"),
                Table((fixed("center"), fixed(), text(), fixed(), fixed("right")),
                      (w("col_no"), w("col_control"), w("col_file"), "SHA-256", w("col_size")), rows)]


def _reproducible() -> bool:
    import os

    return bool(os.environ.get("SECASSESS_NOW"))


def compose_system(report: Report) -> Document:
    """The administrative document of one system report."""
    return SystemComposer(report).compose()
