"""Parked events: a notification a follower could not process, kept with its error so the
follower can go on with the rest and the event can be retried after a fix.

A parked row is written in the same transaction as the follower's rows and position, so an
event is either applied, or parked, never both and never neither. ``holds_back`` rows keep
later events of the same originator away from the follower (they are parked behind it with
``HeldBackError``), so no view or badge is derived from a trajectory's later facts while an
earlier one is missing. Imports nothing of ours but the positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Boolean, Column, Integer, String, Table, Text, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from projections.tracking.positions import Position, metadata

parked_table = Table(
    "rm_parked",
    metadata,
    Column("follower", String, primary_key=True),
    Column("application_name", String, primary_key=True),
    Column("position", Position, primary_key=True, autoincrement=False),
    Column("originator_id", String(36), nullable=False),
    Column("originator_version", Integer, nullable=False),
    Column("event_type", String, nullable=False),
    Column("error_class", String, nullable=False),
    Column("error_message", Text, nullable=False),
    Column("parked_at", String(40), nullable=False),
    Column("last_attempt_at", String(40), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("holds_back", Boolean, nullable=False),
)

# Error texts are kept whole up to this length (a traceback is in the log, not here).
MESSAGE_LIMIT = 2_000


class HeldBackError(Exception):
    """Recorded for an event parked only because an earlier event of the same originator is
    parked for the same follower: applying it first could derive wrong state (a revocation
    before the issuance it revokes). Retried after the earlier one, in log order."""


@dataclass(frozen=True)
class ParkedEvent:
    follower: str
    application_name: str
    position: int
    originator_id: str
    originator_version: int
    event_type: str
    error_class: str
    error_message: str
    parked_at: str
    last_attempt_at: str
    attempts: int = 1
    holds_back: bool = True

    @property
    def held_back(self) -> bool:
        """Parked behind an earlier parked event, not for an error of its own."""
        return self.error_class == HeldBackError.__name__

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def error_text(error: BaseException) -> tuple[str, str]:
    """The recorded class name and message of ``error``."""
    message = str(error) or repr(error)
    return type(error).__name__, message[:MESSAGE_LIMIT]


def write_parked(conn: Connection, events: Iterable[ParkedEvent]) -> None:
    """Stores parked events; one parked before gets the new error and one more attempt."""
    rows = [e.as_json() for e in events]
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(parked_table)
    again = {
        "error_class": insert.excluded.error_class,
        "error_message": insert.excluded.error_message,
        "last_attempt_at": insert.excluded.last_attempt_at,
        "attempts": parked_table.c.attempts + 1,
    }
    keys = ["follower", "application_name", "position"]
    conn.execute(insert.on_conflict_do_update(index_elements=keys, set_=again), rows)


def delete_parked(
    conn: Connection, follower: str, application_name: str, positions: Iterable[int]
) -> None:
    p = parked_table.c
    conn.execute(
        parked_table.delete().where(
            p.follower == follower,
            p.application_name == application_name,
            p.position.in_(list(positions)),
        )
    )


def holding(
    conn: Connection, followers: Iterable[str], application_name: str
) -> dict[str, dict[str, int]]:
    """Per follower: each originator held back, with its earliest holding parked position."""
    p = parked_table.c
    rows = conn.execute(
        select(p.follower, p.originator_id, func.min(p.position))
        .where(
            p.follower.in_(list(followers)),
            p.application_name == application_name,
            p.holds_back,
        )
        .group_by(p.follower, p.originator_id)
    ).all()
    held: dict[str, dict[str, int]] = {}
    for follower, originator, position in rows:
        held.setdefault(follower, {})[originator] = int(position)
    return held


def parked_events(
    engine: Engine,
    *,
    follower: str | None = None,
    position: int | None = None,
    limit: int | None = None,
    after: int = 0,
) -> list[ParkedEvent]:
    """Parked events in log order (then by follower), optionally of one follower or at one
    position, after ``after`` and up to ``limit`` of them."""
    p = parked_table.c
    query = select(parked_table).where(p.position > after).order_by(p.position, p.follower)
    if follower is not None:
        query = query.where(p.follower == follower)
    if position is not None:
        query = query.where(p.position == position)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [ParkedEvent(**dict(r._mapping)) for r in conn.execute(query)]


def parked_counts(engine: Engine) -> dict[str, int]:
    """Parked events per follower (followers with none are absent)."""
    p = parked_table.c
    with engine.connect() as conn:
        rows = conn.execute(select(p.follower, func.count()).group_by(p.follower)).all()
    return {str(follower): int(count) for follower, count in rows}
