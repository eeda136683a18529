"""Acceptance runs for several writers and workers on one PostgreSQL: nothing lost, nothing
twice, order kept, through crashes and a database restart.

Phases (each prints its figures; the script exits non-zero when a check fails):

1. ``inproc``: ``--writers`` processes each post ``--events-per-writer`` events straight into
   their own ``Ledger`` (round-robin over ``--aggregates`` trajectories of their own); every
   tenth event is posted again with the same event id and must come back a duplicate. Halfway
   through, PostgreSQL is restarted (``pg_ctl -m fast``: every connection is cut); writers
   retry what failed, with the same event id, until it is acknowledged.
2. ``http``: the same over HTTP against ``--servers`` uvicorn processes (one per "host"), with
   a projection-and-issuance worker (``leerspoor projections run --issue``) alongside; an
   API server and the worker are SIGKILLed ``--kills`` times during the load and restarted;
   clients fail over to another server and retry on 503s and dropped connections.

Then: every acknowledged event is in the store exactly once, each trajectory's events are in
the order its writer posted them, the read models (resumed after the kills) equal a fresh
rebuild, and no badge was issued twice.

Usage: ``.venv/bin/python bench/stress_postgres.py`` (small) or
``--events-per-writer 10000`` (the full acceptance run: 16 x 10,000 per phase).
``--url`` uses an existing server (then the restart is skipped); otherwise a throwaway
cluster is started as in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds modules named like our packages (badges.py, api.py): keep it off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from api.bootstrap import build_ledger  # noqa: E402
from bench.stress_checks import Outcome, verify_appends, verify_badges  # noqa: E402
from bench.stress_writers import (  # noqa: E402
    collect,
    http_writer,
    inproc_writer,
    run_writers,
    start_server,
    start_worker,
    wait_healthy,
)
from bench.workload import provider_token  # noqa: E402
from ledger import Ledger  # noqa: E402
from projections import ReadModels  # noqa: E402
from tests.live_server import free_port  # noqa: E402
from tests.postgres import Cluster, throwaway_cluster  # noqa: E402
from tests.processes import Child, ProcessExitedError, children  # noqa: E402
from tests.reference_data import load_reference_data  # noqa: E402

# -- phases ------------------------------------------------------------------------------------


def phase_inproc(
    url: str, cluster: Cluster | None, args: argparse.Namespace, outcome: Outcome
) -> None:
    outcome.say(
        f"in-process: {args.writers} writers x {args.events_per_writer:,} events "
        f"({args.aggregates} trajectories each)"
    )
    started = time.perf_counter()
    processes, out = run_writers(
        inproc_writer, lambda i: (url, i, args.events_per_writer, args.aggregates), args.writers
    )
    restarts = 0
    try:
        if cluster is not None and args.restart:
            ledger = build_ledger(url)
            total = args.writers * args.events_per_writer
            while (ledger.recorder.max_notification_id() or 0) < total // 3 and any(
                p.is_alive() for p in processes
            ):
                time.sleep(0.2)
            if any(p.is_alive() for p in processes):
                t0 = time.perf_counter()
                cluster.restart()
                restarts += 1
                took = time.perf_counter() - t0
                outcome.say(f"  PostgreSQL restarted during load ({took:.1f} s)")
            ledger.close()
        reports = collect(processes, out)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    outcome.acknowledged(reports, time.perf_counter() - started, "retries after errors")
    ledger = build_ledger(url)
    verify_appends(ledger, reports, outcome)
    ledger.close()


def http_load(
    url: str,
    args: argparse.Namespace,
    outcome: Outcome,
    token: str,
    ports: list[int],
    servers: list[Child],
    worker: Child,
    started: list[Child],
    keys: Path,
) -> tuple[ReadModels, Ledger, int]:
    """The HTTP writers against the servers, with ``--kills`` rounds of SIGKILL (an API
    server and the worker, each restarted); returns once the worker has caught up. Writer
    processes still running when this fails are killed."""
    begun = time.perf_counter()
    processes, out = run_writers(
        http_writer,
        lambda i: (
            ports,
            token,
            i,
            args.http_events_per_writer,
            args.aggregates,
            args.http_batch if i % 2 else 1,
        ),
        args.writers,
    )
    logs = worker.log.parent
    kills = 0
    try:
        for round_ in range(args.kills):
            time.sleep(args.kill_every)  # the load's own cadence: kill mid-load
            if not any(p.is_alive() for p in processes):
                break
            victim = round_ % len(servers)
            for child in (servers[victim], worker):
                child.signal(signal.SIGKILL)
                child.process.wait()
            kills += 1
            servers[victim] = start_server(url, ports[victim], keys, logs)
            worker = start_worker(url, keys, logs)
            started += [servers[victim], worker]
            wait_healthy(servers[victim], ports[victim])
        reports = collect(processes, out)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    outcome.acknowledged(
        reports,
        time.perf_counter() - begun,
        f"client retries; {kills} rounds of SIGKILL (an API server and the worker)",
    )
    ledger = build_ledger(url)
    verify_appends(ledger, reports, outcome)
    # Let the worker finish (it may be far behind on a loaded machine), then compare.
    models = ReadModels(url, ledger)
    head = ledger.recorder.max_notification_id() or 0
    deadline = time.monotonic() + 600
    while min(s.position for s in models.status()) < head and time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise ProcessExitedError(f"the worker exited\n{worker.output()}")
        time.sleep(0.5)  # polling interval
    return models, ledger, head


def phase_http(url: str, args: argparse.Namespace, outcome: Outcome, keys: Path) -> None:
    outcome.say(
        f"HTTP: {args.writers} writers x {args.http_events_per_writer:,} events against "
        f"{args.servers} uvicorn processes + 1 projection/issuance worker; {args.kills} kill rounds"
    )
    token = provider_token(url)
    ports = [free_port() for _ in range(args.servers)]
    logs = keys.parent / "logs"
    with children() as started:
        servers = [start_server(url, p, keys, logs) for p in ports]
        worker = start_worker(url, keys, logs)
        started += [*servers, worker]
        for server, port in zip(servers, ports, strict=True):
            wait_healthy(server, port)
        models, ledger, head = http_load(
            url, args, outcome, token, ports, servers, worker, started, keys
        )
    outcome.check(
        min(s.position for s in models.status()) >= head, "the restarted worker caught up"
    )
    # The issuing worker may have appended badges after ``head`` was read and stopped before
    # projecting them: the resumed views take those as any worker would, then are compared.
    models.catch_up_all()
    head = ledger.recorder.max_notification_id() or 0
    resumed = json.dumps(models.dump(), sort_keys=True, default=str)
    t0 = time.perf_counter()
    models.rebuild()
    rebuild_s = time.perf_counter() - t0
    rebuilt = json.dumps(models.dump(), sort_keys=True, default=str)
    outcome.check(
        resumed == rebuilt,
        f"read models equal a fresh rebuild ({head:,} events, {rebuild_s:.1f} s)",
    )
    verify_badges(ledger, outcome)
    models.close()
    ledger.close()


def main(argv: list[str] | None = None) -> Outcome:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an existing PostgreSQL database (SQLAlchemy URL)")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--events-per-writer", type=int, default=300)
    parser.add_argument("--http-events-per-writer", type=int)
    parser.add_argument(
        "--http-batch",
        type=int,
        default=1,
        help="odd-numbered HTTP writers post this many events per POST /v1/events:batch",
    )
    parser.add_argument("--aggregates", type=int, default=4, help="trajectories per writer")
    parser.add_argument("--servers", type=int, default=3, help="uvicorn processes")
    parser.add_argument("--kills", type=int, default=2, help="SIGKILL rounds during HTTP load")
    parser.add_argument("--kill-every", type=float, default=3.0, help="seconds between kills")
    parser.add_argument("--no-restart", dest="restart", action="store_false")
    parser.add_argument("--phases", default="inproc,http")
    args = parser.parse_args(argv)
    args.http_events_per_writer = args.http_events_per_writer or args.events_per_writer
    outcome = Outcome()
    phases = set(args.phases.split(","))
    with tempfile.TemporaryDirectory() as folder:
        keys = Path(folder) / "keys"
        os.environ.setdefault("LEERSPOOR_KEY_SECRET", "stress-test-key-secret-0123456789")
        clusters = [] if args.url else throwaway_cluster()
        cluster = next(iter(clusters), None) if not args.url else None
        try:
            for phase in ("inproc", "http"):
                if phase not in phases:
                    continue
                # No --url: a fresh database on the throwaway cluster for each phase.
                url: str = args.url if cluster is None else cluster.create_database("stress")
                ledger = build_ledger(url)
                load_reference_data(ledger)  # the workload's organisations, learner and catalogue
                ledger.close()
                if phase == "inproc":
                    phase_inproc(url, cluster, args, outcome)
                else:
                    phase_http(url, args, outcome, keys)
        finally:
            if cluster is not None:
                for _ in clusters:
                    pass  # the generator's cleanup stops and removes the cluster
    print("PASS" if not outcome.failures else f"FAIL: {outcome.failures}", flush=True)
    return outcome


if __name__ == "__main__":
    sys.exit(1 if main().failures else 0)
