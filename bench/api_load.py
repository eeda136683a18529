"""The load generator of ``bench/api.py``, run in a process of its own (asyncio + httpx):

- closed loop: ``clients`` clients, each posting its next event when the last one is
  answered (the server's capacity at that concurrency);
- open loop: events offered at a fixed rate, each sent at its scheduled instant whether or
  not earlier ones were answered, spread over many trajectories.

Every answer's ``Server-Timing`` (``bench/timed_server.py``) is kept beside the latency the
client saw; in the open loop the client latency counts from the scheduled instant, so a
generator that falls behind shows up there (and in ``late_ms``), never in the server's.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import ssl
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

import httpx

from bench.workload import enrolment

TIMING = re.compile(r"app;dur=([\d.]+)")


@dataclass
class Load:
    """What one load run saw: seconds from first send to last answer, and per answer the
    server's and the client's milliseconds, and how late the generator sent it."""

    seconds: float = 0.0
    server_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)
    late_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.server_ms)


async def _post(client: httpx.AsyncClient, trajectory: str, due: float, load: Load) -> None:
    sent = time.perf_counter()
    load.late_ms.append((sent - due) * 1000)
    response = await client.post(f"/v1/trajectories/{trajectory}/events", json=enrolment())
    answered = time.perf_counter()
    if response.status_code != 201:
        load.failures.append(f"{response.status_code}: {response.text[:200]}")
        return
    match = TIMING.search(response.headers.get("server-timing", ""))
    if match is None:
        load.failures.append("no Server-Timing header: is this bench/timed_server.py?")
        return
    load.server_ms.append(float(match.group(1)))
    load.client_ms.append((answered - due) * 1000)


# The server is plain HTTP on loopback, so no client uses TLS; but httpx builds a TLS
# context for each client it makes unless given one (about 20 ms: it loads the CA bundle).
UNUSED_TLS = ssl.create_default_context()
# Clients the open loop makes before its clock starts (each connects on its first request);
# it makes more while it runs only when more requests than these are in flight at once.
OPEN_LOOP_CONNECTIONS = 32


def _client(base: str, token: str) -> httpx.AsyncClient:
    """A client of one keep-alive connection. The clients share no pool: httpx's pool does
    bookkeeping over every connection it holds for each request, and one pool of 50 made
    this generator, not the server, the limit (docs/benchmarks.md)."""
    return httpx.AsyncClient(
        base_url=base,
        headers={"Authorization": f"Bearer {token}"},
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        timeout=120,
        verify=UNUSED_TLS,
    )


async def closed_loop(base: str, token: str, groups: list[list[str]], per_client: int) -> Load:
    """One client per group of trajectories, each with a connection of its own (as so many
    separate users have), each writing its own round robin."""
    load = Load()
    async with AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(_client(base, token)) for _ in groups]

        async def one(client: httpx.AsyncClient, trajectories: list[str]) -> None:
            for i in range(per_client):
                trajectory = trajectories[i % len(trajectories)]
                await _post(client, trajectory, time.perf_counter(), load)

        started = time.perf_counter()
        await asyncio.gather(*(one(c, group) for c, group in zip(clients, groups, strict=True)))
        load.seconds = time.perf_counter() - started
    return load


async def open_loop(
    base: str, token: str, trajectories: list[str], rate: float, count: int
) -> Load:
    """``count`` events offered at ``rate`` per second, round robin over ``trajectories``.
    Each is sent on an idle connection, or on a new one when none is idle."""
    load = Load()
    async with AsyncExitStack() as stack:
        idle = [
            await stack.enter_async_context(_client(base, token))
            for _ in range(OPEN_LOOP_CONNECTIONS)
        ]

        async def send(trajectory: str, due: float) -> None:
            client = idle.pop() if idle else await stack.enter_async_context(_client(base, token))
            await _post(client, trajectory, due, load)
            idle.append(client)

        tasks = []
        started = time.perf_counter()
        for i in range(count):
            due = started + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            trajectory = trajectories[i % len(trajectories)]
            tasks.append(asyncio.create_task(send(trajectory, due)))
        await asyncio.gather(*tasks)
        load.seconds = time.perf_counter() - started
    return load


def _run(kind: str, args: tuple[Any, ...], out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    coroutine = closed_loop(*args) if kind == "closed" else open_loop(*args)
    out.put(asyncio.run(coroutine))


def in_own_process(kind: str, *args: Any) -> Load:
    """Runs ``closed_loop`` or ``open_loop`` in a process of its own; fails at once when
    it dies, and never leaves it running. The process is a fresh interpreter (spawned, not
    forked), so nothing of the bench's process carries over: not its open connections, nor
    the garbage-collector threshold that building a ledger sets there
    (``api.bootstrap.collect_less_often``), under which this allocation-heavy client sent
    its requests late in bursts and the open loop's server-side p99 rose from 10-22 ms to
    19-241 ms."""
    spawn = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = spawn.Queue()  # type: ignore[type-arg]
    process = spawn.Process(target=_run, args=(kind, args, queue))
    process.start()
    try:
        while True:
            try:
                load: Load = queue.get(timeout=1)
                return load
            except Empty:
                if not process.is_alive():
                    raise RuntimeError(f"load generator exited with {process.exitcode}") from None
    finally:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
