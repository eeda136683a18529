"""The auditor timeline: every event of a trajectory in order, with its log position, both
time axes, the actor and its body; retractions and corrections are linked to what they name.

Rows are never updated: which events were retracted or corrected later is derived when read.
The table has no primary key: its rows are appended in log order (SQLite's rowid order), and
its one index, unique on (trajectory id, version), is dropped while a rebuild loads it and
built again at the end (``SQLView.deferred_indexes``).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Column, Index, Integer, String, Table, select

from ledger import Trajectory, body_of
from projections.read_model import event_dispatcher, json_text
from projections.topics import trajectory_topics
from projections.tracking import Position, SQLView, metadata

timeline_table = Table(
    "rm_timeline",
    metadata,
    Column("trajectory_id", String, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", Position, nullable=False),
    Column("event_id", String, nullable=False),
    Column("event_type", String, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", String, nullable=False),
    Column("recorded_at", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("original_event_id", String),
    Column("data", String, nullable=False),
    Index("ix_rm_timeline_trajectory_version", "trajectory_id", "version", unique=True),
)


class TimelineView(SQLView):
    tables: ClassVar[tuple[Table, ...]] = (timeline_table,)
    # As a primary key, this index took a quarter of the pages a rebuild's commit wrote (one
    # entry per event at a random place); built once at the end it costs about a second at
    # 1M events (docs/benchmarks.md).
    deferred_indexes: ClassVar[tuple[Index, ...]] = tuple(timeline_table.indexes)

    def record(self, event: Trajectory.Event, tracking: Tracking) -> None:
        self.append_row(
            timeline_table,
            {
                "trajectory_id": str(event.originator_id),
                "version": event.originator_version,
                "position": tracking.notification_id,
                "event_id": event.event_id,
                "event_type": type(event).__name__,
                "schema_version": int(getattr(type(event), "class_version", 1)),
                "occurred_at": event.occurred_at.isoformat(),
                "recorded_at": event.recorded_at.isoformat(),
                "actor": json_text(event.actor),
                "original_event_id": getattr(event, "original_event_id", None),
                "data": json_text(body_of(event)),
            },
        )
        self._track(tracking)

    def events(self, trajectory_id: UUID) -> list[dict[str, Any]]:
        """The trajectory's events in order; each says which later event retracted or
        corrected it."""
        t = timeline_table.c
        entries = self.select_rows(
            select(timeline_table).where(t.trajectory_id == str(trajectory_id)).order_by(t.version),
            decode=("actor", "data"),
        )
        for entry in entries:
            entry["retracted_by"] = None
            entry["corrected_by"] = []
        by_id = {e["event_id"]: e for e in entries}
        for entry in entries:
            original = by_id.get(entry["original_event_id"] or "")
            if original is None:
                continue
            if entry["event_type"] == "EventRetracted":
                original["retracted_by"] = entry["event_id"]
            else:
                original["corrected_by"].append(entry["event_id"])
        return entries


class TimelineProjection(Projection[TimelineView]):
    name = "timeline"
    topics = trajectory_topics()

    process_event = event_dispatcher()

    @process_event.register
    def _(self, domain_event: Trajectory.Event, tracking: Tracking) -> None:
        self.view.record(domain_event, tracking)
