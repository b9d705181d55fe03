"""Reading nmap XML through defusedxml: hostile or foreign XML is refused with a clear message."""

from __future__ import annotations

import pytest

from secassess.errors import InputError
from secassess.scan.xmlparse import parse_nmap_xml
from tests.scan.conftest import NMAP_SAMPLE

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE nmaprun [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<nmaprun scanner="nmap" args="&d;"><host><address addr="127.0.0.1" addrtype="ipv4"/></host></nmaprun>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE nmaprun [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nmaprun scanner="nmap" args="&xxe;"></nmaprun>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE nmaprun SYSTEM "http://203.0.113.9/evil.dtd">
<nmaprun scanner="nmap" args="x"></nmaprun>"""


def test_sample_is_read_completely() -> None:
    run = parse_nmap_xml(NMAP_SAMPLE.read_bytes())
    assert run.scanner_version == "7.93"
    assert run.started is not None and run.ended is not None and run.ended > run.started
    assert 23 in run.scanned["tcp"] and len(run.scanned["tcp"]) == 1000
    assert run.finished and run.service_detection and run.script_requested("ssl-enum-ciphers")
    first = run.hosts[0]
    assert (first.address, first.hostname, first.status) == ("10.10.5.2", "qlvb.stp.example.gov.vn", "up")
    by_port = {p.port: p for p in first.ports}
    assert by_port[21].service == "ftp" and by_port[21].product == "vsftpd" and by_port[21].version == "2.3.4"
    assert by_port[21].cpe == ("cpe:/a:vsftpd:vsftpd:2.3.4",) and by_port[21].service_method == "probed"
    tls = by_port[443]
    assert tls.tunnel == "ssl"
    data = tls.scripts["ssl-enum-ciphers"]["data"]
    assert data["least strength"] == "C"
    assert data["TLSv1.0"]["ciphers"][0] == {"name": "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "kex_info": "rsa 2048",
                                             "strength": "C"}
    assert data["TLSv1.0"]["compressors"] == ["NULL"]


@pytest.mark.parametrize("payload", [BOMB, EXTERNAL])
def test_entity_declarations_are_refused(payload: bytes) -> None:
    with pytest.raises(InputError) as exc:
        parse_nmap_xml(payload, file="bad.xml")
    assert exc.value.file == "bad.xml"
    assert "ENTITY" in exc.value.message


def test_external_dtd_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        parse_nmap_xml(EXTERNAL_DTD, file="bad.xml")
    assert "bên ngoài" in exc.value.message


def test_foreign_xml_is_refused_naming_the_root() -> None:
    with pytest.raises(InputError) as exc:
        parse_nmap_xml(b"<report><host/></report>", file="r.xml")
    assert "<report>" in exc.value.message and "nmap" in exc.value.message


def test_other_scanner_is_refused() -> None:
    with pytest.raises(InputError, match="masscan"):
        parse_nmap_xml(b'<nmaprun scanner="masscan"></nmaprun>')


def test_broken_xml_names_the_line() -> None:
    with pytest.raises(InputError) as exc:
        parse_nmap_xml(b'<nmaprun scanner="nmap">\n<host>\n</nmaprun>', file="b.xml")
    assert exc.value.location == "dòng 3"


def test_bad_port_is_refused_naming_the_host() -> None:
    xml = (b'<nmaprun scanner="nmap"><host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/>'
           b'<ports><port protocol="tcp" portid="99999"><state state="open"/></port></ports></host></nmaprun>')
    with pytest.raises(InputError) as exc:
        parse_nmap_xml(xml)
    assert exc.value.location == "10.0.0.1"
