"""PostgreSQL going away under an HTTP client: the API answers a retryable 503 problem, and a
retry with the same event id, once the server is back, stores the event exactly once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.bootstrap import Components
from api.http import create_app
from api.settings import Settings
from bench.workload import PROVIDER, enrolment, opening
from ledger import Organisation, Role
from projections.topics import trajectory_topics
from tests.live_server import serving
from tests.postgres import Cluster, ExistingServer
from tests.reference_data import load_reference_data


@pytest.fixture
def outage_url(postgres_cluster: Cluster) -> Iterator[str]:
    if isinstance(postgres_cluster, ExistingServer):
        pytest.skip("an existing PostgreSQL server is never stopped by the tests")
    url = postgres_cluster.create_database("outage")
    yield url
    postgres_cluster.drop_database(url)


def test_http_clients_get_a_retryable_503_while_postgresql_is_down_and_lose_nothing(
    postgres_cluster: Cluster, outage_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=outage_url, keys_dir=tmp_path / "keys")
    parts = Components(settings)
    ledger = parts.ledger
    load_reference_data(ledger)
    token = parts.tokens.create(Role.PROVIDER, organisation_id=Organisation.id_for(PROVIDER)).secret
    app = create_app(settings, ledger=ledger)
    headers = {"Authorization": f"Bearer {token}"}
    with serving(app) as base, httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        opened = client.post("/v1/trajectories", json=opening("outage"))
        assert opened.status_code == 201, opened.text
        path = f"/v1/trajectories/{opened.json()['trajectory_id']}/events"
        body = enrolment("outage-1")

        postgres_cluster.stop()
        try:
            down = client.post(path, json=body)
        finally:
            postgres_cluster.start()

        assert down.status_code == 503, down.text
        assert down.headers["content-type"].startswith("application/problem+json")
        assert down.json()["type"] == "https://leerspoor.be/problems/store-unavailable"
        assert int(down.headers["Retry-After"]) >= 1

        deadline = time.monotonic() + 60
        retried = client.post(path, json=body)
        while retried.status_code == 503 and time.monotonic() < deadline:
            time.sleep(int(retried.headers["Retry-After"]))
            retried = client.post(path, json=body)
        assert retried.status_code in (200, 201), retried.text
        again = client.post(path, json=body)
        assert again.status_code == 200
        assert again.json()["version"] == retried.json()["version"]

    stored = ledger.recorder.select_notifications(
        start=None, limit=1_000, topics=trajectory_topics("ModuleEnrolled")
    )
    assert [n.originator_version for n in stored] == [retried.json()["version"]]
    ledger.close()
