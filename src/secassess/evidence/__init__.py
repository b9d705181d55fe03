"""Evidence (bằng chứng): the content-addressed attachment store (:mod:`secassess.evidence.store`).
Scans and the scanners' files are the scan engine's (:mod:`secassess.scan`), beside it."""
