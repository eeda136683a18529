"""Trajectory commands of workplace learning: agreements of their kinds (rule 4 where the
workplace must be accredited) and the hours actually registered, from which the share of
learning time at the workplace follows (S2 L257; S3 L75-77; S4 L1709-1733)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from ledger import rules
from ledger.errors import InvalidEventError, NotFoundError, NotPermittedError
from ledger.metadata import Stamp
from ledger.trajectory_base import TrajectoryCore, TrajectoryEvent
from ledger.trajectory_context import CommandContext
from ledger.trajectory_facts import agreements
from ledger.values import AgreementKind, Role, Signatory, parse_enum

DUAL_SIGNATORIES = frozenset(Signatory)


class WorkplaceHoursRegistered(TrajectoryEvent):
    """Hours actually spent at the workplace and at school in a period, under an agreement
    (registered, not only planned), optionally within one module."""

    agreement_id: str
    period_from: date
    period_until: date
    hours_workplace: int
    hours_school: int
    module_code: str | None


class AgreementCommands(TrajectoryCore):
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
        kind: str,
        signatories: list[str] | None = None,
        learner_allowance: Decimal | None = None,
    ) -> None:
        """A learning agreement. A dual contract is signed by learner, workplace and provider
        (S3 L77). Rule 4: where accreditation is needed (dual learning, a dual contract, or
        the programme's policy) the workplace must be accredited for this opleiding on the
        start date, with a trained mentor where the accreditation asks for one."""
        workplace = ctx.workplace(workplace_id)
        agreement_kind = parse_enum(AgreementKind, kind, "kind")
        if agreement_kind is AgreementKind.UNRECORDED:
            raise InvalidEventError("an agreement states its kind")
        signed = [parse_enum(Signatory, s, "signatories").value for s in signatories or []]
        if agreement_kind is AgreementKind.DUAL_CONTRACT and set(signed) != DUAL_SIGNATORIES:
            raise InvalidEventError(
                "a dual contract is signed by the learner, the workplace and the provider"
            )
        if learner_allowance is not None and learner_allowance < 0:
            raise InvalidEventError("a learner allowance cannot be negative")
        if rules.accreditation_needed(self.pathway, agreement_kind, ctx.qualification.policy):
            opleidingen = [c for c in (self.programme_code, self.qualification_code) if c]
            accreditation = workplace.accreditation_on(starts_on, opleidingen)
            rules.require_accredited_workplace(
                workplace.name,
                starts_on,
                accredited=accreditation is not None,
                requires_trained_mentor=bool(
                    accreditation and accreditation.requires_trained_mentor
                ),
                mentor_trained=workplace.mentor_trained_on(mentor_id, starts_on),
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
            kind=agreement_kind.value,
            signatories=signed,
            learner_allowance=learner_allowance,
        )

    def end_learning_agreement(
        self, stamp: Stamp, ctx: CommandContext, *, agreement_id: str, ended_on: date, reason: str
    ) -> None:
        if not self.has_counting_fact("LearningAgreementSigned", "agreement_id", agreement_id):
            raise NotFoundError(f"no agreement {agreement_id!r} on this trajectory")
        self._record(
            self.LearningAgreementEnded,
            stamp,
            agreement_id=agreement_id,
            ended_on=ended_on,
            reason=reason,
        )

    def register_workplace_hours(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        agreement_id: str,
        period_from: date,
        period_until: date,
        hours_workplace: int,
        hours_school: int,
        module_code: str | None = None,
    ) -> None:
        """Registered hours under an agreement; a workplace registers only its own."""
        agreement = next(
            (a for a in agreements(self.facts.values()) if a.agreement_id == agreement_id), None
        )
        if agreement is None:
            raise NotFoundError(f"no agreement {agreement_id!r} on this trajectory")
        actor = stamp.actor
        if actor.role is Role.WORKPLACE and actor.organisation_id != agreement.workplace_id:
            raise NotPermittedError("a workplace registers hours only under its own agreement")
        if period_until < period_from:
            raise InvalidEventError("a period cannot end before it starts")
        if hours_workplace < 0 or hours_school < 0:
            raise InvalidEventError("hours cannot be negative")
        if module_code is not None:
            ctx.qualification.module(module_code)
        self._record(
            WorkplaceHoursRegistered,
            stamp,
            agreement_id=agreement_id,
            period_from=period_from,
            period_until=period_until,
            hours_workplace=hours_workplace,
            hours_school=hours_school,
            module_code=module_code,
        )
