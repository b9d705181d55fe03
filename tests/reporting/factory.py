"""A report model built by hand, for renderer tests that need no workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from secassess.reporting.build import issue
from secassess.reporting.model import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    AssessmentInfo,
    Change,
    ControlChange,
    ControlRef,
    ControlResult,
    DomainChange,
    DomainResult,
    EvidenceItem,
    Finding,
    Header,
    HostInfo,
    Method,
    ParameterInfo,
    PortInfo,
    Reason,
    RemediationInfo,
    Report,
    RuleOutcome,
    ScanBrief,
    ScanInfo,
    ScoringMethod,
    Summary,
    SystemInfo,
)
from secassess.reporting.wording import Wording

NASTY = "<b>A&B</b> <font name=x>"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
RESULTS = ["pass", "partial", "fail", "not_applicable", "not_assessed", "pass"]


def make_report(*, name: str = "Hệ thống quản lý văn bản và điều hành", controls: int = 12, draft: bool = False,
                lang: str = "vi", note: str = "Quy trình ban hành ngày 01/03/2025, đã rà soát lưu trữ dữ liệu",
                unanswered: bool = False) -> Report:
    started = datetime(2025, 10, 1, 2, 0, tzinfo=UTC)
    finalized = None if draft else datetime(2025, 10, 15, 3, 30, tzinfo=UTC)
    domains = []
    per = max(1, controls // 3)
    titles = ["Quản lý rủi ro", "Hạ tầng mạng", "Quản lý lỗ hổng"]
    ids = ["QLRR", "MANG", "VLY"]
    n = 0
    for di in range(3):
        rows = []
        count = per if di < 2 else controls - 2 * per
        for _ in range(count):
            n += 1
            result = "not_assessed" if unanswered else RESULTS[n % len(RESULTS)]
            rows.append(ControlResult(
                id=f"{ids[di]}-{n:02d}", domain=ids[di],
                title=f"Yêu cầu số {n}: bảo đảm đường truyền được mã hóa, nhật ký lưu trữ đủ thời gian",
                severity=["low", "medium", "high", "critical"][n % 4], weight=[1, 2, 3, 5][n % 4],
                mandatory=n % 5 == 0, result=result, declared="pass" if n == 2 else result,
                technical="fail" if n == 2 else None, conflict=n == 2,
                note=note if n % 2 else "", justification="Không có mạng không dây" if result == "not_applicable" else "",
                answered_by="Nguyễn Văn Đức", answered_at=started,
                evidence=["qt-qlrr.pdf"] if n % 3 == 0 else [],
                technical_messages=["Cổng 23/tcp (telnet) đang mở trên 192.0.2.10"] if n == 2 else []))
        domains.append(DomainResult(id=ids[di], title=titles[di], score=[82.5, 61.0, 95.0][di],
                                    coverage=[1.0, 0.8, 1.0][di], counts={"pass": 1}, controls_total=count,
                                    controls_applicable=count, controls_assessed=count, controls=rows))
    reason = Reason("score_below_compliant", {"score": 78.4, "threshold": 90.0},
                    "Điểm 78,4 thấp hơn ngưỡng đạt (90).")
    report = Report(
        schema=SCHEMA_ID, schema_version=SCHEMA_VERSION, lang=lang, generator="secassess test",  # type: ignore[arg-type]
        generated_at=datetime(2025, 10, 16, 1, 0, tzinfo=UTC), draft=draft,
        title="Kết quả đánh giá", header=Header(
            province="tỉnh Sông Lam", issuing_body_parent="UBND tỉnh Sông Lam", issuing_body="Công an tỉnh Sông Lam",
            place="Sông Lam", date=date(2025, 10, 16), signer_title="Giám đốc", signer_name="Trần Thị Hữu Ngọc",
            recipients=["Như trên", "Bộ Công an (A05)", "Lưu: VT, PA05"], document_code="CAT-PA05"),
        system=SystemInfo(id="STP-QLVB", name=name, unit_id="STP", unit_name="Sở Tư pháp", level=3,
                          important=True, national_database=False, in_use=True,
                          description="Quản lý văn bản đến, đi và hồ sơ công việc", owner="Văn phòng Sở",
                          contact="", hosting="Trung tâm dữ liệu tỉnh", level_dossier_approved=date(2025, 3, 10),
                          security_plan_approved=None, targets=["192.0.2.0/28", "qlvb.stp.example.gov.vn"],
                          allowed_ports=["443/tcp"]),
        assessment=AssessmentInfo(id=7, status="draft" if draft else "finalized", catalog_id="tcvn14423-2025",
                                  catalog_title="Bộ tiêu chí đánh giá theo cấu trúc TCVN 14423:2025",
                                  catalog_version="1.0.0", catalog_digest="ab" * 32, profile_id="level-3",
                                  profile_title="Cấp độ 3", level=3, assessor="Lê Văn Đạt", started_at=started,
                                  finalized_at=finalized, finalized_by=None if draft else "Lê Văn Đạt",
                                  parameters=[ParameterInfo("log_retention_months", "Thời gian lưu trữ nhật ký tối thiểu",
                                                            3, "3 tháng")]),
        method=Method(controls_total=controls, answered=controls - 2, documents=2,
                      scans=[ScanBrief(1, "import", "nmap", "7.94", started, ["192.0.2.0/28"])]),
        summary=Summary(score=78.4, coverage=0.93, rating="partial", reason=reason, gaps=[reason],
                        counts={"pass": 4, "partial": 2, "fail": 2, "not_applicable": 2, "not_assessed": 2},
                        controls_total=controls, controls_applicable=controls - 2, controls_assessed=controls - 4,
                        mandatory_failed=[ControlRef("MANG-05", "Không mở dịch vụ quản trị không mã hóa")],
                        mandatory_unanswered=[ControlRef(c.id, c.title) for d in domains for c in d.controls
                                              if c.mandatory and c.result == "not_assessed"]),
        domains=domains,
        conflicts=[],
        scans=[ScanInfo(id=1, source="import", scan_profile=None, scanner="nmap", scanner_version="7.94",
                        arguments="nmap -sT -sV 192.0.2.0/28", targets=["192.0.2.0/28"], ignored_hosts=["198.51.100.7"],
                        started_at=started, ended_at=started, sha256=SHA, open_ports=2,
                        hosts=[HostInfo("192.0.2.10", "qlvb.stp.example.gov.vn",
                                        [PortInfo(443, "tcp", "open", "https", "nginx", "1.24.0"),
                                         PortInfo(23, "tcp", "open", "telnet", "", "")])],
                        outcomes=[RuleOutcome("MANG-01", "forbidden_services", "fail",
                                              "Dịch vụ telnet đang mở tại 192.0.2.10:23/tcp")])],
        findings=[Finding("MANG-02", "MANG", "Rà quét định kỳ", "high", True, "fail",
                          "Lập lịch rà quét 6 tháng một lần",
                          RemediationInfo(3, "open", "Phòng CNTT", date(2025, 11, 14), False))],
        change=Change(previous_assessment_id=3, previous_finalized_at=finalized, previous_score=70.0,
                      previous_coverage=0.9, previous_rating="partial", score_delta=8.4, coverage_delta=0.03,
                      rating_changed=False, domains=[DomainChange("QLRR", "Quản lý rủi ro", 70.0, 82.5, 12.5)],
                      controls=[ControlChange("QLRR-01", "Yêu cầu số 1", "fail", "pass", "improved")]),
        scoring=ScoringMethod(credits={"pass": 1.0, "partial": 0.5, "fail": 0.0, "not_assessed": 0.0},
                              weights={"low": 1, "medium": 2, "high": 3, "critical": 5},
                              thresholds={"compliant": 90, "partial": 70},
                              due_days={"critical": 15, "high": 30, "medium": 90, "low": 180}),
        evidence=[EvidenceItem("attachment", "QLRR-03", "qt-qlrr.pdf", SHA, 1234, "application/pdf", started),
                  EvidenceItem("scan", None, "scan-1.xml", SHA, 5678, "application/xml", started)],
    )
    # the recommendations and conclusion drafted from the findings, as build_report makes them
    return replace(report, issue=issue(report, None, Wording(lang)))  # type: ignore[arg-type]


__all__ = ["NASTY", "SHA", "make_report", "replace"]
