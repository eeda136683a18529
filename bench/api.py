"""HTTP API load: what a posted event costs the server, and how long it waits there.

The server is ``bench/timed_server.py`` (``leerspoor serve``'s app on uvicorn, plus a
``Server-Timing`` header) on loopback; the load generator (``bench/api_load.py``) runs in a
process of its own. Events are ``ModuleEnrolled`` posts, each client on trajectories of its
own, about 20 events per trajectory (the length of a real one), so the figures measure
appends, not optimistic-concurrency retries or ever longer trajectories. Reported:

- closed loop at 1, 10 and 50 clients: events per second; the server process's CPU
  milliseconds per posted event (``/proc/<pid>/stat`` over the measured window, which ends
  when the followers have caught up: read models, badge issuance and the hash tree that
  every write sets going, amortised over the events); server-side p50/p99 (the
  ``Server-Timing`` of each answer) and client-side p50/p99;
- open loop at 50% and 80% of the capacity measured (the closed-loop rate at 10 clients:
  many requests in flight, as in the open loop; one client's rate is higher, and more than
  the server sustains once requests overlap): events sent at a fixed rate whatever the
  answers, server-side and client-side p50/p99;
- the closed loop again on a second server kept on one CPU (``leerspoor serve --cpu``, the
  last CPU this process may use; rows ``api.one_cpu.…``), where the machine has two or more:
  the same figures with the interpreter's threads never handing over to another CPU;
- the peer, in the same run: the same work in-process, post by post: the token check,
  contract validation, visibility check and ``Ledger.post`` that the route does
  (``operations.submit_event``), without HTTP and without the followers.

Usage: ``.venv/bin/python bench/api.py [--events N] [--postgres]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# The script's own folder holds bench/badges.py, which would shadow the badges package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from api import operations  # noqa: E402
from api.bootstrap import Components, build_ledger  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.api_load import Load, in_own_process, percentile  # noqa: E402
from bench.entries import figure  # noqa: E402
from bench.workload import enrolment, opening, provider_token  # noqa: E402
from tests.live_server import free_port  # noqa: E402
from tests.processes import Child, answers_http, children  # noqa: E402
from tests.reference_data import load_reference_data  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
CLIENTS = (1, 10, 50)
OFFERED = (0.5, 0.8)  # shares of the measured capacity, open loop
CAPACITY = "10 clients"  # the closed-loop level whose rate is the capacity
EVENTS_PER_TRAJECTORY = 20
OPEN_LOOP_SECONDS = 8
TICK = os.sysconf("SC_CLK_TCK")
# The CPU the second, pinned server runs on (``leerspoor serve --cpu``): the last this process
# may use, the load generator left to the others. None (no pinned run) with fewer than two.
_ALLOWED = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
ONE_CPU: int | None = _ALLOWED[-1] if len(_ALLOWED) >= 2 else None
INPROC = (
    "in-process, same work per post (token check, contract validation, visibility check, "
    "Ledger.post; no HTTP, no followers)"
)
TARGET_P99 = 50.0


@dataclass(frozen=True)
class Figures:
    """One measured load: events/s, server CPU ms per event, server and client p50/p99, and
    (open loop) the p99 of how late the generator sent its requests."""

    rate: float
    cpu_ms: float
    server_p50: float
    server_p99: float
    client_p50: float
    client_p99: float
    late_p99: float = 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Server:
    """The timed server on a database, with a provider token and its trajectories."""

    def __init__(self, child: Child, base: str, token: str) -> None:
        self.child, self.base, self.token = child, base, token
        self.headers = {"Authorization": f"Bearer {token}"}

    def trajectories(self, count: int) -> list[str]:
        return [
            httpx.post(
                f"{self.base}/v1/trajectories", json=opening(), headers=self.headers, timeout=60
            ).json()["trajectory_id"]
            for _ in range(count)
        ]

    def caught_up(self) -> None:
        """A read of derived data: the followers catch up to the ledger's head first."""
        url = f"{self.base}/v1/catalogue/qualifications"
        httpx.get(url, headers=self.headers, timeout=120).raise_for_status()

    def measure(self, kind: str, *args: object) -> Figures:
        self.caught_up()
        before = cpu_seconds(self.child.pid)
        load: Load = in_own_process(kind, self.base, self.token, *args)
        self.caught_up()
        cpu = cpu_seconds(self.child.pid) - before
        if load.failures:
            raise RuntimeError(f"{len(load.failures)} posts failed, first: {load.failures[0]}")
        return Figures(
            load.answered / load.seconds,
            cpu * 1000 / load.answered,
            percentile(load.server_ms, 0.5),
            percentile(load.server_ms, 0.99),
            percentile(load.client_ms, 0.5),
            percentile(load.client_ms, 0.99),
            percentile(load.late_ms, 0.99),
        )


