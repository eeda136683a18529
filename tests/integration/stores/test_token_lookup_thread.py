"""Where a request's token lookup runs (``api.http.deps.principal_of``): on the event loop
when the store is the embedded SQLite file, whose reads never wait on a network or, in WAL
mode, on a writer; on a worker thread when it is a database server, so a slow answer from
it never stops the loop serving everyone else."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi.testclient import TestClient

from api.http import create_app
from api.settings import Settings
from api.stores import Principal, TokenStore
from ledger import Organisation, Role


def on_the_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def lookups_on_the_loop(database_url: str, keys: Path) -> list[bool]:
    """For one authenticated request: whether each token lookup ran on the event loop."""
    app = create_app(Settings(database_url=database_url, keys_dir=keys))
    tokens: TokenStore = app.state.tokens
    issued = tokens.create(Role.PROVIDER, organisation_id=Organisation.id_for("syntra-vl"))
    seen: list[bool] = []
    authenticate = tokens.authenticate

    def recorded(secret: str) -> Principal | None:
        seen.append(on_the_event_loop())
        return authenticate(secret)

    tokens.authenticate = recorded  # type: ignore[method-assign]
    with TestClient(app) as client:
        answer = client.get(
            "/v1/organisations", headers={"Authorization": f"Bearer {issued.secret}"}
        )
    assert answer.status_code == 200, answer.text
    app.state.components.close()
    return seen


def test_the_token_lookup_runs_on_the_loop_only_on_the_embedded_store(
    backend: str, database_url: str, tmp_path: Path
) -> None:
    embedded = backend == "sqlite"
    assert lookups_on_the_loop(database_url, tmp_path / "keys") == [embedded]
