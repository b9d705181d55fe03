"""Remediation items of one system or one unit as an OSCAL ``plan-of-action-and-milestones``.

A POA&M item per remediation item, linked to a risk (status, owner, due date as a milestone,
risk acceptance, the item's whole history as the risk log) and to the findings of the
assessments that opened it and last found it. Findings and risks have the same UUIDs as in the
assessment results of those assessments (``report system --format oscal``), so the two kinds of
document can be joined. :func:`load_poam_data` reads the workspace; :func:`poam_document` is pure.
Texts are in the command's language. See ``docs/oscal.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from secassess.messages import msg
from secassess.oscal import NS
from secassess.oscal.common import (
    assessment_key,
    end_of_day,
    item_key,
    metadata,
    party,
    prop,
    stable_uuid,
    utc,
)
from secassess.oscal.markup import to_markdown
from secassess.oscal.results import (
    RISK_STATUS,
    evidence_resource,
    finding_uuid,
    risk_uuid,
    system_component,
    target_items,
)
from secassess.vocabulary import REMEDIATION_STATUS_LABELS, pick

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from secassess.assessment.service import Assessment
    from secassess.inventory.service import System
    from secassess.remediation.service import HistoryEntry, RemediationItem


@dataclass(frozen=True)
class AssessedControl:
    """One control as one finalized assessment found it (for the POA&M's findings)."""

    assessment_id: int
    started_at: datetime
    finalized_at: datetime | None
    assessor: str
    control_id: str
    title: str
    result: str  # the effective result: fail / partial (or what a later assessment found)


@dataclass(frozen=True)
class PoamData:
    """Everything the POA&M is made from, read in one transaction."""

    lang: str
    province: str
    generator: str
    generated_at: datetime
    as_of: date
    scope: str  # "system" | "unit"
    scope_id: str
    scope_name: str
    systems: Sequence[System]
    items: Sequence[RemediationItem]
    history: Mapping[int, Sequence[HistoryEntry]] = field(default_factory=dict)
    advice: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
    found: Mapping[tuple[int, str], AssessedControl] = field(default_factory=dict)  # (assessment, control)


def load_poam_data(conn: Connection, items: Sequence[RemediationItem], *, province: str, scope: str,
                   scope_id: str, lang: str, as_of: date, generator: str, generated_at: datetime) -> PoamData:
    """Read the history, advice and the opening and latest findings of ``items``."""
    from secassess.assessment.score import score
    from secassess.inventory.service import get_system, get_unit
    from secassess.remediation.service import history, remediation_advice

    name = get_unit(conn, scope_id).name if scope == "unit" else get_system(conn, scope_id).name
    system_ids = sorted({i.system_id for i in items} | ({scope_id} if scope == "system" else set()))
    systems = [get_system(conn, s) for s in system_ids]
    found: dict[tuple[int, str], AssessedControl] = {}
    scored: dict[int, tuple[Assessment, dict[str, Any], dict[str, str]]] = {}
    for item in items:
        for aid in {item.opened_by_assessment_id, item.last_assessment_id}:
            if aid not in scored:
                a, rows, report = score(conn, aid)
                scored[aid] = (a, {r.control_id: r for r in rows},
                               {o.control_id: str(o.effective) for o in report.controls})
            a, rows_by_id, effective = scored[aid]
            row = rows_by_id.get(item.control_id)
            title = row.text("title", lang) if row is not None else item.title.get(lang, item.control_id)
            found[(aid, item.control_id)] = AssessedControl(
                aid, a.started_at, a.finalized_at, a.assessor, item.control_id, title,
                effective.get(item.control_id, item.result))
    return PoamData(lang=lang, province=province, generator=generator, generated_at=generated_at, as_of=as_of,
                    scope=scope, scope_id=scope_id, scope_name=name, systems=systems, items=list(items),
                    history={i.id: history(conn, i.id) for i in items},
                    advice={i.id: remediation_advice(conn, i) for i in items}, found=found)


_WORDS = {
    "title": ("Kế hoạch khắc phục (POA&M) — {n}", "Plan of action and milestones — {n}"),
    "item": ("{s} {c}: {t}", "{s} {c}: {t}"),
    "finding": ("{c} — {r} (đợt đánh giá số {a})", "{c} — {r} (assessment {a})"),
    "risk_statement": ("Yêu cầu {c} của hệ thống {s} chưa đạt ({r}); hạng mục khắc phục #{i}.",
                       "Control {c} of system {s} is not met ({r}); remediation item #{i}."),
    "recommendation": ("Khuyến nghị khắc phục", "Recommended remediation"),
    "plan": ("Hạng mục khắc phục #{i}", "Remediation item #{i}"),
    "plan_desc": ("Trạng thái: {s}; người phụ trách: {o}; hạn: {d}.", "Status: {s}; owner: {o}; due: {d}."),
    "due": ("Hạn khắc phục", "Remediation due"),
    "accepted": ("Chấp nhận rủi ro đến hết ngày {d}, người phê duyệt: {a}. Lý do: {r}",
                 "Risk accepted through {d}, approved by {a}. Reason: {r}"),
    "owner": ("Người phụ trách khắc phục", "Remediation owner"),
    "actor": ("Người cập nhật", "Updated by"),
    "assessor": ("Cán bộ đánh giá", "Assessor"),
}


def _say(lang: str, key: str, **kw: Any) -> str:
    return _WORDS[key][0 if lang == "vi" else 1].format(**kw)


class _Builder:
    def __init__(self, d: PoamData) -> None:
        self.d = d
        self.parties: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, list[str]] = {}
        self.resources: dict[str, dict[str, Any]] = {}
        self.findings: dict[str, dict[str, Any]] = {}

    def party(self, kind: str, name: str, role: str) -> str | None:
        name = " ".join((name or "").split())
        if not name:
            return None
        p = party(kind, name, self.d.province)
        self.parties.setdefault(p["uuid"], p)
        members = self.roles.setdefault(role, [])
        if p["uuid"] not in members:
            members.append(p["uuid"])
        return str(p["uuid"])

    def finding(self, item: RemediationItem, found: AssessedControl) -> str:
        from secassess.scoring.present import result_label

        d = self.d
        key = assessment_key(d.province, item.system_id, found.assessment_id, found.started_at)
        uid = finding_uuid(key, item.control_id)
        if uid not in self.findings:
            result = found.result
            self.findings[uid] = {
                "uuid": uid,
                "title": to_markdown(_say(d.lang, "finding", c=item.control_id, r=result_label(result, d.lang),  # type: ignore[arg-type]
                                          a=found.assessment_id)),
                "description": to_markdown(found.title),
                "props": [prop("control-id", item.control_id), prop("result", result),
                          prop("assessment-id", found.assessment_id), prop("system-id", item.system_id)],
                "target": {"type": "statement-id", "target-id": f"{item.control_id}_smt",
                           "title": to_markdown(found.title),
                           "status": {"state": "satisfied" if result == "pass" else "not-satisfied",
                                      "reason": {"pass": "pass", "fail": "fail"}.get(result, "other")}},
                "related-risks": [],
            }
        return uid

    def risk(self, item: RemediationItem, uid: str) -> dict[str, Any]:
        from secassess.clock import fmt_date
        from secassess.remediation.present import action_label, describe_changes
        from secassess.scoring.present import result_label

        d, lang = self.d, self.d.lang
        status_text = pick(REMEDIATION_STATUS_LABELS, item.status, lang)
        title = item.title.get(lang) or item.title.get("vi") or item.control_id
        props = [prop("system-id", item.system_id), prop("control-id", item.control_id),
                 prop("severity", item.severity), prop("result", item.result), prop("remediation-item", item.id),
                 prop("remediation-status", item.status)]
        if item.owner:
            props.append(prop("owner", " ".join(item.owner.split())))
        if item.status == "risk_accepted" and item.risk_until is not None:
            props.append(prop("risk-accepted-until", item.risk_until.isoformat(),
                              remarks=to_markdown(_say(lang, "accepted", d=fmt_date(item.risk_until),
                                                       a=item.risk_approver or "—", r=item.risk_reason or "—"))))
            if item.risk_approver:
                props.append(prop("risk-approver", " ".join(item.risk_approver.split())))
        out: dict[str, Any] = {
            "uuid": uid, "title": to_markdown(f"{item.control_id} {title}"), "description": to_markdown(title),
            "statement": to_markdown(_say(lang, "risk_statement", c=item.control_id, s=item.system_id,
                                          r=result_label(item.result, lang), i=item.id)),  # type: ignore[arg-type]
            "props": props, "status": RISK_STATUS.get(item.status, "open"),
        }
        if item.due_date is not None:
            out["deadline"] = end_of_day(item.due_date)
        advice = d.advice.get(item.id) or {}
        remediations: list[dict[str, Any]] = []
        text = advice.get(lang) or advice.get("vi")
        if text:
            remediations.append({"uuid": stable_uuid("response", uid, "recommendation"), "lifecycle": "recommendation",
                                 "title": to_markdown(_say(lang, "recommendation")), "description": to_markdown(text)})
        plan: dict[str, Any] = {
            "uuid": stable_uuid("response", uid, "plan"),
            "lifecycle": "completed" if item.status in ("resolved", "verified") else "planned",
            "title": to_markdown(_say(lang, "plan", i=item.id)),
            "description": to_markdown(_say(lang, "plan_desc", s=status_text, o=item.owner or "—",
                                            d=fmt_date(item.due_date) or "—"))}
        if item.due_date is not None:
            task: dict[str, Any] = {"uuid": stable_uuid("task", uid, "due"), "type": "milestone",
                                    "title": to_markdown(_say(lang, "due")),
                                    "timing": {"on-date": {"date": end_of_day(item.due_date)}}}
            owner = self.party("organization", item.owner, "remediation-owner")
            if owner:
                task["responsible-roles"] = [{"role-id": "remediation-owner", "party-uuids": [owner]}]
            plan["tasks"] = [task]
        remediations.append(plan)
        out["remediations"] = remediations
        entries = []
        for h in d.history.get(item.id, ()):
            who = self.party("person", h.actor, "actor")
            words = [describe_changes(h.changes), h.note]
            entry: dict[str, Any] = {
                "uuid": stable_uuid("risk-log", item_key(d.province, item.system_id, item.control_id, item.id), h.id),
                "title": to_markdown(action_label(h.action)),
            }
            text = "\n\n".join(w for w in words if w)
            if text:
                entry["description"] = to_markdown(text)
            entry["start"] = utc(h.at)
            entry["props"] = [prop("action", h.action)]
            if h.attachment_sha256:
                res = evidence_resource(h.attachment_sha256, h.attachment_name or h.attachment_sha256,
                                        "application/octet-stream", h.attachment_name or h.attachment_sha256)
                self.resources.setdefault(res["uuid"], res)
                entry["links"] = [{"href": f"#{res['uuid']}", "rel": "evidence"}]
            if who:
                entry["logged-by"] = [{"party-uuid": who, "role-id": "actor"}]
            new_status = (h.changes.get("status") or [None, None])[1]
            if new_status in RISK_STATUS:
                entry["status-change"] = RISK_STATUS[new_status]
            entry["related-responses"] = [{"response-uuid": plan["uuid"]}]
            entries.append(entry)
        if entries:
            out["risk-log"] = {"entries": entries}
        return out

    def item(self, item: RemediationItem) -> tuple[dict[str, Any], dict[str, Any]]:
        d, lang = self.d, self.d.lang
        key_open = assessment_key(d.province, item.system_id, item.opened_by_assessment_id,
                                  d.found[(item.opened_by_assessment_id, item.control_id)].started_at)
        rid = risk_uuid(key_open, d.province, item.system_id, item.control_id, item.id)
        related = []
        for aid in dict.fromkeys((item.opened_by_assessment_id, item.last_assessment_id)):
            found = d.found[(aid, item.control_id)]
            self.party("person", found.assessor, "assessor")
            uid = self.finding(item, found)
            if {"risk-uuid": rid} not in self.findings[uid]["related-risks"]:
                self.findings[uid]["related-risks"].append({"risk-uuid": rid})
            related.append(uid)
        title = item.title.get(lang) or item.title.get("vi") or item.control_id
        props = [prop("remediation-item", item.id), prop("system-id", item.system_id),
                 prop("control-id", item.control_id), prop("severity", item.severity),
                 prop("status", item.status), prop("opened-at", utc(item.opened_at)),
                 prop("opened-by-assessment", item.opened_by_assessment_id),
                 prop("last-assessment", item.last_assessment_id)]
        if item.verified_by_assessment_id is not None:
            props.append(prop("verified-by-assessment", item.verified_by_assessment_id))
        if item.owner:
            props.append(prop("owner", " ".join(item.owner.split())))
        if item.due_date is not None:
            props.append(prop("due-date", item.due_date.isoformat()))
        props.append(prop("overdue", item.overdue))
        if item.overdue:
            props.append(prop("days-overdue", item.days_overdue))
        advice = d.advice.get(item.id) or {}
        poam_item: dict[str, Any] = {
            "uuid": stable_uuid("poam-item", item_key(d.province, item.system_id, item.control_id, item.id)),
            "title": to_markdown(_say(lang, "item", s=item.system_id, c=item.control_id, t=title)),
            "description": to_markdown(advice.get(lang) or advice.get("vi") or title),
            "props": props,
        }
        opener = d.found[(item.opened_by_assessment_id, item.control_id)]
        who = self.party("person", opener.assessor, "assessor")
        if who:
            poam_item["origins"] = [{"actors": [{"type": "party", "actor-uuid": who, "role-id": "assessor"}]}]
        poam_item["related-findings"] = [{"finding-uuid": u} for u in related]
        poam_item["related-risks"] = [{"risk-uuid": rid}]
        return poam_item, self.risk(item, rid)

    def build(self) -> dict[str, Any]:
        d, lang = self.d, self.d.lang
        poam_items, risks = [], []
        for item in d.items:
            pi, risk = self.item(item)
            poam_items.append(pi)
            risks.append(risk)
        components = [system_component(d.province, s) for s in d.systems]
        if d.scope == "unit":
            for c in components:
                c["type"] = "system"
        inventory = [t for s in d.systems for t in target_items(d.province, s.id, s.targets)]
        role_titles = {"assessor": _say(lang, "assessor"), "actor": _say(lang, "actor"),
                       "remediation-owner": _say(lang, "owner")}
        doc: dict[str, Any] = {
            "uuid": stable_uuid("poam", d.province, d.scope, d.scope_id, lang),
            "metadata": metadata(
                to_markdown(_say(lang, "title", n=d.scope_name)), d.generated_at, d.as_of.isoformat(),
                props=[prop("lang", lang), prop("scope", d.scope), prop(f"{d.scope}-id", d.scope_id),
                       prop("as-of", d.as_of.isoformat()), prop("generator", d.generator)],
                roles=[{"id": k, "title": v} for k, v in role_titles.items() if self.roles.get(k)],
                parties=list(self.parties.values()),
                responsible_parties=[{"role-id": k, "party-uuids": v} for k, v in self.roles.items() if v]),
        }
        if d.scope == "system":
            doc["system-id"] = {"identifier-type": NS, "id": d.scope_id}
        local: dict[str, Any] = {"components": components} if components else {}
        if inventory:
            local["inventory-items"] = inventory
        if local:
            doc["local-definitions"] = local
        if risks:
            doc["risks"] = risks
        if self.findings:
            doc["findings"] = list(self.findings.values())
        if poam_items:
            doc["poam-items"] = poam_items
        if self.resources:
            doc["back-matter"] = {"resources": list(self.resources.values())}
        return {"plan-of-action-and-milestones": doc}


