"""The HTTP benchmark's load generator (``bench/api_load.Connection``) against loopback
servers that answer with bytes fixed by each test: the framings it must read right,
keep-alive, connections the server closes (after an answer, while idle, before or in the
middle of one), and a server that never answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from typing import Any

import pytest

from bench import api_load
from bench.api_load import Connection

Reply = Callable[[bytes], bytes | None]


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Runs ``scenario`` on an event loop of its own, in a thread of its own: in the whole
    suite Playwright's sync API (the browser tests) keeps a loop running in the main
    thread, where ``asyncio.run`` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result()


@asynccontextmanager
async def server(reply: Reply) -> AsyncIterator[tuple[str, list[bytes], list[int]]]:
    """A server on 127.0.0.1 that reads each request whole (headers and Content-Length
    body) and writes ``reply(request)``; None closes the connection without an answer.
    Yields its base URL, the requests it read and one entry per connection it accepted."""
    requests: list[bytes] = []
    accepted: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(1)
        try:
            while True:
                request = await read_request(reader)
                requests.append(request)
                answer = reply(request)
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
                if b"connection: close" in answer.lower():
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async with serving(handle) as base:
        yield base, requests, accepted


@asynccontextmanager
async def serving(
    handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]],
) -> AsyncIterator[str]:
    """``handle`` serving each connection on a free port of 127.0.0.1; yields the base URL."""
    listening = await asyncio.start_server(handle, "127.0.0.1", 0)
    async with listening:
        yield f"http://127.0.0.1:{listening.sockets[0].getsockname()[1]}"


async def read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head + await reader.readexactly(length)


def fixed(status: int, body: bytes, *headers: bytes) -> bytes:
    extra = b"".join(h + b"\r\n" for h in headers)
    return b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n%s\r\n%s" % (status, len(body), extra, body)


def test_a_post_sends_the_token_and_json_and_reads_status_headers_and_body() -> None:
    async def scenario() -> None:
        answer = fixed(201, b'{"ok":true}', b"Server-Timing: app;dur=1.250")
        async with server(lambda _: answer) as (base, requests, _):
            connection = Connection(base, "secret-token")
            got = await connection.post("/v1/trajectories/t1/events", {"type": "X", "n": 1})
            await connection.close()
        assert got.status == 201
        assert got.body == b'{"ok":true}'
        assert got.headers[b"server-timing"] == b"app;dur=1.250"
        head, body = requests[0].split(b"\r\n\r\n", 1)
        assert head.startswith(b"POST /v1/trajectories/t1/events HTTP/1.1\r\n")
        assert b"\r\nAuthorization: Bearer secret-token" in head
        assert b"\r\nContent-Type: application/json" in head
        assert body == b'{"type": "X", "n": 1}'

    run(scenario)


@pytest.mark.parametrize(
    ("answer", "connections"),
    [(fixed(201, b"{}"), 1), (fixed(201, b"{}", b"Connection: close"), 3)],
    ids=["kept-alive", "closed-by-the-server"],
)
def test_requests_share_a_connection_until_the_server_closes_it(
    answer: bytes, connections: int
) -> None:
    async def scenario() -> None:
        async with server(lambda _: answer) as (base, requests, accepted):
            connection = Connection(base, "t")
            for _ in range(3):
                assert (await connection.post("/p", {})).status == 201
            await connection.close()
        assert len(requests) == 3
        assert len(accepted) == connections

    run(scenario)


def test_a_chunked_answer_and_an_error_status_are_read_whole() -> None:
    chunked = (
        b"HTTP/1.1 422 X\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    )

    async def scenario() -> None:
        async with server(lambda _: chunked) as (base, _, _):
            connection = Connection(base, "t")
            got = await connection.post("/p", {})
            await connection.close()
        assert got.status == 422
        assert got.body == b"hello world"

    run(scenario)


def test_a_new_connection_closed_without_an_answer_raises_and_the_next_request_reconnects() -> None:
    replies = iter([None, fixed(201, b"{}")])

    async def scenario() -> None:
        async with server(lambda _: next(replies)) as (base, _, accepted):
            connection = Connection(base, "t")
            with pytest.raises(ConnectionError):
                await connection.post("/p", {})
            assert (await connection.post("/p", {})).status == 201
            await connection.close()
        assert len(accepted) == 2

    run(scenario)


def test_only_plain_http_is_spoken() -> None:
    with pytest.raises(ValueError, match="plain http"):
        Connection("https://127.0.0.1:8443", "t")


def test_a_connection_that_dies_mid_answer_raises() -> None:
    async def scenario() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            for answer in (fixed(201, b"{}"), b"HTTP/1.1 201 X\r\nContent-Length: 10\r\n\r\n{}"):
                await read_request(reader)
                writer.write(answer)
                await writer.drain()
            writer.close()  # eight bytes short

        async with serving(handle) as base:
            connection = Connection(base, "t")
            assert (await connection.post("/p", {})).status == 201
            with pytest.raises(ConnectionError, match="before it answered in full"):
                await connection.post("/p", {})
            await connection.close()

    run(scenario)


def test_a_kept_alive_connection_the_server_let_go_while_idle_is_replaced() -> None:
    async def scenario() -> None:
        writers: list[asyncio.StreamWriter] = []

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writers.append(writer)
            await read_request(reader)
            writer.write(fixed(201, b"{}"))
            await writer.drain()
            writer.close()  # idle time-out: closed without a word, as uvicorn does after 5 s

        async with serving(handle) as base:
            connection = Connection(base, "t")
            for _ in range(3):
                assert (await connection.post("/p", {})).status == 201
                await asyncio.sleep(0.05)  # the server's close arrives while it is idle
            await connection.close()
        assert len(writers) == 3

    run(scenario)


def test_a_request_the_server_dropped_on_a_kept_alive_connection_is_sent_once_more() -> None:
    async def scenario() -> None:
        accepted: list[int] = []

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.append(1)
            await read_request(reader)
            writer.write(fixed(201, b"{}"))
            await writer.drain()
            if len(accepted) == 1:
                # reads the next request and closes without answering (the race between a
                # client reusing the connection and the server's idle time-out)
                with suppress(asyncio.IncompleteReadError):
                    await reader.readuntil(b"\r\n\r\n")
            writer.close()

        async with serving(handle) as base:
            connection = Connection(base, "t")
            assert (await connection.post("/p", {})).status == 201
            assert (await connection.post("/p", {})).status == 201
            await connection.close()
        assert len(accepted) == 2

    run(scenario)


def test_a_server_that_never_answers_fails_the_request_after_the_time_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api_load, "ANSWER_TIMEOUT", 0.2)
    silent = asyncio.Event()

    async def scenario() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await read_request(reader)
            await silent.wait()  # holds the connection open, answering nothing
            writer.close()

        async with serving(handle) as base:
            connection = Connection(base, "t")
            with pytest.raises(TimeoutError):
                await connection.post("/p", {})
            silent.set()
            await connection.close()

    run(scenario)
