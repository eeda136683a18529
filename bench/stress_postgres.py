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
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds modules named like our packages (badges.py, api.py): keep it off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from api.bootstrap import build_ledger, utc_now  # noqa: E402
from api.demo.loader import load_demo  # noqa: E402
from api.http.problems import STORE_UNAVAILABLE  # noqa: E402
from api.stores.tokens import TokenStore  # noqa: E402
from ledger import Actor, Ledger, Organisation, Role, Submission  # noqa: E402
from projections import ReadModels, notifications, read_model_engine  # noqa: E402
from tests.postgres import Cluster, free_port, throwaway_cluster  # noqa: E402
from tests.processes import Child, ProcessExitedError, answers_http, children  # noqa: E402

PROVIDER = "hogeschool-data"
RETRY_FOR = 120.0  # seconds a writer keeps retrying one event before giving up


def opening(key: str) -> dict[str, Any]:
    from api.demo.scenarios import learner, org

    return {
        "type": "TrajectoryOpened",
        "event_id": f"stress-open-{key}",
        "occurred_at": "2026-09-01T09:00:00+02:00",
        "data": {
            "learner_id": learner("jana"),
            "pathway": "microdegree",
            "qualification_code": "GRAD-DATA",
            "lead_provider": org(PROVIDER),
            "partners": [],
        },
    }


def enrolment(event_id: str) -> dict[str, Any]:
    return {
        "type": "ModuleEnrolled",
        "event_id": event_id,
        "occurred_at": "2026-10-01T09:00:00+02:00",
        "data": {"module_code": "MD-SQL"},
    }


def submission(body: dict[str, Any]) -> Submission:
    return Submission(
        event_type=str(body["type"]),
        event_id=str(body["event_id"]),
        occurred_at=datetime.fromisoformat(str(body["occurred_at"])),
        fields=dict(body["data"]),
    )


def actor() -> Actor:
    return Actor("stress", Role.PROVIDER, Organisation.id_for(PROVIDER))


@dataclass
class WriterReport:
    name: str
    acknowledged: list[tuple[str, str, int]] = field(default_factory=list)
    """(trajectory, event id, version) in posting order."""
    retries: int = 0
    duplicates_checked: int = 0
    duplicates_wrong: int = 0
    seconds: float = 0.0


def retrying(call: Callable[[], Any], report: WriterReport) -> Any:
    deadline = time.monotonic() + RETRY_FOR
    while True:
        try:
            return call()
        except (*STORE_UNAVAILABLE, httpx.TransportError, RetryableStatusError):
            if time.monotonic() > deadline:
                raise
            report.retries += 1
            time.sleep(0.2 + random.random() * 0.3)


class RetryableStatusError(RuntimeError):
    """A 503 (or a 500 from a server being killed): try again, same event id."""


# -- in-process writers ------------------------------------------------------------------------


def inproc_writer(url: str, index: int, events: int, aggregates: int, out: Any) -> None:
    report = WriterReport(f"inproc-{index}")
    ledger = build_ledger(url)
    who = actor()
    started = time.perf_counter()
    trajectories = [
        str(
            retrying(
                lambda k=k: (
                    ledger.post(  # type: ignore[misc]
                        None, submission(opening(f"i{index}-{k}")), actor=who
                    ).aggregate_id
                ),
                report,
            )
        )
        for k in range(aggregates)
    ]
    for n in range(events):
        trajectory = trajectories[n % aggregates]
        body = enrolment(f"stress-i{index}-{n}")

        def post(body: dict[str, Any] = body, trajectory: str = trajectory) -> Any:
            return ledger.post(UUID(trajectory), submission(body), actor=who)

        receipt = retrying(post, report)
        report.acknowledged.append((trajectory, body["event_id"], receipt.version))
        if n % 10 == 9:
            again = retrying(post, report)
            report.duplicates_checked += 1
            report.duplicates_wrong += not (again.duplicate and again.version == receipt.version)
    report.seconds = time.perf_counter() - started
    ledger.close()
    out.put(report)


# -- HTTP writers ------------------------------------------------------------------------------


