"""Child processes for tests and benches (API servers, projection workers): started with
their output kept in a file, waited for by asking whether they are ready (with a generous
deadline, and failing at once when the process has exited), and always stopped, also when
the test fails, so none outlives the run.

On a loaded machine (two cores shared with other jobs) a server may take tens of seconds
to come up: the deadline is there to end a hung run, not to judge speed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
STARTUP_DEADLINE = 240.0
STOP_DEADLINE = 20.0
POLL = 0.1  # seconds between readiness probes: how often to ask, not a guess at how long


class ProcessExitedError(RuntimeError):
    """Raised when a child process ended while it was being waited for; the message holds
    the tail of its output."""


class Child:
    """A started child process and the file its output goes to."""

    def __init__(self, command: Sequence[str], log: Path, env: dict[str, str] | None) -> None:
        self.command = list(command)
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self, tail: int = 4_000) -> str:
        try:
            return self.log.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def wait_until(
        self, ready: Callable[[], bool], what: str, deadline: float = STARTUP_DEADLINE
    ) -> None:
        """Polls ``ready`` until it answers True. Raises ProcessExitedError as soon as the
        process has ended, TimeoutError after ``deadline`` seconds."""
        until = time.monotonic() + deadline
        while not ready():
            code = self.process.poll()
            if code is not None:
                raise ProcessExitedError(f"{what}: the process exited with {code}\n{self.output()}")
            if time.monotonic() > until:
                raise TimeoutError(f"{what}: not ready after {deadline:.0f} s\n{self.output()}")
            time.sleep(POLL)

    def signal(self, signum: int) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signum)

    def stop(self, deadline: float = STOP_DEADLINE) -> int:
        """SIGTERM, then SIGKILL if it has not ended within ``deadline`` seconds; returns its
        exit code."""
        self.signal(signal.SIGTERM)
        try:
            return self.process.wait(deadline)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@contextmanager
def children() -> Iterator[list[Child]]:
    """A list to put started children in; every one still running is stopped at the end of
    the block, whatever ends it."""
    started: list[Child] = []
    try:
        yield started
    finally:
        for child in started:
            child.signal(signal.SIGTERM)
        for child in started:
            child.stop()


def answers_http(url: str) -> Callable[[], bool]:
    """A readiness probe: ``url`` answers 200."""

    def ready() -> bool:
        try:
            return httpx.get(url, timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    return ready


def leerspoor(*arguments: str) -> list[str]:
    """The command line of the ``leerspoor`` CLI in this interpreter."""
    return [sys.executable, "-m", "api.cli", *arguments]


def api_server(url: str, port: int, log: Path, env: dict[str, str] | None = None) -> Child:
    """``leerspoor serve`` on a loopback port."""
    return Child(
        leerspoor("serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)), log, env
    )
