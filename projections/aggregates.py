"""Trajectory state for the projections: the ledger's own aggregate, advanced event by event.

The trajectory view judges coverage with ``Trajectory.coverage`` (rule 1's own code), so it
keeps real ``Trajectory`` objects: each event is applied with ``event.mutate``; an aggregate
not in the bounded cache is loaded from the ledger at exactly that event's version.

One cache serves every read model that needs the aggregate (the trajectory and outflow
views): the page loop hands each event to those followers one after the other, so the
second finds the trajectory already at that event's version and takes it as it is, instead
of applying every event twice and holding every trajectory twice.
"""

from __future__ import annotations

from collections import OrderedDict
from uuid import UUID

from ledger import Ledger, QualificationVersion, Trajectory

# Enough for every trajectory that is active at once in a large provider; memory stays bounded.
CACHE_SIZE = 5_000


# qualification code and version, programme code and version (rule 7)
PinnedKey = tuple[str, int, str | None, int | None]


class TrajectoryStates:
    """A bounded LRU of trajectories, kept at the version of the last event applied."""

    def __init__(self, ledger: Ledger, size: int = CACHE_SIZE) -> None:
        self.ledger = ledger
        self.size = size
        self._trajectories: OrderedDict[UUID, Trajectory] = OrderedDict()
        self._qualifications: dict[PinnedKey, QualificationVersion] = {}
        self._closed: Trajectory | None = None  # the last one closed, for the next follower

    def apply(self, event: Trajectory.Event) -> Trajectory:
        """The trajectory right after ``event``: the cached one moved on by it, the cached
        one as it is when another follower has just applied the same event, or else loaded
        from the ledger at the event's version (a follower behind the others, a re-delivery,
        a trajectory not cached)."""
        key = event.originator_id
        cached = self._trajectories.pop(key, None)
        if cached is None and self._closed is not None and self._closed.id == key:
            cached = self._closed
        self._closed = None
        if cached is not None and cached.version == event.originator_version:
            # Versions are never reused and the cache only ever holds committed history
            # moved on event by event (a rolled-back page clears it), so this is exactly
            # the state the ledger would load.
            trajectory = cached
        elif cached is not None and cached.version == event.originator_version - 1:
            trajectory = event.mutate(cached)  # type: ignore[assignment]
        elif isinstance(event, Trajectory.TrajectoryOpened) and cached is None:
            trajectory = event.mutate(None)  # type: ignore[assignment]
        else:
            trajectory = self.ledger.trajectory(key, version=event.originator_version)
        if isinstance(event, Trajectory.TrajectoryClosed):
            # A closed trajectory rarely hears more (a late badge, a correction): the cache
            # keeps the open ones and the rare straggler is reloaded. Only the next follower
            # handed the same event still finds it.
            self._closed = trajectory
            return trajectory
        self._trajectories[key] = trajectory
        if len(self._trajectories) > self.size:
            self._trajectories.popitem(last=False)
        return trajectory

    def qualification(self, trajectory: Trajectory) -> QualificationVersion:
        """The pinned version (rule 7) as the pinned programme tailors it; published versions
        never change, so caching is safe."""
        key = (
            trajectory.qualification_code,
            trajectory.qualification_version,
            trajectory.programme_code,
            trajectory.programme_version,
        )
        if key not in self._qualifications:
            self._qualifications[key] = self.ledger.pinned_qualification(trajectory)
        return self._qualifications[key]

    def clear(self) -> None:
        self._trajectories.clear()
        self._closed = None
