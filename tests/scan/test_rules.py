"""The scan rule evaluators, one per catalog rule type: pure functions on scan facts."""

from __future__ import annotations

from typing import Any

from secassess.catalog.scanrules import EolTable
from secassess.scan.rules import (
    EVALUATORS,
    Observation,
    ScanFacts,
    evaluate_rule,
    version_below,
    version_tuple,
    worst,
)

HOST = Observation(id=1, host="10.0.0.5", state="up")


def port(id: int, num: int, service: str = "", method: str = "probed", **kw: Any) -> Observation:
    return Observation(id=id, host="10.0.0.5", port=num, protocol="tcp", state=kw.pop("state", "open"),
                       service=service, service_method=method, **kw)


def facts(*obs: Observation, scanned: set[int] | None = None, sv: bool = True, allowed: set[str] | None = None,
          scripts: set[str] | None = None, tables: dict[str, Any] | None = None, up: bool = True) -> ScanFacts:
    host = [HOST] if up else [Observation(id=1, host="10.0.0.5", state="down")]
    return ScanFacts(observations=(*host, *obs), scanned={"tcp": frozenset(scanned or set(range(1, 1025)))},
                     service_detection=sv, scripts_run=frozenset(scripts or ()),
                     allowed_ports=frozenset(allowed or ()), tables=tables or {})


CLEARTEXT = {"services": ["telnet", "ftp"], "ports": ["23/tcp", "21/tcp"]}


def test_every_catalog_rule_type_has_an_evaluator() -> None:
    from secassess.catalog.scanrules import RULE_TYPES

    assert set(EVALUATORS) == set(RULE_TYPES)


def test_open_telnet_fails_with_an_actionable_sentence() -> None:
    r = evaluate_rule("forbidden_services", CLEARTEXT, facts(port(7, 23, "telnet")))
    assert r.outcome == "fail"
    assert r.observation_ids == (7,)
    assert r.vi == "Cổng 23/tcp (telnet) đang mở trên 10.0.0.5."
    assert r.en == "Port 23/tcp (telnet) is open on 10.0.0.5."


def test_detected_service_on_another_port_fails() -> None:
    r = evaluate_rule("forbidden_services", CLEARTEXT, facts(port(7, 2121, "ftp", product="ProFTPD", version="1.3.5")))
    assert r.outcome == "fail" and "2121/tcp (ftp, ProFTPD 1.3.5)" in r.vi


def test_listed_port_counts_when_service_was_not_detected() -> None:
    quick = facts(port(7, 21, "ftp", method="table"), sv=False)
    assert evaluate_rule("forbidden_services", CLEARTEXT, quick).outcome == "fail"
    # detection recognised something else on 21: not ftp
    other = facts(port(7, 21, "http", method="probed"))
    assert evaluate_rule("forbidden_services", CLEARTEXT, other).outcome == "pass"


def test_product_name_identifies_a_service_behind_http() -> None:
    databases = {"services": ["mysql", "redis", "elasticsearch"], "ports": ["3306/tcp", "9200/tcp"]}
    es = facts(port(7, 9200, "http", product="Elasticsearch REST API", version="7.17.0"), scanned={3306, 9200})
    r = evaluate_rule("forbidden_services", databases, es)
    assert r.outcome == "fail" and "9200/tcp" in r.vi
    plain_web = facts(port(7, 9200, "http", product="nginx"), scanned={3306, 9200})
    assert evaluate_rule("forbidden_services", databases, plain_web).outcome == "pass"


def test_closed_ports_do_not_fail() -> None:
    r = evaluate_rule("forbidden_services", CLEARTEXT, facts(port(7, 23, "telnet", state="closed")))
    assert r.outcome == "pass" and "23/tcp" in r.vi


def test_unscanned_listed_port_is_undecided_not_pass() -> None:
    r = evaluate_rule("forbidden_services", CLEARTEXT, facts(port(7, 80, "http"), scanned={80, 443}))
    assert r.outcome == "undecided"
    assert "23/tcp" in r.vi and "21/tcp" in r.vi


