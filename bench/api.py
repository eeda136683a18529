"""HTTP API load: events posted per second and p50/p99 latency at 1, 10 and 50 concurrent
clients, beside the in-process append rate of the same events in the same run.

The server is a real `leerspoor serve` process on loopback; the load generator runs in a
second process (asyncio + httpx). Each client posts `ModuleEnrolled` events to its own
trajectory, so the figures measure appends and the read-model refresh every write does, not
optimistic-concurrency retries. Usage: `.venv/bin/python bench/api.py [--events N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

import httpx

ROOT = Path(__file__).resolve().parents[1]
# The script's own folder holds bench/badges.py, which would shadow the badges package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from api.bootstrap import build_ledger  # noqa: E402
from bench.workload import (  # noqa: E402
    enrolment,
    opening,
    provider_actor,
    provider_token,
    submission,
)
from tests.processes import Child, answers_http, children  # noqa: E402
from tests.reference_data import load_reference_data  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
CLIENTS = (1, 10, 50)


async def run_clients(
    base: str, token: str, trajectories: list[str], per_client: int
) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=len(trajectories))
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=120
    ) as client:

        async def one(trajectory: str) -> None:
            for _ in range(per_client):
                started = time.perf_counter()
                response = await client.post(
                    f"/v1/trajectories/{trajectory}/events", json=enrolment()
                )
                latencies.append(time.perf_counter() - started)
                if response.status_code != 201:
                    raise RuntimeError(f"{response.status_code}: {response.text}")

        await asyncio.gather(*(one(t) for t in trajectories))
    return latencies


def load_generator(
    base: str, token: str, trajectories: list[str], per_client: int, out: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    started = time.perf_counter()
    latencies = asyncio.run(run_clients(base, token, trajectories, per_client))
    out.put((time.perf_counter() - started, latencies))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def in_process_rate(events: int) -> float:
    """The same appends straight into the ledger: no HTTP, no refresh."""
    with tempfile.TemporaryDirectory() as folder:
        ledger = build_ledger(f"sqlite:///{folder}/inproc.db")
        load_reference_data(ledger)
        actor = provider_actor()
        opened = ledger.post(None, submission(opening()), actor=actor).aggregate_id
        for _ in range(20):  # warm-up
            ledger.post(opened, submission(enrolment()), actor=actor)
        started = time.perf_counter()
        for _ in range(events):
            ledger.post(opened, submission(enrolment()), actor=actor)
        return events / (time.perf_counter() - started)


def append_results(entries: list[dict[str, object]]) -> None:
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    names = {e["name"] for e in entries}
    kept = [e for e in existing if e.get("name") not in names]
    RESULTS.write_text(json.dumps(kept + entries, indent=2) + "\n")


def load_levels(url: str, keys: str, events: int) -> dict[int, tuple[float, float, float]]:
    """Serves ``url`` with `leerspoor serve` and runs the load at each concurrency level:
    clients -> (events/s, p50 ms, p99 ms)."""
    ledger = build_ledger(url)
    load_reference_data(ledger)
    token = provider_token(url)
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--db", url, "--port", str(port)]
    log = Path(keys).parent / f"server-{port}.log"
    base = f"http://127.0.0.1:{port}"
    figures: dict[int, tuple[float, float, float]] = {}
    with children() as started:
        server = Child(command, log, {"LEERSPOOR_KEYS_DIR": keys})
        started.append(server)
        server.wait_until(answers_http(f"{base}/health"), "the API server")
        headers = {"Authorization": f"Bearer {token}"}
        for clients in CLIENTS:
            trajectories = [
                httpx.post(
                    f"{base}/v1/trajectories", json=opening(), headers=headers, timeout=60
                ).json()["trajectory_id"]
                for i in range(clients)
            ]
            per_client = max(1, events // clients)
            # warm-up, then the measured run, each in a separate load-generator process
            for measured in (False, True):
                count = per_client if measured else max(1, 20 // clients)
                elapsed, latencies = generate_load(base, token, trajectories, count)
            figures[clients] = (
                len(latencies) / elapsed,
                percentile(latencies, 0.5) * 1000,
                percentile(latencies, 0.99) * 1000,
            )
    return figures


def generate_load(
    base: str, token: str, trajectories: list[str], count: int
) -> tuple[float, list[float]]:
    """Runs the load generator in a process of its own; its (seconds, latencies). Fails at
    once when the generator dies, and never leaves it running."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(
        target=load_generator, args=(base, token, trajectories, count, queue)
    )
    process.start()
    try:
        while True:
            try:
                result: tuple[float, list[float]] = queue.get(timeout=1)
                return result
            except Empty:
                if not process.is_alive():
                    raise RuntimeError(f"load generator exited with {process.exitcode}") from None
    finally:
        if process.is_alive():
            process.join(timeout=30)
        if process.is_alive():
            process.kill()


def entry(
    name: str, value: float, unit: str, baseline: str, base: float, higher: bool
) -> dict[str, object]:
    return {
        "name": name,
        "value": round(value, 2),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(base, 3),
        "ratio": round(value / base, 3),
        "higher_is_better": higher,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=600, help="events per concurrency level")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="the same load on PostgreSQL (a throwaway local cluster) beside SQLite",
    )
    args = parser.parse_args()
    entries: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = load_levels(f"sqlite:///{folder}/api.db", f"{folder}/keys", args.events)
        if args.postgres:
            from contextlib import contextmanager

            from tests.postgres import throwaway_cluster

            with contextmanager(throwaway_cluster)() as cluster:
                url = cluster.create_database("bench")
                postgres = load_levels(url, f"{folder}/pg-keys", args.events)
            for clients, (rate, p50, p99) in postgres.items():
                base_rate, base_p50, base_p99 = sqlite[clients]
                print(
                    f"PostgreSQL {clients:>2} clients: {rate:,.0f} events/s, p50 {p50:.1f} ms, "
                    f"p99 {p99:.1f} ms — {rate / base_rate:.2f}× the same load on SQLite"
                )
                peer = "the same API load on SQLite"
                entries.append(
                    entry(
                        f"api.postgresql.post_events_{clients}_clients",
                        rate,
                        "events/s",
                        peer,
                        base_rate,
                        True,
                    )
                )
                entries.append(
                    entry(
                        f"api.postgresql.latency_p50_{clients}_clients",
                        p50,
                        "ms",
                        peer,
                        base_p50,
                        False,
                    )
                )
                entries.append(
                    entry(
                        f"api.postgresql.latency_p99_{clients}_clients",
                        p99,
                        "ms",
                        peer,
                        base_p99,
                        False,
                    )
                )
            append_results(entries)
            return
    baseline = in_process_rate(args.events)
    print(f"in-process Ledger.post: {baseline:,.0f} events/s")
    inproc = "in-process Ledger.post (no HTTP, no refresh)"
    for clients, (rate, p50, p99) in sqlite.items():
        print(
            f"{clients:>2} clients: {rate:,.0f} events/s, p50 {p50:.1f} ms, "
            f"p99 {p99:.1f} ms — {rate / baseline:.2f}× the in-process append rate"
        )
        entries.append(
            entry(f"api.post_events_{clients}_clients", rate, "events/s", inproc, baseline, True)
        )
        for name, value in (("p50", p50), ("p99", p99)):
            entries.append(
                entry(
                    f"api.latency_{name}_{clients}_clients",
                    value,
                    "ms",
                    "in-process Ledger.post latency",
                    1000 / baseline,
                    False,
                )
            )
    append_results(entries)


if __name__ == "__main__":
    main()
