"""The six seed scenarios driven only through the HTTP API, each ending with the badges its
awards earn (the partial-certificate and qualification badges) issued and active."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from api.bootstrap import build_ledger
from api.demo.loader import load_reference_data, trajectory_ids
from api.demo.scenarios import ActorSpec, scenarios
from api.http.app import create_app
from api.settings import Settings
from ledger import Organisation, Role
from tests.live_server import serving


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    folder: Path = tmp_path_factory.mktemp("scenarios")
    url = f"sqlite:///{folder / 'leerspoor.db'}"
    ledger = build_ledger(url)
    load_reference_data(ledger)
    app = create_app(Settings(database_url=url, keys_dir=folder / "keys"), ledger=ledger)
    with serving(app) as base:
        yield base, app.state.tokens


def test_every_seed_scenario_posted_over_http_ends_with_its_award_badges(
    server: tuple[str, object],
) -> None:
    base, store = server
    tokens: dict[ActorSpec, str] = {}
    all_scenarios = scenarios()
    ids = trajectory_ids(all_scenarios)
    with httpx.Client(base_url=base, timeout=60) as client:
        for scenario in all_scenarios:
            for step in scenario.steps:
                if step.actor not in tokens:
                    tokens[step.actor] = store.create(  # type: ignore[attr-defined]
                        Role(step.actor.role),
                        organisation_id=Organisation.id_for(step.actor.organisation),
                        valid_for=timedelta(hours=1),
                    ).secret
                body = {
                    "type": step.event_type,
                    "event_id": step.event_id,
                    "occurred_at": step.occurred_at,
                    "data": step.fields,
                }
                path = (
                    "/v1/trajectories"
                    if step.event_type == "TrajectoryOpened"
                    else f"/v1/trajectories/{ids[step.trajectory]}/events"
                )
                response = client.post(
                    path, json=body, headers={"Authorization": f"Bearer {tokens[step.actor]}"}
                )
                assert response.status_code == 201, (step.event_id, response.text)
        for scenario in all_scenarios:
            lead = next(s.actor for s in scenario.steps if s.event_type == "TrajectoryOpened")
            for key, expected in scenario.expected.items():
                state = client.get(
                    f"/v1/trajectories/{ids[key]}",
                    headers={"Authorization": f"Bearer {tokens[lead]}"},
                ).json()
                assert state["status"] == expected.status
                assert tuple(state["missing"]) == expected.missing
                award_badges = {
                    b["achievement_code"]
                    for b in state["badges"]
                    if b["achievement_kind"] in ("partial_certificate", "qualification")
                    and b["status"] == "active"
                }
                assert award_badges == expected.awards, key
