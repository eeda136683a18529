"""Replay as of an instant on both time axes: what the ledger had recorded by then, and what
had happened in the world by then as we know it now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ledger import Ledger, NotFoundError, TimeAxis
from tests.builders import TrajectoryBuilder, an_open_trajectory, state_of


def recorded_moments(ledger: Ledger, t: TrajectoryBuilder) -> list[datetime]:
    return [e.recorded_at for e in ledger.history(t.trajectory_id)]  # type: ignore[arg-type, attr-defined]


def a_busy_trajectory(ledger: Ledger) -> TrajectoryBuilder:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    assessment = t.assess("EI-02", level="in_development")
    t.correct(assessment.event_id, level="mastered")
    t.retract(module.event_id)
    t.post("TrajectoryPaused", reason="ziekte")
    return t


def test_recorded_axis_equals_the_state_at_each_recorded_version(ledger: Ledger) -> None:
    t = a_busy_trajectory(ledger)
    for version, moment in enumerate(recorded_moments(ledger, t), start=1):
        as_of = ledger.trajectory_as_of(t.trajectory_id, moment, TimeAxis.RECORDED)  # type: ignore[arg-type]
        at_version = ledger.trajectory(t.trajectory_id, version=version)  # type: ignore[arg-type]
        assert state_of(as_of) == state_of(at_version)


def test_recorded_axis_between_two_recordings_shows_the_earlier_one(ledger: Ledger) -> None:
    t = a_busy_trajectory(ledger)
    moments = recorded_moments(ledger, t)
    between = moments[2] + (moments[3] - moments[2]) / 2
    as_of = ledger.trajectory_as_of(t.trajectory_id, between, TimeAxis.RECORDED)  # type: ignore[arg-type]
    assert state_of(as_of) == state_of(ledger.trajectory(t.trajectory_id, version=3))  # type: ignore[arg-type]


def test_recorded_axis_now_equals_the_current_state(ledger: Ledger) -> None:
    t = a_busy_trajectory(ledger)
    now = recorded_moments(ledger, t)[-1] + timedelta(days=1)
    as_of = ledger.trajectory_as_of(t.trajectory_id, now, TimeAxis.RECORDED)  # type: ignore[arg-type]
    assert state_of(as_of) == state_of(t.trajectory)


def test_occurred_axis_includes_an_event_recorded_late_that_occurred_early(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    late = t.complete_module("M-EI-KLANT")  # occurs on day 3
    early = t.complete_module("M-EI-BASIS", occurred_at=datetime(2025, 9, 4, 12, tzinfo=UTC))
    recorded_before_early = ledger.history(t.trajectory_id)[-2].recorded_at  # type: ignore[arg-type, attr-defined]
    as_known_then = ledger.trajectory_as_of(
        t.trajectory_id,  # type: ignore[arg-type]
        recorded_before_early,
        TimeAxis.RECORDED,
    )
    as_happened = ledger.trajectory_as_of(
        t.trajectory_id,  # type: ignore[arg-type]
        datetime(2025, 9, 5, tzinfo=UTC),
        TimeAxis.OCCURRED,
    )
    assert early.event_id not in as_known_then.facts
    assert early.event_id in as_happened.facts
    assert late.event_id not in as_happened.facts


def test_occurred_axis_applies_a_retraction_posted_later(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS", occurred_at=datetime(2025, 9, 10, tzinfo=UTC))
    t.retract(module.event_id, occurred_at=datetime(2025, 12, 1, tzinfo=UTC))
    as_happened = ledger.trajectory_as_of(
        t.trajectory_id,  # type: ignore[arg-type]
        datetime(2025, 10, 1, tzinfo=UTC),
        TimeAxis.OCCURRED,
    )
    assert not as_happened.fact(module.event_id).counts
    coverage = as_happened.coverage(ledger.pinned_qualification(as_happened))
    assert "EI-01" in coverage.missing


def test_occurred_axis_applies_a_correction_posted_later(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    assessment = t.assess(
        "EI-02", level="in_development", occurred_at=datetime(2025, 9, 10, tzinfo=UTC)
    )
    t.correct(assessment.event_id, level="mastered", occurred_at=datetime(2025, 12, 1, tzinfo=UTC))
    as_happened = ledger.trajectory_as_of(
        t.trajectory_id,  # type: ignore[arg-type]
        datetime(2025, 10, 1, tzinfo=UTC),
        TimeAxis.OCCURRED,
    )
    assert as_happened.fact(assessment.event_id).fields["level"] == "mastered"


def test_occurred_axis_leaves_out_events_that_had_not_happened(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS", occurred_at=datetime(2025, 12, 1, tzinfo=UTC))
    as_happened = ledger.trajectory_as_of(
        t.trajectory_id,  # type: ignore[arg-type]
        datetime(2025, 11, 30, tzinfo=UTC),
        TimeAxis.OCCURRED,
    )
    assert module.event_id not in as_happened.facts


@pytest.mark.parametrize("axis", list(TimeAxis))
def test_as_of_before_the_opening_is_not_found(ledger: Ledger, axis: TimeAxis) -> None:
    t = an_open_trajectory(ledger)
    opening = ledger.history(t.trajectory_id)[0]  # type: ignore[arg-type]
    instant = min(opening.occurred_at, opening.recorded_at) - timedelta(seconds=1)  # type: ignore[attr-defined]
    with pytest.raises(NotFoundError):
        ledger.trajectory_as_of(t.trajectory_id, instant, axis)  # type: ignore[arg-type]
