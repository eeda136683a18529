"""The API's background refresh: a burst of writes shares one catch-up, and a read right after
a write sees it without waiting for the background (it catches up itself first)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from api.bootstrap import Components, build_ledger
from api.services import Services
from api.settings import Settings
from tests.builders import an_open_trajectory
from tests.reference_data import load_reference_data


@pytest.fixture
def services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    ledger = build_ledger(database_url)
    load_reference_data(ledger)
    settings = Settings(database_url=database_url, keys_dir=tmp_path / "keys")
    parts = Components(settings, ledger=ledger, coalesce=2.0)
    built = parts.services
    built.refresh()
    yield built
    parts.close()


def tracking_updates(services: Services) -> Counter[str]:
    """Counts, from now on, the statements that move positions."""
    counts: Counter[str] = Counter()

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE RM_TRACKING"):
            counts["update"] += 1

    event.listen(services.read_models.engine, "before_cursor_execute", seen)
    return counts


def caught_up(services: Services) -> bool:
    head = services.ledger.recorder.max_notification_id()
    return {s.position for s in services.followers.status()} == {head}


def test_a_burst_of_writes_is_caught_up_by_one_background_pass(services: Services) -> None:
    updates = tracking_updates(services)
    trajectory = an_open_trajectory(services.ledger, with_agreement=False)
    services.refresh_soon()
    for module in ("M-EI-BASIS", "M-EI-KLANT") * 5:
        trajectory.post("ModuleEnrolled", module_code=module)
        services.refresh_soon()

    deadline = time.monotonic() + 120
    while not caught_up(services):
        assert time.monotonic() < deadline, "the background refresh did not catch up"
        time.sleep(0.05)  # polling interval

    # One pass moves the read models, issuance and the hash tree once each (all five views
    # in one statement); one pass per write would have taken 11 times as many.
    assert updates["update"] <= 2 * 3


def test_a_read_right_after_a_write_sees_it_while_the_background_waits(
    services: Services,
) -> None:
    services.coalesce = 3600  # the background would wait an hour
    trajectory = an_open_trajectory(services.ledger, with_agreement=False)
    services.refresh_soon()

    services.refresh()  # what every read of something derived does first

    view = services.read_models.trajectories.get(trajectory.trajectory_id)  # type: ignore[arg-type]
    assert view is not None
    assert view["version"] == trajectory.version


def refresh_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "leerspoor-refresh"}


def test_closing_the_components_stops_a_background_catch_up_waiting_for_its_burst(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = build_ledger(database_url)
    load_reference_data(ledger)
    settings = Settings(database_url=database_url, keys_dir=tmp_path / "keys")
    parts = Components(settings, ledger=ledger, coalesce=3600)  # it would wait an hour
    services = parts.services
    before = refresh_threads()
    an_open_trajectory(services.ledger, with_agreement=False)
    services.refresh_soon()
    started = refresh_threads() - before
    assert len(started) == 1

    parts.close()

    # Stopped before the stores closed: it neither lingers nor wakes later to a closed pool.
    assert not any(thread.is_alive() for thread in started)
    assert "background refresh failed" not in caplog.text


def test_a_write_after_close_starts_no_background_catch_up(services: Services) -> None:
    services.close()
    before = refresh_threads()
    an_open_trajectory(services.ledger, with_agreement=False)
    services.refresh_soon()
    assert refresh_threads() - before == set()
