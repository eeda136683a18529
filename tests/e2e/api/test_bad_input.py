"""Bad input over real HTTP: every JSON route and every form answers a clear problem (400,
413 or 422 with a stable type), never a 500, for the shapes issue 15 found and a few more."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ledger import Organisation
from tests.e2e.api.conftest import LiveApi

PROBLEM = "https://leerspoor.be/problems/"
OPENAPI = Path(__file__).resolve().parents[3] / "contracts" / "openapi.json"
LIMIT = 65_536  # the live server's max_body_bytes
OB = "/ims/ob/v3p0/credentials"

# Every route that takes a JSON body, with the token that gets it past authentication.
JSON_ROUTES: dict[str, str | None] = {
    "/v1/trajectories": "lead",
    "/v1/trajectories/{trajectory}/events": "lead",
    "/v1/events:batch": "lead",
    "/v1/me/credentials/{badge}/shares": "learner",
    "/oauth/register": None,
    "/v1/verify": None,  # also multipart (a file)
    "/v1/admin/trusted-issuers/{issuer}": "admin",
    OB: "learner",  # the JSON body is read raw, not declared in the OpenAPI document
    "/v1/admin/catalogue": "admin",
    "/v1/admin/catalogue:check": "admin",
    "/v1/admin/organisations": "admin",
    "/v1/admin/organisations/{org}/recognitions": "admin",
    "/v1/admin/organisations/{org}/recognitions:withdraw": "admin",
    "/v1/admin/tokens": "admin",
    "/v1/organisations/{org}/accreditations": "admin",
    "/v1/organisations/{org}/accreditations:withdraw": "admin",
    "/v1/organisations/{org}/mentor-trainings": "admin",
    "/v1/learners": "lead",
    "/v1/me/credential-offers": "learner",
    "/v1/presentations/verify": None,
}
# The routes above that take their body with another method than POST.
METHODS = {"/v1/admin/trusted-issuers/{issuer}": "PUT"}
FORM_ROUTES: dict[str, str | None] = {
    "/v1/verify": None,
    "/verify": None,
    "/signin": None,
    "/oauth/authorize": None,
    "/oauth/token": None,
    "/oid4vp/response": None,
    "/wallet/offers": None,
}


def test_every_route_with_a_json_body_is_in_the_table() -> None:
    document = json.loads(OPENAPI.read_text())
    declared = {
        path.replace("{trajectory_id}", "{trajectory}")
        .replace("{badge_id}", "{badge}")
        .replace("{issuer_id}", "{issuer}")
        .replace("{organisation_id}", "{org}")
        for path, operations in document["paths"].items()
        for operation in operations.values()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    assert declared <= set(JSON_ROUTES)


def target(api: LiveApi, path: str) -> str:
    with api.client("learner") as client:
        badge = client.get("/v1/me/credentials").json()[0]["badge_id"]
    return path.format(
        trajectory=api.trajectories["duaal-ilias"],
        badge=badge,
        issuer="did:key:z6MkBadInput",
        org=Organisation.id_for("elektro-peeters-illustratief"),
    )


def post(api: LiveApi, path: str, who: str | None, content: Any, media: str) -> httpx.Response:
    with api.client(who) as client:
        return client.request(
            METHODS.get(path, "POST"),
            target(api, path),
            content=content,
            headers={"content-type": media},
        )


def problem_type(response: httpx.Response, path: str) -> str:
    """The problem's type; the Open Badges API answers in its own document instead."""
    if path == OB:
        assert response.json()["imsx_codeMajor"] == "failure"
        return "imsx"
    assert response.headers["content-type"] == "application/problem+json"
    kind: str = response.json()["type"]
    return kind.removeprefix(PROBLEM)


