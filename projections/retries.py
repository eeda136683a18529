"""Retrying parked events after a fix (``leerspoor projections retry``).

For a follower ordered by originator, each parked event is applied again in log order, its
rows and the removal of its parked record in one transaction; the follower's position does
not move (it is already past the event). When one fails again it stays parked with the new
error and one more attempt, and the later events of its originator stay parked behind it.
A retried issuance is exactly once like a first one: the badge id derives from the fact and
``BadgeIssued`` is posted with an event id derived from it, so nothing is posted twice.
For a follower ordered by the log (the hash tree) the event it stopped at is taken by a
catch-up again; a checkpoint that could not be signed is signed now. Work that runs in one
process at a time (issuance, checkpoints) is retried while holding the single-runner lock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from eventsourcing.persistence import Tracking

from projections import log
from projections.batches import Handler
from projections.follower import NOT_PARKED, Follower, Ordering, decodes, ordering
from projections.followers import Followers
from projections.runner import RACE_RETRIES, catch_up
from projections.tracking import (
    LostRaceError,
    ParkedEvent,
    error_text,
    parked_events,
    sync_views,
    write_parked,
)

# Seconds ``retry`` waits for the single-runner lock held by a running process.
LOCK_WAIT = 30.0


class LockBusyError(RuntimeError):
    """Raised when the single-runner lock stayed held by another process for ``LOCK_WAIT``
    seconds (it releases it after each catch-up: try again)."""


@dataclass
class RetryReport:
    retried: list[ParkedEvent] = field(default_factory=list)
    """Applied now, and no longer parked."""
    still_parked: list[ParkedEvent] = field(default_factory=list)
    """Failed again (with the new error), or still behind one of its originator that did."""


def retry(
    followers: Followers,
    *,
    follower: str | None = None,
    position: int | None = None,
    lock_wait: float = LOCK_WAIT,
) -> RetryReport:
    """Applies parked events again: all of them, one follower's, or the one at ``position``
    with those parked behind it. Raises UnknownFollowerError, LockBusyError, and what a
    database that does not answer raises."""
    report = RetryReport()
    chosen = [followers.named(follower)] if follower else followers.followers
    for target in chosen:
        rows = _chosen_rows(followers, target, position)
        if not rows:
            continue
        stage = followers.stage_of(target)
        with _holding(followers, stage.single_runner, lock_wait):
            if ordering(target) is Ordering.LOG:
                _retry_halted(followers, target, rows, report)
            else:
                _retry_in_order(followers, target, rows, report)
    return report


def _chosen_rows(followers: Followers, target: Follower, position: int | None) -> list[ParkedEvent]:
    rows = parked_events(followers.engine, follower=target.name)
    if position is None:
        return rows
    first = next((r for r in rows if r.position == position), None)
    if first is None:
        return []
    behind = [
        r
        for r in rows
        if r.position > position and r.originator_id == first.originator_id and r.held_back
    ]
    return [first, *behind]


@contextmanager
def _holding(followers: Followers, needed: bool, wait: float) -> Iterator[None]:
    if not needed or followers.lock is None:
        yield
        return
    deadline = time.monotonic() + wait
    while True:
        with followers.lock.hold() as held:
            if held:
                yield
                return
        if time.monotonic() > deadline:
            raise LockBusyError(
                f"another process held the single-runner lock for {wait:.0f} s; try again"
            )
        time.sleep(0.2)  # the holder releases it after its catch-up


def _retry_in_order(
    followers: Followers, target: Follower, rows: list[ParkedEvent], report: RetryReport
) -> None:
    """Per originator in log order; an originator's later events wait while an earlier one
    still fails (for rows that hold their originator back)."""
    blocked: set[str] = set()
    for row in rows:
        if row.originator_id in blocked:
            report.still_parked.append(row)
            continue
        if _retry_one(followers, target, row):
            report.retried.append(row)
        else:
            report.still_parked.append(row)
            if row.holds_back:
                blocked.add(row.originator_id)


def _retry_one(followers: Followers, target: Follower, row: ParkedEvent) -> bool:
    """Applies one parked event again; True when it is no longer parked."""
    ledger, view = followers.ledger, target.view
    for _ in range(RACE_RETRIES):
        sync_views([view], ledger.name)
        if not parked_events(followers.engine, follower=target.name, position=row.position):
            return True  # another process retried it meanwhile
        view.begin_replay()
        try:
            _apply_again(followers, target, row)
            view.unpark(ledger.name, row.position)
            with followers.engine.begin() as conn:
                view.end_replay(conn, ledger.name)
        except LostRaceError:
            view.discard()
            continue
        except NOT_PARKED:
            view.discard()
            raise
        except Exception as error:
            view.discard()
            _record_failure(followers, row, error)
            return False
        return True
    return False


def _apply_again(followers: Followers, target: Follower, row: ParkedEvent) -> None:
    hook = getattr(target, "retry_parked", None)
    if hook is not None and not row.holds_back:
        hook(row)  # what the follower parked itself (a checkpoint it could not sign)
        return
    notification = log.notification_at(followers.ledger, row.position)
    if notification is None:
        raise LookupError(f"no notification at position {row.position}")
    tracking = Tracking(followers.ledger.name, row.position)
    if decodes(target):
        Handler(target)(followers.ledger.mapper.to_domain_event(notification), tracking)
    else:
        target.process_event(notification, tracking)


def _record_failure(followers: Followers, row: ParkedEvent, error: Exception) -> None:
    error_class, message = error_text(error)
    again = replace(
        row,
        error_class=error_class,
        error_message=message,
        last_attempt_at=followers.clock().isoformat(),
    )
    with followers.engine.begin() as conn:
        write_parked(conn, [again])  # one more attempt on the stored row


def _retry_halted(
    followers: Followers, target: Follower, rows: list[ParkedEvent], report: RetryReport
) -> None:
    """The event a log-ordered follower stopped at is taken by a catch-up again; what it
    parked without stopping (checkpoints) is retried one by one."""
    for row in [r for r in rows if not r.holds_back]:
        if _retry_one(followers, target, row):
            report.retried.append(row)
        else:
            report.still_parked.append(row)
    halted = [r for r in rows if r.holds_back]
    if not halted:
        return
    catch_up([target], followers.ledger, clock=followers.clock, retrying=frozenset({target.name}))
    left = {r.position for r in parked_events(followers.engine, follower=target.name)}
    for row in halted:
        (report.still_parked if row.position in left else report.retried).append(row)
