"""``leerspoor projections``: run the read-model worker, rebuild views, show their lag.

Mounted by ``api.cli.app``; every command takes ``--db`` and builds its parts through the
composition root like the rest of the CLI.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.cli.options import Db, components, console
from projections import (
    BATCH,
    RECONNECT_WAIT,
    TRANSIENT_ERRORS,
    ReadModels,
    RebuildError,
    UnknownProjectionError,
    install_stop_signals,
)

# One process per core, up to four: the rebuild is CPU-bound, and each process has its own
# connections and caches.
DEFAULT_REBUILD_WORKERS = min(4, os.cpu_count() or 1)

projections_app = typer.Typer(help="Read models: run the worker, rebuild, show status.")


def _read_models(db: str | None) -> ReadModels:
    return components(db).read_models


def _run_issuing(db: str | None, interval: float, stop: threading.Event) -> None:
    """Read models, issuance and checkpoints, as after a command, until ``stop`` is set."""
    services = components(db).services
    where = services.read_models.database_url
    console.print(f"following and issuing for the ledger in {where} (Ctrl-C stops)")
    seen = -1
    while not stop.is_set():
        try:
            head = services.ledger.recorder.max_notification_id() or 0
            services.refresh()
        except TRANSIENT_ERRORS as error:
            console.print(f"database unavailable ({type(error).__name__}); retrying")
            stop.wait(RECONNECT_WAIT)
            continue
        if head == seen:
            stop.wait(interval)
        seen = head


@projections_app.command()
def run(
    db: Db = None,
    interval: Annotated[float, typer.Option(help="Seconds between polls when idle.")] = 0.2,
    batch: Annotated[int, typer.Option(help="Events per transaction.")] = BATCH,
    issue: Annotated[
        bool,
        typer.Option(
            "--issue/--no-issue",
            help="Also issue badges and sign checkpoints, whenever this worker holds the "
            "single-runner lock (one such worker at a time does it; others stand by).",
        ),
    ] = False,
) -> None:
    """Catch up every view, then follow new events until SIGTERM or Ctrl-C."""
    stop = threading.Event()
    install_stop_signals(stop)
    if issue:
        _run_issuing(db, interval, stop)
        return
    models = _read_models(db)
    console.print(f"following the ledger in {models.database_url} (Ctrl-C stops)")
    models.follow(stop, interval=interval, limit=batch)
    for status in models.status():
        console.print(f"{status.name}: at {status.position}, lag {status.lag}")


@projections_app.command()
def rebuild(
    name: Annotated[str | None, typer.Argument(help="One view; all when omitted.")] = None,
    db: Db = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Processes replaying the log side by side, each a share of the trajectories.",
        ),
    ] = DEFAULT_REBUILD_WORKERS,
) -> None:
    """Drop a view's rows (or every view's) and replay the ledger from position zero."""
    models = _read_models(db)
    head = models.ledger.recorder.max_notification_id() or 0
    started = time.perf_counter()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TextColumn("{task.fields[rate]:>10.0f} events/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    # No refresh thread: the rebuild forks its workers, and a fork copies no other thread
    # (nor releases the locks one holds).
    with Progress(*columns, console=console, auto_refresh=False) as progress:
        task = progress.add_task(f"rebuild {name or 'all'}", total=head, rate=0.0)
        progress.refresh()  # the bar shows from the start, not only at the first report

        def advance(position: int, _head: int) -> None:
            # Positions run through the whole log (markers and catalogue events included).
            elapsed = time.perf_counter() - started
            rate = position / elapsed if elapsed else 0
            progress.update(task, completed=position, rate=rate, refresh=True)

        try:
            events = models.rebuild(name, progress=advance, workers=workers)
        except UnknownProjectionError as error:
            console.print(f"[red]{error.args[0]}[/]")
            raise typer.Exit(2) from None
        except RebuildError as error:
            console.print(
                f"[red]rebuild failed: {error}[/]; `leerspoor projections run` (or another "
                "rebuild) finishes it from the partitions' positions"
            )
            raise typer.Exit(1) from None
        progress.update(task, completed=head, refresh=True)
    elapsed = time.perf_counter() - started
    console.print(
        f"[green]rebuilt[/] {name or 'all views'}: {events} events applied up to position "
        f"{head} in {elapsed:.2f} s ({head / elapsed if elapsed else 0:.0f} events/s)"
    )


@projections_app.command()
def status(db: Db = None) -> None:
    """Each view's position, the ledger's head and the lag between them."""
    models = _read_models(db)
    table = Table("projection", "position", "ledger head", "lag")
    for s in models.status():
        lag = f"[red]{s.lag}[/]" if s.lag else "[green]0[/]"
        table.add_row(s.name, str(s.position), str(s.head), lag)
    console.print(table)