def poam_document(data: PoamData) -> dict[str, Any]:
    """The POA&M of ``data.items``. OSCAL requires at least one POA&M item: an empty selection is
    refused by the caller, not written as an invalid document."""
    return _Builder(data).build()


def write_poam(ws: Any, path: Any, items: Sequence[RemediationItem], *, as_of: date, unit_id: str | None,
               system_id: str | None) -> int:
    """``remediation export --format oscal``: the POA&M of ``items`` for ``system_id`` (or
    ``unit_id``), validated and written atomically. Returns the number of POA&M items."""
    from secassess import __version__, clock
    from secassess.errors import InputError
    from secassess.i18n import get_lang
    from secassess.oscal.document import write_document

    if system_id is None and unit_id is None:
        raise InputError(msg("oscal.poam.oscal_plan_action_poa_m"), location="--format oscal")
    if not items:
        raise InputError(msg("oscal.poam.no_remediation_item_matches_oscal"), str(path))
    scope, scope_id = ("system", system_id) if system_id is not None else ("unit", unit_id)
    with ws.read() as conn:
        data = load_poam_data(conn, items, province=ws.config.province, scope=scope, scope_id=str(scope_id),
                              lang=get_lang(), as_of=as_of, generator=f"secassess {__version__}",
                              generated_at=clock.now())
    write_document(path, poam_document(data))
    return len(items)
