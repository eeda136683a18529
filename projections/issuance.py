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
    Ledger,
    Submission,
    Trajectory,
)
from projections.badge_factory import Achievement, BadgeFactory
from projections.credentials import CredentialView
from projections.topics import trajectory_topics

ISSUANCE_BATCH = 1
EARNING = {
    "ModuleCompleted": AchievementKind.MODULE,
    "CompetenceAssessed": AchievementKind.COMPETENCE,
    "PartialCertificateAwarded": AchievementKind.PARTIAL_CERTIFICATE,
    "QualificationAwarded": AchievementKind.QUALIFICATION,
}


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
        kind = EARNING[type(event).__name__]
        trajectory = self.ledger.trajectory(event.originator_id)
        fact = trajectory.facts[event.event_id]
        qualification = self._pinned(trajectory)
        earns = fact.counts and (
            kind in (AchievementKind.PARTIAL_CERTIFICATE, AchievementKind.QUALIFICATION)
            or event.event_id in {b.event_id for b in trajectory.bases(qualification)}
        )
        badge_id = badge_id_for(kind, event.event_id)
        if earns and self.view.get(str(badge_id)) is None:
            self._issue(trajectory, fact.fields, kind, event, badge_id)
        self.view.insert_tracking(tracking)

    def _issue(
        self,
        trajectory: Trajectory,
        fields: dict[str, Any],
        kind: AchievementKind,
        event: Trajectory.Event,
        badge_id: UUID,
    ) -> None:
        q = self._pinned(trajectory)
        achievement, basis = self._achievement(kind, fields, q, event.event_id)
        stacked = [
            c
            for c in self.view.for_trajectory(trajectory.id)
            if c["status"] == "active"
            and c["kind"] != kind.value
            and (set(c["basis"]) & set(basis) or kind is AchievementKind.QUALIFICATION)
            and c["kind"] != AchievementKind.QUALIFICATION.value
        ]
        issuer_id = self._issuer(trajectory, event)
        learner = self.ledger.learner(trajectory.learner_id)
        issued = self.factory.issue(
            badge_id=badge_id,
            issuer=(str(issuer_id), self.ledger.organisation(issuer_id).name),
            achievement=achievement,
            learner=(trajectory.learner_id, learner.did),
            learner_name=None if learner.erased else learner.display_name,
            learner_email=None if learner.erased else learner.email,
            evidence=[(e, f"{type(event).__name__} {e}") for e in basis],
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
                "title": achievement.title,
                "basis": basis,
                "stacks": [c["badge_id"] for c in stacked],
                "status": "active",
                "status_index": issued.status_index,
                "issued_at": event.occurred_at.isoformat(),
                "credential": issued.credential,
            }
        )

    def _achievement(
        self, kind: AchievementKind, fields: dict[str, Any], q: Any, event_id: str
    ) -> tuple[Achievement, list[str]]:
        titles = {c.code: c.title for c in q.competences}
        if kind is AchievementKind.MODULE:
            module = q.module(fields["module_code"])
            codes, title, points = fields["competences"], module.title, module.study_points
            return Achievement(
                kind, module.code, title, tuple((c, titles[c]) for c in codes), q, points
            ), [event_id]
        if kind is AchievementKind.COMPETENCE:
            code = fields["competence_code"]
            return Achievement(kind, code, titles[code], ((code, titles[code]),), q), [event_id]
        covering = sorted({e for ids in fields["basis"].values() for e in ids})
        if kind is AchievementKind.PARTIAL_CERTIFICATE:
            certificate = q.partial_certificate(fields["certificate_code"])
            pairs = tuple((c, titles[c]) for c in certificate.competences)
            return Achievement(kind, certificate.code, certificate.title, pairs, q), [
                event_id,
                *covering,
            ]
        pairs = tuple((c.code, c.title) for c in q.competences)
        return Achievement(kind, q.code, q.title_nl, pairs, q), [event_id, *covering]

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
