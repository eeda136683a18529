"""A real server for HTTP and browser tests: uvicorn on a free loopback port, in a thread
(``serving``) or as a child process running a command (``serving_command``)."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """Serves ``app`` until the block ends; yields its base URL once it accepts requests.
    ``port``: a free port chosen beforehand (when the app must know its own URL)."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not server.started and thread.is_alive():
        started.wait(0.02)  # bounded by the thread: a server that fails to start ends it
    if not server.started:
        raise RuntimeError("the test server did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serving_command(
    command: list[str], port: int, *, cwd: Path, env: dict[str, str], deadline: float = 120
) -> Iterator[str]:
    """Runs ``command`` (a server that binds 127.0.0.1:``port``) as a child process; yields
    its base URL once ``/health`` answers. The child is stopped however the block ends, and
    a child that exits early fails with what it printed."""
    base = f"http://127.0.0.1:{port}"
    log = cwd / f"server-{port}.log"
    with log.open("wb") as output:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        try:
            _wait_until_healthy(base, child, log, deadline)
            yield base
        finally:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _wait_until_healthy(
    base: str, child: subprocess.Popen[bytes], log: Path, deadline: float
) -> None:
    give_up = time.monotonic() + deadline
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < give_up:
            try:
                if client.get(f"{base}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            try:  # a bounded wait on the child, not a sleep: it ends early if the child exits
                child.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"the server exited ({child.returncode}): {log.read_text()}")
    raise RuntimeError(f"the server at {base} did not answer within {deadline} s")
