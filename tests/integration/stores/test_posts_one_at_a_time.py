"""Posts side by side (``api.services.Services.posting`` and ``posts_on_loop``): one at a
time and on the event loop itself on the embedded SQLite file, which takes one writer at a
time anyway, so running them together, or on worker threads, only passed the interpreter's
lock between threads; side by side on worker threads on a database server, which takes
writers side by side and may be slow to answer."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from api.http import create_app
from api.settings import Settings
from ledger import Learner, Ledger, Organisation, Receipt, Role
from tests.contract_checks import a_posted_event
from tests.live_server import serving
from tests.reference_data import load_reference_data


class Rendezvous:
    """Wraps ``Ledger.post``: each post waits, up to ``patience`` seconds, for a second one
    to be inside too; the most posts seen inside at once is kept, and for each post whether
    it ran on an event loop's thread."""

    def __init__(self, ledger: Ledger, patience: float) -> None:
        self.most = 0
        self.on_loop: list[bool] = []
        self._inside = 0
        self._changed = threading.Condition()
        self._patience = patience
        self._post = ledger.post

    def post(self, *args: Any, **kwargs: Any) -> Receipt:
        self.on_loop.append(on_event_loop())
        with self._changed:
            self._inside += 1
            self.most = max(self.most, self._inside)
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._inside >= 2, timeout=self._patience)
        try:
            return self._post(*args, **kwargs)
        finally:
            with self._changed:
                self._inside -= 1


def on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def an_opening(learner: str) -> dict[str, Any]:
    return a_posted_event(
        "TrajectoryOpened",
        "open",
        "2026-09-01T09:00:00+02:00",
        {
            "learner_id": str(Learner.id_for(learner)),
            "pathway": "microdegree",
            "qualification_code": "GRAD-DATA",
            "lead_provider": str(Organisation.id_for("hogeschool-data")),
            "partners": [],
        },
    )


def test_posts_run_one_at_a_time_on_the_event_loop_only_on_the_embedded_store(
    backend: str, database_url: str, tmp_path: Path
) -> None:
    embedded = backend == "sqlite"
    app = create_app(Settings(database_url=database_url, keys_dir=tmp_path / "keys"))
    ledger: Ledger = app.state.ledger
    load_reference_data(ledger)
    issued = app.state.tokens.create(
        Role.PROVIDER, organisation_id=Organisation.id_for("hogeschool-data")
    )
    # On SQLite a post waits one second for a second that never comes in (the loop it runs
    # on reads the second request only after it); on PostgreSQL the
    # second comes in at once, and a loaded machine gets half a minute to bring it.
    rendezvous = Rendezvous(ledger, patience=1.0 if embedded else 30.0)
    ledger.post = rendezvous.post  # type: ignore[method-assign]
    with serving(app) as base:

        def post(learner: str) -> httpx.Response:
            with httpx.Client(base_url=base, timeout=60) as client:
                return client.post(
                    "/v1/trajectories",
                    json=an_opening(learner),
                    headers={"Authorization": f"Bearer {issued.secret}"},
                )

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(post, ["jana", "ilias"]))
    app.state.components.close()
    assert [answer.status_code for answer in answers] == [201, 201], [a.text for a in answers]
    assert len({UUID(answer.json()["trajectory_id"]) for answer in answers}) == 2
    assert rendezvous.most == (1 if embedded else 2)
    assert rendezvous.on_loop == [embedded, embedded]
