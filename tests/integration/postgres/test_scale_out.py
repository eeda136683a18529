"""Several writers and workers on one PostgreSQL, at a reduced size (the full acceptance run
is ``bench/stress_postgres.py --events-per-writer 10000``): nothing lost or stored twice,
per-trajectory order kept, through a server restart, SIGKILLed API servers and workers; and
the pieces that make it so (gaps in ids, races between catch-ups, the single-runner lock)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

import pytest

from api.bootstrap import build_ledger
from bench.stress_checks import Outcome
from bench.stress_postgres import phase_http, phase_inproc
from bench.workload import enrolment, opening, submission
from bench.workload import provider_actor as actor
from ledger import Ledger
from projections import ReadModels
from projections.leader import SingleRunner
from tests.postgres import Cluster
from tests.reference_data import load_reference_data


@pytest.fixture
def pg_url(postgres_cluster: Cluster) -> Iterator[str]:
    url = postgres_cluster.create_database("scale")
    yield url
    postgres_cluster.drop_database(url)


def stress_args(**overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "writers": 16,
        "events_per_writer": 200,
        "http_events_per_writer": 100,
        "http_batch": 5,
        "aggregates": 4,
        "servers": 2,
        "kills": 1,
        "kill_every": 2.0,
        "restart": True,
    }
    values.update(overrides)
    return argparse.Namespace(**values)


def canonical(models: ReadModels) -> str:
    return json.dumps(models.dump(), sort_keys=True, default=str)


@pytest.mark.slow
def test_sixteen_writer_processes_lose_and_duplicate_nothing_across_a_server_restart(
    postgres_cluster: Cluster, pg_url: str
) -> None:
    with build_ledger(pg_url) as ledger:
        load_reference_data(ledger)
    outcome = Outcome()
    phase_inproc(pg_url, postgres_cluster, stress_args(), outcome)
    assert not outcome.failures, outcome.lines
    assert any("restarted" in line for line in outcome.lines)


@pytest.mark.slow
def test_http_writers_survive_sigkilled_api_servers_and_projection_workers(
    pg_url: str, tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERSPOOR_KEY_SECRET", "a-test-secret-of-some-length")
    with build_ledger(pg_url) as ledger:
        load_reference_data(ledger)
    outcome = Outcome()
    phase_http(pg_url, stress_args(writers=4), outcome, tmp_path / "keys")  # type: ignore[operator]
    assert not outcome.failures, outcome.lines


def test_a_gap_left_by_a_rolled_back_append_is_passed_over(pg_url: str) -> None:
    with build_ledger(pg_url) as ledger:
        load_reference_data(ledger)
        models = ReadModels(pg_url, ledger)
        trajectory = ledger.post(None, submission(opening("gap")), actor=actor()).aggregate_id
        with models.engine.connect() as conn:  # draws an id, then rolls back: a gap for good
            conn.exec_driver_sql(
                "INSERT INTO ledger_events (originator_id, originator_version, topic, state) "
                "VALUES (gen_random_uuid(), 1, 'x', '')"
            )
            conn.rollback()
        last = ledger.post(trajectory, submission(enrolment("gap-1")), actor=actor())
        ids = [n.id for n in ledger.recorder.select_notifications(start=1, limit=100_000)]
        assert ids != list(range(1, len(ids) + 1)), "no gap"
        models.catch_up_all()
        # The receipt names the event's own position; its idempotency marker follows it.
        assert last.position == ids[-2]
        assert {s.position for s in models.status()} == {ids[-1]}
        models.close()


def test_two_processes_catching_up_the_same_views_agree_with_a_rebuild(database_url: str) -> None:
    ledger = build_ledger(database_url)
    load_reference_data(ledger)
    first, second = (
        ReadModels(database_url, ledger),
        ReadModels(
            database_url,
            Ledger(env=dict(ledger.env), clock=ledger.clock, data_keys=ledger.data_keys),
        ),
    )
    trajectory = ledger.post(None, submission(opening("race")), actor=actor()).aggregate_id
    for n in range(30):
        ledger.post(trajectory, submission(enrolment(f"race-{n}")), actor=actor())
        (first if n % 3 else second).catch_up_all(limit=7)
        if n % 5 == 0:
            second.catch_up_all(limit=3)
    first.catch_up_all()
    second.catch_up_all()
    incremental = canonical(first)
    assert canonical(second) == incremental
    first.rebuild()
    assert canonical(first) == incremental
    first.close()
    second.close()
    ledger.close()


def test_only_one_process_holds_the_single_runner_lock(pg_url: str) -> None:
    with build_ledger(pg_url) as ledger:
        models = ReadModels(pg_url, ledger)
        other = ReadModels(pg_url, ledger)
        one, two = SingleRunner(models.engine, "x"), SingleRunner(other.engine, "x")
        with one.hold() as first:
            assert first
            assert one.holder_pid() is not None
            with two.hold() as second:
                assert not second
        with two.hold() as second:
            assert second
        models.close()
        other.close()


def test_log_positions_past_two_billion_are_kept_on_postgresql(pg_url: str) -> None:
    """Notification ids are BIGSERIAL on PostgreSQL; the read models' position columns must
    hold every one of them."""
    from eventsourcing.persistence import Tracking

    with build_ledger(pg_url) as ledger:
        models = ReadModels(pg_url, ledger)
        far = 3_000_000_000
        view = models.projections["cohorts"].view
        view.insert_tracking(Tracking(ledger.name, far))
        assert view.max_tracking_id(ledger.name) == far
        models.close()


def start_like_a_server(pg_url: str) -> None:
    from api.bootstrap import Components
    from api.settings import Settings

    parts = Components(Settings(database_url=pg_url))
    try:
        assert parts.engine is not None  # migrates the read models and the API's stores
    finally:
        parts.close()


def test_processes_starting_together_on_a_fresh_database_all_come_up(pg_url: str) -> None:
    """``uvicorn --workers N`` and a worker start at once: each migrates the read models and
    creates the API's tables; none may fail on the others' CREATE TABLE."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(6) as pool:
        pool.map(start_like_a_server, [pg_url] * 6)
