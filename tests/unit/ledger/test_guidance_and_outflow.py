"""Guidance is recorded but never scores; colleagues', end clients' and the learner's own
judgements are recorded as such and never count (rule 5); closing states why the learner
left, and a reorientation links the closed trajectory to the new one."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import (
    AssessorNotEntitledError,
    InvalidEventError,
    Learner,
    Ledger,
    NotFoundError,
    UnknownTrajectoryError,
)
from tests.builders import TrajectoryBuilder, an_open_trajectory, nothing_appended, org_id, provider


@pytest.mark.parametrize(
    "kind",
    ["trajectbegeleiding", "competentiecoach", "externe_mentor", "remediering", "selectiegesprek"],
)
def test_guidance_is_recorded_and_never_covers(ledger: Ledger, kind: str) -> None:
    t = an_open_trajectory(ledger)
    before = ledger.coverage(t.trajectory_id)  # type: ignore[arg-type]
    t.post("GuidanceRecorded", kind=kind, guide_id="gert", notes="bezoek", competences=["EI-01"])
    assert t.trajectory.counting_facts("GuidanceRecorded")[0].fields["kind"] == kind
    assert ledger.coverage(t.trajectory_id) == before  # type: ignore[arg-type]


def test_guidance_naming_an_unknown_competence_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotFoundError):
        t.post("GuidanceRecorded", kind="remediering", guide_id="g", notes="", competences=["XX"])


@pytest.mark.parametrize("role", ["colleague", "end_client", "self"])
def test_a_non_scoring_judgement_is_recorded_but_never_covers(ledger: Ledger, role: str) -> None:
    t = an_open_trajectory(ledger)
    t.assess("EI-02", assessor_role=role, assessor_id="collega-tom")
    (fact,) = t.trajectory.counting_facts("CompetenceAssessed")
    assert fact.fields["assessor_role"] == role
    assert "EI-02" in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_coach_cannot_score(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(AssessorNotEntitledError) as e:
        t.assess("EI-01", t.lead, assessor_role="coach", setting="school")
    assert e.value.rule == 5


@pytest.mark.parametrize(
    "left", ["completed", "entered_job", "reoriented", "transferred", "dropped_out"]
)
def test_a_closing_records_why_the_learner_left(ledger: Ledger, left: str) -> None:
    t = an_open_trajectory(ledger)
    t.close(exit=left)
    assert t.trajectory.exit == left


def test_a_closing_without_a_reason_to_leave_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(InvalidEventError):
        t.close(exit="unrecorded")


def reopen(ledger: Ledger, before: Any, learner: str = "ilias", **over: Any) -> Any:
    t = TrajectoryBuilder(ledger, provider("cdo-elektro"))
    return t.post(
        "TrajectoryOpened",
        learner_id=str(Learner.id_for(learner)),
        pathway="volwassenenonderwijs",
        qualification_code="BK-ELEKTRO",
        lead_provider=str(org_id("cdo-elektro")),
        partners=[],
        reoriented_from=str(before),
        referred_by="VDAB",
        **over,
    )


def test_a_reorientation_links_the_closed_trajectory_to_the_new_one(ledger: Ledger) -> None:
    before = an_open_trajectory(ledger)
    before.close(exit="reoriented")
    opened = reopen(ledger, before.trajectory_id)
    new = ledger.trajectory(opened.aggregate_id)
    assert new.reoriented_from == before.trajectory_id
    assert new.facts[opened.event_id].fields["referred_by"] == "VDAB"


def test_a_reorientation_from_a_trajectory_not_closed_as_such_is_refused(ledger: Ledger) -> None:
    before = an_open_trajectory(ledger)
    before.close(exit="dropped_out")
    with nothing_appended(ledger), pytest.raises(InvalidEventError):
        reopen(ledger, before.trajectory_id)


def test_a_reorientation_of_another_learner_is_refused(ledger: Ledger) -> None:
    before = an_open_trajectory(ledger)
    before.close(exit="reoriented")
    with nothing_appended(ledger), pytest.raises(InvalidEventError):
        reopen(ledger, before.trajectory_id, learner="amina")


def test_a_reorientation_from_an_unknown_trajectory_is_refused(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(UnknownTrajectoryError):
        reopen(ledger, org_id("not-a-trajectory"))
