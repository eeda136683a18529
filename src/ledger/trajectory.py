"""The trajectory (traject): one learner's path toward a target qualification.

Every fact is an event named after the catalogue in PRODUCT.md. Command methods check the
rules (``ledger.rules``) and only then trigger an event; an event's ``apply`` only assigns
state, because it runs again on every replay and must not re-judge old facts by today's rules.
Facts are kept by their client event id, so corrections and retractions can name them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger import rules
from ledger.catalogue import QualificationVersion
from ledger.coverage import Basis, Coverage, compute_coverage
from ledger.errors import (
    InvalidEventError,
    NotFoundError,
    NotPermittedError,
    QualificationNotCoveredError,
)
from ledger.metadata import LedgerEvent, Stamp, ValueState, body_of
from ledger.trajectory_context import CommandContext
from ledger.trajectory_facts import (
    AWARD_EVENTS,
    Fact,
    active_agreement_workplaces,
    bases_from,
    check_correction,
    check_retraction,
    recognised_competences,
)
from ledger.values import (
    AchievementKind,
    AssessorRole,
    ExemptionBasis,
    HandoverKind,
    MasteryLevel,
    ModuleResult,
    Outcome,
    Pathway,
    RecognitionStep,
    Role,
    Setting,
    TrajectoryId,
    TrajectoryStatus,
    WorkReadiness,
    stable_id,
)


@dataclass(frozen=True)
class Badge:
    badge_id: str
    kind: str
    achievement_code: str
    basis_event_ids: tuple[str, ...]
    status: str = "active"


class Trajectory(ValueState, Aggregate):
    """A learner's trajectory; its events are the ledger's learning-event vocabulary."""

    class Event(LedgerEvent):
        def apply(self, aggregate: Any) -> None:
            aggregate.facts[self.event_id] = Fact(
                event_type=type(self).__name__,
                event_id=self.event_id,
                version=self.originator_version,
                occurred_at=self.occurred_at,
                recorded_at=self.recorded_at,
                fields=body_of(self),
            )

    class TrajectoryOpened(Event, Aggregate.Created):
        learner_id: UUID
        pathway: str
        qualification_code: str
        qualification_version: int
        lead_provider: UUID
        partners: list[UUID]

    class IntakeHeld(Event):
        outcome: str
        work_readiness: str
        consent_to_share: bool

    class OrientationCompleted(Event):
        chosen_qualification_code: str
        qualification_version: int

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.qualification_code = self.chosen_qualification_code
            aggregate.qualification_version = self.qualification_version

    class TrajectoryMigrated(Event):
        """The explicit event that moves a trajectory to a newer qualification version (rule 7)."""

        to_version: int
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.qualification_version = self.to_version

    class LearningAgreementSigned(Event):
        agreement_id: str
        workplace_id: UUID
        mentor_id: str
        hours_workplace: int
        hours_school: int
        starts_on: date
        ends_on: date | None

    class LearningAgreementEnded(Event):
        agreement_id: str
        ended_on: date
        reason: str

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

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # v1 recorded a yes/no "mastered"; v2 has the three levels of the MICOON scale.
            mastered = state.pop("mastered")
            if not isinstance(mastered, bool):
                raise TypeError("'mastered' must be a boolean")
            state["level"] = MasteryLevel.MASTERED if mastered else MasteryLevel.IN_DEVELOPMENT

    class RecognitionStepRecorded(Event):
        procedure_id: str
        step: str
        outcome: str
        notes: str

    class RecognitionDecided(Event):
        procedure_id: str
        competences_recognised: list[str]
        decided_by: str

    class ExemptionGranted(Event):
        competences: list[str]
        modules: list[str]
        basis: str
        evidence: list[str]
        decided_by: str

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
        outcome: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.status = TrajectoryStatus.CLOSED
            aggregate.outcome = Outcome(self.outcome)

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

    class BadgeIssued(Event):
        badge_id: str
        achievement_kind: str
        achievement_code: str
        basis_event_ids: list[str]

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.badges[self.badge_id] = Badge(
                self.badge_id,
                self.achievement_kind,
                self.achievement_code,
                tuple(self.basis_event_ids),
            )

    class BadgeRevoked(Event):
        badge_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.set_badge_status(self.badge_id, "revoked")

    class BadgeSuspended(Event):
        badge_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.set_badge_status(self.badge_id, "suspended")

    class BadgeReinstated(Event):
        badge_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.set_badge_status(self.badge_id, "active")

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
    ) -> None:
        self.learner_id = learner_id
        self.pathway = Pathway(pathway)
        self.qualification_code = qualification_code
        self.qualification_version = qualification_version
        self.lead_provider = lead_provider
        self.partners: set[UUID] = set(partners)
        self.status = TrajectoryStatus.OPEN
        self.outcome: Outcome | None = None
        self.facts: dict[str, Fact] = {}
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
            },
        )

    # -- identity and creation -------------------------------------------------------------

    @staticmethod
    def id_for(opening_event_id: str) -> TrajectoryId:
        """Derived from the opening event id, so re-posting the opening finds the same one."""
        return TrajectoryId(stable_id("trajectory", opening_event_id))

    @classmethod
    def open(
        cls,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        learner_id: UUID,
        pathway: str,
        qualification_code: str,
        lead_provider: UUID,
        partners: list[UUID],
    ) -> Trajectory:
        if stamp.actor.role is not Role.PROVIDER or stamp.actor.organisation_id != lead_provider:
            raise NotPermittedError("only the lead provider opens its trajectory")
        Pathway(pathway)
        pinned = ctx.in_force(qualification_code)
        return cls._create(
            cls.TrajectoryOpened,
            id=cls.id_for(stamp.event_id),
            learner_id=learner_id,
            pathway=pathway,
            qualification_code=qualification_code,
            qualification_version=pinned.version,
            lead_provider=lead_provider,
            partners=[p for p in dict.fromkeys(partners) if p != lead_provider],
            **stamp.as_fields(),
        )

    # -- derived state ---------------------------------------------------------------------

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

    def bases(self, qualification: QualificationVersion) -> list[Basis]:
        return bases_from(self.facts.values(), qualification)

    def coverage(self, qualification: QualificationVersion) -> Coverage:
        """Coverage of the pinned version's required competences (rule 1's judgement)."""
        return compute_coverage(qualification.competences, self.bases(qualification))

    def active_awards(self) -> list[Fact]:
        return [f for f in self.facts.values() if f.event_type in AWARD_EVENTS and f.counts]

    def fact(self, event_id: str) -> Fact:
        try:
            return self.facts[event_id]
        except KeyError:
            raise NotFoundError(f"no event {event_id!r} on this trajectory") from None

    def revoke_awards(self, award_ids: list[str], by_event_id: str) -> None:
        for award_id in award_ids:
            if award_id in self.facts:  # absent only in a replay that left the award out
                self.facts[award_id] = replace(self.facts[award_id], revoked_by=by_event_id)

    def set_badge_status(self, badge_id: str, status: str) -> None:
        if badge_id in self.badges:  # absent only in a replay that left the issuance out
            self.badges[badge_id] = replace(self.badges[badge_id], status=status)

    # -- commands --------------------------------------------------------------------------

    def check_may_post(self, event_type: str, stamp: Stamp) -> None:
        """Who may post here and whether the trajectory's status admits it (rule 6); runs
        before any command-specific check, so a closed trajectory says so first."""
        rules.require_participant(stamp.actor, event_type, self.providers)
        rules.require_open_for(self.status, event_type, stamp.actor, self.lead_provider)

    def _record(self, event_class: type[Event], stamp: Stamp, **fields: Any) -> None:
        self.check_may_post(event_class.__name__, stamp)
        if stamp.event_id in self.facts:
            raise InvalidEventError(f"event id {stamp.event_id!r} already names another fact")
        self.trigger_event(event_class, **fields, **stamp.as_fields())

    def hold_intake(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        outcome: str,
        work_readiness: str,
        consent_to_share: bool,
    ) -> None:
        self._record(
            self.IntakeHeld,
            stamp,
            outcome=outcome,
            work_readiness=WorkReadiness(work_readiness).value,
            consent_to_share=consent_to_share,
        )

    def complete_orientation(
        self, stamp: Stamp, ctx: CommandContext, *, chosen_qualification_code: str
    ) -> None:
        # A changed target pins the version in force now (rule 7: an explicit event).
        pinned = ctx.in_force(chosen_qualification_code)
        if chosen_qualification_code == self.qualification_code:
            pinned = ctx.qualification
        self._record(
            self.OrientationCompleted,
            stamp,
            chosen_qualification_code=chosen_qualification_code,
            qualification_version=pinned.version,
        )

    def migrate(self, stamp: Stamp, ctx: CommandContext, *, to_version: int, reason: str) -> None:
        latest = ctx.in_force(self.qualification_code)
        rules.require_forward_migration(self.qualification_version, to_version, latest.version)
        self._record(self.TrajectoryMigrated, stamp, to_version=to_version, reason=reason)

    def sign_learning_agreement(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        agreement_id: str,
        workplace_id: UUID,
        mentor_id: str,
        hours_workplace: int,
        hours_school: int,
        starts_on: date,
        ends_on: date | None,
    ) -> None:
        workplace = ctx.workplace(workplace_id)
        rules.require_accredited_workplace(
            self.pathway, workplace.name, workplace.accredited_on(starts_on), starts_on
        )
        if any(f.fields.get("agreement_id") == agreement_id for f in self.facts.values()):
            raise InvalidEventError(f"agreement {agreement_id!r} already exists")
        if ends_on is not None and ends_on < starts_on:
            raise InvalidEventError("an agreement cannot end before it starts")
        if hours_workplace < 0 or hours_school < 0:
            raise InvalidEventError("hours cannot be negative")
        self._record(
            self.LearningAgreementSigned,
            stamp,
            agreement_id=agreement_id,
            workplace_id=workplace_id,
            mentor_id=mentor_id,
            hours_workplace=hours_workplace,
            hours_school=hours_school,
            starts_on=starts_on,
            ends_on=ends_on,
        )

    def end_learning_agreement(
        self, stamp: Stamp, ctx: CommandContext, *, agreement_id: str, ended_on: date, reason: str
    ) -> None:
        if not any(
            f.fields.get("agreement_id") == agreement_id
            for f in self.counting_facts("LearningAgreementSigned")
        ):
            raise NotFoundError(f"no agreement {agreement_id!r} on this trajectory")
        self._record(
            self.LearningAgreementEnded,
            stamp,
            agreement_id=agreement_id,
            ended_on=ended_on,
            reason=reason,
        )

    def enrol_in_module(self, stamp: Stamp, ctx: CommandContext, *, module_code: str) -> None:
        ctx.qualification.module(module_code)
        self._record(self.ModuleEnrolled, stamp, module_code=module_code)

    def complete_module(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        module_code: str,
        result: str,
        score: Decimal | None,
        study_points: int,
        competences: list[str],
        assessed_by: str,
    ) -> None:
        module = ctx.qualification.module(module_code)
        covered = competences or list(module.competences)
        outside = sorted(set(covered) - set(module.competences))
        if outside:
            raise InvalidEventError(f"module {module_code} does not cover {', '.join(outside)}")
        self._record(
            self.ModuleCompleted,
            stamp,
            module_code=module_code,
            result=ModuleResult(result).value,
            score=score,
            study_points=study_points,
            competences=covered,
            assessed_by=assessed_by,
        )

    def assess_competence(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        competence_code: str,
        indicators_met: list[str],
        level: str,
        setting: str,
        assessor_role: str,
        assessor_id: str,
        evidence: list[str],
    ) -> None:
        competence = ctx.qualification.competence(competence_code)
        unknown = sorted(set(indicators_met) - set(competence.indicators))
        if unknown:
            raise InvalidEventError(f"{competence_code} has no indicators {', '.join(unknown)}")
        self.check_may_post(self.CompetenceAssessed.__name__, stamp)
        rules.require_entitled_assessor(
            stamp.actor,
            AssessorRole(assessor_role),
            Setting(setting),
            self.providers,
            active_agreement_workplaces(self.facts.values(), stamp.occurred_at.date()),
        )
        self._record(
            self.CompetenceAssessed,
            stamp,
            competence_code=competence_code,
            indicators_met=indicators_met,
            level=MasteryLevel(level).value,
            setting=Setting(setting).value,
            assessor_role=AssessorRole(assessor_role).value,
            assessor_id=assessor_id,
            evidence=evidence,
        )

    def record_recognition_step(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        procedure_id: str,
        step: str,
        outcome: str,
        notes: str,
    ) -> None:
        self._record(
            self.RecognitionStepRecorded,
            stamp,
            procedure_id=procedure_id,
            step=RecognitionStep(step).value,
            outcome=outcome,
            notes=notes,
        )

    def decide_recognition(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        procedure_id: str,
        competences_recognised: list[str],
        decided_by: str,
    ) -> None:
        for code in competences_recognised:
            ctx.qualification.competence(code)
        self._record(
            self.RecognitionDecided,
            stamp,
            procedure_id=procedure_id,
            competences_recognised=competences_recognised,
            decided_by=decided_by,
        )

    def grant_exemption(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        competences: list[str],
        modules: list[str],
        basis: str,
        evidence: list[str],
        decided_by: str,
    ) -> None:
        """Exemption (vrijstelling) of competences or modules, on evidence (rules 2 and 3)."""
        if not competences and not modules:
            raise InvalidEventError("an exemption names at least one competence or module")
        for module in modules:
            ctx.qualification.module(module)
        rules.require_no_workplace_exemption(ctx.qualification, competences)
        rules.require_exemption_basis(
            ExemptionBasis(basis),
            evidence,
            competences,
            recognised_competences(self.facts.values()),
        )
        self._record(
            self.ExemptionGranted,
            stamp,
            competences=competences,
            modules=modules,
            basis=ExemptionBasis(basis).value,
            evidence=evidence,
            decided_by=decided_by,
        )

    def refuse_exemption(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        competences: list[str],
        modules: list[str],
        basis: str,
        reason: str,
        decided_by: str,
    ) -> None:
        if not reason.strip():
            raise InvalidEventError("a refusal states its reason")
        self._record(
            self.ExemptionRefused,
            stamp,
            competences=competences,
            modules=modules,
            basis=ExemptionBasis(basis).value,
            reason=reason,
            decided_by=decided_by,
        )

    def award_partial_certificate(
        self, stamp: Stamp, ctx: CommandContext, *, certificate_code: str
    ) -> None:
        certificate = ctx.qualification.partial_certificate(certificate_code)
        required = [ctx.qualification.competence(c) for c in certificate.competences]
        coverage = compute_coverage(required, self.bases(ctx.qualification))
        rules.require_covered(coverage, f"partial certificate {certificate_code}")
        if any(
            f.fields.get("certificate_code") == certificate_code
            for f in self.counting_facts("PartialCertificateAwarded")
        ):
            raise InvalidEventError(f"{certificate_code} is already awarded")
        self._record(
            self.PartialCertificateAwarded,
            stamp,
            certificate_code=certificate_code,
            basis=coverage.basis_event_ids(),
        )

    def award_qualification(self, stamp: Stamp, ctx: CommandContext) -> None:
        coverage = self.coverage(ctx.qualification)
        rules.require_covered(coverage, f"qualification {self.qualification_code}")
        if self.counting_facts("QualificationAwarded"):
            raise InvalidEventError("the qualification is already awarded")
        self._record(
            self.QualificationAwarded,
            stamp,
            qualification_code=self.qualification_code,
            qualification_version=self.qualification_version,
            basis=coverage.basis_event_ids(),
        )

    def pause(self, stamp: Stamp, ctx: CommandContext, *, reason: str) -> None:
        if self.status is not TrajectoryStatus.OPEN:
            raise InvalidEventError("only an open trajectory can be paused")
        self._record(self.TrajectoryPaused, stamp, reason=reason)

    def resume(self, stamp: Stamp, ctx: CommandContext, *, reason: str) -> None:
        if self.status is not TrajectoryStatus.PAUSED:
            raise InvalidEventError("only a paused trajectory can be resumed")
        self._record(self.TrajectoryResumed, stamp, reason=reason)

    def hand_over(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        to_organisation: UUID,
        kind: str,
        becomes_lead: bool,
        note: str,
    ) -> None:
        """Warm handover (warme overdracht) to another provider or to the employment service."""
        ctx.organisation(to_organisation)
        if becomes_lead and HandoverKind(kind) is not HandoverKind.PROVIDER:
            raise InvalidEventError("only a provider can become the lead provider")
        self._record(
            self.LearnerHandedOver,
            stamp,
            to_organisation=to_organisation,
            kind=HandoverKind(kind).value,
            becomes_lead=becomes_lead,
            note=note,
        )

    def close(self, stamp: Stamp, ctx: CommandContext, *, outcome: str, reason: str) -> None:
        result = Outcome(outcome)
        awards = {f.event_type for f in self.active_awards()}
        if result is Outcome.QUALIFIED and "QualificationAwarded" not in awards:
            raise QualificationNotCoveredError(
                "rule 1: a qualified outflow needs an awarded qualification"
            )
        if result is Outcome.PARTIALLY_QUALIFIED and not awards:
            raise QualificationNotCoveredError(
                "rule 1: a partially qualified outflow needs an awarded partial certificate"
            )
        self._record(self.TrajectoryClosed, stamp, outcome=result.value, reason=reason)

    def correct(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        original_event_id: str,
        changes: dict[str, Any],
        reason: str,
    ) -> None:
        """A correction (rule 9 revokes the awards whose basis it removes)."""
        original = self.fact(original_event_id)
        check_correction(original, changes, reason, ctx.qualification)
        corrected = original.corrected(stamp.event_id, changes)
        if corrected.event_type == "ExemptionGranted":
            # Rule 3 holds for corrected exemptions as for new ones.
            rules.require_exemption_basis(
                ExemptionBasis(corrected.fields["basis"]),
                corrected.fields["evidence"],
                corrected.fields["competences"],
                recognised_competences(self.facts.values()),
            )
        after = {**self.facts, original_event_id: corrected}
        self._record(
            self.EventCorrected,
            stamp,
            original_event_id=original_event_id,
            changes=changes,
            reason=reason,
            revokes=self._awards_losing_basis(after, ctx.qualification),
        )

    def retract(
        self, stamp: Stamp, ctx: CommandContext, *, original_event_id: str, reason: str
    ) -> None:
        """A retraction: the fact stops counting; history keeps both (rule 9 as above)."""
        original = self.fact(original_event_id)
        check_retraction(original, reason)
        after = {**self.facts, original_event_id: replace(original, retracted_by=stamp.event_id)}
        revokes = self._awards_losing_basis(after, ctx.qualification)
        if original.event_type in AWARD_EVENTS and original.counts:
            revokes = [original_event_id, *revokes]
        self._record(
            self.EventRetracted,
            stamp,
            original_event_id=original_event_id,
            reason=reason,
            revokes=sorted(set(revokes)),
        )

    def _awards_losing_basis(
        self, facts_after: dict[str, Fact], qualification: QualificationVersion
    ) -> list[str]:
        bases = bases_from(facts_after.values(), qualification)
        losing = []
        for award in self.active_awards():
            if award.event_type == "QualificationAwarded":
                required = list(qualification.competences)
            else:
                certificate = qualification.partial_certificate(award.fields["certificate_code"])
                required = [qualification.competence(c) for c in certificate.competences]
            if not compute_coverage(required, bases).complete:
                losing.append(award.event_id)
        return losing

    def issue_badge(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        badge_id: str,
        achievement_kind: str,
        achievement_code: str,
        basis_event_ids: list[str],
    ) -> None:
        if badge_id in self.badges:
            raise InvalidEventError(f"badge {badge_id} is already issued")
        self._record(
            self.BadgeIssued,
            stamp,
            badge_id=badge_id,
            achievement_kind=AchievementKind(achievement_kind).value,
            achievement_code=achievement_code,
            basis_event_ids=basis_event_ids,
        )

    def revoke_badge(
        self, stamp: Stamp, ctx: CommandContext, *, badge_id: str, reason: str
    ) -> None:
        self._change_badge_status(self.BadgeRevoked, stamp, badge_id=badge_id, reason=reason)

    def suspend_badge(
        self, stamp: Stamp, ctx: CommandContext, *, badge_id: str, reason: str
    ) -> None:
        self._change_badge_status(self.BadgeSuspended, stamp, badge_id=badge_id, reason=reason)

    def reinstate_badge(
        self, stamp: Stamp, ctx: CommandContext, *, badge_id: str, reason: str
    ) -> None:
        self._change_badge_status(self.BadgeReinstated, stamp, badge_id=badge_id, reason=reason)

    def _change_badge_status(
        self, event_class: type[Event], stamp: Stamp, *, badge_id: str, reason: str
    ) -> None:
        allowed_from = {
            "BadgeRevoked": ("active", "suspended"),
            "BadgeSuspended": ("active",),
            "BadgeReinstated": ("suspended",),
        }[event_class.__name__]
        badge = self.badges.get(badge_id)
        if badge is None:
            raise NotFoundError(f"no badge {badge_id} on this trajectory")
        if badge.status not in allowed_from:
            raise InvalidEventError(f"badge {badge_id} is {badge.status}")
        self._record(event_class, stamp, badge_id=badge_id, reason=reason)
