"""What every follower of the ledger's log keeps beside its rows: its position
(``positions``), its buffered rows (``rows``), its parked events (``parked``), the partitions
of a rebuild split over processes (``partitions``), and ``SQLView``, which commits them
together (``view``). Imports nothing of ours outside ``projections.tracking``."""

from __future__ import annotations

from projections.tracking.parked import (
    HeldBackError,
    ParkedEvent,
    error_text,
    parked_counts,
    parked_events,
    parked_table,
    write_parked,
)
from projections.tracking.partitions import Partition
from projections.tracking.positions import (
    LostRaceError,
    Position,
    Stored,
    metadata,
    tracking_table,
)
from projections.tracking.rows import ROW_CACHE_SIZE, Key, Row, rows_of
from projections.tracking.view import SQLView, commit_positions, sync_views

__all__ = [
    "ROW_CACHE_SIZE",
    "HeldBackError",
    "Key",
    "LostRaceError",
    "ParkedEvent",
    "Partition",
    "Position",
    "Row",
    "SQLView",
    "Stored",
    "commit_positions",
    "error_text",
    "metadata",
    "parked_counts",
    "parked_events",
    "parked_table",
    "rows_of",
    "sync_views",
    "tracking_table",
    "write_parked",
]
