"""Who may post to and read what (the roles of PRODUCT.md), as pure functions over values.

A refusal to read reads as absence (``NotFoundError``, worded as for an unknown id), so
nobody learns that a trajectory or a learner exists. The numbered rules are in
``ledger.rules``.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from ledger.errors import NotFoundError, NotPermittedError
from ledger.values import Actor, Role


def require_participant(
    actor: Actor,
    event_type: str,
    providers: Collection[UUID],
    *,
    is_badge_bookkeeping: bool,
    workplace_may_post: bool,
) -> None:
    """Who may write to a trajectory: the lead or a partner provider; a workplace only what
    it reports from its agreement (assessments, hours; rule 5 checks the agreement); the
    ledger itself only badge bookkeeping."""
    if actor.role is Role.SYSTEM and is_badge_bookkeeping:
        return
    if actor.role is Role.PROVIDER and actor.organisation_id in providers:
        if is_badge_bookkeeping:
            raise NotPermittedError("badges follow from ledger facts; they are not posted")
        return
    if actor.role is Role.WORKPLACE and workplace_may_post:
        return
    raise NotPermittedError(f"a {actor.role.value} may not post {event_type} on this trajectory")


def require_can_read(
    viewer: Actor,
    learner_id: UUID,
    providers: Collection[UUID],
    reading_workplaces: Collection[UUID],
) -> None:
    """Who may read a trajectory: auditors everything, a provider where it is lead or
    partner, a workplace while its agreement actually runs and the trajectory is open (see
    ``ledger.trajectory_facts.workplace_readers``), a learner their own."""
    if viewer.role in (Role.AUDITOR, Role.SYSTEM):
        return
    if viewer.role is Role.PROVIDER and viewer.organisation_id in providers:
        return
    if viewer.role is Role.WORKPLACE and viewer.organisation_id in reading_workplaces:
        return
    if viewer.role is Role.LEARNER and viewer.id == str(learner_id):
        return
    raise NotFoundError("no such trajectory")


def can_see_learner(
    viewer: Actor,
    learner_id: UUID,
    registered_by: UUID | None,
    trajectory_providers: Collection[UUID],
    agreed_workplaces: Collection[UUID] = (),
) -> bool:
    """Which providers may see a learner: the one that registered them and every lead or
    partner of one of their trajectories (the read side supplies those); a workplace while
    it has a learning agreement with them that runs (it signed it; the read side supplies
    ``agreed_workplaces``, as ``Ledger.trajectory_for`` judges them); auditors, admins and
    the ledger itself; the learner themself."""
    if viewer.role in (Role.AUDITOR, Role.ADMIN, Role.SYSTEM):
        return True
    if viewer.role is Role.LEARNER:
        return viewer.id == str(learner_id)
    if viewer.role is Role.WORKPLACE:
        return viewer.organisation_id in agreed_workplaces
    if viewer.role is Role.PROVIDER and viewer.organisation_id is not None:
        return (
            viewer.organisation_id == registered_by
            or viewer.organisation_id in trajectory_providers
        )
    return False


def require_can_see_learner(
    viewer: Actor,
    learner_id: UUID,
    registered_by: UUID | None,
    trajectory_providers: Collection[UUID],
    agreed_workplaces: Collection[UUID] = (),
) -> None:
    """Raises NotFoundError, worded as for an unknown learner, unless ``can_see_learner``."""
    if not can_see_learner(
        viewer, learner_id, registered_by, trajectory_providers, agreed_workplaces
    ):
        raise NotFoundError(f"no learner {learner_id}")
