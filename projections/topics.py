"""Event topics the projections ask the ledger's log for, derived from the event classes so
a new trajectory event is picked up without editing a list."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from ledger import TRAJECTORY_EVENT_TYPES, Trajectory, topics_of


def trajectory_event_classes() -> list[type[Trajectory.Event]]:
    return list(TRAJECTORY_EVENT_TYPES.values())


def trajectory_topics(*names: str) -> tuple[str, ...]:
    """Topics of the named trajectory events, or of all of them when none are named; an
    event class that moved module is asked for under its old topic too."""
    classes = trajectory_event_classes()
    chosen = [c for c in classes if not names or c.__name__ in names]
    unknown = set(names) - {c.__name__ for c in classes}
    if unknown:
        raise ValueError(f"no trajectory events {sorted(unknown)}")
    return tuple(sorted(topic for c in chosen for topic in topics_of(c)))


def handled_topics(process_event: singledispatchmethod[Any]) -> tuple[str, ...]:
    """Topics of every event class a projection's single-dispatch ``process_event`` has a
    handler for (but its default's): what it asks the log for, so the two never drift."""
    classes = [c for c in process_event.dispatcher.registry if c is not object]
    return tuple(sorted({topic for c in classes for topic in topics_of(c)}))
