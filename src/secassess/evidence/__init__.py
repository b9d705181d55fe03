"""Evidence (bằng chứng): the content-addressed attachment store (:mod:`secassess.evidence.store`)
and network scans (``evidence/scan/``)."""
