"""The badge-issuing process: a follower of the ledger's log, like the read models, that
issues a badge when the ledger reaches a fact that earns one and revokes it when a
correction or retraction takes the fact away (rule 9).

Exactly once: a badge's id derives from the fact that earns it, and ``BadgeIssued`` /
``BadgeRevoked`` are posted with event ids derived from it, so the ledger's idempotency makes
a replay after a crash append nothing twice; the signed credential and this process's
position commit in one transaction. It takes one of its events per transaction
(``one_per_transaction``; ``ISSUANCE_BATCH`` when it runs alone): a badge's status-list
index and what it stacks are read from committed credentials, and an issuance posts to the
ledger, which no transaction here can roll back (a replay posts nothing twice, see above).
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from ledger import (
    NAMESPACE,
    SYSTEM_ACTOR,
    AchievementKind,
    Earned,
    Ledger,
    Submission,
    Trajectory,
    earned_by,
)
from projections.badge_content import Award, ContentBuilder
from projections.badge_factory import Achievement, BadgeFactory
from projections.credentials import CredentialView
from projections.topics import trajectory_topics

ISSUANCE_BATCH = 1
# The facts that may earn a badge; which one, and of what kind, is ``ledger.earned_by``'s
# judgement.
EARNING = (
    "ModuleCompleted",
    "CompetenceAssessed",
    "RecognitionDecided",
    "PartialCertificateAwarded",
    "QualificationAwarded",
)


def badge_id_for(kind: AchievementKind, basis_event_id: str) -> UUID:
    return uuid5(NAMESPACE, f"badge:{kind.value}:{basis_event_id}")


class BadgeIssuance(Projection[CredentialView]):
    name = "badge_issuance"
    topics = trajectory_topics(*EARNING, "EventCorrected", "EventRetracted")
    # Each of its events commits before the next is taken: a badge's status-list index
    # and the badges it stacks are read from committed credentials.
    one_per_transaction = True

    def __init__(self, view: CredentialView, ledger: Ledger, factory: BadgeFactory) -> None:
        super().__init__(view)
        self.ledger = ledger
        self.factory = factory
        self.content = ContentBuilder(ledger)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if type(domain_event).__name__ in EARNING:
            self._earned(domain_event, tracking)
        else:
            self.view.insert_tracking(tracking)

    @process_event.register(Trajectory.EventCorrected)
    @process_event.register(Trajectory.EventRetracted)
    def _(self, domain_event: Trajectory.EventRetracted, tracking: Tracking) -> None:
        trajectory = self.ledger.trajectory(domain_event.originator_id)
        gone = {domain_event.original_event_id, *domain_event.revokes}
        still_counting = {b.event_id for b in trajectory.bases(self._pinned(trajectory))}
        still_counting |= {f.event_id for f in trajectory.active_awards()}
        still_counting |= {
            f.event_id
            for f in trajectory.counting_facts("RecognitionDecided")
            if f.fields["competences_recognised"]
        }
        for credential in self.view.for_trajectory(trajectory.id):
            basis = set(credential["basis"])
            if credential["status"] != "active" or not basis & gone:
                continue
            if basis <= still_counting:
                continue  # corrected, but the fact still earns this badge
            self._revoke(trajectory.id, credential["badge_id"], domain_event)
        self.view.insert_tracking(tracking)

    # -- issuing ---------------------------------------------------------------------------

    def _pinned(self, trajectory: Trajectory) -> Any:
        return self.ledger.pinned_qualification(trajectory)

    def _earned(self, event: Trajectory.Event, tracking: Tracking) -> None:
        trajectory = self.ledger.trajectory(event.originator_id)
        fact = trajectory.facts[event.event_id]
        qualification = self._pinned(trajectory)
        counting = {b.event_id for b in trajectory.bases(qualification)}
        earned = earned_by(fact, qualification, counting)
        if earned is not None:
            # The id depends on what earns it and the fact only, as it always has: stored
            # BadgeIssued events keep naming the badges they name.
            badge_id = badge_id_for(earned.achievement, event.event_id)
            if self.view.get(str(badge_id)) is None:
                self._issue(trajectory, fact, earned, event, badge_id)
        self.view.insert_tracking(tracking)

    def _issue(  # ``fact`` is the trajectory's view of the earning event (its facts map)
        self,
        trajectory: Trajectory,
        fact: Any,
        earned: Earned,
        event: Trajectory.Event,
        badge_id: UUID,
    ) -> None:
        q = self._pinned(trajectory)
        kind = earned.achievement
        basis = [event.event_id]
        if kind in (AchievementKind.PARTIAL_CERTIFICATE, AchievementKind.QUALIFICATION):
            basis += sorted({e for ids in fact.fields["basis"].values() for e in ids})
        issuer_id = self._issuer(trajectory, event)
        # What the badge says is read from the trajectory as it was when the fact was
        # recorded, so issuing it again (a rebuilt view) says the same.
        then = self.ledger.trajectory(trajectory.id, version=event.originator_version)
        content = self.content.build(
            Award(then, q, earned, fact.fields, basis, issuer_id, event.occurred_at.date())
        )
        achievement = Achievement(
            kind=kind,
            code=content.code,
            name=content.name,
            description=content.description,
            criteria=content.criteria,
            achievement_type=content.achievement_type,
            competences=tuple((c.code, c.title_nl) for c in content.competences),
            qualification=q,
            study_points=content.study_points,
        )
        stacked = [
            c
            for c in self.view.for_trajectory(trajectory.id)
            if c["status"] == "active"
            and c["kind"] != kind.value
            and (set(c["basis"]) & set(basis) or kind is AchievementKind.QUALIFICATION)
            and c["kind"] != AchievementKind.QUALIFICATION.value
        ]
        learner = self.ledger.learner(trajectory.learner_id)
        issued = self.factory.issue(
            badge_id=badge_id,
            issuer=(str(issuer_id), self.ledger.organisation(issuer_id).name),
            achievement=achievement,
            learner=(trajectory.learner_id, learner.did),
            learner_name=None if learner.erased else learner.display_name,
            learner_email=None if learner.erased else learner.email,
            evidence=content.evidence,
            stacks=[c["credential"] for c in stacked],
            awarded=event.occurred_at,
            used_indices=set(self.view.indices(str(issuer_id))),
        )
        self.ledger.post(
            trajectory.id,
            Submission(
                event_type="BadgeIssued",
                event_id=f"badge-issued:{badge_id}",
                occurred_at=event.occurred_at,
                fields={
                    "badge_id": str(badge_id),
                    "achievement_kind": kind.value,
                    "achievement_code": achievement.code,
                    "basis_event_ids": basis,
                },
            ),
            actor=SYSTEM_ACTOR,
        )
        self.view.store(
            {
                "badge_id": str(badge_id),
                "trajectory_id": str(trajectory.id),
                "learner_id": str(trajectory.learner_id),
                "issuer_org": str(issuer_id),
                "kind": kind.value,
                "code": achievement.code,
                "title": content.title.nl,
                "basis": basis,
                "stacks": [c["badge_id"] for c in stacked],
                "status": "active",
                "status_index": issued.status_index,
                "issued_at": event.occurred_at.isoformat(),
                "credential": issued.credential,
            }
        )

    def _issuer(self, trajectory: Trajectory, event: Trajectory.Event) -> UUID:
        """The provider that posted the fact issues its badge; a workplace is no issuer, so
        a mentor's assessment is issued by the lead provider."""
        organisation = event.actor.get("organisation_id")
        if event.actor.get("role") == "provider" and organisation:
            return UUID(organisation)
        return trajectory.lead_provider

    def _revoke(self, trajectory_id: UUID, badge_id: str, cause: Trajectory.Event) -> None:
        self.ledger.post(
            trajectory_id,
            Submission(
                event_type="BadgeRevoked",
                event_id=f"badge-revoked:{badge_id}",
                occurred_at=cause.occurred_at,
                fields={
                    "badge_id": badge_id,
                    "reason": f"basis removed by {type(cause).__name__} {cause.event_id}",
                },
            ),
            actor=SYSTEM_ACTOR,
        )
        self.view.set_status(badge_id, "revoked")

    def status_list(self, organisation_id: str) -> dict[str, Any]:
        revoked = {
            i for i, status in self.view.indices(organisation_id).items() if status == "revoked"
        }
        return self.factory.status_list_document(organisation_id, revoked)
