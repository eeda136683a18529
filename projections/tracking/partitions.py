"""Partitions of the log for a rebuild split over processes: each process replays the events
of its share of the trajectories and keeps its own position until the shares are merged.
Imports nothing of ours but the positions."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from projections.tracking.positions import tracking_table


@dataclass(frozen=True)
class Partition:
    """One of ``count`` disjoint shares of the log, by originator: a rebuild split over
    processes gives each one a partition. Every read-model row is derived from one
    trajectory's events alone, and all of a trajectory's events fall in one partition, in
    order, so partitions can be applied independently. Each keeps its own position (a
    tracking row named ``<application>#<index>/<count>``) until they are merged."""

    index: int
    count: int

    def owns(self, originator_id: UUID | str) -> bool:
        if not isinstance(originator_id, UUID):
            originator_id = UUID(originator_id)
        return originator_id.int % self.count == self.index

    def tracking_name(self, application_name: str) -> str:
        return f"{application_name}#{self.index}/{self.count}"

    @classmethod
    def parse(cls, tracking_name: str) -> Partition:
        index, count = tracking_name.rsplit("#", 1)[1].split("/")
        return cls(int(index), int(count))

    @staticmethod
    def tracking_names(application_name: str, count: int) -> list[str]:
        return [Partition(k, count).tracking_name(application_name) for k in range(count)]

    @staticmethod
    def is_tracking_name(name: str) -> bool:
        return "#" in name

    @staticmethod
    def application_of(tracking_name: str) -> str:
        """The log a tracking name (a partition's or the log's own) belongs to."""
        return tracking_name.split("#", 1)[0]


def partitions_of(projection: str, application_name: str) -> ColumnElement[bool]:
    """The partition rows of one follower for ``application_name``'s log."""
    t = tracking_table.c
    return and_(
        t.projection == projection,
        t.application_name.startswith(f"{application_name}#", autoescape=True),
    )
