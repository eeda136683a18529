"""A real server for the HTTP tests: uvicorn on a loopback port, serving the app on a SQLite
file with the demo loaded, and one token per role and organisation the tests need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from api.http import create_app
from ledger import Ledger, Role
from tests.demo_site import LiveDemo, demo_parts, sqlite_settings
from tests.e2e.api.demo_over_http import OverHttp
from tests.live_server import serving
from tests.tokens import a_token


@dataclass
class LiveApi(LiveDemo):
    """The demo served over HTTP, with one token per role and organisation the tests need."""

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    demo = demo_parts(tmp_path_factory.mktemp("api"), max_body_bytes=65_536)
    ledger = demo.parts.ledger
    store = demo.parts.tokens

    def token(role: Role, org: str | None = None, learner: str | None = None, **kw: Any) -> str:
        return a_token(store, role, org, learner, **kw)

    tokens = {
        "lead": token(Role.PROVIDER, "cdl-elektro"),
        "other_provider": token(Role.PROVIDER, "cvo-miras"),
        "workplace": token(Role.WORKPLACE, "elektro-peeters-illustratief"),
        "other_workplace": token(Role.WORKPLACE, "wzc-illustratief"),
        "partnership": token(Role.PARTNERSHIP, "partnerschap-duaal-elektro"),
        "learner": token(Role.LEARNER, learner="ilias"),
        "other_learner": token(Role.LEARNER, learner="jana"),
        "auditor": token(Role.AUDITOR),
        "admin": token(Role.ADMIN),
        "expired": token(Role.AUDITOR, valid_for=timedelta(microseconds=1)),
    }
    revoked = store.create(Role.AUDITOR)
    store.revoke(revoked.token_id)
    tokens["revoked"] = revoked.secret
    tokens["garbage"] = "lsp_nothing_real"

    app = create_app(demo.settings, ledger=ledger)
    with serving(app) as base:
        yield LiveApi(base, ledger, demo.trajectories, tokens, store)


@dataclass
class FreshApi:
    """A server on an empty store and the demo's HTTP client, holding one admin token."""

    api: OverHttp
    ledger: Ledger

    @property
    def base_url(self) -> str:
        return str(self.api.client.base_url)


@pytest.fixture(scope="module")
def fresh_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshApi]:
    app = create_app(sqlite_settings(tmp_path_factory.mktemp("fresh"), "fresh.db"))
    admin = app.state.tokens.create(Role.ADMIN).secret  # the first admin token (the CLI's)
    with serving(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield FreshApi(OverHttp(client, admin), app.state.ledger)
