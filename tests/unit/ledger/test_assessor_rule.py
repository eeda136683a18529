"""Rule 5: only a mentor at the agreed workplace, or an assessor/teacher/jury of the lead
or a partner provider, may score; an external coach never scores."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from ledger import AssessorNotEntitledError, Ledger, NotPermittedError
from ledger.rules import require_entitled_assessor
from ledger.values import AssessorRole, Setting
from tests.builders import an_open_trajectory, provider, workplace


def test_a_coach_cannot_score(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(AssessorNotEntitledError) as e:
        t.assess("EI-01", t.lead, setting="school", assessor_role="coach")
    assert e.value.rule == 5
    assert e.value.code == "rule-5-assessor-not-entitled"


def test_a_mentor_of_a_workplace_without_an_agreement_cannot_score(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(AssessorNotEntitledError) as e:
        t.assess("EI-02", workplace("maatwerk-restaurant"))
    assert e.value.rule == 5


def test_a_mentor_cannot_score_before_the_agreement_is_signed(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with t.refuses(AssessorNotEntitledError):
        t.assess("EI-02")


def test_a_mentor_cannot_score_after_the_agreement_period(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    t.sign_agreement("elektro-peeters", starts_on="2025-09-01", ends_on="2025-09-30")
    with t.refuses(AssessorNotEntitledError):
        t.assess("EI-02", occurred_at=datetime(2025, 10, 1, 9, tzinfo=UTC))


def test_a_mentor_cannot_score_after_the_agreement_was_ended(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    signed = t.sign_agreement("elektro-peeters", starts_on="2025-09-01")
    agreement_id = t.trajectory.fact(signed.event_id).fields["agreement_id"]
    t.post(
        "LearningAgreementEnded", agreement_id=agreement_id, ended_on="2025-09-05", reason="stop"
    )
    with t.refuses(AssessorNotEntitledError):
        t.assess("EI-02", occurred_at=datetime(2025, 9, 6, 9, tzinfo=UTC))


def test_a_mentor_may_score_within_the_agreement_period(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    t.sign_agreement("elektro-peeters", starts_on="2025-09-01", ends_on="2025-09-30")
    t.assess("EI-02", occurred_at=datetime(2025, 9, 30, 9, tzinfo=UTC))
    assert "EI-02" not in ledger.coverage(t.trajectory_id).missing


def test_a_mentor_with_an_active_agreement_scores_in_the_workplace(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    receipt = t.assess("EI-02")
    assert t.trajectory.fact(receipt.event_id).fields["assessor_role"] == "mentor"


def test_a_mentor_cannot_score_outside_the_workplace_setting(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(AssessorNotEntitledError) as e:
        t.assess("EI-01", setting="school")
    assert "workplace setting" in str(e.value)


def test_a_workplace_cannot_score_as_an_assessor_of_a_provider(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(AssessorNotEntitledError):
        t.assess("EI-01", assessor_role="assessor")


def test_a_provider_that_is_neither_lead_nor_partner_cannot_assess(ledger: Ledger) -> None:
    # The role guard refuses it before rule 5 is asked: the provider may post nothing here.
    t = an_open_trajectory(ledger)
    with t.refuses(NotPermittedError):
        t.assess("EI-01", provider("woodwize"), setting="school", assessor_role="assessor")


def test_rule_5_refuses_an_assessor_of_a_provider_outside_the_trajectory() -> None:
    outsider = provider("woodwize")
    with pytest.raises(AssessorNotEntitledError) as e:
        require_entitled_assessor(
            outsider, AssessorRole.ASSESSOR, Setting.SCHOOL, {uuid4()}, frozenset()
        )
    assert e.value.rule == 5


def test_an_assessor_of_a_partner_provider_may_score(ledger: Ledger) -> None:
    t = an_open_trajectory(
        ledger,
        qualification="BK-HOUTBEWERKER",
        pathway="kwalificerend_traject_werkenden",
        lead="woodwize",
        partners=("syntra-hout",),
        with_agreement=False,
    )
    t.assess(
        "HB-03",
        provider("syntra-hout", "docent-karel"),
        setting="simulated_workplace",
        assessor_role="assessor",
    )
    assert "HB-03" not in ledger.coverage(t.trajectory_id).missing
