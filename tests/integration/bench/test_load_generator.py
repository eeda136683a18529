"""The HTTP benchmark's load generator (``bench/api_load.Connection``) against a loopback
server that answers with bytes fixed by each test: the framings the generator must read
right, keep-alive, a connection the server closes, and one that dies mid-answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from bench.api_load import Connection

Reply = Callable[[bytes], bytes | None]


@asynccontextmanager
async def server(reply: Reply) -> AsyncIterator[tuple[str, list[bytes], list[int]]]:
    """A server on 127.0.0.1 that reads each request whole (headers and Content-Length
    body) and writes ``reply(request)``; None closes the connection without an answer.
    Yields its base URL, the requests it read and a count of connections per accept."""
    requests: list[bytes] = []
    accepted: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                request = head + await reader.readexactly(length)
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

    listening = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    async with listening:
        yield f"http://127.0.0.1:{port}", requests, accepted


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

    asyncio.run(scenario())


def test_requests_share_one_kept_alive_connection() -> None:
    async def scenario() -> None:
        async with server(lambda _: fixed(201, b"{}")) as (base, requests, accepted):
            connection = Connection(base, "t")
            for _ in range(3):
                assert (await connection.post("/p", {})).status == 201
            await connection.close()
        assert len(requests) == 3
        assert len(accepted) == 1

    asyncio.run(scenario())


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

    asyncio.run(scenario())


def test_a_connection_the_server_closes_is_opened_again_for_the_next_request() -> None:
    async def scenario() -> None:
        closing = fixed(201, b"{}", b"Connection: close")
        async with server(lambda _: closing) as (base, requests, accepted):
            connection = Connection(base, "t")
            for _ in range(2):
                assert (await connection.post("/p", {})).status == 201
            await connection.close()
        assert len(requests) == 2
        assert len(accepted) == 2

    asyncio.run(scenario())


def test_a_connection_that_dies_mid_answer_raises_and_the_next_request_reconnects() -> None:
    replies = iter([None, fixed(201, b"{}")])

    async def scenario() -> None:
        async with server(lambda _: next(replies)) as (base, _, accepted):
            connection = Connection(base, "t")
            with pytest.raises(ConnectionError):
                await connection.post("/p", {})
            assert (await connection.post("/p", {})).status == 201
            await connection.close()
        assert len(accepted) == 2

    asyncio.run(scenario())


def test_only_plain_http_is_spoken() -> None:
    with pytest.raises(ValueError, match="plain http"):
        Connection("https://127.0.0.1:8443", "t")
