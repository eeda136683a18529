"""A ``leerspoor projections run`` worker busy catching up stops within five seconds of
SIGTERM even when its database has gone away under it: the server stopped, or frozen so
that every call to it hangs (as behind a network partition). Before, it waited out its
connection pool's timeouts (30 s and more) and had to be killed.

These tests stop or freeze a PostgreSQL cluster of their own, never the shared one."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
import pytest

from api.bootstrap import build_ledger
from bench.eventgen import generate
from tests.postgres import Cluster, PostgresUnavailableError, throwaway_cluster
from tests.processes import Child, children, leerspoor

STOPPED_WITHIN = 5.0


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[Cluster]:
    if os.environ.get("LEERSPOOR_TEST_POSTGRES") == "0":
        pytest.skip("PostgreSQL tests disabled (LEERSPOOR_TEST_POSTGRES=0)")
    if os.environ.get("LEERSPOOR_TEST_POSTGRES_URL"):
        pytest.skip("an existing PostgreSQL server is never stopped by the tests")
    try:
        yield from throwaway_cluster()
    except PostgresUnavailableError as error:
        pytest.skip(f"PostgreSQL unavailable: {error}")


def server_processes(cluster: Cluster) -> list[int]:
    """The postmaster and every process it started."""
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    found = [postmaster]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == postmaster:
            found.append(int(stat.parent.name))
    return found


@contextmanager
def gone(cluster: Cluster, how: str) -> Iterator[None]:
    """The database away for the block: stopped at once, or frozen (SIGSTOP)."""
    if how == "stopped":
        cluster.stop("immediate")
        try:
            yield
        finally:
            cluster.start()
        return
    frozen = server_processes(cluster)
    for pid in frozen:
        _signal_if_there(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in frozen:
            _signal_if_there(pid, signal.SIGCONT)


def _signal_if_there(pid: int, signum: int) -> None:
    # A server process listed a moment ago may have ended since (a backend that was already
    # exiting): it needs neither freezing nor continuing.
    with suppress(ProcessLookupError):
        os.kill(pid, signum)


def positions(cluster: Cluster, url: str) -> list[int]:
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(cluster.libpq_url(database), connect_timeout=10) as conn:
        try:
            rows = conn.execute("SELECT notification_id FROM rm_tracking").fetchall()
        except psycopg.errors.UndefinedTable:
            return []  # not migrated yet
    return [int(r[0]) for r in rows]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["stopped", "frozen"])
def test_a_busy_worker_stops_within_five_seconds_of_sigterm_when_its_database_goes_away(
    own_cluster: Cluster, how: str, tmp_path: Path
) -> None:
    url = own_cluster.create_database("worker")
    with build_ledger(url) as ledger:
        generate(ledger, 3_000, concurrent=200)
        head = ledger.recorder.max_notification_id() or 0
    command = leerspoor("projections", "run", "--issue", "--db", url, "--batch", "20")
    env = {"LEERSPOOR_KEY_SECRET": "a-test-secret-of-some-length"}
    env["LEERSPOOR_KEYS_DIR"] = str(tmp_path / "keys")
    with children() as started:
        worker = Child(command, tmp_path / "worker.log", env)
        started.append(worker)
        # Busy: its first pages are committed, most of the log is still ahead of it.
        worker.wait_until(
            lambda: any(0 < p < head // 2 for p in positions(own_cluster, url)),
            "the worker committing its first pages",
        )
        with gone(own_cluster, how):
            sent = time.monotonic()
            worker.signal(signal.SIGTERM)
            worker.wait_until(
                lambda: worker.process.poll() is not None,
                "the worker ending after SIGTERM",
                deadline=60,
            )
            took = time.monotonic() - sent
    assert took < STOPPED_WITHIN, f"{took:.1f} s\n{worker.output()}"
    assert worker.process.returncode in (0, 128 + signal.SIGTERM), worker.output()