def chunks(total: int, size: int = 8192) -> Iterator[bytes]:
    """A body without Content-Length: httpx sends it chunked."""
    yield b'{"pad": "'
    for _ in range(total // size + 1):
        yield b"x" * size
    yield b'"}'


BAD_JSON = [
    (b"{not json", 400, "malformed-body"),
    (b'{"a": "\\ud800"}', 400, "malformed-body"),
    (b'{"n": ' + b"9" * 5000 + b"}", 400, "malformed-body"),
    (b"[" * 1000 + b"]" * 1000, 422, "nesting-too-deep"),
    (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, 422, "nesting-too-deep"),  # under the limit
]


@pytest.mark.parametrize(
    ("data", "status", "kind"), BAD_JSON, ids=["syntax", "surrogate", "digits", "deep", "deeper"]
)
@pytest.mark.parametrize(("path", "who"), JSON_ROUTES.items())
def test_bad_json_is_a_clear_problem_on_every_json_route(
    live_api: LiveApi, path: str, who: str | None, data: bytes, status: int, kind: str
) -> None:
    response = post(live_api, path, who, data, "application/json")
    assert response.status_code == status
    assert problem_type(response, path) == ("imsx" if path == OB else kind)


@pytest.mark.parametrize(("path", "who"), JSON_ROUTES.items())
def test_a_chunked_json_body_over_the_limit_is_413(
    live_api: LiveApi, path: str, who: str | None
) -> None:
    response = post(live_api, path, who, chunks(LIMIT + 1), "application/json")
    assert response.status_code == 413
    assert problem_type(response, path) == ("imsx" if path == OB else "payload-too-large")


@pytest.mark.parametrize(("path", "who"), FORM_ROUTES.items())
@pytest.mark.parametrize(
    "media", ["multipart/form-data; boundary=b", "application/x-www-form-urlencoded"]
)
def test_a_chunked_form_over_the_limit_is_413(
    live_api: LiveApi, path: str, who: str | None, media: str
) -> None:
    if media.startswith("multipart"):
        head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\n\r\n'
        body: Iterator[bytes] = iter([head, *chunks(LIMIT + 1), b"\r\n--b--\r\n"])
    else:
        body = iter([b"token=", *chunks(LIMIT + 1)])
    response = post(live_api, path, who, body, media)
    assert response.status_code == 413


@pytest.mark.parametrize("path", FORM_ROUTES)
def test_a_form_with_too_many_fields_is_400(live_api: LiveApi, path: str) -> None:
    with live_api.client() as client:
        response = client.post(path, data={f"field{i}": "x" for i in range(200)})
    assert response.status_code == 400
    assert response.json()["type"] == PROBLEM + "malformed-body"


def test_a_lone_surrogate_never_reaches_the_ledger(live_api: LiveApi) -> None:
    event = (
        b'{"type": "TrajectoryPaused", "event_id": "surrogate-1", '
        b'"occurred_at": "2026-10-01T09:00:00+02:00", "data": {"reason": "\\udfff"}}'
    )
    path = "/v1/trajectories/{trajectory}/events"
    refused = post(live_api, path, "lead", event, "application/json")
    with live_api.client("auditor") as auditor:
        stream = auditor.get("/v1/audit/events", params={"limit": 100_000}).text
    assert refused.status_code == 400
    assert "surrogate-1" not in stream


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "levels deep; limit 64"),
        (b"[" * 1000 + b"]" * 1000, "neither a JSON object nor a JWT"),
        (b'{"@context": ["\\ud800"], "type": ["VerifiableCredential"]}', "lone surrogate"),
    ],
)
@pytest.mark.parametrize("how", ["file", "raw body"])
def test_a_hostile_badge_file_is_unreadable_not_a_crash(
    live_api: LiveApi, data: bytes, detail: str, how: str
) -> None:
    with live_api.client() as public:
        if how == "file":
            response = public.post("/v1/verify", files={"file": ("badge.json", data)})
        else:
            response = public.post("/v1/verify", content=data)  # no JSON media type
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM + "unreadable-badge"
    assert detail in response.json()["detail"]


def test_the_verify_page_says_a_hostile_file_is_unreadable(live_api: LiveApi) -> None:
    deep = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
    with live_api.client() as browser:
        page = browser.post("/verify", files={"badge": ("badge.json", deep)})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "levels deep; limit 64" in page.text


def test_the_open_badges_api_refuses_deep_json_whatever_its_media_type(live_api: LiveApi) -> None:
    response = post(live_api, OB, "learner", b"[" * 1000 + b"]" * 1000, "text/json")
    assert response.status_code == 422
    assert (
        response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
        == "invalid_data"
    )


@pytest.mark.parametrize(
    ("media", "body"),
    [
        ("application/json", b'{"type": "OpenBadgeCredentialish", "id": "urn:x"}'),
        ("application/json", b'{"type": ["OpenBadgeCredential"], "id": 5}'),
        ("application/json", b'{"type": ["OpenBadgeCredential"], "id": {"a": 1}}'),
        ("application/json", b'{"type": ["OpenBadgeCredential"], "id": "' + b"x" * 501 + b'"}'),
        ("application/json", b'["OpenBadgeCredential"]'),
        ("text/plain", b"aaa.bbb.\xed\xa0\x80"),
        ("text/plain", b"aaa.bbb.c c"),
    ],
)
def test_the_open_badges_api_stores_only_what_it_can_keep(
    live_api: LiveApi, media: str, body: bytes
) -> None:
    response = post(live_api, OB, "learner", body, media)
    assert response.status_code == 400
    assert (
        response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
        == "invalid_data"
    )