def test_services_only_rule_needs_service_detection() -> None:
    args = {"services": ["telnet"]}
    assert evaluate_rule("forbidden_services", args, facts(sv=False)).outcome == "undecided"
    assert evaluate_rule("forbidden_services", args, facts(sv=True)).outcome == "pass"


def test_no_host_up_is_undecided() -> None:
    r = evaluate_rule("forbidden_services", CLEARTEXT, facts(up=False))
    assert r.outcome == "undecided" and "Không có máy nào" in r.vi


def test_unless_allowed_excuses_declared_ports() -> None:
    args = {"services": ["ssh"], "ports": ["22/tcp"], "unless_allowed": True}
    seen = facts(port(3, 22, "ssh"), allowed={"22/tcp"})
    assert evaluate_rule("forbidden_services", args, seen).outcome == "pass"
    assert evaluate_rule("forbidden_services", args, facts(port(3, 22, "ssh"))).outcome == "fail"


def test_cleartext_http_fails_and_tls_http_passes() -> None:
    plain = facts(port(4, 8080, "http", product="nginx"))
    r = evaluate_rule("http_without_tls", {}, plain)
    assert r.outcome == "fail" and r.observation_ids == (4,) and "8080/tcp" in r.en
    tls = facts(port(5, 443, "http", tunnel="ssl"))
    assert evaluate_rule("http_without_tls", {}, tls).outcome == "pass"
    assert evaluate_rule("http_without_tls", {"ports": ["443/tcp"]}, plain).outcome == "pass"


def test_http_rule_is_undecided_without_service_detection() -> None:
    r = evaluate_rule("http_without_tls", {}, facts(port(4, 80, "http", method="table"), sv=False))
    assert r.outcome == "undecided" and "nhận diện dịch vụ" in r.vi and "--" not in r.vi  # words for a document


def tls_obs(id: int, num: int, protocols: list[str], least: str) -> Observation:
    data: dict[str, Any] = {p: {"ciphers": [{"name": "X", "strength": least}]} for p in protocols}
    data["least strength"] = least
    return port(id, num, "http", tunnel="ssl", scripts={"ssl-enum-ciphers": {"output": "", "data": data}})


def test_old_tls_protocol_or_low_grade_fails() -> None:
    args = {"min_version": "TLSv1.2", "min_grade": "A"}
    old = facts(tls_obs(9, 443, ["TLSv1.0", "TLSv1.2"], "A"), scripts={"ssl-enum-ciphers"})
    r = evaluate_rule("weak_tls", args, old)
    assert r.outcome == "fail" and "TLSv1.0" in r.vi and r.observation_ids == (9,)
    graded = facts(tls_obs(9, 443, ["TLSv1.2"], "C"), scripts={"ssl-enum-ciphers"})
    r = evaluate_rule("weak_tls", args, graded)
    assert r.outcome == "fail" and "hạng C" in r.vi
    assert evaluate_rule("weak_tls", {"min_version": "TLSv1.2", "min_grade": "C"}, graded).outcome == "pass"


def test_tls_rule_is_undecided_without_the_script() -> None:
    r = evaluate_rule("weak_tls", {}, facts(port(5, 443, "http", tunnel="ssl")))
    assert r.outcome == "undecided" and "kiểm tra TLS" in r.vi and "--" not in r.vi
    r = evaluate_rule("weak_tls", {}, facts(port(5, 80, "http"), scripts={"ssl-enum-ciphers"}))
    assert r.outcome == "undecided" and "TLS" in r.vi


def test_port_outside_declared_list_fails() -> None:
    seen = facts(port(1, 443, "http", tunnel="ssl"), port(2, 3306, "mysql"), allowed={"443/tcp"})
    r = evaluate_rule("allowed_ports_only", {}, seen)
    assert r.outcome == "fail" and r.observation_ids == (2,)
    assert "3306/tcp" in r.vi and "443/tcp" in r.vi  # names the open port and the declared list


