"""Shared fixtures: a ledger on the in-memory store with a ticking clock, Hypothesis
profiles (a derandomised ``ci`` profile keeps CI runs reproducible), and ``backend`` /
``database_url``: a fresh database per test on SQLite and on a throwaway PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ledger import Ledger
from tests.builders import TickingClock, a_ledger
from tests.postgres import Cluster, PostgresUnavailableError, throwaway_cluster

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def ledger(clock: TickingClock) -> Ledger:
    """A ledger on the POPO store with the demo catalogue, organisations and learners."""
    return a_ledger(clock)


# -- both backends -------------------------------------------------------------------------

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster for the whole run (installed with apt if missing);
    skipped, with the reason, when none can be had."""
    if os.environ.get("LEERSPOOR_TEST_POSTGRES") == "0":
        pytest.skip("PostgreSQL tests disabled (LEERSPOOR_TEST_POSTGRES=0)")
    try:
        yield from throwaway_cluster()
    except PostgresUnavailableError as error:
        pytest.skip(f"PostgreSQL unavailable: {error}")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The store a test runs on: each test using it runs once on SQLite, once on PostgreSQL."""
    return str(request.param)


def fresh_database(
    backend: str, folder: Callable[[], Path], request: pytest.FixtureRequest
) -> Iterator[str]:
    """A new, empty database on ``backend``: a file in ``folder()``, or a PostgreSQL
    database dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder() / 'leerspoor.db'}"
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on ``backend`` for this test."""
    yield from fresh_database(backend, lambda: tmp_path, request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``database_url`` shared by a module's tests (for module-scoped fixtures)."""
    yield from fresh_database(request.param, lambda: tmp_path_factory.mktemp("store"), request)
