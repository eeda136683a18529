"""``leerspoor projections``: run the followers (read models, and with ``--issue`` badge
issuance and the hash tree), rebuild views, show where every follower stands and what it
parked, retry parked events after a fix.

Mounted by ``api.cli.app``; every command takes ``--db`` and builds its parts through the
composition root like the rest of the CLI.
"""

from __future__ import annotations

import logging
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
from sqlalchemy import make_url

from api.bootstrap import Components
from api.cli.options import Db, components, console, settings
from api.services import Services
from projections import (
    BATCH,
    Followers,
    LockBusyError,
    ParkedEvent,
    ReadModels,
    RebuildError,
    UnknownFollowerError,
    UnknownProjectionError,
    install_stop_signals,
    retry,
)

# One process per core, up to four: the rebuild is CPU-bound, and each process has its own
# connections and caches.
DEFAULT_REBUILD_WORKERS = min(4, os.cpu_count() or 1)
# Parked events ``status`` lists (all are counted).
PARKED_SHOWN = 20

projections_app = typer.Typer(
    help="Followers of the ledger: run them, rebuild views, show status, retry parked events."
)


def _read_models(db: str | None) -> ReadModels:
    return components(db).read_models


def _services(db: str | None, batch: int = BATCH) -> Services:
    return Components(settings(db), batch=batch).services


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
    """Catch every follower up, then follow new events until SIGTERM or Ctrl-C (it stops
    within a few seconds even when the database has gone away)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per migration: noise
    stop = threading.Event()
    install_stop_signals(stop)
    parts = Components(settings(db), batch=batch)
    followers: Followers = parts.services.followers if issue else parts.read_models.followers(batch)
    what = "following and issuing" if issue else "following"
    where = make_url(parts.settings.database_url).render_as_string(hide_password=True)
    console.print(f"{what} for the ledger in {where} (Ctrl-C stops)")
    followers.follow(stop, interval=interval)
    console.print("stopped")


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
def status(
    db: Db = None,
    parked: Annotated[
        int, typer.Option(min=0, help="How many parked events to list (all are counted).")
    ] = PARKED_SHOWN,
) -> None:
    """Each follower's position, the ledger's head, the lag between them and its parked
    events; then the parked events themselves, oldest first."""
    followers = _services(db).followers
    table = Table("follower", "position", "ledger head", "lag", "parked", "state")
    for s in followers.status():
        lag = f"[red]{s.lag}[/]" if s.lag else "[green]0[/]"
        count = f"[red]{s.parked}[/]" if s.parked else "0"
        state = "stopped at a parked event" if s.halted else "following"
        table.add_row(s.name, str(s.position), str(s.head), lag, count, state)
    console.print(table)
    events = followers.parked(limit=parked) if parked else []
    if events:
        _print_parked(events, "parked events, oldest first")
        console.print("after a fix: `leerspoor projections retry` (see docs/operations.md)")


def _print_parked(events: list[ParkedEvent], title: str) -> None:
    """One event per paragraph (its error in full): a table would cut the error short."""
    console.print(f"[bold]{title}[/]")
    for e in events:
        console.print(
            f"  {e.position:>10}  {e.follower}  {e.event_type} (version {e.originator_version} "
            f"of {e.originator_id}), {e.attempts} attempt(s), since {e.parked_at}",
            highlight=False,
        )
        console.print(f"              {e.error_class}: {e.error_message}", highlight=False)


@projections_app.command("retry")
def retry_command(
    db: Db = None,
    follower: Annotated[
        str | None, typer.Option(help="Only this follower's parked events (see status).")
    ] = None,
    position: Annotated[
        int | None,
        typer.Option(min=1, help="Only the event at this position, and those parked behind it."),
    ] = None,
) -> None:
    """Apply parked events again after a fix, in log order; what succeeds is no longer
    parked (a badge is still issued exactly once). Exit code 1 when some stay parked."""
    services = _services(db)
    try:
        report = retry(services.followers, follower=follower, position=position)
    except UnknownFollowerError as error:
        console.print(f"[red]{error.args[0]}[/]")
        raise typer.Exit(2) from None
    except LockBusyError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    # What the retried events appended (badges issued) reaches the read models now.
    services.followers.catch_up()
    for event in report.retried:
        console.print(f"[green]retried[/] {event.follower} position {event.position}")
    if report.still_parked:
        _print_parked(report.still_parked, "still parked")
        raise typer.Exit(1)
    if not report.retried:
        console.print("nothing parked" + (f" at position {position}" if position else ""))
