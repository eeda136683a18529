"""Event topics the projections ask the ledger's log for, derived from the event classes so
a new trajectory event is picked up without editing a list."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from ledger import Trajectory

# The library adds these on every aggregate; the ledger never records them for trajectories.
LIBRARY_CLASSES = frozenset({"Event", "Created"})


def trajectory_event_classes() -> list[type[Trajectory.Event]]:
    return [
        value
        for value in vars(Trajectory).values()
        if isinstance(value, type)
        and issubclass(value, Trajectory.Event)
        and value.__name__ not in LIBRARY_CLASSES
    ]


def trajectory_topics(*names: str) -> tuple[str, ...]:
    """Topics of the named trajectory events, or of all of them when none are named."""
    classes = trajectory_event_classes()
    chosen = [c for c in classes if not names or c.__name__ in names]
    unknown = set(names) - {c.__name__ for c in classes}
    if unknown:
        raise ValueError(f"no trajectory events {sorted(unknown)}")
    return tuple(sorted(get_topic(c) for c in chosen))
