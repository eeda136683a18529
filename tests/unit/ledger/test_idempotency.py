"""Client event ids make posting idempotent; a stale expected version is refused."""

from __future__ import annotations

import pytest

from ledger import ConcurrentChangeError, DuplicateEventIdError, Ledger, Submission
from tests.builders import an_open_trajectory, nothing_appended


def test_the_same_event_posted_twice_is_appended_once(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    at = t.day
    first = t.post("ModuleEnrolled", event_id="enrol-1", occurred_at=at, module_code="M-EI-BASIS")
    with nothing_appended(ledger, t.trajectory_id):
        second = t.post(
            "ModuleEnrolled", event_id="enrol-1", occurred_at=at, module_code="M-EI-BASIS"
        )
    assert first.duplicate is False
    assert second.duplicate is True
    assert (second.aggregate_id, second.version, second.event_id) == (
        first.aggregate_id,
        first.version,
        first.event_id,
    )


def test_the_same_event_id_with_another_body_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    at = t.day
    t.post("ModuleEnrolled", event_id="enrol-1", occurred_at=at, module_code="M-EI-BASIS")
    with t.refuses(DuplicateEventIdError) as e:
        t.post("ModuleEnrolled", event_id="enrol-1", occurred_at=at, module_code="M-EI-KLANT")
    assert e.value.code == "duplicate-event-id"


def test_the_same_event_id_at_another_moment_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.post("ModuleEnrolled", event_id="enrol-1", module_code="M-EI-BASIS")
    with t.refuses(DuplicateEventIdError):
        t.post("ModuleEnrolled", event_id="enrol-1", module_code="M-EI-BASIS")  # a day later


def test_the_same_event_id_on_another_trajectory_is_refused(ledger: Ledger) -> None:
    one, other = an_open_trajectory(ledger), an_open_trajectory(ledger, learner="amina")
    at = one.day
    one.post("ModuleEnrolled", event_id="enrol-1", occurred_at=at, module_code="M-EI-BASIS")
    with nothing_appended(ledger), pytest.raises(DuplicateEventIdError):
        other.post("ModuleEnrolled", event_id="enrol-1", occurred_at=at, module_code="M-EI-BASIS")


def test_reposting_the_opening_event_returns_the_same_trajectory(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    opening = ledger.history(t.trajectory_id)[0]  # type: ignore[arg-type]
    submission = Submission(
        event_type="TrajectoryOpened",
        event_id=opening.event_id,  # type: ignore[attr-defined]
        occurred_at=opening.occurred_at,  # type: ignore[attr-defined]
        fields={
            "learner_id": str(opening.learner_id),  # type: ignore[attr-defined]
            "pathway": opening.pathway,  # type: ignore[attr-defined]
            "qualification_code": opening.qualification_code,  # type: ignore[attr-defined]
            "lead_provider": str(opening.lead_provider),  # type: ignore[attr-defined]
            "partners": [str(p) for p in opening.partners],  # type: ignore[attr-defined]
            "arbeidsbereid": opening.arbeidsbereid,  # type: ignore[attr-defined]
            "arbeidsrijp": opening.arbeidsrijp,  # type: ignore[attr-defined]
        },
    )
    with nothing_appended(ledger):
        again = ledger.post(None, submission, actor=t.lead)
    assert again.duplicate is True
    assert (again.aggregate_id, again.version) == (t.trajectory_id, 1)


def test_a_stale_expected_version_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    stale = t.version
    t.complete_module("M-EI-BASIS")
    with t.refuses(ConcurrentChangeError):
        t.post("ModuleEnrolled", expected_version=stale, module_code="M-EI-KLANT")


def test_the_current_expected_version_is_accepted(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    current = t.version
    receipt = t.post("ModuleEnrolled", expected_version=current, module_code="M-EI-KLANT")
    assert receipt.version == current + 1
