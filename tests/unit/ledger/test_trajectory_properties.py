"""Properties of random valid event sequences on a trajectory (in-memory store): awards
follow coverage exactly, and coverage never rests on a retracted fact."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from ledger import Actor, Ledger, Trajectory
from tests.builders import TickingClock, a_care_trajectory, a_ledger
from tests.strategies import Step, StepPlayer, event_sequences


def played(steps: list[Step]) -> tuple[Ledger, Trajectory, StepPlayer]:
    ledger = a_ledger(TickingClock())
    t = a_care_trajectory(ledger)

    def post(event_type: str, actor: Actor, fields: dict[str, Any]) -> str:
        return t.post(event_type, actor, **fields).event_id

    player = StepPlayer(
        post=post,
        trajectory=lambda: t.trajectory,
        qualification=ledger.pinned_qualification(t.trajectory),
        lead=t.lead,
        mentor=t.mentor,
    )
    player.play(steps)
    return ledger, t.trajectory, player


@given(event_sequences())
def test_an_award_is_granted_iff_its_competences_are_covered(steps: list[Step]) -> None:
    _, _, player = played(steps)
    assert player.attempts
    for _award, covered, awarded in player.attempts:
        assert awarded == covered


@given(event_sequences())
def test_the_qualification_is_awarded_at_the_end_iff_fully_covered(steps: list[Step]) -> None:
    ledger, trajectory, _ = played(steps)
    complete = ledger.coverage(trajectory.id).complete
    awarded = any(f.event_type == "QualificationAwarded" for f in trajectory.active_awards())
    assert awarded == complete


@given(event_sequences())
def test_coverage_never_counts_a_retracted_basis(steps: list[Step]) -> None:
    ledger, trajectory, _ = played(steps)
    coverage = ledger.coverage(trajectory.id)
    for item in coverage.competences:
        for basis in item.covered_by:
            assert trajectory.fact(basis.event_id).retracted_by is None


@given(event_sequences())
def test_every_active_award_rests_on_full_coverage(steps: list[Step]) -> None:
    ledger, trajectory, _ = played(steps)
    qualification = ledger.pinned_qualification(trajectory)
    covered = {c.competence.code for c in ledger.coverage(trajectory.id).competences if c.covered}
    for award in trajectory.active_awards():
        if award.event_type == "QualificationAwarded":
            required = {c.code for c in qualification.competences}
        else:
            code = award.fields["certificate_code"]
            required = set(qualification.partial_certificate(code).competences)
        assert required <= covered
