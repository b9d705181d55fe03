"""One assessment as OSCAL ``assessment-results`` (pure: the system report model in, a document out).

One ``result`` per assessment: the profile's controls as ``reviewed-controls``; an observation per
answer (INTERVIEW), per evidence file (EXAMINE, linked to a back-matter resource with its
SHA-256) and per scan (TEST, linked to its raw XML the same way), their subjects the system (a
``this-system`` component) and its authorised targets (inventory items); a finding per assessed
control (pass, partial, fail) with its target status and related observations; a risk per failed
or partial control with the catalog's remediation and, once the assessment is finalized, the
remediation item's plan. UUIDs derive from the province, the system, the assessment and the
control, so the same data always gives the same document. See ``docs/oscal.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from secassess.oscal.common import (
    assessment_key,
    end_of_day,
    item_key,
    metadata,
    number,
    party,
    prop,
    stable_uuid,
    utc,
)
from secassess.oscal.markup import to_markdown
from secassess.vocabulary import REMEDIATION_STATUS_LABELS, pick, severity_label

if TYPE_CHECKING:
    from secassess.reporting.model import ControlResult, EvidenceItem, Finding, Report, ScanInfo

#: remediation item status -> OSCAL risk status
RISK_STATUS = {"open": "open", "in_progress": "remediating", "resolved": "remediating", "verified": "closed",
               "risk_accepted": "deviation-approved"}
#: the OSCAL evidence link of a stored file: relative to the workspace (evidence/ab/cdef…)
EVIDENCE_HREF = "evidence/{a}/{b}"

_WORDS = {
    "answer": ("Trả lời phiếu hỏi cho {c}", "Questionnaire answer for {c}"),
    "declared": ("Kết quả đơn vị tự đánh giá: {r}.", "Result declared by the unit: {r}."),
    "note": ("Ghi chú: {n}", "Note: {n}"),
    "justification": ("Lý do không áp dụng: {n}", "Why not applicable: {n}"),
    "file": ("Tệp bằng chứng {f}", "Evidence file {f}"),
    "file_desc": ("Tệp “{f}” ({m}, SHA-256 {h}) được đính kèm cho {c}.",
                  "File “{f}” ({m}, SHA-256 {h}) attached for {c}."),
    "whole": ("cả đợt đánh giá", "the whole assessment"),
    "scan": ("Rà quét số {i} ({s})", "Scan {i} ({s})"),
    "scan_desc": ("{t} {v}, đối tượng: {g}; {n} cổng mở.", "{t} {v}, targets: {g}; {n} open ports."),
    "scan_xml": ("Kết quả rà quét gốc (XML) số {i}", "Raw scan output (XML) of scan {i}"),
    "finding": ("{c} — {r}", "{c} — {r}"),
    "technical": ("Kết quả kiểm tra kỹ thuật: {r}.", "Technical result: {r}."),
    "conflict": ("Kết quả rà quét mâu thuẫn với phiếu trả lời; kết quả kém hơn được tính.",
                 "The scan contradicts the answer; the worse result counts."),
    "risk_statement": ("Yêu cầu {c} ({s}{m}) được đánh giá “{r}”: {t}.", "Control {c} ({s}{m}) was assessed "
                       "“{r}”: {t}."),
    "mandatory": (", bắt buộc", ", mandatory"),
    "recommendation": ("Khuyến nghị khắc phục", "Recommended remediation"),
    "plan": ("Hạng mục khắc phục #{i}", "Remediation item #{i}"),
    "plan_desc": ("Trạng thái: {s}; người phụ trách: {o}; hạn: {d}.", "Status: {s}; owner: {o}; due: {d}."),
    "due": ("Hạn khắc phục", "Remediation due"),
    "plan_res": ("Đợt đánh giá số {i} của hệ thống {s}", "Assessment {i} of system {s}"),
    "plan_res_desc": ("Không có kế hoạch đánh giá OSCAL riêng: đợt đánh giá theo hồ sơ áp dụng {p} của bộ tiêu "
                      "chí {c} {v} (cấp độ {l}), bắt đầu {t}.",
                      "There is no separate OSCAL assessment plan: the assessment follows profile {p} of catalog "
                      "{c} {v} (level {l}), started {t}."),
    "import_ap": ("Xem tài nguyên mô tả đợt đánh giá trong back-matter.",
                  "See the back-matter resource describing the assessment."),
    "none": ("không có", "none"),
    "reviewed": ("Các yêu cầu của hồ sơ áp dụng {p}.", "The controls of profile {p}."),
}
_ROLES = {"assessor": ("Cán bộ đánh giá", "Assessor"), "respondent": ("Người trả lời phiếu hỏi", "Respondent"),
          "issuing-body": ("Cơ quan lập báo cáo", "Issuing body"), "unit": ("Đơn vị chủ quản", "Owning unit")}


class _Say:
    def __init__(self, lang: str) -> None:
        self.i = 0 if lang == "vi" else 1

    def __call__(self, key: str, **kw: Any) -> str:
        return _WORDS[key][self.i].format(**kw)

    def role(self, key: str) -> str:
        return _ROLES[key][self.i]


def _label(result: str | None, lang: str) -> str:
    from secassess.scoring.present import result_label

    return result_label(result, lang)  # type: ignore[arg-type]


def _status_label(status: str, lang: str) -> str:

    return pick(REMEDIATION_STATUS_LABELS, status, lang)


def system_component(province: str, system: Any) -> dict[str, Any]:
    """The assessed system as a ``this-system`` component (the report's or the POA&M's)."""
    return {"uuid": stable_uuid("system", province, system.id), "type": "this-system",
            "title": to_markdown(system.name), "description": to_markdown(system.description or system.name),
            "props": [prop("system-id", system.id), prop("unit-id", system.unit_id), prop("level", system.level),
                      prop("important", system.important), prop("national-database", system.national_database)],
            "status": {"state": "operational" if system.in_use else "other"}}


def target_items(province: str, system_id: str, targets: Iterable[str]) -> list[dict[str, Any]]:
    """The system's authorised scan targets (IP, CIDR, host name) as inventory items."""
    return [{"uuid": stable_uuid("target", province, system_id, t), "description": to_markdown(t),
             "props": [prop("target", t)]} for t in targets]


