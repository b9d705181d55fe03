"""nmap XML (``nmap -oX``): the existing reader (:mod:`secassess.scan.xmlparse`) behind
the importer interface. Ports and services stay nmap observations; the rules of
:mod:`secassess.scan.rules.network` read them."""

from __future__ import annotations

from secassess.scan.importers.interface import Importer, Parsed, ToolHost
from secassess.scan.profiles import format_ports


class NmapImporter(Importer):
    tool = "nmap"
    label = "nmap"
    media_type = "application/xml"
    produce = "nmap -oX tep.xml …"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"<") and b"<nmaprun" in head

    def parse(self, data: bytes, *, file: str) -> Parsed:
        from secassess.scan.xmlparse import parse_nmap_xml

        run = parse_nmap_xml(data, file=file)
        hosts = [ToolHost(h.address, tuple(n for n, kind in h.hostnames if kind == "user")) for h in run.hosts]
        ports = {proto: format_ports(p) for proto, p in run.scanned.items() if p}
        return Parsed(tool=self.tool, tool_version=run.scanner_version, arguments=run.args, started=run.started,
                      ended=run.ended, hosts=hosts, covered_ports=ports or None, network=run)
