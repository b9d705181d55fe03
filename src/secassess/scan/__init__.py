"""Technical evidence from network scans (bằng chứng kỹ thuật từ rà quét).

- :mod:`.profiles` — the fixed scan profiles (the only source of nmap flags) and port lists
- :mod:`.scope`    — which targets may be scanned (authorised scope, address limit)
- :mod:`.runner`   — a small scanner interface and its nmap implementation
- :mod:`.xmlparse` — nmap XML, read through defusedxml, into plain data
- :mod:`.rules`    — one pure evaluator per catalog scan rule type
- :mod:`.service`  — record a scan (evidence, observations, rule outcomes, technical results)
"""
