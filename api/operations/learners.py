"""Learners a provider registers under its own reference, and who may see them: the
provider that registered them and the lead and partners of their trajectories (the
registry view supplies those), auditors and admins. Anyone else is told there is no such
learner, in the same words as for an id that does not exist.

The personal fields go to the learner's encrypted store (``ledger.personal``), so erasing
the learner's data key makes them unreadable everywhere.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.operations.inputs import LearnerIn
from ledger import Actor, Learner, Ledger, NotFoundError, Receipt, Role
from projections import RegistryView


def register_learner(ledger: Ledger, body: LearnerIn, *, actor: Actor) -> Receipt:
    """Registers a learner for the provider ``actor`` acts for. Raises NotPermittedError
    (not a registered provider), InvalidEventError (an empty name, a malformed e-mail
    address) and LearnerReferenceConflictError (the reference names another person)."""
    return ledger.register_provider_learner(
        body.reference,
        actor=actor,
        occurred_at=body.occurred_at or ledger.clock(),
        given_name=body.given_name,
        family_name=body.family_name,
        birth_date=body.birth_date,
        email=body.email,
    )


def visible_learner(
    ledger: Ledger, registry: RegistryView, viewer: Actor, learner_id: UUID
) -> Learner:
    """The learner if ``viewer`` may see them; NotFoundError, worded as for an unknown
    learner, otherwise (also for an organisation's id or a trajectory's)."""
    try:
        return ledger.learner_for(
            viewer, learner_id, trajectory_providers=registry.trajectory_providers(learner_id)
        )
    except NotFoundError:
        raise NotFoundError(f"no learner {learner_id}") from None


def by_reference(ledger: Ledger, viewer: Actor, reference: str) -> Learner:
    """The learner the viewer's own organisation registered under ``reference``."""
    if viewer.organisation_id is None:
        raise NotFoundError("no learner with that reference")
    try:
        return ledger.learner_by_reference(viewer.organisation_id, reference)
    except NotFoundError:
        raise NotFoundError("no learner with that reference") from None


def learners_of(ledger: Ledger, registry: RegistryView, viewer: Actor) -> list[dict[str, Any]]:
    """The learners a provider registered or has a trajectory for."""
    assert viewer.organisation_id is not None  # a provider token names its organisation
    return [
        learner_document(ledger.learner(UUID(learner_id)), viewer)
        for learner_id in registry.learners_of(viewer.organisation_id)
    ]


def learner_document(learner: Learner, viewer: Actor) -> dict[str, Any]:
    """A learner as the API answers: the pseudonymous id, who registered them, the
    personal fields (null once erased) and, for the registering provider only, its own
    reference."""
    document: dict[str, Any] = {
        "learner_id": str(learner.id),
        "registered_by": str(learner.registered_by) if learner.registered_by else None,
        "given_name": learner.given_name,
        "family_name": learner.family_name,
        "birth_date": learner.birth_date.isoformat() if learner.birth_date else None,
        "email": learner.email,
        "erased": learner.erased,
    }
    own = viewer.role is Role.PROVIDER and viewer.organisation_id == learner.registered_by
    if own or viewer.role in (Role.ADMIN, Role.AUDITOR):
        document["reference"] = learner.reference
    return document
