"""schemathesis against the published OpenAPI document (contracts/openapi.json), over real
HTTP: whatever it generates, no server error and no response outside the document."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.api.conftest import LiveApi

OPENAPI = Path(__file__).resolve().parents[3] / "contracts" / "openapi.json"
schema = schemathesis.openapi.from_path(OPENAPI)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("role", ["lead", "auditor"])
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_breaks_the_api_or_its_document(
    case: schemathesis.Case, live_api: LiveApi, role: str
) -> None:
    # A generated Content-Length that contradicts the body is refused by the HTTP server
    # itself (uvicorn: a plain 400 before the app runs); the transport sets the real one.
    if case.headers:
        case.headers = {k: v for k, v in case.headers.items() if k.lower() != "content-length"}
    case.call_and_validate(
        base_url=live_api.base_url,
        headers={"Authorization": f"Bearer {live_api.tokens[role]}"},
        checks=CHECKS,
    )
