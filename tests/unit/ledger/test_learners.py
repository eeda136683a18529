"""Learners registered by a provider under its own reference: idempotent, scoped to that
provider, personal fields encrypted and erasable, visible only to the providers that
registered them or have a trajectory for them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ledger import (
    Actor,
    InvalidEventError,
    Learner,
    LearnerReferenceConflictError,
    Ledger,
    NotFoundError,
    NotPermittedError,
    Receipt,
    Role,
)
from ledger.access import can_see_learner
from tests.builders import DAY_ONE, an_auditor, nothing_appended, org_id, provider, workplace

CVO_ZORG = provider("cvo-zorg")


def register(
    ledger: Ledger,
    reference: str = "2025-0042",
    *,
    by: Actor = CVO_ZORG,
    at: datetime = DAY_ONE,
    **over: object,
) -> Receipt:
    fields: dict[str, object] = {
        "given_name": "Sara",
        "family_name": "Vandamme",
        "birth_date": date(2001, 3, 4),
        "email": "sara@example.org",
        **over,
    }
    return ledger.register_provider_learner(
        reference,
        actor=by,
        occurred_at=at,
        **fields,  # type: ignore[arg-type]
    )


def test_a_provider_registers_a_learner_with_personal_fields(ledger: Ledger) -> None:
    register(ledger)
    learner = ledger.learner_by_reference(org_id("cvo-zorg"), "2025-0042")
    assert (learner.display_name, learner.email, learner.birth_date) == (
        "Sara Vandamme",
        "sara@example.org",
        date(2001, 3, 4),
    )
    assert (learner.registered_by, learner.reference) == (org_id("cvo-zorg"), "2025-0042")


def test_the_personal_fields_are_not_stored_in_plain_text(ledger: Ledger) -> None:
    register(ledger)
    stored = b"".join(n.state for n in ledger.recorder.select_notifications(start=1, limit=10_000))
    assert b"Vandamme" not in stored
    assert b"sara@example.org" not in stored
    assert b"2025-0042" not in stored


def test_the_same_reference_with_the_same_data_is_a_duplicate(ledger: Ledger) -> None:
    first = register(ledger)
    with nothing_appended(ledger):
        again = register(ledger)
    assert again.duplicate
    assert again.aggregate_id == first.aggregate_id


def test_the_same_registration_sent_again_later_is_still_a_duplicate(ledger: Ledger) -> None:
    first = register(ledger)
    with nothing_appended(ledger):
        again = register(ledger, at=DAY_ONE + timedelta(days=3))
    assert again.duplicate
    assert again.aggregate_id == first.aggregate_id


def test_the_same_registration_by_another_staff_member_is_still_a_duplicate(
    ledger: Ledger,
) -> None:
    first = register(ledger)
    colleague = Actor("trajectbegeleider-2", Role.PROVIDER, org_id("cvo-zorg"))
    with nothing_appended(ledger):
        again = register(ledger, by=colleague)
    assert again.duplicate
    assert again.aggregate_id == first.aggregate_id


def test_the_same_reference_for_another_person_is_refused(ledger: Ledger) -> None:
    register(ledger)
    with nothing_appended(ledger), pytest.raises(LearnerReferenceConflictError) as e:
        register(ledger, given_name="Sam")
    assert e.value.code == "learner-reference-conflict"


def test_two_providers_may_use_the_same_reference_for_different_learners(ledger: Ledger) -> None:
    one = register(ledger, by=CVO_ZORG)
    other = register(ledger, by=provider("cvo-horeca"), given_name="Sam")
    assert one.aggregate_id != other.aggregate_id


def test_a_workplace_cannot_register_a_learner(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(NotPermittedError):
        register(
            ledger,
            "x",
            by=workplace(),
            given_name="A",
            family_name="B",
            birth_date=None,
            email=None,
        )


def test_a_malformed_email_address_is_refused(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(InvalidEventError):
        register(ledger, email="not an address")


def test_erasure_clears_the_email_and_the_reference(ledger: Ledger) -> None:
    receipt = register(ledger)
    ledger.erase_learner(
        receipt.aggregate_id,
        reason="AVG art. 17",
        stamp=ledger.stamp("erase-sara", DAY_ONE, Actor("admin", Role.ADMIN)),
    )
    learner = ledger.learner(receipt.aggregate_id)
    assert (learner.given_name, learner.email, learner.reference) == (None, None, None)


def test_the_registering_provider_sees_its_learner(ledger: Ledger) -> None:
    receipt = register(ledger)
    seen = ledger.learner_for(provider("cvo-zorg"), receipt.aggregate_id)
    assert seen.given_name == "Sara"


def test_another_provider_without_a_trajectory_does_not_see_the_learner(ledger: Ledger) -> None:
    receipt = register(ledger)
    with pytest.raises(NotFoundError) as e:
        ledger.learner_for(provider("cvo-horeca"), receipt.aggregate_id)
    assert str(receipt.aggregate_id) in e.value.detail


def test_a_provider_with_a_trajectory_for_the_learner_sees_them(ledger: Ledger) -> None:
    receipt = register(ledger)
    seen = ledger.learner_for(
        provider("cvo-horeca"),
        receipt.aggregate_id,
        trajectory_providers={org_id("cvo-horeca")},
    )
    assert seen.family_name == "Vandamme"


def test_who_sees_a_learner_is_a_pure_rule() -> None:
    learner = Learner.id_for("x")
    registrar = org_id("cvo-zorg")
    assert can_see_learner(provider("cvo-zorg"), learner, registrar, ())
    assert not can_see_learner(provider("cvo-horeca"), learner, registrar, ())
    assert can_see_learner(an_auditor(), learner, registrar, ())
    assert not can_see_learner(workplace(), learner, registrar, {org_id("elektro-peeters")})
    assert can_see_learner(Actor(str(learner), Role.LEARNER), learner, registrar, ())


def test_a_learner_registered_by_a_provider_can_be_followed_in_a_trajectory(
    ledger: Ledger,
) -> None:
    from tests.builders import TrajectoryBuilder

    receipt = register(ledger)
    t = TrajectoryBuilder(ledger, provider("cvo-zorg"))
    opened = t.post(
        "TrajectoryOpened",
        learner_id=str(receipt.aggregate_id),
        pathway="volwassenenonderwijs",
        qualification_code="BK-ZORGKUNDIGE",
        lead_provider=str(org_id("cvo-zorg")),
        partners=[],
    )
    assert ledger.trajectory(opened.aggregate_id).learner_id == receipt.aggregate_id
