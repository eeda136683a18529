"""A worker killed with SIGKILL mid-run loses and duplicates nothing once restarted."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path

import pytest

from api.bootstrap import build_ledger
from bench.eventgen import generate
from projections import ReadModels
from tests.processes import Child, children, leerspoor


def start_worker(db_url: str, log: Path) -> Child:
    command = leerspoor("projections", "run", "--db", db_url, "--batch", "40")
    return Child([*command, "--interval", "0.05"], log, None)


def positions(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path, timeout=30) as conn:
        try:
            rows = conn.execute("SELECT projection, notification_id FROM rm_tracking").fetchall()
        except sqlite3.OperationalError:  # the worker has not migrated yet
            return {}
    return dict(rows)


def canonical(models: ReadModels) -> str:
    return json.dumps(models.dump(), sort_keys=True, default=str)


@pytest.mark.slow
def test_worker_killed_mid_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    db_path = tmp_path / "ledger.db"
    db_url = f"sqlite:///{db_path}"
    ledger = build_ledger(db_url)
    generate(ledger, 6_000, concurrent=300)
    head = ledger.recorder.max_notification_id() or 0
    views = len(ReadModels(db_url, ledger).names)

    with children() as started:
        worker = start_worker(db_url, tmp_path / "worker.log")
        started.append(worker)
        worker.wait_until(
            lambda: (
                0 < min(positions(db_path).values() or [0]) and len(positions(db_path)) == views
            ),
            "the worker to commit its first batches",
        )
        assert max(positions(db_path).values()) < head, "the worker finished before the kill"
        worker.signal(signal.SIGKILL)
        assert worker.process.wait() == -signal.SIGKILL
        killed_at = positions(db_path)

        worker = start_worker(db_url, tmp_path / "restarted.log")
        started.append(worker)
        worker.wait_until(
            lambda: set(positions(db_path).values()) == {head}, "the restarted worker"
        )
        assert worker.stop() == 0, worker.output()

    copy_path = tmp_path / "rebuilt.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy_path) as target:
        source.backup(target)
    copy_url = f"sqlite:///{copy_path}"
    resumed = ReadModels(db_url, ledger)
    rebuilt = ReadModels(copy_url, build_ledger(copy_url))
    rebuilt.rebuild()
    assert all(0 < p < head for p in killed_at.values())
    assert canonical(resumed) == canonical(rebuilt)