def post_batches(
    send: Callable[[str, dict[str, Any]], httpx.Response],
    trajectories: list[str],
    index: int,
    events: int,
    batch: int,
    report: WriterReport,
) -> None:
    """Posts the writer's events ``batch`` at a time through ``POST /v1/events:batch``; a
    failed request is sent again whole (what it stored comes back as duplicates). Every
    tenth batch is posted a second time and must come back all duplicates."""
    for number, first in enumerate(range(0, events, batch)):
        chunk = [
            (trajectories[n % len(trajectories)], enrolment(f"stress-h{index}-{n}"))
            for n in range(first, min(first + batch, events))
        ]
        body = {"items": [{"trajectory_id": t, "event": e} for t, e in chunk]}
        answer = retrying(lambda body=body: send("/v1/events:batch", body), report)  # type: ignore[misc]
        items = answer.json()["items"]
        refused = [i for i in items if i["status"] not in (200, 201)]
        if refused:
            raise RuntimeError(f"batch items refused: {refused[:3]}")
        versions = [int(i["receipt"]["version"]) for i in items]
        for (trajectory, event), version in zip(chunk, versions, strict=True):
            report.acknowledged.append((trajectory, event["event_id"], version))
        if number % 10 == 9:
            again = retrying(lambda body=body: send("/v1/events:batch", body), report)  # type: ignore[misc]
            for item, version in zip(again.json()["items"], versions, strict=True):
                report.duplicates_checked += 1
                report.duplicates_wrong += not (
                    item["status"] == 200 and int(item["receipt"]["version"]) == version
                )


