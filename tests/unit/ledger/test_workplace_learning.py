"""Workplace learning: agreement kinds (a dual contract has three signatories), hours
registered (not only planned) and the workplace share of learning time, own-job hours
counted only where the programme says so; a workplace reads a trajectory only while its
agreement actually runs and the trajectory is open (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from ledger import InvalidEventError, Ledger, NotFoundError, NotPermittedError
from tests.builders import TickingClock, a_ledger, an_open_trajectory, workplace
from tests.catalogue_data import a_programme_trajectory, with_test_programme


def hours(
    t: Any, agreement: str, at_work: int, at_school: int, actor: Any = None, **over: Any
) -> Any:
    return t.post(
        "WorkplaceHoursRegistered",
        actor,
        agreement_id=agreement,
        period_from="2025-09-01",
        period_until="2025-09-30",
        hours_workplace=at_work,
        hours_school=at_school,
        **over,
    )


def agreement_id(t: Any, index: int = 0) -> str:
    return str(t.trajectory.counting_facts("LearningAgreementSigned")[index].fields["agreement_id"])


def a_dual_contract(t: Any, signatories: list[str]) -> Any:
    return t.post(
        "LearningAgreementSigned",
        agreement_id="a-1",
        workplace_id=str(t.mentor.organisation_id),
        mentor_id="mentor-jef",
        hours_workplace=24,
        hours_school=12,
        starts_on="2025-09-01",
        ends_on=None,
        kind="dual_contract",
        signatories=signatories,
        learner_allowance="350.00",
    )


def test_a_dual_contract_without_its_three_signatories_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with t.refuses(InvalidEventError) as e:
        a_dual_contract(t, ["learner", "provider"])
    assert "learner, the workplace and the provider" in e.value.detail


def test_a_dual_contract_records_its_signatories_and_allowance(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    a_dual_contract(t, ["learner", "workplace", "provider"])
    (signed,) = t.trajectory.counting_facts("LearningAgreementSigned")
    assert signed.fields["learner_allowance"] == Decimal("350.00")
    assert sorted(signed.fields["signatories"]) == ["learner", "provider", "workplace"]


def test_an_agreement_of_unrecorded_kind_cannot_be_posted(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, pathway="volwassenenonderwijs", with_agreement=False)
    with pytest.raises(InvalidEventError):
        t.sign_agreement("elektro-peeters", kind="unrecorded")


def test_the_workplace_share_follows_the_registered_hours(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    hours(t, agreement_id(t), 96, 32)
    hours(t, agreement_id(t), 30, 42, actor=t.mentor)  # the workplace registers its own
    time = ledger.learning_time(t.trajectory_id)  # type: ignore[arg-type]
    assert (time.workplace_hours, time.school_hours) == (126, 74)
    assert time.workplace_share == Decimal("0.630")  # > 60 %, as dual learning aims (S2 L257)


def test_no_registered_hours_means_no_share(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    assert ledger.learning_time(t.trajectory_id).workplace_share is None  # type: ignore[arg-type]


def test_a_workplace_registers_hours_only_under_its_own_agreement(ledger: Ledger) -> None:
    t = an_open_trajectory(
        ledger, pathway="volwassenenonderwijs", partners=("elektro-peeters", "wzc-zonnehof")
    )
    t.sign_agreement("wzc-zonnehof", kind="stage")
    with t.refuses(NotPermittedError):
        hours(t, agreement_id(t, 1), 10, 0, actor=t.mentor)


def test_own_job_hours_count_as_workplace_learning_only_where_the_programme_says(
    ledger: Ledger,
) -> None:
    t = a_programme_trajectory(with_test_programme(ledger), agreement_kind="article_60")
    hours(t, agreement_id(t), 60, 40)
    time = ledger.learning_time(t.trajectory_id)  # type: ignore[arg-type]
    assert (time.workplace_hours, time.own_job_hours_not_counted) == (0, 60)


def test_own_job_hours_count_in_the_module_the_programme_names(ledger: Ledger) -> None:
    policy = {"own_employment_counts": True, "own_employment_modules": ["T-M2"]}
    t = a_programme_trajectory(
        with_test_programme(ledger, policy=policy), agreement_kind="article_60"
    )
    hours(t, agreement_id(t), 60, 40, module_code="T-M2")
    hours(t, agreement_id(t), 50, 10, module_code="T-M3")
    time = ledger.learning_time(t.trajectory_id)  # type: ignore[arg-type]
    assert (time.workplace_hours, time.own_job_hours_not_counted) == (60, 50)


def test_hours_under_an_unknown_agreement_are_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotFoundError):
        hours(t, "nope", 1, 1)


def late_clock_ledger(now: datetime) -> Ledger:
    return a_ledger(TickingClock(now=now))


def test_a_workplace_reads_the_trajectory_while_its_agreement_runs() -> None:
    ledger = late_clock_ledger(datetime(2025, 10, 15, tzinfo=UTC))
    t = an_open_trajectory(ledger)
    assert ledger.trajectory_for(workplace(), t.trajectory_id)  # type: ignore[arg-type]


def test_a_workplace_no_longer_reads_after_the_agreement_actually_ended() -> None:
    ledger = late_clock_ledger(datetime(2025, 10, 15, tzinfo=UTC))
    t = an_open_trajectory(ledger)
    t.post(
        "LearningAgreementEnded",
        agreement_id=agreement_id(t),
        ended_on="2025-10-01",
        reason="stopgezet",
        occurred_at=datetime(2025, 10, 1, 9, tzinfo=UTC),
    )
    with pytest.raises(NotFoundError):
        ledger.trajectory_for(workplace(), t.trajectory_id)  # type: ignore[arg-type]


def test_a_workplace_no_longer_reads_a_closed_trajectory() -> None:
    ledger = late_clock_ledger(datetime(2025, 10, 15, tzinfo=UTC))
    t = an_open_trajectory(ledger)
    t.close(exit="dropped_out")
    with pytest.raises(NotFoundError):
        ledger.trajectory_for(workplace(), t.trajectory_id)  # type: ignore[arg-type]
    assert ledger.trajectory_for(t.lead, t.trajectory_id)  # type: ignore[arg-type]
