"""What every part of the trajectory aggregate shares: its base event (which keeps each fact
by its client event id) and its state with the derived views and the recording step.

The aggregate (``ledger.trajectory``) is assembled from this core and the command groups in
``trajectory_learning``, ``trajectory_agreements``, ``trajectory_recognition``,
``trajectory_guidance``, ``trajectory_corrections`` and ``trajectory_badges``, so no module
holds every command.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from ledger import access, rules
from ledger.coverage import Basis, Coverage, compute_coverage
from ledger.errors import InvalidEventError, NotFoundError
from ledger.metadata import LedgerEvent, Stamp, body_of
from ledger.qualification_version import QualificationVersion
from ledger.trajectory_facts import Fact, bases_from, started_modules
from ledger.values import ExitKind, Outcome, Pathway, TrajectoryId, TrajectoryStatus, stable_id

AWARD_EVENTS = frozenset({"PartialCertificateAwarded", "QualificationAwarded"})


class TrajectoryEvent(LedgerEvent):
    """Base of every trajectory event: recording it keeps its body as a fact."""

    def apply(self, aggregate: Any) -> None:
        aggregate.facts[self.event_id] = Fact(
            event_type=type(self).__name__,
            event_id=self.event_id,
            version=self.originator_version,
            occurred_at=self.occurred_at,
            recorded_at=self.recorded_at,
            fields=body_of(self),
            actor=self.actor,
        )


if TYPE_CHECKING:
    from eventsourcing.domain import Aggregate as _AggregateForTyping

    class TrajectoryOpenedEvent(TrajectoryEvent, _AggregateForTyping.Created): ...
else:
    _AggregateForTyping = object


class TrajectoryCore(_AggregateForTyping):
    """The trajectory's state, its derived views, and the one recording step every command
    goes through (who may post, rule 6, a fresh event id)."""

    # Event classes a command group records, grouped by what rule 6 and the roles need.
    COMPENSATING: ClassVar[frozenset[type[TrajectoryEvent]]] = frozenset()
    BADGE_BOOKKEEPING: ClassVar[frozenset[type[TrajectoryEvent]]] = frozenset()
    ASSESSMENTS: ClassVar[frozenset[type[TrajectoryEvent]]] = frozenset()
    WORKPLACE_REPORTS: ClassVar[frozenset[type[TrajectoryEvent]]] = frozenset()

    id: UUID
    version: int
    learner_id: UUID
    pathway: Pathway
    qualification_code: str
    qualification_version: int
    programme_code: str | None
    programme_version: int | None
    lead_provider: UUID
    partners: set[UUID]
    status: TrajectoryStatus
    outcome: Outcome | None
    exit: ExitKind | None
    facts: dict[str, Fact]

    if TYPE_CHECKING:
        # The event classes, declared for the command groups (defined on ``Trajectory``).
        TrajectoryOpened: ClassVar[type[TrajectoryOpenedEvent]]
        IntakeHeld: ClassVar[type[TrajectoryEvent]]
        OrientationCompleted: ClassVar[type[TrajectoryEvent]]
        TrajectoryMigrated: ClassVar[type[TrajectoryEvent]]
        LearningAgreementSigned: ClassVar[type[TrajectoryEvent]]
        LearningAgreementEnded: ClassVar[type[TrajectoryEvent]]
        WorkplaceHoursRegistered: ClassVar[type[TrajectoryEvent]]
        ModuleEnrolled: ClassVar[type[TrajectoryEvent]]
        ModuleCompleted: ClassVar[type[TrajectoryEvent]]
        CompetenceAssessed: ClassVar[type[TrajectoryEvent]]
        RecognitionStepRecorded: ClassVar[type[TrajectoryEvent]]
        RecognitionDecided: ClassVar[type[TrajectoryEvent]]
        ExemptionGranted: ClassVar[type[TrajectoryEvent]]
        ExemptionRefused: ClassVar[type[TrajectoryEvent]]
        PartialCertificateAwarded: ClassVar[type[TrajectoryEvent]]
        QualificationAwarded: ClassVar[type[TrajectoryEvent]]
        TrajectoryPaused: ClassVar[type[TrajectoryEvent]]
        TrajectoryResumed: ClassVar[type[TrajectoryEvent]]
        LearnerHandedOver: ClassVar[type[TrajectoryEvent]]
        TrajectoryClosed: ClassVar[type[TrajectoryEvent]]
        EventCorrected: ClassVar[type[TrajectoryEvent]]
        EventRetracted: ClassVar[type[TrajectoryEvent]]
        GuidanceRecorded: ClassVar[type[TrajectoryEvent]]
        BadgeIssued: ClassVar[type[TrajectoryEvent]]
        BadgeRevoked: ClassVar[type[TrajectoryEvent]]
        BadgeSuspended: ClassVar[type[TrajectoryEvent]]
        BadgeReinstated: ClassVar[type[TrajectoryEvent]]
        BadgeCopyDelivered: ClassVar[type[TrajectoryEvent]]

    # -- identity --------------------------------------------------------------------------------

    @staticmethod
    def id_for(opening_event_id: str, lead_provider: UUID | None) -> TrajectoryId:
        """Derived from the opening event id, scoped to the opening provider, so re-posting
        the opening finds the same trajectory and no provider can take another's ids."""
        if lead_provider is None:
            return TrajectoryCore.legacy_id_for(opening_event_id)
        return TrajectoryId(stable_id("trajectory", f"{lead_provider.hex}:{opening_event_id}"))

    @staticmethod
    def legacy_id_for(opening_event_id: str) -> TrajectoryId:
        """The id trajectories got before event ids were scoped per organisation."""
        return TrajectoryId(stable_id("trajectory", opening_event_id))

    def revoke_awards(self, award_ids: list[str], by_event_id: str) -> None:
        for award_id in award_ids:
            if award_id in self.facts:  # absent only in a replay that left the award out
                self.facts[award_id] = replace(self.facts[award_id], revoked_by=by_event_id)

    # -- derived state -------------------------------------------------------------------------

    @property
    def providers(self) -> frozenset[UUID]:
        return frozenset({self.lead_provider, *self.partners})

    @property
    def intake_consent(self) -> bool:
        """Rule 8: the consent of the latest counting intake, as corrected (none: no consent)."""
        intakes = self.counting_facts("IntakeHeld")
        return bool(intakes and intakes[-1].fields["consent_to_share"])

    def counting_facts(self, event_type: str) -> list[Fact]:
        return [f for f in self.facts.values() if f.event_type == event_type and f.counts]

    def has_counting_fact(self, event_type: str, field: str, value: object) -> bool:
        """Whether a counting fact of ``event_type`` has ``value`` in ``field``."""
        return any(f.fields.get(field) == value for f in self.counting_facts(event_type))

    def bases(self, qualification: QualificationVersion) -> list[Basis]:
        return bases_from(self.facts.values(), qualification)

    def coverage(self, qualification: QualificationVersion) -> Coverage:
        """Coverage of the pinned version's required competences (rule 1's judgement), as
        its programme tailors them (rule 2; choice rules)."""
        required = qualification.required(started_modules(self.facts.values()))
        return compute_coverage(required, self.bases(qualification), qualification)

    def active_awards(self) -> list[Fact]:
        return [f for f in self.facts.values() if f.event_type in AWARD_EVENTS and f.counts]

    def fact(self, event_id: str) -> Fact:
        try:
            return self.facts[event_id]
        except KeyError:
            raise NotFoundError(f"no event {event_id!r} on this trajectory") from None

    # -- recording -------------------------------------------------------------------------------

    def check_may_post(self, event_class: type[TrajectoryEvent], stamp: Stamp) -> None:
        """Who may post here and whether the trajectory's status admits it (rule 6); runs
        before any command-specific check, so a closed trajectory says so first."""
        name = event_class.__name__
        access.require_participant(
            stamp.actor,
            name,
            self.providers,
            is_badge_bookkeeping=event_class in self.BADGE_BOOKKEEPING,
            workplace_may_post=event_class in self.WORKPLACE_REPORTS,
        )
        rules.require_open_for(
            self.status,
            is_compensating=event_class in self.COMPENSATING,
            is_badge_bookkeeping=event_class in self.BADGE_BOOKKEEPING,
            is_assessment=event_class in self.ASSESSMENTS,
            event_type=name,
            actor=stamp.actor,
            lead_provider=self.lead_provider,
        )

    def _record(self, event_class: type[TrajectoryEvent], stamp: Stamp, **fields: Any) -> None:
        self.check_may_post(event_class, stamp)
        if stamp.event_id in self.facts:
            raise InvalidEventError(f"event id {stamp.event_id!r} already names another fact")
        self.trigger_event(event_class, **fields, **stamp.as_fields())
