"""The load generator of ``bench/api.py``, run in a process of its own (asyncio, with a
minimal HTTP/1.1 client of its own: ``Connection``):

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
import json
import multiprocessing
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from queue import Empty
from typing import Any
from urllib.parse import urlsplit

import httptools

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


# Seconds to wait for the server's next bytes before the request fails (as httpx's timeout).
ANSWER_TIMEOUT = 120.0


class Connection:
    """One keep-alive HTTP/1.1 connection to the server under test, one request at a time.

    Hand-written on asyncio streams, with the answers parsed by ``httptools`` (the parser
    uvicorn itself uses), because the generator shares the machine's two CPUs with the
    server it measures, and in a closed loop every millisecond a client spends is a
    millisecond of the server's round trip. Client CPU per post at one client, three rounds
    against one server (docs/benchmarks.md): httpx 1.34-1.49 ms, aiohttp 0.28-0.41 ms, this
    0.10-0.15 ms. It speaks only what the bench sends: plain HTTP on loopback, a JSON body, an
    answer with a ``Content-Length`` or chunked body. A connection the server closed
    (``Connection: close``, or its idle time-out) is replaced by the next request, and a
    request that a kept-alive connection lost before a byte of the answer came is sent once
    more on a new one; anything else that breaks a connection is raised."""

    def __init__(self, base: str, token: str) -> None:
        url = urlsplit(base)
        if url.scheme != "http" or url.hostname is None:
            raise ValueError(f"the load generator speaks plain http only, not {base!r}")
        self.host, self.port = url.hostname, url.port or 80
        self.head = (
            f"Host: {url.netloc}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\n"
        ).encode()
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def open(self) -> None:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)

    async def post(self, path: str, document: dict[str, Any]) -> Answer:
        request = b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
        body = json.dumps(document).encode()
        message = request % (path.encode(), self.head, len(body), body)
        if self._streams is not None and self._streams[0].at_eof():
            await self.close()  # the server let it go while idle (uvicorn: after 5 s)
        reused = self._streams is not None
        try:
            return await self._exchange(message)
        except _NoAnswerError:
            if not reused:
                raise
        # The server closed a kept-alive connection as the request went out, before it
        # read it: send it once more on a new one (RFC 9112, 9.3.1). Safe here: each event
        # carries its own id, and one the server did take is answered 200 as a duplicate,
        # which the bench counts as a failure.
        return await self._exchange(message)

    async def _exchange(self, message: bytes) -> Answer:
        await self.open()
        assert self._streams is not None
        reader, writer = self._streams
        writer.write(message)
        answer = Answer()
        parser = answer.parser = httptools.HttpResponseParser(answer)
        started = False
        try:
            while not answer.complete:
                async with asyncio.timeout(ANSWER_TIMEOUT):
                    data = await reader.read(65536)
                if not data:
                    raise (ConnectionError if started else _NoAnswerError)(
                        "the server closed the connection before it answered in full"
                    )
                started = True
                parser.feed_data(data)
        except BaseException:
            await self.close()
            raise
        if not answer.keep_alive:
            await self.close()
        return answer

    async def close(self) -> None:
        if self._streams is not None:
            writer = self._streams[1]
            self._streams = None
            writer.close()
            with suppress(OSError):
                await writer.wait_closed()


class _NoAnswerError(ConnectionError):
    """The connection closed before a byte of the answer came."""


class Answer:
    """An HTTP answer as ``httptools`` hands it over: status, headers (names lower-case),
    body."""

    def __init__(self) -> None:
        self.parser: httptools.HttpResponseParser | None = None
        self.status = 0
        self.headers: dict[bytes, bytes] = {}
        self.chunks: list[bytes] = []
        self.keep_alive = False
        self.complete = False

    # httptools' parser callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.lower()] = value

    def on_headers_complete(self) -> None:
        # Asked here: once the message is complete the parser has reset for the next one.
        assert self.parser is not None
        self.status = self.parser.get_status_code()
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    def on_message_complete(self) -> None:
        self.complete = True

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


async def _post(client: Connection, trajectory: str, due: float, load: Load) -> None:
    sent = time.perf_counter()
    load.late_ms.append((sent - due) * 1000)
    response = await client.post(f"/v1/trajectories/{trajectory}/events", enrolment())
    answered = time.perf_counter()
    if response.status != 201:
        load.failures.append(f"{response.status}: {response.body[:200].decode(errors='replace')}")
        return
    match = TIMING.search(response.headers.get(b"server-timing", b"").decode())
    if match is None:
        load.failures.append("no Server-Timing header: is this bench/timed_server.py?")
        return
    load.server_ms.append(float(match.group(1)))
    load.client_ms.append((answered - due) * 1000)


# Connections the open loop opens before its clock starts; it opens more while it runs only
# when more requests than these are in flight at once.
OPEN_LOOP_CONNECTIONS = 32


@asynccontextmanager
async def _connections() -> AsyncIterator[list[Connection]]:
    """Connections made during the block, every one closed at its end."""
    made: list[Connection] = []
    try:
        yield made
    finally:
        for connection in made:
            await connection.close()


async def _connected(made: list[Connection], base: str, token: str) -> Connection:
    connection = Connection(base, token)
    await connection.open()
    made.append(connection)
    return connection


async def closed_loop(base: str, token: str, groups: list[list[str]], per_client: int) -> Load:
    """One client per group of trajectories, each with a connection of its own (as so many
    separate users have), each writing its own round robin."""
    load = Load()
    async with _connections() as made:
        clients = [await _connected(made, base, token) for _ in groups]

        async def one(client: Connection, trajectories: list[str]) -> None:
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
    async with _connections() as made:
        idle = [await _connected(made, base, token) for _ in range(OPEN_LOOP_CONNECTIONS)]

        async def send(trajectory: str, due: float) -> None:
            client = idle.pop() if idle else await _connected(made, base, token)
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


def _run(kind: str, args: tuple[Any, ...], out: Queue[Load]) -> None:
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
    queue: Queue[Load] = spawn.Queue()
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
