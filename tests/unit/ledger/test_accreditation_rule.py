"""Rule 4: a dual-learning agreement needs a workplace accredited on its start date;
withdrawing an accreditation never erases earlier assessments."""

from __future__ import annotations

from datetime import date

import pytest

from ledger import Ledger, WorkplaceNotAccreditedError
from tests.builders import an_open_trajectory, nothing_appended, withdraw_accreditation


def test_dual_learning_agreement_with_a_non_accredited_workplace_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with nothing_appended(ledger, t.trajectory_id), pytest.raises(WorkplaceNotAccreditedError) as e:
        t.sign_agreement("maatwerk-restaurant")
    assert e.value.rule == 4
    assert e.value.code == "rule-4-workplace-not-accredited"


def test_dual_learning_agreement_starting_before_the_accreditation_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with nothing_appended(ledger, t.trajectory_id), pytest.raises(WorkplaceNotAccreditedError):
        t.sign_agreement("elektro-peeters", starts_on="2024-08-31")


def test_dual_learning_agreement_starting_on_the_accreditation_day_is_accepted(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    t.sign_agreement("elektro-peeters", starts_on="2024-09-01")
    assert t.trajectory.counting_facts("LearningAgreementSigned")


def test_dual_learning_agreement_starting_after_withdrawal_is_refused(ledger: Ledger) -> None:
    withdraw_accreditation(ledger, "elektro-peeters", date(2026, 1, 1))
    t = an_open_trajectory(ledger, with_agreement=False)
    with nothing_appended(ledger, t.trajectory_id), pytest.raises(WorkplaceNotAccreditedError):
        t.sign_agreement("elektro-peeters", starts_on="2026-01-01")


def test_dual_learning_agreement_starting_before_a_later_withdrawal_is_accepted(
    ledger: Ledger,
) -> None:
    withdraw_accreditation(ledger, "elektro-peeters", date(2026, 1, 1))
    t = an_open_trajectory(ledger, with_agreement=False)
    t.sign_agreement("elektro-peeters", starts_on="2025-12-31")
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
