"""Referential checks at the write: a trajectory needs a registered learner (not an
organisation's id), the caller's own organisation as lead, registered partners and a
qualification with a published version; an agreement needs a registered workplace. Each
refusal names what is missing, and nothing is appended."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import (
    InvalidEventError,
    LeadProviderMismatchError,
    Learner,
    Ledger,
    NotPermittedError,
    UnknownLearnerError,
    UnknownOrganisationError,
    UnknownProgrammeError,
    UnknownQualificationError,
    UnknownReferenceError,
    UnknownWorkplaceError,
)
from tests.builders import (
    TrajectoryBuilder,
    an_open_trajectory,
    nothing_appended,
    org_id,
    provider,
    workplace,
)


def open_with(ledger: Ledger, **over: Any) -> Any:
    fields: dict[str, Any] = {
        "learner_id": str(Learner.id_for("chloe")),
        "pathway": "volwassenenonderwijs",
        "qualification_code": "BK-ZORGKUNDIGE",
        "lead_provider": str(org_id("cvo-zorg")),
        "partners": [str(org_id("wzc-zonnehof"))],
        **over,
    }
    return TrajectoryBuilder(ledger, provider("cvo-zorg")).post("TrajectoryOpened", **fields)


@pytest.mark.parametrize(
    ("field", "value", "error", "code"),
    [
        (
            "learner_id",
            "00000000-0000-0000-0000-000000000001",
            UnknownLearnerError,
            "unknown-learner",
        ),
        ("learner_id", str(org_id("cvo-zorg")), UnknownLearnerError, "unknown-learner"),
        ("partners", [str(org_id("nobody"))], UnknownOrganisationError, "unknown-organisation"),
        ("qualification_code", "BK-NOPE", UnknownQualificationError, "unknown-qualification"),
        ("programme_code", "NOPE", UnknownProgrammeError, "unknown-programme"),
    ],
)
def test_an_opening_naming_what_is_not_registered_is_refused(
    ledger: Ledger, field: str, value: Any, error: type[UnknownReferenceError], code: str
) -> None:
    with nothing_appended(ledger), pytest.raises(error) as e:
        open_with(ledger, **{field: value})
    assert e.value.code == code
    assert isinstance(e.value, InvalidEventError)  # the API answers 422


def test_a_provider_cannot_open_a_trajectory_led_by_another(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(LeadProviderMismatchError) as e:
        open_with(ledger, lead_provider=str(org_id("cvo-horeca")))
    assert e.value.code == "lead-provider-mismatch"
    assert isinstance(e.value, InvalidEventError)  # the API answers 422


def opened_led_by_the_workplace(t: TrajectoryBuilder) -> Any:
    return t.post(
        "TrajectoryOpened",
        learner_id=str(Learner.id_for("chloe")),
        pathway="volwassenenonderwijs",
        qualification_code="BK-ZORGKUNDIGE",
        lead_provider=str(org_id("wzc-zonnehof")),
        partners=[],
    )


def test_a_workplace_cannot_open_a_trajectory(ledger: Ledger) -> None:
    t = TrajectoryBuilder(ledger, workplace("wzc-zonnehof"))
    with nothing_appended(ledger), pytest.raises(NotPermittedError):
        opened_led_by_the_workplace(t)


def test_a_workplace_cannot_lead_a_trajectory(ledger: Ledger) -> None:
    t = TrajectoryBuilder(ledger, provider("wzc-zonnehof"))
    with nothing_appended(ledger), pytest.raises(InvalidEventError):
        opened_led_by_the_workplace(t)


def test_an_agreement_at_an_unregistered_workplace_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with t.refuses(UnknownWorkplaceError) as e:
        t.sign_agreement("nergens-bv")
    assert e.value.missing == "workplace"


def test_an_agreement_at_an_organisation_that_is_no_workplace_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, with_agreement=False)
    with t.refuses(UnknownWorkplaceError):
        t.sign_agreement("cvo-zorg")


def test_a_handover_to_an_unregistered_organisation_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(UnknownOrganisationError):
        t.post(
            "LearnerHandedOver",
            to_organisation=str(org_id("nobody")),
            kind="provider",
            becomes_lead=False,
            note="",
        )
