"""The API contract, fuzzed: schemathesis 4 generates requests from ``/openapi.json`` (bodies,
parameters, missing and wrong auth, unsupported methods) against the app in-process and runs every
check it has (server errors, status codes, content types, headers, response schemas, positive and
negative data, Allow on 405, ignored auth ...). Zero failures means a client or fuzzer can trust the
schema. Examples are bounded (``MAX_EXAMPLES`` per operation) to keep the run under about a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", minversion="4")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

MAX_EXAMPLES = 6

import st_hooks  # noqa: E402,F401 - the serializer for application/edi-x12, shared with the command line

st_checks.load_all_checks()
ALL_CHECKS = list(st_checks.CHECKS.get_all())


#: the same settings as `schemathesis run` reads from the repository root
CONFIG = SchemathesisConfig.from_path(str(Path(__file__).resolve().parents[2] / "schemathesis.toml"))


@pytest.fixture()
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_contract(case, auth):
    case.call_and_validate(headers=auth, checks=ALL_CHECKS)


def test_every_check_is_on():
    names = {c.__name__ for c in ALL_CHECKS}
    assert {
        "positive_data_acceptance",
        "negative_data_rejection",
        "ignored_auth",
        "unsupported_method",
        "response_schema_conformance",
        "status_code_conformance",
    } <= names