def http_writer(
    ports: list[int],
    token: str,
    index: int,
    events: int,
    aggregates: int,
    batch: int,
    out: Any,
) -> None:
    report = WriterReport(f"http-{index}")
    clients = [
        httpx.Client(
            base_url=f"http://127.0.0.1:{p}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        for p in ports
    ]
    turn = index

    def send(path: str, body: dict[str, Any]) -> httpx.Response:
        nonlocal turn
        turn += 1
        response = clients[turn % len(clients)].post(path, json=body)
        if response.status_code in (500, 502, 503):
            raise RetryableStatusError(f"{response.status_code}: {response.text[:200]}")
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
        return response

    started = time.perf_counter()
    trajectories = [
        retrying(lambda k=k: send("/v1/trajectories", opening(f"h{index}-{k}")), report).json()[  # type: ignore[misc]
            "trajectory_id"
        ]
        for k in range(aggregates)
    ]
    if batch > 1:
        post_batches(send, trajectories, index, events, batch, report)
        report.seconds = time.perf_counter() - started
        out.put(report)
        return
    for n in range(events):
        trajectory = trajectories[n % aggregates]
        body = enrolment(f"stress-h{index}-{n}")
        path = f"/v1/trajectories/{trajectory}/events"
        first = retrying(lambda path=path, body=body: send(path, body), report)  # type: ignore[misc]
        version = int(first.json()["version"])
        report.acknowledged.append((trajectory, body["event_id"], version))
        if n % 10 == 9:
            again = retrying(lambda path=path, body=body: send(path, body), report)  # type: ignore[misc]
            report.duplicates_checked += 1
            report.duplicates_wrong += not (
                again.status_code == 200 and int(again.json()["version"]) == version
            )
    report.seconds = time.perf_counter() - started
    out.put(report)


# -- processes ---------------------------------------------------------------------------------


def start_server(url: str, port: int, keys: Path, logs: Path) -> Child:
    env = {"LEERSPOOR_DATABASE_URL": url, "LEERSPOOR_KEYS_DIR": str(keys)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.http.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return Child(command, logs / f"server-{port}.log", env)


def start_worker(url: str, keys: Path, logs: Path) -> Child:
    command = [sys.executable, "-m", "api.cli", "projections", "run", "--issue", "--db", url]
    return Child(
        command + ["--batch", "500"], logs / "worker.log", {"LEERSPOOR_KEYS_DIR": str(keys)}
    )


def wait_healthy(server: Child, port: int) -> None:
    """Until the server answers ``/health``: as long as a loaded machine needs, failing at
    once (with its output) when the server process has exited."""
    server.wait_until(answers_http(f"http://127.0.0.1:{port}/health"), f"server on {port}")


def run_writers(
    target: Callable[..., None], args: Callable[[int], tuple[Any, ...]], writers: int
) -> tuple[list[multiprocessing.Process], Any]:
    context = multiprocessing.get_context("spawn")
    out = context.SimpleQueue()
    processes = [context.Process(target=target, args=(*args(i), out)) for i in range(writers)]
    for p in processes:
        p.start()
    return processes, out


def collect(processes: list[multiprocessing.Process], out: Any) -> list[WriterReport]:
    reports: list[WriterReport] = []
    while len(reports) < len(processes):
        if not out.empty():
            reports.append(out.get())
            continue
        failed = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
        if failed:
            for p in processes:
                p.kill()
            raise RuntimeError(f"writers failed with exit codes {failed}")
        time.sleep(0.1)
    for p in processes:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"writer exited with {p.exitcode}")
    return reports


# -- checks ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)

    def check(self, ok: bool, what: str) -> None:
        self.say(f"  [{'ok' if ok else 'FAIL'}] {what}")
        if not ok:
            self.failures.append(what)


def stored_events(ledger: Ledger) -> Iterator[tuple[str, str, int, str]]:
    """(trajectory, event id, version, type) of every stored event, in log order."""
    for n in notifications(ledger, size=10_000):
        event = ledger.mapper.to_domain_event(n)
        yield (
            str(n.originator_id),
            str(getattr(event, "event_id", "")),
            n.originator_version,
            type(event).__name__,
        )


def verify_appends(ledger: Ledger, reports: list[WriterReport], outcome: Outcome) -> None:
    stored = list(stored_events(ledger))
    # Only the events themselves: the ledger's idempotency markers carry the same event id.
    ids = Counter(e[1] for e in stored if e[1].startswith("stress-") and e[3] == "ModuleEnrolled")
    acknowledged = [a for r in reports for a in r.acknowledged]
    mine = {a[1] for a in acknowledged}
    outcome.check(all(ids[e] == 1 for e in mine), f"{len(mine):,} acknowledged events stored")
    outcome.check(
        not [e for e, c in ids.items() if c > 1], "no event id stored twice (retries included)"
    )
    by_trajectory: dict[str, list[str]] = defaultdict(list)
    for trajectory, event_id, _version, kind in stored:
        if event_id in mine and kind == "ModuleEnrolled":
            by_trajectory[trajectory].append(event_id)
    posted: dict[str, list[str]] = defaultdict(list)
    for trajectory, event_id, _version in acknowledged:
        posted[trajectory].append(event_id)
    outcome.check(
        all(by_trajectory[t] == posted[t] for t in posted),
        f"per-trajectory order kept on {len(posted)} trajectories",
    )
    checked = sum(r.duplicates_checked for r in reports)
    wrong = sum(r.duplicates_wrong for r in reports)
    outcome.check(wrong == 0, f"{checked:,} deliberate retries answered as duplicates")


def verify_badges(ledger: Ledger, outcome: Outcome) -> None:
    issued = Counter(
        e[1] for e in stored_events(ledger) if e[3] == "BadgeIssued"
    )  # event ids are per badge
    outcome.check(all(c == 1 for c in issued.values()), f"{len(issued)} badges, none issued twice")


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
    elapsed = time.perf_counter() - started
    count = sum(len(r.acknowledged) for r in reports)
    outcome.say(
        f"  {count:,} events acknowledged in {elapsed:.1f} s = {count / elapsed:,.0f} events/s; "
        f"{sum(r.retries for r in reports)} retries after errors"
    )
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
    elapsed = time.perf_counter() - begun
    count = sum(len(r.acknowledged) for r in reports)
    outcome.say(
        f"  {count:,} events acknowledged in {elapsed:.1f} s = {count / elapsed:,.0f} "
        f"events/s; {sum(r.retries for r in reports)} client retries; {kills} rounds of "
        "SIGKILL (an API server and the worker)"
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
    token = (
        TokenStore(read_model_engine(url), utc_now)
        .create(Role.PROVIDER, organisation_id=Organisation.id_for(PROVIDER))
        .secret
    )
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
                url = args.url or cluster.create_database("stress")  # type: ignore[union-attr]
                ledger = build_ledger(url)
                load_demo(ledger)  # reference data, and badges for issuance to find
                ledger.close()
                if phase == "inproc":
                    phase_inproc(url, cluster, args, outcome)
                else:
                    phase_http(url, args, outcome, keys)
        finally:
            if cluster is not None:
                for _ in clusters:  # type: ignore[union-attr]
                    pass  # the generator's cleanup stops and removes the cluster
    print("PASS" if not outcome.failures else f"FAIL: {outcome.failures}", flush=True)
    return outcome


if __name__ == "__main__":
    sys.exit(1 if main().failures else 0)
