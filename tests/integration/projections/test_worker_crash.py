"""A worker killed with SIGKILL mid-run loses and duplicates nothing once restarted."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from api.bootstrap import build_ledger
from bench.eventgen import generate
from projections import ReadModels

REPO = Path(__file__).resolve().parents[3]
WORKER = "from api.cli.projections import projections_app; projections_app()"


def start_worker(db_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            WORKER,
            "run",
            "--db",
            db_url,
            "--batch",
            "40",
            "--interval",
            "0.05",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def positions(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path, timeout=30) as conn:
        try:
            rows = conn.execute("SELECT projection, notification_id FROM rm_tracking").fetchall()
        except sqlite3.OperationalError:  # the worker has not migrated yet
            return {}
    return dict(rows)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)  # polling interval, not a guess at how long the work takes


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

    worker = start_worker(db_url)
    try:
        wait_until(
            lambda: (
                0 < min(positions(db_path).values() or [0]) and len(positions(db_path)) == views
            ),
            60,
            "the worker to commit its first batches",
        )
        assert max(positions(db_path).values()) < head, "the worker finished before the kill"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        worker.kill()
    killed_at = positions(db_path)
    assert worker.returncode == -signal.SIGKILL

    worker = start_worker(db_url)
    try:
        wait_until(lambda: set(positions(db_path).values()) == {head}, 60, "the restarted worker")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(20) == 0, worker.stderr.read() if worker.stderr else ""
    finally:
        worker.kill()

    copy_path = tmp_path / "rebuilt.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy_path) as target:
        source.backup(target)
    copy_url = f"sqlite:///{copy_path}"
    resumed = ReadModels(db_url, ledger)
    rebuilt = ReadModels(copy_url, build_ledger(copy_url))
    rebuilt.rebuild()
    assert all(0 < p < head for p in killed_at.values())
    assert canonical(resumed) == canonical(rebuilt)
