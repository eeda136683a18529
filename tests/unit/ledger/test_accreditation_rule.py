"""Rule 4: a dual-learning agreement needs a workplace accredited on its start date;
withdrawing an accreditation never erases earlier assessments."""

from __future__ import annotations

from datetime import date

import pytest

from ledger import Ledger, WorkplaceNotAccreditedError
from tests.builders import (
    TrajectoryBuilder,
    an_open_trajectory,
    withdraw_accreditation,
)


def test_dual_learning_agreement_with_a_non_accredited_workplace_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with t.refuses(WorkplaceNotAccreditedError) as e:
        t.sign_agreement("maatwerk-restaurant")
    assert e.value.rule == 4
    assert e.value.code == "rule-4-workplace-not-accredited"


# case → (elektro-peeters' accreditation withdrawn on, the agreement starts on); elektro-peeters
# is accredited from 2024-09-01.
OUTSIDE_THE_ACCREDITATION = {
    "starting_before_the_accreditation": (None, "2024-08-31"),
    "starting_after_withdrawal": (date(2026, 1, 1), "2026-01-01"),
}
WITHIN_THE_ACCREDITATION = {
    "starting_on_the_accreditation_day": (None, "2024-09-01"),
    "starting_before_a_later_withdrawal": (date(2026, 1, 1), "2025-12-31"),
}


def a_trajectory_to_place(ledger: Ledger, withdrawn_on: date | None) -> TrajectoryBuilder:
    """An open dual trajectory without an agreement, elektro-peeters' accreditation
    withdrawn on ``withdrawn_on`` (if any)."""
    if withdrawn_on is not None:
        withdraw_accreditation(ledger, "elektro-peeters", withdrawn_on)
    return an_open_trajectory(ledger, with_agreement=False)


@pytest.mark.parametrize("case", list(OUTSIDE_THE_ACCREDITATION))
def test_dual_learning_agreement_outside_the_accreditation_is_refused(
    ledger: Ledger, case: str
) -> None:
    withdrawn_on, starts_on = OUTSIDE_THE_ACCREDITATION[case]
    t = a_trajectory_to_place(ledger, withdrawn_on)
    with t.refuses(WorkplaceNotAccreditedError):
        t.sign_agreement("elektro-peeters", starts_on=starts_on)


@pytest.mark.parametrize("case", list(WITHIN_THE_ACCREDITATION))
def test_dual_learning_agreement_within_the_accreditation_is_accepted(
    ledger: Ledger, case: str
) -> None:
    withdrawn_on, starts_on = WITHIN_THE_ACCREDITATION[case]
    t = a_trajectory_to_place(ledger, withdrawn_on)
    t.sign_agreement("elektro-peeters", starts_on=starts_on)
    assert t.trajectory.counting_facts("LearningAgreementSigned")


def test_a_non_dual_pathway_may_place_a_learner_at_a_non_accredited_workplace(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger, pathway="volwassenenonderwijs", with_agreement=False)
    t.sign_agreement("maatwerk-restaurant")
    assert t.trajectory.counting_facts("LearningAgreementSigned")


def test_withdrawing_accreditation_does_not_erase_earlier_assessments(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.assess("EI-02")
    t.assess("EI-04")
    before = ledger.coverage(t.trajectory_id)
    withdraw_accreditation(ledger, "elektro-peeters", date(2026, 1, 1))
    assert ledger.coverage(t.trajectory_id) == before
    assert "EI-02" not in before.missing


def test_the_qualification_can_be_awarded_after_the_workplace_lost_its_accreditation(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    t.complete_module("M-EI-BASIS")
    t.complete_module("M-EI-KLANT")
    t.assess("EI-02")
    t.assess("EI-04")
    withdraw_accreditation(ledger, "elektro-peeters", date(2026, 1, 1))
    t.award()
    assert t.trajectory.active_awards()
