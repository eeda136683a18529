"""The trajectory view recomputes coverage only for events that can change it; every event
that can must be among them, or the view would drift from the aggregate."""

from __future__ import annotations

import pytest

from ledger import Trajectory
from projections.trajectories import can_change_coverage

CHANGING = [
    "TrajectoryOpened",
    "OrientationCompleted",
    "TrajectoryMigrated",
    "ModuleCompleted",
    "CompetenceAssessed",
    "RecognitionDecided",
    "ExemptionGranted",
    "EventCorrected",
    "EventRetracted",
]
STATUS_ONLY = [
    "IntakeHeld",
    "TrajectoryPaused",
    "TrajectoryResumed",
    "TrajectoryClosed",
    "ModuleEnrolled",
    "BadgeIssued",
    "BadgeRevoked",
]


@pytest.mark.parametrize("name", CHANGING)
def test_events_that_can_change_coverage_trigger_a_recomputation(name: str) -> None:
    assert can_change_coverage(getattr(Trajectory, name)) is True


@pytest.mark.parametrize("name", STATUS_ONLY)
def test_status_and_badge_events_reuse_the_stored_coverage(name: str) -> None:
    assert can_change_coverage(getattr(Trajectory, name)) is False
