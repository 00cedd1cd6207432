"""Fixtures of the rule tests: the code sets the cases run against."""

from __future__ import annotations

import pytest
from casekit import case_codes


@pytest.fixture(scope="session")
def codes():
    return case_codes()
