"""Older posted schema versions are upcast with the same functions the store uses: a v1
CompetenceAssessed (yes/no ``mastered``) is accepted as a v2 one (three levels)."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import InvalidEventError, Ledger, Submission
from tests.builders import TrajectoryBuilder, an_open_trajectory
from tests.contract_checks import committed_schema, posted_body, posted_shape, validator
from tests.earlier_releases import assessment_v1_fields


def v1_assessment(t: TrajectoryBuilder, mastered: Any, event_id: str) -> Submission:
    return Submission(
        event_type="CompetenceAssessed",
        event_id=event_id,
        occurred_at=t.day,
        schema_version=1,
        fields=assessment_v1_fields(mastered),
    )


def test_a_v1_body_validates_against_the_v1_contract(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    body = posted_body(v1_assessment(t, True, "v1-1"))
    validator(posted_shape(committed_schema("CompetenceAssessed", 1))).validate(body)


@pytest.mark.parametrize(("mastered", "level"), [(True, "mastered"), (False, "in_development")])
def test_a_posted_v1_assessment_is_upcast_and_accepted(
    ledger: Ledger, mastered: bool, level: str
) -> None:
    t = an_open_trajectory(ledger)
    receipt = ledger.post(t.trajectory_id, v1_assessment(t, mastered, "v1-1"), actor=t.mentor)
    fact = t.trajectory.fact(receipt.event_id)
    assert fact.fields["level"] == level
    assert "mastered" not in fact.fields


def test_a_v1_body_without_mastered_is_refused_as_invalid(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = v1_assessment(t, True, "v1-1")
    del submission.fields["mastered"]
    with t.refuses(InvalidEventError):
        ledger.post(t.trajectory_id, submission, actor=t.mentor)


def test_an_unknown_schema_version_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = Submission("TrajectoryPaused", "p-1", t.day, {"reason": "x"}, schema_version=3)
    with t.refuses(InvalidEventError):
        ledger.post(t.trajectory_id, submission, actor=t.lead)


def test_schema_version_zero_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = Submission("TrajectoryPaused", "p-1", t.day, {"reason": "x"}, schema_version=0)
    with t.refuses(InvalidEventError):
        ledger.post(t.trajectory_id, submission, actor=t.lead)


def test_a_v1_body_with_a_non_boolean_mastered_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = v1_assessment(t, "false", "v1-1")
    with t.refuses(InvalidEventError):
        ledger.post(t.trajectory_id, submission, actor=t.mentor)
