"""What the background refresh costs per posted event: CPU milliseconds and statements on
``rm_tracking``, with one client posting one event at a time and with a few clients at once.

The app runs in this process behind a real uvicorn server on loopback; clients post
``ModuleEnrolled`` events (as ``bench/api.py`` does). The refresh's CPU is measured two
ways: directly, as the CPU time of the threads running catch-ups (``time.thread_time``
around every catch-up, in the background and before reads), and as a difference: each
scenario also runs with the background refresh switched off (the posts alone), and the
process CPU time of the two runs is compared. The run with the refresh ends with one more
catch-up, so nothing is left over. Statements are counted on the read models' engine during
the posts of the first run. The direct figure is the steadier one on a busy machine.

Usage: ``.venv/bin/python bench/refresh_cost.py [--events N] [--postgres]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds modules named like our packages (badges.py, api.py): keep it off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from api.bootstrap import build_ledger  # noqa: E402
from api.http import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.workload import enrolment, opening, provider_token  # noqa: E402
from tests.live_server import serving  # noqa: E402
from tests.reference_data import load_reference_data  # noqa: E402


@contextmanager
def counting(engine: Any) -> Any:
    """Counts statements on ``rm_tracking`` by verb while the block runs."""
    counts: Counter[str] = Counter()

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "rm_tracking" in statement:
            counts[statement.split(None, 1)[0].upper()] += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def timed_catch_ups(services: Any) -> list[float]:
    """Wraps whatever catches the followers up (``followers.catch_up`` now; ``refresh``
    before there was one follower mechanism) to add each call's thread CPU time to the
    returned one-element list."""
    owner = getattr(services, "followers", services)
    name = "catch_up" if owner is not services else "refresh"
    original = getattr(owner, name)
    spent = [0.0]
    lock = threading.Lock()

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                spent[0] += time.thread_time() - started

    setattr(owner, name, timed)
    return spent


def run(url: str, keys: Path, events: int, clients: int, refresh: bool) -> dict[str, float]:
    ledger = build_ledger(url)
    load_reference_data(ledger)
    token = provider_token(url)
    app = create_app(Settings(database_url=url, keys_dir=keys), ledger=ledger)
    services = app.state.services
    spent = timed_catch_ups(services)
    headers = {"Authorization": f"Bearer {token}"}
    with serving(app) as base:
        sessions = [
            httpx.Client(base_url=base, headers=headers, timeout=120) for _ in range(clients)
        ]
        trajectories = [
            s.post("/v1/trajectories", json=opening()).json()["trajectory_id"] for s in sessions
        ]

        def post(session: httpx.Client, trajectory: str, count: int) -> None:
            for _ in range(count):
                answer = session.post(f"/v1/trajectories/{trajectory}/events", json=enrolment())
                if answer.status_code != 201:
                    raise RuntimeError(f"{answer.status_code}: {answer.text}")

        def all_clients(count: int) -> None:
            threads = [
                threading.Thread(target=post, args=(s, t, count))
                for s, t in zip(sessions, trajectories, strict=True)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        all_clients(max(1, 20 // clients))  # warm-up: caches, first keys, compiled SQL
        services.refresh()
        if not refresh:
            services.refresh_soon = lambda: None
        per_client = events // clients
        with counting(services.read_models.engine) as counts:
            spent[0] = 0.0
            cpu, wall = time.process_time(), time.perf_counter()
            all_clients(per_client)
            if refresh:
                services.refresh()  # what the background had not done yet
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        for session in sessions:
            session.close()
    posted = per_client * clients
    app.state.components.close()  # the ledger, the stores' and read models' engines
    return {
        "refresh_ms": spent[0] * 1000 / posted,
        "cpu_ms": cpu * 1000 / posted,
        "wall_ms": wall * 1000 / posted,
        "select": counts["SELECT"] / posted,
        "update": counts["UPDATE"] / posted,
        "insert": counts["INSERT"] / posted,
    }


def measure(
    name: str, url_for: Callable[[str], str], keys: Path, events: int, clients: int, rounds: int
) -> None:
    on: list[dict[str, float]] = []
    off: list[dict[str, float]] = []
    for r in range(rounds):
        on.append(run(url_for(f"on{r}"), keys, events, clients, refresh=True))
        off.append(run(url_for(f"off{r}"), keys, events, clients, refresh=False))

    def median(rows: list[dict[str, float]], key: str) -> float:
        values = sorted(row[key] for row in rows)
        return values[len(values) // 2]

    refresh_cpu = median(on, "cpu_ms") - median(off, "cpu_ms")
    print(
        f"{name}, {clients} client(s), {events} events, median of {rounds}: "
        f"catch-ups {median(on, 'refresh_ms'):.2f} ms thread CPU/event; "
        f"server+client CPU {median(on, 'cpu_ms'):.2f} ms/event with refresh, "
        f"{median(off, 'cpu_ms'):.2f} without -> {refresh_cpu:.2f} ms CPU/event; "
        f"rm_tracking per post: {median(on, 'select'):.2f} SELECT, "
        f"{median(on, 'update'):.2f} UPDATE, {median(on, 'insert'):.2f} INSERT",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway cluster")
    args = parser.parse_args()
    os.environ.setdefault("LEERSPOOR_KEY_SECRET", "refresh-cost-key-secret-0123456789")
    with tempfile.TemporaryDirectory() as folder:
        keys = Path(folder) / "keys"
        for clients in (1, 8):
            measure(
                "SQLite",
                lambda tag: f"sqlite:///{folder}/{tag}-{uuid4().hex[:6]}.db",
                keys,
                args.events,
                clients,
                args.rounds,
            )
        if args.postgres:
            from tests.postgres import throwaway_cluster

            with contextmanager(throwaway_cluster)() as cluster:
                for clients in (1, 8):
                    measure(
                        "PostgreSQL",
                        lambda tag: cluster.create_database(tag),
                        keys,
                        args.events,
                        clients,
                        args.rounds,
                    )


if __name__ == "__main__":
    main()
