"""Retractions and corrections: compensating events; the state changes as if the fact had
not counted (or had been right), while history keeps every event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledger import (
    CorrectionNotAllowedError,
    InvalidEventError,
    Ledger,
    NotFoundError,
    Receipt,
    Trajectory,
)
from tests.builders import TrajectoryBuilder, an_open_trajectory


def test_a_retracted_module_no_longer_covers_its_competences(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    assert "EI-01" not in ledger.coverage(t.trajectory_id).missing
    t.retract(module.event_id)
    assert ledger.coverage(t.trajectory_id).missing == ("EI-01", "EI-02", "EI-03", "EI-04", "EI-05")


def test_history_keeps_the_retracted_event_and_its_retraction(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    retraction = t.retract(module.event_id, reason="verkeerde leerling")
    history = ledger.history(t.trajectory_id)  # type: ignore[arg-type]
    completed, retracted = history[-2], history[-1]
    assert isinstance(completed, Trajectory.ModuleCompleted)
    assert completed.event_id == module.event_id
    assert isinstance(retracted, Trajectory.EventRetracted)
    assert (retracted.event_id, retracted.original_event_id, retracted.reason) == (
        retraction.event_id,
        module.event_id,
        "verkeerde leerling",
    )


def test_a_retracted_fact_is_kept_and_marked(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    retraction = t.retract(module.event_id)
    fact = t.trajectory.fact(module.event_id)
    assert fact.retracted_by == retraction.event_id
    assert not fact.counts


def test_retracting_twice_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    t.retract(module.event_id)
    with t.refuses(CorrectionNotAllowedError) as e:
        t.retract(module.event_id)
    assert e.value.code == "correction-not-allowed"


def test_retracting_the_opening_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    opening = t.receipts[0].event_id
    with t.refuses(CorrectionNotAllowedError):
        t.retract(opening)


def test_retracting_a_retraction_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    retraction = t.retract(t.complete_module("M-EI-BASIS").event_id)
    with t.refuses(CorrectionNotAllowedError):
        t.retract(retraction.event_id)


def test_retracting_an_unknown_event_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotFoundError):
        t.retract("no-such-event")


def test_a_retraction_without_a_reason_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    with t.refuses(InvalidEventError):
        t.retract(module.event_id, reason=" ")


def test_a_correction_changes_the_effective_fields(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    assessment = t.assess("EI-02", level="in_development")
    assert "EI-02" in ledger.coverage(t.trajectory_id).missing
    correction = t.correct(assessment.event_id, level="mastered")
    fact = t.trajectory.fact(assessment.event_id)
    assert fact.fields["level"] == "mastered"
    assert fact.corrected_by == (correction.event_id,)
    assert "EI-02" not in ledger.coverage(t.trajectory_id).missing


def test_history_keeps_the_original_values_of_a_corrected_event(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    assessment = t.assess("EI-02", level="in_development")
    t.correct(assessment.event_id, level="mastered")
    original = next(
        e
        for e in ledger.history(t.trajectory_id)  # type: ignore[arg-type]
        if e.event_id == assessment.event_id  # type: ignore[attr-defined]
    )
    assert original.level == "in_development"  # type: ignore[attr-defined]


def test_later_corrections_win_over_earlier_ones(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    t.correct(module.event_id, assessed_by="docent-a")
    t.correct(module.event_id, assessed_by="docent-b")
    assert t.trajectory.fact(module.event_id).fields["assessed_by"] == "docent-b"


def test_correcting_a_retracted_fact_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    t.retract(module.event_id)
    with t.refuses(CorrectionNotAllowedError):
        t.correct(module.event_id, assessed_by="docent-b")


def _an_assessment(t: TrajectoryBuilder) -> Receipt:
    return t.assess("EI-02")


def _a_module(t: TrajectoryBuilder) -> Receipt:
    return t.complete_module("M-EI-BASIS")


# case → (the fact recorded, the fields its correction sets, the refusal).
RecordFact = Callable[[TrajectoryBuilder], Receipt]
REFUSED_CORRECTIONS: dict[str, tuple[RecordFact, dict[str, Any], type[Exception]]] = {
    "correcting_the_identity_of_a_fact": (
        _an_assessment,
        {"competence_code": "EI-04"},
        CorrectionNotAllowedError,
    ),
    "correcting_to_a_value_outside_the_vocabulary": (
        _an_assessment,
        {"level": "brilliant"},
        InvalidEventError,
    ),
    "correcting_module_competences_to_outside_the_module": (
        _a_module,
        {"competences": ["EI-01", "EI-05"]},
        InvalidEventError,
    ),
}


@pytest.mark.parametrize("case", list(REFUSED_CORRECTIONS))
def test_a_correction_the_fact_does_not_allow_is_refused(ledger: Ledger, case: str) -> None:
    record, fields, refusal = REFUSED_CORRECTIONS[case]
    t = an_open_trajectory(ledger)
    fact = record(t)
    with t.refuses(refusal):
        t.correct(fact.event_id, **fields)
