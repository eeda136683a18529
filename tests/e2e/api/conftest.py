"""A real server for the HTTP tests: uvicorn on a loopback port, serving the app on a SQLite
file with the demo loaded, and one token per role and organisation the tests need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.bootstrap import Components
from api.demo import load_demo
from api.http import create_app
from api.settings import Settings
from api.stores import TokenStore
from ledger import Ledger, Role
from tests.e2e.api.demo_over_http import OverHttp
from tests.live_server import serving
from tests.tokens import a_token


@dataclass
class LiveApi:
    base_url: str
    ledger: Ledger
    trajectories: dict[str, object]
    tokens: dict[str, str]
    store: TokenStore

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    folder: Path = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{folder / 'leerspoor.db'}"
    settings = Settings(database_url=url, max_body_bytes=65_536, keys_dir=folder / "keys")
    parts = Components(settings)
    ledger = parts.ledger
    ids = dict(load_demo(ledger).trajectories)
    store = parts.tokens

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

    app = create_app(settings, ledger=ledger)
    with serving(app) as base:
        yield LiveApi(base, ledger, ids, tokens, store)


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
    folder: Path = tmp_path_factory.mktemp("fresh")
    settings = Settings(database_url=f"sqlite:///{folder / 'fresh.db'}", keys_dir=folder / "keys")
    app = create_app(settings)
    admin = app.state.tokens.create(Role.ADMIN).secret  # the first admin token (the CLI's)
    with serving(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield FreshApi(OverHttp(client, admin), app.state.ledger)
