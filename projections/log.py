"""Reading the ledger's notification log page by page, through eventsourcing's own reader
(``NotificationLogReader`` over a ``LocalNotificationLog`` whose section size is the page
size): the followers, the hash tree's offline check, the auditors' event stream and the
pages all page the log this one way. Imports ``ledger``; never ``api``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypedDict, Unpack

from eventsourcing.application import LocalNotificationLog
from eventsourcing.persistence import Notification
from eventsourcing.system import NotificationLogReader

from ledger import Ledger

PAGE = 5_000


def pages(
    ledger: Ledger,
    *,
    after: int = 0,
    stop: int | None = None,
    topics: Sequence[str] = (),
    size: int = PAGE,
) -> Iterator[Sequence[Notification]]:
    """Pages of up to ``size`` notifications after position ``after`` (up to ``stop``, of
    ``topics`` when given), in log order. A short page is the last: the reader would ask
    once more and find nothing, a round trip on every catch-up."""
    log = LocalNotificationLog(ledger.recorder, section_size=size)
    reader = NotificationLogReader(log, section_size=size)
    for page in reader.select(start=after, stop=stop, topics=topics, inclusive_of_start=False):
        yield page
        if len(page) < size:
            return


class PageOptions(TypedDict, total=False):
    """The keyword arguments of ``pages``, for what reads the same stretch of the log."""

    after: int
    stop: int | None
    topics: Sequence[str]
    size: int


def notifications(ledger: Ledger, **options: Unpack[PageOptions]) -> Iterator[Notification]:
    """Every notification of ``pages(ledger, **options)``, one at a time."""
    for page in pages(ledger, **options):
        yield from page


def notification_at(ledger: Ledger, position: int) -> Notification | None:
    """The notification at ``position``, or None (a gap, or past the head)."""
    found = ledger.recorder.select_notifications(start=position, limit=1, inclusive_of_start=True)
    return found[0] if found and found[0].id == position else None
