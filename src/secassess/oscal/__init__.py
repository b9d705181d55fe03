"""OSCAL interchange (NIST Open Security Controls Assessment Language, JSON, version 1.2.1).

- :mod:`.catalog` — a secassess catalog and its profiles as an OSCAL catalog and OSCAL profiles.
- :mod:`.results` — one assessment as OSCAL ``assessment-results`` (fed by the system report model).
- :mod:`.poam` — remediation items of a system or unit as a ``plan-of-action-and-milestones``.
- :mod:`.importer` — an OSCAL catalog (and profiles) back into a secassess catalog folder.
- :mod:`.validate` — every document checked offline against NIST's vendored JSON schemas.
- :mod:`.common` — stable UUIDs, UTC timestamps, Markdown text, the secassess properties.

The builders are pure (data in, a JSON-ready ``dict`` out); :func:`.document.write_document`
validates a document and writes it whole or not at all. The mapping, field by field, is in
``docs/oscal.md``.
"""

from __future__ import annotations

#: the OSCAL release the vendored schemas (schemas/) and every document written belong to
OSCAL_VERSION = "1.2.1"
#: the namespace of every secassess-specific ``prop`` and ``part`` (documented in docs/oscal.md)
NS = "urn:secassess:oscal"
