"""The assessment fixtures, for the evidence tests."""

from tests.assessment.conftest import started  # noqa: F401
