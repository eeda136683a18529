"""The trajectory (traject): one learner's path toward a target qualification.

Every fact is an event named after the catalogue in PRODUCT.md. Command methods (in the
command groups this class mixes in) check the rules (``ledger.rules``) and only then record
an event; an event's ``apply`` only assigns state, because it runs again on every replay and
must not re-judge old facts by today's rules. Facts are kept by their client event id, so
corrections and retractions can name them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger import trajectory_upcasts as upcasts
from ledger.metadata import ValueState
from ledger.trajectory_agreements import AgreementCommands, WorkplaceHoursRegistered
from ledger.trajectory_badges import (
    Badge,
    BadgeCopyDelivered,
    BadgeIssued,
    BadgeLifecycle,
    BadgeReinstated,
    BadgeRevoked,
    BadgeSuspended,
)
from ledger.trajectory_base import TrajectoryEvent
from ledger.trajectory_corrections import CorrectionCommands
from ledger.trajectory_facts import Fact
from ledger.trajectory_guidance import GuidanceCommands, GuidanceRecorded
from ledger.trajectory_learning import LearningCommands
from ledger.trajectory_recognition import RecognitionCommands
from ledger.values import (
    ExitKind,
    Outcome,
    Pathway,
    TrajectoryStatus,
)


class Trajectory(
    LearningCommands,
    AgreementCommands,
    RecognitionCommands,
    GuidanceCommands,
    CorrectionCommands,
    BadgeLifecycle,
    ValueState,
    Aggregate,
):
    """A learner's trajectory; its events are the ledger's learning-event vocabulary."""

    Event: TypeAlias = TrajectoryEvent

    class TrajectoryOpened(Event, Aggregate.Created):
        """Opens a trajectory: the learner, pathway, target qualification and the version in
        force (pinned, rule 7), the programme followed (its version pinned too), the lead
        provider and partners; who referred the learner (toeleider), the closed trajectory
        this one continues after a reorientation, and the readiness found at the intake that
        led to this enrolment (checked against the pathway's entry profile)."""

        class_version = 2
        learner_id: UUID
        pathway: str
        qualification_code: str
        qualification_version: int
        lead_provider: UUID
        partners: list[UUID]
        programme_code: str | None
        programme_version: int | None
        referred_by: str | None
        reoriented_from: UUID | None
        arbeidsbereid: bool | None
        arbeidsrijp: str | None
        welfare_issues: bool | None

        upcast_v1_v2 = staticmethod(upcasts.opened_v1_v2)

    class IntakeHeld(Event):
        """The intake: its outcome, readiness as two assessed dimensions (arbeidsbereid;
        arbeidsrijp, quasi- or niet-arbeidsrijp) plus welfare issues, and the advice with
        who gave it. The advice is non-binding (S2 L347-357); consent governs rule 8."""

        class_version = 2
        outcome: str
        arbeidsbereid: bool
        arbeidsrijp: str
        welfare_issues: bool
        advised_by: list[str]
        advice: str
        consent_to_share: bool

        upcast_v1_v2 = staticmethod(upcasts.intake_v1_v2)

    class OrientationCompleted(Event):
        chosen_qualification_code: str
        qualification_version: int

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.qualification_code = self.chosen_qualification_code
            aggregate.qualification_version = self.qualification_version

    class TrajectoryMigrated(Event):
        """The explicit event that moves a trajectory to a newer qualification version (rule
        7), with the programme version written for it."""

        class_version = 2
        to_version: int
        reason: str
        programme_version: int | None

        upcast_v1_v2 = staticmethod(upcasts.migrated_v1_v2)

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.qualification_version = self.to_version
            if self.programme_version is not None:
                aggregate.programme_version = self.programme_version

    class LearningAgreementSigned(Event):
        """A workplace learning agreement of a kind (dual contract, stage, own employment,
        art. 60, maatwerk, VDAB training contract, IBO), its signatories, the learner's
        allowance and the planned hours; registered hours follow as
        WorkplaceHoursRegistered."""

        class_version = 2
        agreement_id: str
        workplace_id: UUID
        mentor_id: str
        hours_workplace: int
        hours_school: int
        starts_on: date
        ends_on: date | None
        kind: str
        signatories: list[str]
        learner_allowance: Decimal | None

        upcast_v1_v2 = staticmethod(upcasts.agreement_v1_v2)

    class LearningAgreementEnded(Event):
        agreement_id: str
        ended_on: date
        reason: str

    WorkplaceHoursRegistered: TypeAlias = WorkplaceHoursRegistered

    class ModuleEnrolled(Event):
        module_code: str

    class ModuleCompleted(Event):
        module_code: str
        result: str
        score: Decimal | None
        study_points: int
        competences: list[str]
        assessed_by: str

    class CompetenceAssessed(Event):
        class_version = 2

        competence_code: str
        indicators_met: list[str]
        level: str
        setting: str
        assessor_role: str
        assessor_id: str
        evidence: list[str]

        upcast_v1_v2 = staticmethod(upcasts.assessed_v1_v2)

    class RecognitionStepRecorded(Event):
        procedure_id: str
        step: str
        outcome: str
        notes: str

    class RecognitionDecided(Event):
        """A recognition decision on one of the two EVC routes: (a) at a recognised test
        centre against an EVC standard, whose competences then cover the qualification; (b)
        a provider's own procedure, whose exemptions are valid only within its scope
        (providers and programmes; none named: everywhere)."""

        class_version = 2
        procedure_id: str
        competences_recognised: list[str]
        decided_by: str
        route: str
        evc_standard: str | None
        valid_for_providers: list[UUID]
        valid_for_programmes: list[str]

        upcast_v1_v2 = staticmethod(upcasts.decided_v1_v2)

    class ExemptionGranted(Event):
        """Exemption (vrijstelling) of competences, whole modules or module hours, on a basis
        with evidence; a concordance row when the basis is an earlier certificate."""

        class_version = 2
        competences: list[str]
        modules: list[str]
        basis: str
        evidence: list[str]
        decided_by: str
        module_hours: dict[str, int]
        concordance_table: str | None
        concordance_row: str | None

        upcast_v1_v2 = staticmethod(upcasts.exemption_v1_v2)

    class ExemptionRefused(Event):
        competences: list[str]
        modules: list[str]
        basis: str
        reason: str
        decided_by: str

    class PartialCertificateAwarded(Event):
        certificate_code: str
        basis: dict[str, list[str]]

    class QualificationAwarded(Event):
        qualification_code: str
        qualification_version: int
        basis: dict[str, list[str]]

    class TrajectoryPaused(Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.status = TrajectoryStatus.PAUSED

    class TrajectoryResumed(Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.status = TrajectoryStatus.OPEN

    class LearnerHandedOver(Event):
        to_organisation: UUID
        kind: str
        becomes_lead: bool
        note: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            if self.becomes_lead:
                aggregate.partners.add(aggregate.lead_provider)
                aggregate.partners.discard(self.to_organisation)
                aggregate.lead_provider = self.to_organisation

    class TrajectoryClosed(Event):
        """Closes the trajectory: the outcome (qualified, partially qualified, unqualified)
        and why the learner left (completed, a job, reorientation, a transfer, dropping
        out)."""

        class_version = 2
        outcome: str
        reason: str
        exit: str

        upcast_v1_v2 = staticmethod(upcasts.closed_v1_v2)

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.status = TrajectoryStatus.CLOSED
            aggregate.outcome = Outcome(self.outcome)
            aggregate.exit = ExitKind(self.exit)

    class EventCorrected(Event):
        original_event_id: str
        changes: dict[str, Any]
        reason: str
        revokes: list[str]

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            original = aggregate.facts[self.original_event_id]
            aggregate.facts[self.original_event_id] = original.corrected(
                self.event_id, self.changes
            )
            aggregate.revoke_awards(self.revokes, self.event_id)

    class EventRetracted(Event):
        original_event_id: str
        reason: str
        revokes: list[str]

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            original = aggregate.facts[self.original_event_id]
            aggregate.facts[self.original_event_id] = replace(original, retracted_by=self.event_id)
            aggregate.revoke_awards(self.revokes, self.event_id)

    GuidanceRecorded: TypeAlias = GuidanceRecorded
    BadgeIssued: TypeAlias = BadgeIssued
    BadgeRevoked: TypeAlias = BadgeRevoked
    BadgeSuspended: TypeAlias = BadgeSuspended
    BadgeReinstated: TypeAlias = BadgeReinstated
    BadgeCopyDelivered: TypeAlias = BadgeCopyDelivered

    def __init__(
        self,
        *,
        learner_id: UUID,
        pathway: str,
        qualification_code: str,
        qualification_version: int,
        lead_provider: UUID,
        partners: list[UUID],
        event_id: str,
        occurred_at: datetime,
        recorded_at: datetime,
        actor: dict[str, str | None],
        programme_code: str | None = None,
        programme_version: int | None = None,
        referred_by: str | None = None,
        reoriented_from: UUID | None = None,
        arbeidsbereid: bool | None = None,
        arbeidsrijp: str | None = None,
        welfare_issues: bool | None = None,
    ) -> None:
        # Named one by one: the library passes the opening event's fields by name.
        opening = {
            "programme_code": programme_code,
            "programme_version": programme_version,
            "referred_by": referred_by,
            "reoriented_from": reoriented_from,
            "arbeidsbereid": arbeidsbereid,
            "arbeidsrijp": arbeidsrijp,
            "welfare_issues": welfare_issues,
        }
        self.learner_id = learner_id
        self.pathway = Pathway(pathway)
        self.qualification_code = qualification_code
        self.qualification_version = qualification_version
        self.programme_code = programme_code
        self.programme_version = programme_version
        self.reoriented_from = reoriented_from
        self.lead_provider = lead_provider
        self.partners = set(partners)
        self.status = TrajectoryStatus.OPEN
        self.outcome = None
        self.exit = None
        self.facts = {}
        self.badges: dict[str, Badge] = {}
        self.facts[event_id] = Fact(
            event_type="TrajectoryOpened",
            event_id=event_id,
            version=1,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            fields={
                "learner_id": learner_id,
                "pathway": pathway,
                "qualification_code": qualification_code,
                "qualification_version": qualification_version,
                "lead_provider": lead_provider,
                "partners": list(partners),
                **opening,
            },
            actor=actor,
        )


Trajectory.COMPENSATING = frozenset({Trajectory.EventCorrected, Trajectory.EventRetracted})
Trajectory.BADGE_BOOKKEEPING = frozenset(
    {BadgeIssued, BadgeRevoked, BadgeSuspended, BadgeReinstated, BadgeCopyDelivered}
)
Trajectory.ASSESSMENTS = frozenset({Trajectory.CompetenceAssessed})
Trajectory.WORKPLACE_REPORTS = frozenset({Trajectory.CompetenceAssessed, WorkplaceHoursRegistered})
