"""``leerspoor serve``: the HTTP API and the pages, on uvicorn.

The public base URL (the host of the issuers' did:web, status lists and share links)
follows ``--port`` when it was left at its default, so ``--port 8001`` does not publish
addresses on 8000. A port already taken is said in one line, before anything starts.

``--cpu N`` (``LEERSPOOR_SERVE_CPU``) keeps the process on one CPU. The interpreter runs one
thread at a time; the server has several (the event loop, the worker threads that run the
routes, the followers' catch-up), and when the operating system spreads them over CPUs each
hand-over of that turn wakes a thread on another CPU. Posts on SQLite now run on the event
loop, which removed most of those hand-overs: ``make bench-full`` (2026-12-01 00:24, medians
of three, two cores) measured 1.57 ms of server CPU per posted event at ten clients spread
and 1.52 ms on one CPU (at one client 1.87 and 2.08; docs/operations.md). It still helps a
server whose reads and batches keep worker threads busy. Every thread already running is
pinned before the app is built, and every thread started later inherits the CPU.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from api.cli.options import EXIT_BAD_SETTINGS, Db, KeysDir, console, settings
from api.settings import Settings

DEFAULT_BASE_URL = Settings.model_fields["public_base_url"].default
EXIT_PORT_TAKEN = 1


class CpuNotAvailableError(ValueError):
    """Raised when the process may not run on the CPU asked for."""


def pin_to_cpu(cpu: int) -> None:
    """Keeps every thread of this process, and every thread it starts from now on, on
    ``cpu``. Raises CpuNotAvailableError when ``cpu`` is not one the process may use (or the
    platform has no CPU affinity)."""
    if not hasattr(os, "sched_setaffinity"):
        raise CpuNotAvailableError("this platform cannot keep a process on one CPU")
    allowed = sorted(os.sched_getaffinity(0))
    if cpu not in allowed:
        listed = ", ".join(map(str, allowed))
        raise CpuNotAvailableError(f"CPU {cpu} is not one this process may use ({listed})")
    # Linux sets the affinity per thread, and an extension module may already have started a
    # native thread of its own at import (in this process one has, by the time ``serve``
    # runs): each running thread is pinned.
    tasks = Path("/proc/self/task")
    threads = [int(task.name) for task in tasks.iterdir()] if tasks.is_dir() else [0]
    for thread in threads:
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.sched_setaffinity(thread, {cpu})


def port_taken(host: str, port: int) -> bool:
    """Whether ``host:port`` cannot be bound now (another server holds it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    keys_dir: KeysDir = None,
    cpu: Annotated[
        int | None,
        typer.Option(
            help="Keep the server on this CPU (default: LEERSPOOR_SERVE_CPU, else any).",
            min=0,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API and the pages."""
    import uvicorn

    from api.http import create_app

    if port_taken(host, port):
        console.print(
            f"[red]Port {port} on {host} is already in use[/]: stop the other server, or "
            f"choose another port (leerspoor serve --port {port + 1}, PORT={port + 1} make run).",
            soft_wrap=True,  # one line, however narrow the terminal
        )
        raise typer.Exit(EXIT_PORT_TAKEN)
    chosen = settings(db, keys_dir)
    cpu = chosen.serve_cpu if cpu is None else cpu
    if cpu is not None:
        try:
            pin_to_cpu(cpu)
        except CpuNotAvailableError as error:
            console.print(f"[red]--cpu {cpu}[/]: {error}", soft_wrap=True)
            raise typer.Exit(EXIT_BAD_SETTINGS) from None
    if chosen.public_base_url == DEFAULT_BASE_URL and port != 8000:
        chosen = chosen.model_copy(update={"public_base_url": f"http://{host}:{port}"})
    # Forwarded headers are believed only as LEERSPOOR_FORWARDED_ALLOW_IPS says (in the app).
    app = create_app(chosen)
    uvicorn.run(app, host=host, port=port, proxy_headers=False)
