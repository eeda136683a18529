"""The writer processes of the PostgreSQL acceptance run (``bench/stress_postgres.py``): each
posts its events in-process or over HTTP, retrying with the same event id until acknowledged,
and reports what it stored; and the API servers and worker they write to."""

from __future__ import annotations

import multiprocessing
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.process import BaseProcess
from multiprocessing.queues import SimpleQueue
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import httpx

from api.bootstrap import build_ledger
from api.http.problems import STORE_UNAVAILABLE
from bench.workload import enrolment, opening, provider_actor, submission
from ledger import Receipt
from tests.processes import Child, answers_http

RETRY_FOR = 120.0  # seconds a writer keeps retrying one event before giving up

T = TypeVar("T")


@dataclass
class WriterReport:
    name: str
    acknowledged: list[tuple[str, str, int]] = field(default_factory=list)
    """(trajectory, event id, version) in posting order."""
    retries: int = 0
    duplicates_checked: int = 0
    duplicates_wrong: int = 0
    seconds: float = 0.0


class RetryableStatusError(RuntimeError):
    """A 503 (or a 500 from a server being killed): try again, same event id."""


RETRYABLE: tuple[type[Exception], ...] = (
    *STORE_UNAVAILABLE,
    httpx.TransportError,
    RetryableStatusError,
)


def retrying(call: Callable[[], T], report: WriterReport) -> T:
    deadline = time.monotonic() + RETRY_FOR
    while True:
        try:
            return call()
        except RETRYABLE:
            if time.monotonic() > deadline:
                raise
            report.retries += 1
            time.sleep(0.2 + random.random() * 0.3)


# -- in-process writers ------------------------------------------------------------------------


def inproc_writer(
    url: str, index: int, events: int, aggregates: int, out: SimpleQueue[WriterReport]
) -> None:
    report = WriterReport(f"inproc-{index}")
    ledger = build_ledger(url)
    who = provider_actor("stress")

    def open_trajectory(k: int) -> UUID:
        body = submission(opening(f"stress-open-i{index}-{k}"))
        return ledger.post(None, body, actor=who).aggregate_id

    started = time.perf_counter()
    trajectories = [str(retrying(partial(open_trajectory, k), report)) for k in range(aggregates)]
    for n in range(events):
        trajectory = trajectories[n % aggregates]
        body = enrolment(f"stress-i{index}-{n}")

        def post(body: dict[str, Any] = body, trajectory: str = trajectory) -> Receipt:
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
        answer = retrying(partial(send, "/v1/events:batch", body), report)
        items = answer.json()["items"]
        refused = [i for i in items if i["status"] not in (200, 201)]
        if refused:
            raise RuntimeError(f"batch items refused: {refused[:3]}")
        versions = [int(i["receipt"]["version"]) for i in items]
        for (trajectory, event), version in zip(chunk, versions, strict=True):
            report.acknowledged.append((trajectory, event["event_id"], version))
        if number % 10 == 9:
            again = retrying(partial(send, "/v1/events:batch", body), report)
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
    out: SimpleQueue[WriterReport],
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
    trajectories: list[str] = [
        retrying(
            partial(send, "/v1/trajectories", opening(f"stress-open-h{index}-{k}")), report
        ).json()["trajectory_id"]
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
        first = retrying(partial(send, path, body), report)
        version = int(first.json()["version"])
        report.acknowledged.append((trajectory, body["event_id"], version))
        if n % 10 == 9:
            again = retrying(partial(send, path, body), report)
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
) -> tuple[list[BaseProcess], SimpleQueue[WriterReport]]:
    context = multiprocessing.get_context("spawn")
    out: SimpleQueue[WriterReport] = context.SimpleQueue()
    processes: list[BaseProcess] = [
        context.Process(target=target, args=(*args(i), out)) for i in range(writers)
    ]
    for p in processes:
        p.start()
    return processes, out


def collect(processes: list[BaseProcess], out: SimpleQueue[WriterReport]) -> list[WriterReport]:
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