def load_levels(
    url: str, keys: str, events: int, *, open_loop: bool, cpu: int | None = None
) -> dict[str, Figures]:
    """Serves ``url`` (on CPU ``cpu`` alone when given, as ``leerspoor serve --cpu``) and
    runs each closed-loop level (``"10 clients"``), then, if asked, the open loop at each
    share of the capacity (``"50% of capacity"``)."""
    load_reference_data(build_ledger(url))
    token = provider_token(url)
    port = free_port()
    command = [sys.executable, str(ROOT / "bench" / "timed_server.py"), "--db", url]
    command += [] if cpu is None else ["--cpu", str(cpu)]
    log = Path(keys).parent / f"server-{port}.log"
    base = f"http://127.0.0.1:{port}"
    figures: dict[str, Figures] = {}
    with children() as started:
        child = Child([*command, "--port", str(port)], log, {"LEERSPOOR_KEYS_DIR": keys})
        started.append(child)
        child.wait_until(answers_http(f"{base}/health"), "the API server")
        server = Server(child, base, token)
        in_own_process("closed", base, token, [server.trajectories(2)], 10)  # warm-up
        for clients in CLIENTS:
            per_client = max(1, events // clients)
            # Each client's own trajectories, written round robin.
            groups = [
                server.trajectories(max(1, per_client // EVENTS_PER_TRAJECTORY))
                for _ in range(clients)
            ]
            figures[f"{clients} clients"] = server.measure("closed", groups, per_client)
        if open_loop:
            capacity = figures[CAPACITY].rate
            for share in OFFERED:
                rate = capacity * share
                count = max(100, int(rate * OPEN_LOOP_SECONDS))
                trajectories = server.trajectories(max(1, count // EVENTS_PER_TRAJECTORY))
                name = f"{share:.0%} of capacity"
                figures[name] = server.measure("open", trajectories, rate, count)
    return figures


def in_process(events: int) -> Figures:
    """The route's work without HTTP: token check, contract validation, visibility check
    and ``Ledger.post`` (``operations.submit_event``), round robin over trajectories of
    about 20 events; events/s, CPU ms per post, and per-post latency."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/inproc.db"
        ledger = build_ledger(url)
        load_reference_data(ledger)
        secret = provider_token(url)
        parts = Components(Settings(database_url=url), ledger=ledger)
        tokens = parts.tokens
        actor = tokens.authenticate(secret)
        assert actor is not None
        opened = [
            operations.submit_event(ledger, actor.actor, None, opening()).aggregate_id
            for _ in range(max(1, events // EVENTS_PER_TRAJECTORY))
        ]
        latencies: list[float] = []
        for warm_up, count in ((True, 20), (False, events)):
            cpu, wall = time.process_time(), time.perf_counter()
            for i in range(count):
                started = time.perf_counter()
                principal = tokens.authenticate(secret)
                assert principal is not None
                target = opened[i % len(opened)]
                operations.submit_event(ledger, principal.actor, target, enrolment())
                if not warm_up:
                    latencies.append((time.perf_counter() - started) * 1000)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        parts.close()
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    return Figures(events / wall, cpu * 1000 / events, p50, p99, p50, p99)


def entry(
    name: str, value: float, unit: str, baseline: str, base: float, higher: bool
) -> dict[str, object]:
    return figure(name, value, unit, baseline, base, higher=higher, digits=3)


def append_results(entries: list[dict[str, object]]) -> None:
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    names = {e["name"] for e in entries}
    kept = [e for e in existing if e.get("name") not in names]
    RESULTS.write_text(json.dumps(kept + entries, indent=2) + "\n")


def closed_entries(
    prefix: str, ours: Figures, peer: Figures, label: str
) -> list[dict[str, object]]:
    return [
        entry(f"{prefix}post_events_{label}", ours.rate, "events/s", INPROC, peer.rate, True),
        entry(
            f"{prefix}server_cpu_ms_per_event_{label}",
            ours.cpu_ms,
            "ms",
            INPROC,
            peer.cpu_ms,
            False,
        ),
        entry(
            f"{prefix}server_latency_p50_{label}",
            ours.server_p50,
            "ms",
            INPROC,
            peer.server_p50,
            False,
        ),
        entry(
            f"{prefix}server_latency_p99_{label}",
            ours.server_p99,
            "ms",
            INPROC,
            peer.server_p99,
            False,
        ),
        entry(
            f"{prefix}latency_p50_{label}", ours.client_p50, "ms", INPROC, peer.client_p50, False
        ),
        entry(
            f"{prefix}latency_p99_{label}", ours.client_p99, "ms", INPROC, peer.client_p99, False
        ),
    ]


def open_entries(share: str, ours: Figures, offered: float) -> list[dict[str, object]]:
    target = f"target: p99 under {TARGET_P99:.0f} ms (issue 19)"
    prefix = f"api.open_loop_{share.split('%')[0]}pct"
    return [
        entry(f"{prefix}.events_per_s", ours.rate, "events/s", "offered rate", offered, True),
        entry(f"{prefix}.server_cpu_ms_per_event", ours.cpu_ms, "ms", "target: 2.5 ms", 2.5, False),
        entry(f"{prefix}.server_latency_p50", ours.server_p50, "ms", target, TARGET_P99, False),
        entry(f"{prefix}.server_latency_p99", ours.server_p99, "ms", target, TARGET_P99, False),
        entry(f"{prefix}.client_latency_p99", ours.client_p99, "ms", target, TARGET_P99, False),
        # How much of the clients' p99 is the generator's own delay before it sends.
        entry(
            f"{prefix}.send_late_p99",
            ours.late_p99,
            "ms",
            "client_latency_p99 of the same run",
            ours.client_p99,
            False,
        ),
    ]


def show(name: str, f: Figures) -> None:
    print(
        f"{name:>16}: {f.rate:7,.0f} events/s, server CPU {f.cpu_ms:5.2f} ms/event, "
        f"server p50/p99 {f.server_p50:6.1f}/{f.server_p99:6.1f} ms, "
        f"client p50/p99 {f.client_p50:6.1f}/{f.client_p99:6.1f} ms"
        + (f", sent late p99 {f.late_p99:5.1f} ms" if "capacity" in name else ""),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=600, help="events per closed-loop level")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="the closed-loop load on PostgreSQL (a throwaway local cluster) beside SQLite",
    )
    args = parser.parse_args()
    entries: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = load_levels(
            f"sqlite:///{folder}/api.db", f"{folder}/keys", args.events, open_loop=not args.postgres
        )
        pinned = (
            load_levels(
                f"sqlite:///{folder}/pinned.db",
                f"{folder}/pinned-keys",
                args.events,
                open_loop=False,
                cpu=ONE_CPU,
            )
            if ONE_CPU is not None and not args.postgres
            else {}
        )
        if args.postgres:
            from contextlib import contextmanager

            from tests.postgres import throwaway_cluster

            with contextmanager(throwaway_cluster)() as cluster:
                url = cluster.create_database("bench")
                postgres = load_levels(url, f"{folder}/pg-keys", args.events, open_loop=False)
            baseline = "the same API load on SQLite"
            for name, figures in postgres.items():
                show(f"PostgreSQL {name}", figures)
                label = name.replace(" ", "_")
                base = sqlite[name]
                for e in closed_entries("api.postgresql.", figures, base, label):
                    entries.append({**e, "baseline": baseline})
            append_results(entries)
            return
    peer = in_process(args.events)
    show("in-process", peer)
    capacity = sqlite[CAPACITY].rate
    for name, figures in sqlite.items():
        show(name, figures)
        if "clients" in name:
            entries += closed_entries("api.", figures, peer, name.replace(" ", "_"))
        else:
            share = float(name.split("%")[0]) / 100
            entries += open_entries(name, figures, capacity * share)
    for name, figures in pinned.items():
        show(f"one CPU, {name}", figures)
        entries += closed_entries("api.one_cpu.", figures, peer, name.replace(" ", "_"))
    append_results(entries)


if __name__ == "__main__":
    main()
