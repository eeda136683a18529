"""Rule 8: intake results are visible to provider staff only with the learner's consent;
the learner themself and auditors always see them."""

from __future__ import annotations

import pytest

from ledger import IntakeNotVisibleError, Ledger
from tests.builders import (
    TrajectoryBuilder,
    an_auditor,
    an_open_trajectory,
    provider,
    the_learner,
)


def a_trajectory_with_intake(ledger: Ledger, *, consent: bool) -> TrajectoryBuilder:
    t = an_open_trajectory(ledger, learner="ilias")
    t.post(
        "IntakeHeld",
        outcome="start in duaal leren",
        arbeidsbereid=True,
        arbeidsrijp="arbeidsrijp",
        consent_to_share=consent,
    )
    return t


def test_provider_staff_cannot_see_the_intake_without_consent(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=False)
    with pytest.raises(IntakeNotVisibleError) as e:
        ledger.intake(t.trajectory_id, provider())  # type: ignore[arg-type]
    assert e.value.rule == 8
    assert e.value.code == "rule-8-intake-not-visible"


def test_provider_staff_see_the_intake_with_consent(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=True)
    (intake,) = ledger.intake(t.trajectory_id, provider())  # type: ignore[arg-type]
    assert intake == {
        "outcome": "start in duaal leren",
        "arbeidsbereid": True,
        "arbeidsrijp": "arbeidsrijp",
        "welfare_issues": False,
        "advised_by": [],
        "advice": "",
        "consent_to_share": True,
    }


def test_the_learner_sees_their_own_intake_without_consent(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=False)
    assert ledger.intake(t.trajectory_id, the_learner("ilias"))  # type: ignore[arg-type]


def test_another_learner_cannot_see_the_intake_without_consent(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=False)
    with pytest.raises(IntakeNotVisibleError):
        ledger.intake(t.trajectory_id, the_learner("amina"))  # type: ignore[arg-type]


def test_an_auditor_sees_the_intake_without_consent(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=False)
    assert ledger.intake(t.trajectory_id, an_auditor())  # type: ignore[arg-type]


def test_a_correction_withdrawing_consent_hides_the_intake_from_provider_staff(
    ledger: Ledger,
) -> None:
    t = a_trajectory_with_intake(ledger, consent=True)
    intake_event = t.receipts[-1].event_id
    t.correct(intake_event, consent_to_share=False, reason="toestemming ingetrokken")
    with pytest.raises(IntakeNotVisibleError):
        ledger.intake(t.trajectory_id, provider())  # type: ignore[arg-type]


def test_a_correction_giving_consent_shows_the_intake_to_provider_staff(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=False)
    intake_event = t.receipts[-1].event_id
    t.correct(intake_event, consent_to_share=True, reason="toestemming gegeven")
    assert ledger.intake(t.trajectory_id, provider())  # type: ignore[arg-type]


def test_a_retracted_intake_withdraws_its_consent(ledger: Ledger) -> None:
    t = a_trajectory_with_intake(ledger, consent=True)
    t.retract(t.receipts[-1].event_id)
    assert t.trajectory.intake_consent is False
