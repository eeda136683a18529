"""``create_app`` builds every part through the composition root from one ``Settings``: the
clock it is given is the one the ledger records with."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import httpx

from api.demo import InProcess, load_reference_data
from api.http import create_app
from api.settings import Settings
from ledger import Organisation, Role
from tests.e2e.api.test_role_matrix import opening
from tests.live_server import serving

MOMENT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_the_clock_given_to_create_app_is_the_ledgers(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'clock.db'}", keys_dir=tmp_path)
    app = create_app(settings, clock=lambda: MOMENT)
    ledger = app.state.ledger
    load_reference_data(InProcess(ledger))
    token = app.state.tokens.create(
        Role.PROVIDER, organisation_id=Organisation.id_for("cdl-elektro")
    ).secret
    with serving(app) as base:
        opened = httpx.post(
            f"{base}/v1/trajectories",
            json=opening(),
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
    assert opened.status_code == 201, opened.text
    (event,) = ledger.history(UUID(opened.json()["trajectory_id"]))
    assert event.recorded_at == MOMENT