def test_scan_of_only_the_allowed_ports_cannot_pass_allowed_ports_only() -> None:
    seen = facts(port(1, 443, "http"), allowed={"443/tcp"}, scanned={443})
    assert evaluate_rule("allowed_ports_only", {}, seen).outcome == "undecided"
    wider = facts(port(1, 443, "http"), allowed={"443/tcp"}, scanned={22, 443})
    assert evaluate_rule("allowed_ports_only", {}, wider).outcome == "pass"
    udp = evaluate_rule("allowed_ports_only", {"protocols": ["tcp", "udp"]}, wider)
    assert udp.outcome == "undecided" and "UDP" in udp.vi


EOL = {"eol-software": EolTable.model_validate(
    {"kind": "eol_versions", "entries": [{"product": "Apache httpd", "below": "2.4",
                                          "note": {"vi": "hết hỗ trợ", "en": "end of life"}}]})}


def test_old_version_fails_and_names_the_floor() -> None:
    old = facts(port(6, 80, "http", product="Apache httpd", version="2.2.15"), tables=EOL)
    r = evaluate_rule("eol_versions", {"table": "eol-software"}, old)
    assert r.outcome == "fail" and r.observation_ids == (6,)
    assert "Apache httpd 2.2.15" in r.vi and "2.4" in r.vi and "hết hỗ trợ" in r.vi
    new = facts(port(6, 80, "http", product="apache HTTPD", version="2.4.62"), tables=EOL)
    assert evaluate_rule("eol_versions", {"table": "eol-software"}, new).outcome == "pass"
    tomcat = facts(port(6, 80, "http", product="Apache httpd Tomcat", version="1.0"), tables=EOL)
    assert evaluate_rule("eol_versions", {"table": "eol-software"}, tomcat).outcome == "pass"  # whole name


def test_mariadb_reported_as_mysql_is_not_judged_as_an_old_mysql() -> None:
    tables = {"eol-software": EolTable.model_validate(
        {"kind": "eol_versions", "entries": [{"product": "MySQL", "below": "8.0"}]})}
    maria = facts(port(6, 3306, "mysql", product="MySQL", version="5.5.5-10.6.12-MariaDB"), tables=tables)
    assert evaluate_rule("eol_versions", {"table": "eol-software"}, maria).outcome == "pass"
    mysql = facts(port(6, 3306, "mysql", product="MySQL", version="5.7.44"), tables=tables)
    assert evaluate_rule("eol_versions", {"table": "eol-software"}, mysql).outcome == "fail"


def test_eol_rule_undecided_without_versions_or_table() -> None:
    args = {"table": "eol-software"}
    assert evaluate_rule("eol_versions", args, facts(port(6, 80, "http"), sv=False, tables=EOL)).outcome == "undecided"
    assert evaluate_rule("eol_versions", args, facts(port(6, 80, "http", product="Apache httpd"),
                                                     tables=EOL)).outcome == "undecided"
    assert evaluate_rule("eol_versions", args, facts(tables={})).outcome == "undecided"


def test_versions_compare_numerically() -> None:
    assert version_tuple("7.4p1") == (7, 4)
    assert version_tuple("n/a") is None
    assert version_below((2, 2, 15), (2, 4)) and not version_below((2, 4), (2, 4, 0))
    assert version_below((1, 9), (1, 10))


def test_unknown_rule_type_or_bad_args_stay_undecided() -> None:
    assert evaluate_rule("port_knocking", {}, facts()).outcome == "undecided"
    assert evaluate_rule("forbidden_services", {"ports": ["x"]}, facts()).outcome == "undecided"


def test_worst_decided_outcome_wins_and_undecided_is_none() -> None:
    assert worst(["pass", "fail", "undecided"]) == "fail"
    assert worst(["pass", "undecided"]) == "pass"
    assert worst(["undecided"]) is None
    assert worst([]) is None


def test_long_lists_are_cut_with_a_count() -> None:
    many = facts(*(port(10 + i, 2000 + i, "telnet") for i in range(8)))
    r = evaluate_rule("forbidden_services", {"services": ["telnet"]}, many)
    assert r.outcome == "fail" and len(r.observation_ids) == 8
    assert "và 3 mục khác" in r.vi and "and 3 more" in r.en
