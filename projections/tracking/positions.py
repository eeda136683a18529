"""Where each follower of the ledger's log stands: one ``rm_tracking`` row per follower and
log, holding the last notification id it applied and how often its parked events changed.

Both numbers move by compare-and-set: a follower writes its new position only where the row
still holds what it last read or wrote, so a batch computed from rows another process has
changed since is refused (``LostRaceError``) and rolled back. The parked-events counter is
part of that check because a retry of a parked event changes rows without moving the
position. Imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventsourcing.persistence import IntegrityError
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, and_, or_, select
from sqlalchemy.engine import Connection

metadata = MetaData()

# A log position: PostgreSQL's notification ids are BIGSERIAL; SQLite's INTEGER is 64-bit.
Position = BigInteger().with_variant(Integer(), "sqlite")

tracking_table = Table(
    "rm_tracking",
    metadata,
    Column("projection", String, primary_key=True),
    Column("application_name", String, primary_key=True),
    Column("notification_id", Position, nullable=False),
    Column("parked_changes", Integer, nullable=False, server_default="0"),
)


@dataclass(frozen=True)
class Stored:
    """A follower's row as read or written: its position and parked-events counter."""

    position: int = 0
    parked_changes: int = 0


NOWHERE = Stored()


class LostRaceError(IntegrityError):
    """Raised when another process moved a follower's position (or retried one of its parked
    events) after this one read it: the batch in hand was computed from stale rows and is
    rolled back (catch up again)."""


def position_row(projection: str, application_name: str, stored: Stored) -> dict[str, object]:
    return {
        "projection": projection,
        "application_name": application_name,
        "notification_id": stored.position,
        "parked_changes": stored.parked_changes,
    }


def read_positions(
    conn: Connection, projections: Iterable[str], application_name: str
) -> dict[str, dict[str, Stored]]:
    """Every row of the named followers for the log and its partitions (``name#k/n``), in
    one query: projection -> tracking name -> stored."""
    t = tracking_table.c
    rows = conn.execute(
        select(t.projection, t.application_name, t.notification_id, t.parked_changes).where(
            t.projection.in_(list(projections)),
            or_(
                t.application_name == application_name,
                t.application_name.startswith(f"{application_name}#", autoescape=True),
            ),
        )
    ).all()
    found: dict[str, dict[str, Stored]] = {}
    for projection, name, position, changes in rows:
        found.setdefault(projection, {})[name] = Stored(int(position), int(changes))
    return found


def move(
    conn: Connection,
    projections: list[str],
    application_name: str,
    expected: Stored,
    new: Stored,
) -> bool:
    """Moves the rows of ``projections`` that all stand at ``expected`` to ``new`` in one
    statement; False when any of them stood elsewhere (nothing is then committed by the
    caller: it rolls back)."""
    t = tracking_table.c
    moved = conn.execute(
        tracking_table.update()
        .where(
            and_(
                t.projection.in_(projections),
                t.application_name == application_name,
                t.notification_id == expected.position,
                t.parked_changes == expected.parked_changes,
            )
        )
        .values(notification_id=new.position, parked_changes=new.parked_changes)
    )
    return moved.rowcount == len(projections)