def evidence_resource(sha256: str, name: str, media_type: str, title: str) -> dict[str, Any]:
    """A stored file (content-addressed) as a back-matter resource with its SHA-256."""
    return {"uuid": stable_uuid("evidence-file", sha256), "title": to_markdown(title),
            "props": [prop("file-name", " ".join(name.split()) or sha256), prop("sha256", sha256)],
            "rlinks": [{"href": EVIDENCE_HREF.format(a=sha256[:2], b=sha256[2:]), "media-type": media_type,
                        "hashes": [{"algorithm": "SHA-256", "value": sha256}]}]}


def risk_uuid(key: str, province: str, system_id: str, control_id: str, item_id: int | None) -> str:
    """A risk is the remediation item's once there is one (the same UUID in every results document
    and in the POA&M), else this assessment's."""
    if item_id is not None:
        return stable_uuid("risk", item_key(province, system_id, control_id, item_id))
    return stable_uuid("risk", key, control_id)


def finding_uuid(key: str, control_id: str) -> str:
    return stable_uuid("finding", key, control_id)


class _Builder:
    def __init__(self, report: Report) -> None:
        self.r = report
        self.say = _Say(report.lang)
        self.province = report.header.province
        a = report.assessment
        self.key = assessment_key(self.province, report.system.id, a.id, a.started_at)
        self.parties: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, list[str]] = defaultdict(list)
        self.system = system_component(self.province, report.system)
        self.targets = target_items(self.province, report.system.id, report.system.targets)
        self.resources: dict[str, dict[str, Any]] = {}
        self.tools: dict[str, dict[str, Any]] = {}

    # ---------------------------------------------------------------- parties and subjects

    def party(self, kind: str, name: str, role: str) -> str | None:
        name = " ".join((name or "").split())
        if not name:
            return None
        p = party(kind, name, self.province)
        self.parties.setdefault(p["uuid"], p)
        if p["uuid"] not in self.roles[role]:
            self.roles[role].append(p["uuid"])
        return str(p["uuid"])

    def subjects(self, with_targets: bool) -> list[dict[str, Any]]:
        out = [{"subject-uuid": self.system["uuid"], "type": "component"}]
        if with_targets:
            out += [{"subject-uuid": t["uuid"], "type": "inventory-item"} for t in self.targets]
        return out

    def tool(self, scanner: str, version: str) -> str:
        title = f"{scanner} {version}".strip() or "scanner"
        uid = stable_uuid("tool", title)
        self.tools.setdefault(uid, {"uuid": uid, "type": "software", "title": to_markdown(title),
                                    "description": to_markdown(title), "status": {"state": "operational"}})
        return uid

    # ---------------------------------------------------------------- observations

    def answer(self, c: ControlResult, assessor: str | None) -> dict[str, Any] | None:
        if c.declared == "not_assessed":
            return None
        say, lang = self.say, self.r.lang
        lines = [say("declared", r=_label(c.declared, lang))]
        if c.note:
            lines.append(say("note", n=c.note))
        if c.justification:
            lines.append(say("justification", n=c.justification))
        who = self.party("person", c.answered_by or "", "respondent") or assessor
        obs: dict[str, Any] = {
            "uuid": stable_uuid("observation", self.key, "answer", c.id),
            "title": to_markdown(say("answer", c=c.id)),
            "description": to_markdown("\n\n".join(lines)),
            "props": [prop("control-id", c.id), prop("declared-result", c.declared)],
            "methods": ["INTERVIEW"], "types": ["control-objective"],
        }
        if who:
            obs["origins"] = [{"actors": [{"type": "party", "actor-uuid": who}]}]
        obs["subjects"] = self.subjects(False)
        obs["collected"] = utc(c.answered_at or self.r.assessment.started_at)
        return obs

    def evidence(self, e: EvidenceItem, assessor: str | None) -> dict[str, Any]:
        say = self.say
        res = evidence_resource(e.sha256, e.name, e.media_type, say("file", f=e.name))
        self.resources.setdefault(res["uuid"], res)
        obs: dict[str, Any] = {
            "uuid": stable_uuid("observation", self.key, "evidence", e.control_id or "-", e.sha256),
            "title": to_markdown(say("file", f=e.name)),
            "description": to_markdown(say("file_desc", f=e.name, m=e.media_type, h=e.sha256,
                                           c=e.control_id or say("whole"))),
            "props": ([prop("control-id", e.control_id)] if e.control_id else []) + [prop("sha256", e.sha256)],
            "methods": ["EXAMINE"], "types": ["control-objective"],
        }
        if assessor:
            obs["origins"] = [{"actors": [{"type": "party", "actor-uuid": assessor}]}]
        obs["subjects"] = self.subjects(False)
        obs["relevant-evidence"] = [{"href": f"#{res['uuid']}", "description": to_markdown(e.name)}]
        obs["collected"] = utc(e.added_at or self.r.assessment.started_at)
        return obs

    def scan(self, s: ScanInfo) -> dict[str, Any]:
        say = self.say
        desc = [say("scan_desc", t=s.scanner, v=s.scanner_version, g=", ".join(s.targets) or say("none"),
                    n=s.open_ports)]
        for h in s.hosts:
            ports = ", ".join(f"{p.port}/{p.protocol} {p.state} {p.service} {p.product} {p.version}".strip()
                              for p in h.ports)
            desc.append(f"- {h.address}{' (' + h.hostname + ')' if h.hostname else ''}: {ports or say('none')}")
        for o in s.outcomes:
            if o.outcome != "undecided":
                desc.append(f"- {o.control_id} {o.rule_type}: {o.outcome} — {o.message}")
        res = evidence_resource(s.sha256, f"scan-{s.id}.xml", "application/xml", say("scan_xml", i=s.id))
        self.resources.setdefault(res["uuid"], res)
        return {
            "uuid": stable_uuid("observation", self.key, "scan", s.id),
            "title": to_markdown(say("scan", i=s.id, s=s.source)),
            "description": "\n\n".join([to_markdown(desc[0]), *(["\n".join(map(to_markdown, desc[1:]))]
                                                                   if desc[1:] else [])]),
            "props": [prop("scan-id", s.id), prop("scan-source", s.source), prop("open-ports", s.open_ports)],
            "methods": ["TEST"], "types": ["discovery", "control-objective"],
            "origins": [{"actors": [{"type": "tool", "actor-uuid": self.tool(s.scanner, s.scanner_version)}]}],
            "subjects": self.subjects(True),
            "relevant-evidence": [{"href": f"#{res['uuid']}", "description": to_markdown(say("scan_xml", i=s.id))}],
            "collected": utc(s.ended_at or s.started_at or self.r.assessment.started_at),
        }

    # ---------------------------------------------------------------- findings and risks

    def finding(self, c: ControlResult, related: list[str], risk: str | None) -> dict[str, Any]:
        say, lang = self.say, self.r.lang
        lines = [say("declared", r=_label(c.declared, lang))]
        if c.technical:
            lines.append(say("technical", r=_label(c.technical, lang)))
        if c.conflict:
            lines.append(say("conflict"))
        lines += c.technical_messages
        if c.note:
            lines.append(say("note", n=c.note))
        reason = {"pass": "pass", "fail": "fail"}.get(c.result, "other")
        out: dict[str, Any] = {
            "uuid": finding_uuid(self.key, c.id),
            "title": to_markdown(say("finding", c=c.id, r=_label(c.result, lang))),
            "description": to_markdown("\n\n".join(lines)),
            "props": [prop("control-id", c.id), prop("result", c.result), prop("severity", c.severity),
                      prop("mandatory", c.mandatory), prop("weight", number(c.weight))],
            "target": {"type": "statement-id", "target-id": f"{c.id}_smt", "title": to_markdown(c.title),
                       "status": {"state": "satisfied" if c.result == "pass" else "not-satisfied", "reason": reason}},
        }
        if related:
            out["related-observations"] = [{"observation-uuid": u} for u in related]
        if risk:
            out["related-risks"] = [{"risk-uuid": risk}]
        return out

    def risk(self, c: ControlResult, f: Finding, uid: str, related: list[str]) -> dict[str, Any]:
        say, lang = self.say, self.r.lang
        mandatory = say("mandatory") if c.mandatory else ""

        sev = severity_label(c.severity, lang).lower()
        out: dict[str, Any] = {
            "uuid": uid, "title": to_markdown(f"{c.id} {c.title}"),
            "description": to_markdown(say("finding", c=c.id, r=_label(c.result, lang)) + (
                "\n\n" + say("note", n=c.note) if c.note else "")),
            "statement": to_markdown(say("risk_statement", c=c.id, s=sev, m=mandatory, r=_label(c.result, lang),
                                         t=c.title)),
            "props": [prop("control-id", c.id), prop("severity", c.severity), prop("result", c.result)],
            "status": RISK_STATUS.get(f.plan.status, "open") if f.plan else "open",
        }
        remediations: list[dict[str, Any]] = [{
            "uuid": stable_uuid("response", uid, "recommendation"), "lifecycle": "recommendation",
            "title": to_markdown(say("recommendation")), "description": to_markdown(f.remediation or c.title)}]
        if f.plan is not None:
            p = f.plan
            out["props"] += [prop("remediation-item", p.item_id), prop("remediation-status", p.status)]
            if p.owner:
                out["props"].append(prop("owner", " ".join(p.owner.split())))
            if p.due_date is not None:
                out["deadline"] = end_of_day(p.due_date)
            from secassess.clock import fmt_date

            plan: dict[str, Any] = {
                "uuid": stable_uuid("response", uid, "plan"),
                "lifecycle": "completed" if p.status in ("resolved", "verified") else "planned",
                "title": to_markdown(say("plan", i=p.item_id)),
                "description": to_markdown(say("plan_desc", s=_status_label(p.status, lang), o=p.owner or "—",
                                               d=fmt_date(p.due_date) or "—"))}
            if p.due_date is not None:
                plan["tasks"] = [{"uuid": stable_uuid("task", uid, "due"), "type": "milestone",
                                  "title": to_markdown(say("due")),
                                  "timing": {"on-date": {"date": end_of_day(p.due_date)}}}]
            remediations.append(plan)
        out["remediations"] = remediations
        if related:
            out["related-observations"] = [{"observation-uuid": u} for u in related]
        return out

    # ---------------------------------------------------------------- the document

    def build(self) -> dict[str, Any]:
        r, say = self.r, self.say
        a, s = r.assessment, r.summary
        self.party("organization", r.header.issuing_body, "issuing-body")
        self.party("organization", r.system.unit_name, "unit")
        assessor = self.party("person", a.assessor, "assessor")
        if a.finalized_by:
            self.party("person", a.finalized_by, "assessor")

        observations: list[dict[str, Any]] = []
        by_control: dict[str, list[str]] = defaultdict(list)
        for c in r.controls():
            obs = self.answer(c, assessor)
            if obs is not None:
                observations.append(obs)
                by_control[c.id].append(obs["uuid"])
        for e in r.evidence:
            if e.kind != "attachment":
                continue
            obs = self.evidence(e, assessor)
            observations.append(obs)
            if e.control_id:
                by_control[e.control_id].append(obs["uuid"])
        for sc in r.scans:
            obs = self.scan(sc)
            observations.append(obs)
            for cid in sorted({o.control_id for o in sc.outcomes if o.outcome != "undecided"}):
                by_control[cid].append(obs["uuid"])

        plans = {f.control_id: f for f in r.findings}
        findings, risks = [], []
        for c in r.controls():
            if c.result not in ("pass", "partial", "fail"):
                continue
            related = by_control.get(c.id, [])
            risk = None
            if c.result in ("partial", "fail") and c.id in plans:
                f = plans[c.id]
                risk = risk_uuid(self.key, self.province, r.system.id, c.id, f.plan.item_id if f.plan else None)
                risks.append(self.risk(c, f, risk, related))
            findings.append(self.finding(c, related, risk))

        plan_res = {
            "uuid": stable_uuid("assessment", self.key), "title": to_markdown(say("plan_res", i=a.id, s=r.system.id)),
            "description": to_markdown(say("plan_res_desc", p=a.profile_id, c=a.catalog_id, v=a.catalog_version,
                                           l=a.level, t=utc(a.started_at))),
            "props": [prop("assessment-id", a.id), prop("profile-id", a.profile_id), prop("catalog-id", a.catalog_id),
                      prop("catalog-version", a.catalog_version), prop("catalog-digest", a.catalog_digest),
                      prop("level", a.level)]}
        result: dict[str, Any] = {
            "uuid": stable_uuid("result", self.key), "title": to_markdown(r.title),
            "description": to_markdown("\n\n".join([s.reason.text, *(g.text for g in s.gaps)])),
            "start": utc(a.started_at),
        }
        if a.finalized_at is not None:
            result["end"] = utc(a.finalized_at)
        result["props"] = ([prop("score", repr(float(s.score)))] if s.score is not None else []) + [
            prop("coverage", repr(float(s.coverage))), prop("rating", s.rating), prop("status", a.status),
            *(prop("count", n, cls=k) for k, n in s.counts.items())]
        local: dict[str, Any] = {"components": [self.system]}
        if self.targets:
            local["inventory-items"] = self.targets
        local["assessment-assets"] = {
            **({"components": list(self.tools.values())} if self.tools else {}),
            "assessment-platforms": [{"uuid": stable_uuid("platform", r.generator), "title": to_markdown(r.generator),
                                      **({"uses-components": [{"component-uuid": u} for u in self.tools]}
                                         if self.tools else {})}]}
        result["local-definitions"] = local
        result["reviewed-controls"] = {
            "description": to_markdown(say("reviewed", p=a.profile_id)),
            "control-selections": [{"include-controls": [{"control-id": c.id} for c in r.controls()]}]}
        if observations:
            result["observations"] = observations
        if risks:
            result["risks"] = risks
        if findings:
            result["findings"] = findings

        roles = [{"id": k, "title": say.role(k)} for k in _ROLES if self.roles.get(k)]
        meta_props = [prop("lang", r.lang), prop("system-id", r.system.id), prop("assessment-id", a.id),
                      prop("province", " ".join(r.header.province.split()) or "-")]
        doc = {
            "uuid": stable_uuid("assessment-results", self.key, r.lang),
            "metadata": metadata(
                to_markdown(r.title), r.generated_at, "draft" if r.draft else "final", props=meta_props,
                published=a.finalized_at, roles=roles, parties=list(self.parties.values()),
                responsible_parties=[{"role-id": k, "party-uuids": v} for k, v in self.roles.items() if v]),
            "import-ap": {"href": f"#{plan_res['uuid']}", "remarks": to_markdown(say("import_ap"))},
            "results": [result],
            "back-matter": {"resources": [plan_res, *self.resources.values()]},
        }
        return {"assessment-results": doc}


def assessment_results(report: Report) -> dict[str, Any]:
    """The OSCAL assessment results of the assessment ``report`` describes, in its language."""
    return _Builder(report).build()
