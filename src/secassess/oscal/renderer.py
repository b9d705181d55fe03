"""OSCAL renderer: the report model as OSCAL 1.2.1 ``assessment-results`` JSON
(:mod:`secassess.oscal.results`), checked against NIST's schema before it is returned."""

from __future__ import annotations

from secassess.reporting.interface import Renderer
from secassess.reporting.model import Report


class OscalRenderer(Renderer):
    name = "oscal"
    extension = ".oscal.json"
    media_type = "application/json"

    def render(self, report: Report) -> bytes:
        from secassess.oscal import validate
        from secassess.oscal.document import dumps
        from secassess.oscal.results import assessment_results

        doc = assessment_results(report)
        validate.check(doc, f"assessment-results ({report.system.id}, {report.assessment.id})")
        return dumps(doc)
