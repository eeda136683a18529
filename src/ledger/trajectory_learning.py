"""Trajectory commands of the learning itself: opening (with its referential checks and the
pathway's entry profile), intake, orientation, migration, modules, assessments, pausing,
handover and closing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger import rules
from ledger.errors import InvalidEventError, LeadProviderMismatchError, NotPermittedError
from ledger.metadata import Stamp
from ledger.programme import Programme
from ledger.trajectory_base import TrajectoryCore
from ledger.trajectory_context import CommandContext
from ledger.trajectory_facts import active_agreement_workplaces
from ledger.values import (
    AssessorRole,
    ExitKind,
    HandoverKind,
    MasteryLevel,
    ModuleResult,
    OrganisationKind,
    Outcome,
    Pathway,
    Role,
    Setting,
    TrajectoryStatus,
    WorkReadiness,
    parse_enum,
)

LEADS = (OrganisationKind.PROVIDER, OrganisationKind.TEST_CENTRE)


def _written_for(programme: Programme, qualification_code: str, version: int) -> int:
    """The latest version of ``programme`` written for ``version`` of the qualification;
    rule 7 refuses a programme with none (at opening and at a migration alike)."""
    written = programme.for_qualification_version(version)
    rules.require_programme_for_version(
        programme.code,
        written.qualification_version if written else None,
        qualification_code,
        version,
    )
    assert written is not None
    return written.version


class LearningCommands(TrajectoryCore):
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
        programme_code: str | None = None,
        referred_by: str | None = None,
        reoriented_from: UUID | None = None,
        arbeidsbereid: bool | None = None,
        arbeidsrijp: str | None = None,
        welfare_issues: bool | None = None,
    ) -> Any:
        """Opens a trajectory (``ctx.qualification`` is the version in force). Refuses, with
        nothing appended: NotPermittedError unless a provider opens it,
        LeadProviderMismatchError unless the caller's own organisation leads;
        Unknown…Error for an unregistered learner, partner, qualification or programme;
        QualificationVersionError (rule 7) for a programme not written for the version in
        force; EntryProfileNotMetError for a learner outside the pathway's entry profile."""
        actor = stamp.actor
        if actor.role is not Role.PROVIDER:
            raise NotPermittedError("only the lead provider opens its trajectory, for itself")
        if actor.organisation_id != lead_provider:
            raise LeadProviderMismatchError(
                f"lead_provider {lead_provider} is not the caller's organisation; "
                "a provider opens only trajectories it leads"
            )
        route = parse_enum(Pathway, pathway, "pathway")
        lead = ctx.organisation(lead_provider)
        if lead.kind not in LEADS:
            raise InvalidEventError(f"{lead.name} is a {lead.kind.value}; a provider leads")
        partner_ids = [p for p in dict.fromkeys(partners) if p != lead_provider]
        for partner in partner_ids:
            ctx.organisation(partner)
        ctx.refs.require_learner(learner_id)
        pinned = ctx.qualification
        programme_version = None
        if programme_code is not None:
            programme = ctx.refs.programme(programme_code)
            if programme.qualification_code != qualification_code:
                raise InvalidEventError(
                    f"programme {programme_code} is for {programme.qualification_code}"
                )
            if programme.provider not in (lead_provider, *partner_ids):
                raise InvalidEventError(
                    f"programme {programme_code} is another provider's; it is not a partner"
                )
            programme_version = _written_for(programme, qualification_code, pinned.version)
        readiness = parse_enum(WorkReadiness, arbeidsrijp, "arbeidsrijp") if arbeidsrijp else None
        rules.require_entry_profile(route, arbeidsbereid, readiness, welfare_issues)
        if reoriented_from is not None:
            before = ctx.refs.other_trajectory(reoriented_from)
            if before.learner_id != learner_id:
                raise InvalidEventError("a reorientation continues the same learner's trajectory")
            if (
                before.status is not TrajectoryStatus.CLOSED
                or before.exit is not ExitKind.REORIENTED
            ):
                raise InvalidEventError(
                    f"trajectory {reoriented_from} is not closed with a reorientation"
                )
        return cls._create(
            cls.TrajectoryOpened,
            id=cls.id_for(stamp.event_id, lead_provider),
            learner_id=learner_id,
            pathway=route.value,
            qualification_code=qualification_code,
            qualification_version=pinned.version,
            lead_provider=lead_provider,
            partners=partner_ids,
            programme_code=programme_code,
            programme_version=programme_version,
            referred_by=referred_by,
            reoriented_from=reoriented_from,
            arbeidsbereid=arbeidsbereid,
            arbeidsrijp=readiness.value if readiness else None,
            welfare_issues=welfare_issues,
            **stamp.as_fields(),
        )

    def hold_intake(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        outcome: str,
        arbeidsbereid: bool,
        arbeidsrijp: str,
        consent_to_share: bool,
        welfare_issues: bool = False,
        advised_by: list[str] | None = None,
        advice: str = "",
    ) -> None:
        self._record(
            self.IntakeHeld,
            stamp,
            outcome=outcome,
            arbeidsbereid=arbeidsbereid,
            arbeidsrijp=parse_enum(WorkReadiness, arbeidsrijp, "arbeidsrijp").value,
            welfare_issues=welfare_issues,
            advised_by=list(advised_by or []),
            advice=advice,
            consent_to_share=consent_to_share,
        )

    def complete_orientation(
        self, stamp: Stamp, ctx: CommandContext, *, chosen_qualification_code: str
    ) -> None:
        # A changed target pins the version in force now (rule 7: an explicit event).
        if chosen_qualification_code == self.qualification_code:
            pinned = ctx.qualification
        elif self.programme_code is not None:
            raise InvalidEventError(
                f"this trajectory follows programme {self.programme_code}; another target "
                "is a reorientation: close it and open a new trajectory"
            )
        else:
            pinned = ctx.in_force(chosen_qualification_code)
        self._record(
            self.OrientationCompleted,
            stamp,
            chosen_qualification_code=chosen_qualification_code,
            qualification_version=pinned.version,
        )

    def migrate(self, stamp: Stamp, ctx: CommandContext, *, to_version: int, reason: str) -> None:
        latest = ctx.in_force(self.qualification_code)
        rules.require_forward_migration(self.qualification_version, to_version, latest.version)
        programme_version = None
        if self.programme_code is not None:
            programme = ctx.refs.programme(self.programme_code)
            programme_version = _written_for(programme, self.qualification_code, to_version)
        self._record(
            self.TrajectoryMigrated,
            stamp,
            to_version=to_version,
            reason=reason,
            programme_version=programme_version,
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
            result=parse_enum(ModuleResult, result, "result").value,
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
        """An assessment. Rule 5 refuses a coach; a colleague's, an end client's or a
        self-evaluation is recorded as such and never counts toward coverage."""
        competence = ctx.qualification.competence(competence_code)
        unknown = sorted(set(indicators_met) - set(competence.indicators))
        if unknown:
            raise InvalidEventError(f"{competence_code} has no indicators {', '.join(unknown)}")
        role = parse_enum(AssessorRole, assessor_role, "assessor_role")
        where = parse_enum(Setting, setting, "setting")
        self.check_may_post(self.CompetenceAssessed, stamp)
        rules.require_entitled_assessor(
            stamp.actor,
            role,
            where,
            self.providers,
            active_agreement_workplaces(self.facts.values(), stamp.occurred_at.date()),
        )
        self._record(
            self.CompetenceAssessed,
            stamp,
            competence_code=competence_code,
            indicators_met=indicators_met,
            level=parse_enum(MasteryLevel, level, "level").value,
            setting=where.value,
            assessor_role=role.value,
            assessor_id=assessor_id,
            evidence=evidence,
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
        handover = parse_enum(HandoverKind, kind, "kind")
        if becomes_lead and handover is not HandoverKind.PROVIDER:
            raise InvalidEventError("only a provider can become the lead provider")
        self._record(
            self.LearnerHandedOver,
            stamp,
            to_organisation=to_organisation,
            kind=handover.value,
            becomes_lead=becomes_lead,
            note=note,
        )

    def close(
        self, stamp: Stamp, ctx: CommandContext, *, outcome: str, reason: str, exit: str
    ) -> None:
        """Closes with an outcome (rule 1: a qualified outflow needs the award) and why the
        learner left; reorientation, transfer and a job are not dropping out."""
        result = parse_enum(Outcome, outcome, "outcome")
        left = parse_enum(ExitKind, exit, "exit")
        if left is ExitKind.UNRECORDED:
            raise InvalidEventError("a closing states why the learner left")
        awards = {f.event_type for f in self.active_awards()}
        rules.require_outcome_supported(result, "QualificationAwarded" in awards, bool(awards))
        self._record(
            self.TrajectoryClosed, stamp, outcome=result.value, reason=reason, exit=left.value
        )
