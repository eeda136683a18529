"""The Open Badges discovery document advertises only what the server does: its terms and
privacy pages are served, and every scope it offers guards a route of the API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.demo import learner_id
from api.stores import OB_SCOPES
from ledger import Role
from tests.e2e.api.conftest import LiveApi

OB = "/ims/ob/v3p0"
# Every route of the Open Badges API, with a body where it takes one.
ROUTES: list[tuple[str, str, Any]] = [
    ("GET", f"{OB}/credentials", None),
    ("POST", f"{OB}/credentials", {"credential": {}}),
    ("GET", f"{OB}/profile", None),
]


def discovery(live_api: LiveApi) -> dict[str, Any]:
    with live_api.client() as anonymous:
        document: dict[str, Any] = anonymous.get(f"{OB}/discovery").json()
    return document


def test_every_page_the_discovery_document_links_is_served(live_api: LiveApi) -> None:
    info = discovery(live_api)["info"]
    linked = [v for k, v in info.items() if isinstance(v, str) and v.startswith("http")]
    assert {"termsOfService", "x-imssf-privacyPolicyUrl"} <= set(info)
    for url in linked:
        page = httpx.get(url, timeout=30)
        assert page.status_code == 200, url
        assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("scope", sorted(OB_SCOPES))
def test_every_scope_offered_guards_a_route(live_api: LiveApi, scope: str) -> None:
    """A learner token with every scope but this one is refused by some route, naming it."""
    others = tuple(url for name, url in OB_SCOPES.items() if name != scope)
    token = live_api.store.create(
        Role.LEARNER, subject=str(learner_id("ilias")), scopes=others
    ).secret
    refusals = []
    with live_api.client() as client:
        for method, path, body in ROUTES:
            answer = client.request(
                method, path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            refusals.append(answer.status_code == 403 and OB_SCOPES[scope] in answer.text)
    assert any(refusals), f"no route needs {scope}"
    offered = discovery(live_api)["components"]["securitySchemes"]["OAuth2ACG"]["flows"]
    assert set(offered["authorizationCode"]["scopes"]) == set(OB_SCOPES.values())
