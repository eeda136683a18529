"""Where the demo loads its data: ``DemoTarget`` names the public operations it uses, one
method each, so the same walk through the data can run in-process (``InProcess``, the
operations the routes call) or over HTTP (the acceptance tests' client, which calls the
routes themselves). Each method answers whether something new was recorded."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from api import operations
from api.demo.reference import CATALOGUE_DAY
from api.demo.scenarios import ActorSpec
from api.operations import (
    AccreditationIn,
    LearnerIn,
    MentorTrainingIn,
    OrganisationIn,
    RecognitionIn,
)
from ledger import Actor, Ledger, Organisation, Role

ADMIN = Actor(id="demo-admin", role=Role.ADMIN)


class DemoTarget(Protocol):
    def register_organisation(self, body: OrganisationIn) -> bool: ...

    def import_catalogue(self, document: dict[str, Any]) -> bool: ...

    def grant_recognition(self, organisation: str, body: RecognitionIn) -> bool: ...

    def grant_accreditation(
        self, workplace: str, partnership: str | None, body: AccreditationIn
    ) -> bool:
        """Granted by ``partnership`` in its own name (None: by an admin)."""

    def record_mentor_training(self, workplace: str, body: MentorTrainingIn) -> bool: ...

    def register_learner(self, provider: str, body: LearnerIn) -> bool: ...

    def post(self, actor: ActorSpec, trajectory_id: UUID | None, document: dict[str, Any]) -> bool:
        """Posts one trajectory event as ``actor`` (``trajectory_id`` None: an opening)."""


class InProcess:
    """The operations themselves, on a ledger in this process (``leerspoor demo``)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def register_organisation(self, body: OrganisationIn) -> bool:
        return not operations.register_organisation(self.ledger, body, actor=ADMIN).duplicate

    def import_catalogue(self, document: dict[str, Any]) -> bool:
        published = operations.import_catalogue(
            self.ledger, document, actor=ADMIN, occurred_at=CATALOGUE_DAY
        ).published
        return bool(published)

    def grant_recognition(self, organisation: str, body: RecognitionIn) -> bool:
        target = Organisation.id_for(organisation)
        return not operations.grant_recognition(self.ledger, target, body, actor=ADMIN).duplicate

    def grant_accreditation(
        self, workplace: str, partnership: str | None, body: AccreditationIn
    ) -> bool:
        actor = (
            Actor(f"demo-{partnership}", Role.PARTNERSHIP, Organisation.id_for(partnership))
            if partnership
            else ADMIN
        )
        target = Organisation.id_for(workplace)
        return not operations.grant_accreditation(self.ledger, target, body, actor=actor).duplicate

    def record_mentor_training(self, workplace: str, body: MentorTrainingIn) -> bool:
        target = Organisation.id_for(workplace)
        receipt = operations.record_mentor_training(self.ledger, target, body, actor=ADMIN)
        return not receipt.duplicate

    def register_learner(self, provider: str, body: LearnerIn) -> bool:
        actor = Actor(f"demo-{provider}", Role.PROVIDER, Organisation.id_for(provider))
        return not operations.register_learner(self.ledger, body, actor=actor).duplicate

    def post(self, actor: ActorSpec, trajectory_id: UUID | None, document: dict[str, Any]) -> bool:
        who = Actor(actor.person, Role(actor.role), Organisation.id_for(actor.organisation))
        return not operations.submit_event(self.ledger, who, trajectory_id, document).duplicate
