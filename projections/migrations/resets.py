"""Migration steps that make a view start again: the next catch-up (or ``leerspoor
projections rebuild <view>``) replays it from the log.

Released revisions call these, so what they execute must never change: a revision that needs
another step gets a new function."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op


def drop_positions(view: str) -> None:
    """Deletes the view's positions (its ``rm_tracking`` rows, partitions' included)."""
    tracking = sa.table("rm_tracking", sa.column("projection"))
    op.execute(tracking.delete().where(tracking.c.projection == view))


def empty_view(view: str, tables: Iterable[str]) -> None:
    """Deletes every row of the view's ``tables``, in that order, then its positions."""
    for table in tables:
        op.execute(sa.table(table).delete())
    drop_positions(view)


def drop_parked(view: str) -> None:
    """Deletes the events parked for the view (its ``rm_parked`` rows)."""
    parked = sa.table("rm_parked", sa.column("follower"))
    op.execute(parked.delete().where(parked.c.follower == view))
