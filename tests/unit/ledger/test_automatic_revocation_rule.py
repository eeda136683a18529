"""Rule 9: a retraction or correction that removes the basis of an awarded partial
certificate or qualification revokes it automatically, and says so; history keeps both."""

from __future__ import annotations

from ledger import Ledger, Trajectory
from tests.builders import a_care_trajectory, an_open_trajectory


def test_retracting_the_basis_of_a_partial_certificate_revokes_it(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    award = t.award("DK-HUISHOUDHULP")
    retraction = t.retract(semester.event_id)
    assert t.trajectory.fact(retraction.event_id).fields["revokes"] == [award.event_id]
    assert t.trajectory.active_awards() == []
    assert t.trajectory.fact(award.event_id).revoked_by == retraction.event_id


def test_history_keeps_the_award_and_the_retraction_that_revoked_it(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    award = t.award("DK-HUISHOUDHULP")
    retraction = t.retract(semester.event_id)
    history = ledger.history(t.trajectory_id)  # type: ignore[arg-type]
    by_id = {e.event_id: e for e in history}  # type: ignore[attr-defined]
    assert isinstance(by_id[award.event_id], Trajectory.PartialCertificateAwarded)
    assert isinstance(by_id[retraction.event_id], Trajectory.EventRetracted)
    assert by_id[retraction.event_id].revokes == [award.event_id]  # type: ignore[attr-defined]


def test_every_award_resting_on_a_retracted_basis_is_revoked(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    household = t.award("DK-HUISHOUDHULP")
    logistics = t.award("DK-LOGISTIEK")
    retraction = t.retract(semester.event_id)
    revokes = t.trajectory.fact(retraction.event_id).fields["revokes"]
    assert revokes == sorted([household.event_id, logistics.event_id])


def test_a_correction_that_removes_the_basis_revokes_the_qualification(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.complete_module("M-EI-BASIS")
    t.complete_module("M-EI-KLANT")
    t.assess("EI-02")
    measured = t.assess("EI-04")
    award = t.award()
    correction = t.correct(measured.event_id, level="in_development")
    assert t.trajectory.fact(correction.event_id).fields["revokes"] == [award.event_id]
    assert t.trajectory.active_awards() == []
    assert ledger.coverage(t.trajectory_id).missing == ("EI-04",)


def test_a_correction_that_keeps_the_basis_revokes_nothing(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    award = t.award("DK-HUISHOUDHULP")
    correction = t.correct(semester.event_id, assessed_by="docent-an")
    assert t.trajectory.fact(correction.event_id).fields["revokes"] == []
    assert [f.event_id for f in t.trajectory.active_awards()] == [award.event_id]


def test_a_retraction_revokes_nothing_while_another_basis_still_covers(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    t.exempt(["ZK-01"])
    award = t.award("DK-HUISHOUDHULP")
    retraction = t.retract(semester.event_id)
    assert t.trajectory.fact(retraction.event_id).fields["revokes"] == []
    assert [f.event_id for f in t.trajectory.active_awards()] == [award.event_id]


def test_a_retracted_award_revokes_itself(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    t.complete_module("SEM-1")
    award = t.award("DK-HUISHOUDHULP")
    retraction = t.retract(award.event_id)
    assert t.trajectory.fact(retraction.event_id).fields["revokes"] == [award.event_id]
    assert t.trajectory.active_awards() == []


def test_a_revoked_certificate_can_be_awarded_again_once_covered_again(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    t.award("DK-HUISHOUDHULP")
    t.retract(semester.event_id)
    t.complete_module("SEM-1")
    again = t.award("DK-HUISHOUDHULP")
    assert [f.event_id for f in t.trajectory.active_awards()] == [again.event_id]
