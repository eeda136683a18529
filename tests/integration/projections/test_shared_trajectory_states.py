"""The trajectory and outflow views share one cache of trajectory aggregates: the second
follower handed an event finds the trajectory already at that event's version, so each event
is applied once and each trajectory held once, and every state is still the ledger's own."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from api.demo.loader import DemoResult
from ledger import Ledger, Trajectory
from projections.aggregates import TrajectoryStates


class CountingLedger:
    """The ledger, counting the trajectories loaded from the store."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.loads: list[tuple[UUID, int | None]] = []

    def trajectory(self, trajectory_id: UUID, version: int | None = None) -> Trajectory:
        self.loads.append((trajectory_id, version))
        return self.ledger.trajectory(trajectory_id, version=version)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ledger, name)


def events_of(ledger: Ledger, trajectory_id: UUID) -> list[Trajectory.Event]:
    return list(ledger.repository.event_store.get(trajectory_id))


def closed_trajectory(ledger: Ledger, demo: DemoResult) -> UUID:
    for trajectory_id in demo.trajectories.values():
        if any(
            isinstance(e, Trajectory.TrajectoryClosed) for e in events_of(ledger, trajectory_id)
        ):
            return trajectory_id
    pytest.fail("the demo has no closed trajectory")


def state(trajectory: Trajectory) -> dict[str, Any]:
    return {k: v for k, v in vars(trajectory).items() if not k.startswith("_pending")}


def test_two_followers_get_the_ledgers_state_with_each_event_applied_once(
    file_ledger: Ledger, demo: DemoResult
) -> None:
    counting = CountingLedger(file_ledger)
    states = TrajectoryStates(counting)  # type: ignore[arg-type]
    trajectory_id = closed_trajectory(file_ledger, demo)
    events = events_of(file_ledger, trajectory_id)
    for event in events:
        first = states.apply(event)
        second = states.apply(event)
        assert second is first
        expected = file_ledger.trajectory(trajectory_id, version=event.originator_version)
        assert first.version == event.originator_version
        assert state(first) == state(expected)
    assert counting.loads == []  # the closing event too was found by the second follower


def test_a_closed_trajectory_is_kept_only_for_the_next_follower(
    file_ledger: Ledger, demo: DemoResult
) -> None:
    closed = closed_trajectory(file_ledger, demo)
    other = next(t for t in demo.trajectories.values() if t != closed)
    counting = CountingLedger(file_ledger)
    states = TrajectoryStates(counting)  # type: ignore[arg-type]
    events = events_of(file_ledger, closed)
    for event in events:
        states.apply(event)
    states.apply(events[-1])  # the next follower, handed the closing event
    assert counting.loads == []
    states.apply(events_of(file_ledger, other)[0])  # then another trajectory's event
    states.apply(events[-1])  # a straggler: the closed one is no longer held
    assert counting.loads == [(closed, events[-1].originator_version)]


def test_a_follower_behind_the_cache_gets_the_state_at_its_own_event(
    file_ledger: Ledger, demo: DemoResult
) -> None:
    trajectory_id = closed_trajectory(file_ledger, demo)
    events = events_of(file_ledger, trajectory_id)
    states = TrajectoryStates(file_ledger)
    for event in events:
        states.apply(event)
    behind = states.apply(events[1])
    assert behind.version == events[1].originator_version
    assert state(behind) == state(file_ledger.trajectory(trajectory_id, version=2))
    # and the one ahead carries on from there, event by event, to the ledger's state
    for event in events[2:]:
        ahead = states.apply(event)
    assert state(ahead) == state(file_ledger.trajectory(trajectory_id))
