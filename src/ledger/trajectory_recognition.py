"""Trajectory commands of recognition, exemption and award: the two EVC routes, exemptions
with their basis and scope (rules 2 and 3), partial certificates and the qualification
(rules 1 and 10)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from ledger import rules
from ledger.coverage import compute_coverage
from ledger.errors import InvalidEventError, NotFoundError
from ledger.metadata import Stamp
from ledger.trajectory_base import TrajectoryCore
from ledger.trajectory_context import CommandContext
from ledger.trajectory_facts import done_modules, recognised_competences
from ledger.values import (
    ExemptionBasis,
    ModuleUnit,
    RecognitionKind,
    RecognitionRoute,
    RecognitionStep,
    parse_enum,
)


class RecognitionCommands(TrajectoryCore):
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
            step=parse_enum(RecognitionStep, step, "step").value,
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
        route: str = RecognitionRoute.PROVIDER_PROCEDURE.value,
        evc_standard: str | None = None,
        valid_for_providers: list[UUID] | None = None,
        valid_for_programmes: list[str] | None = None,
    ) -> None:
        """A recognition decision. Route (a) needs a test centre recognised for the EVC
        standard of this qualification (rule 10) and is valid everywhere; route (b) is valid
        within the providers and programmes named (none named: everywhere)."""
        for code in competences_recognised:
            ctx.qualification.competence(code)
        which = parse_enum(RecognitionRoute, route, "route")
        providers = list(dict.fromkeys(valid_for_providers or []))
        programmes = list(dict.fromkeys(valid_for_programmes or []))
        if which is RecognitionRoute.TEST_CENTRE:
            if not evc_standard:
                raise InvalidEventError("a decision at a test centre names its EVC standard")
            if providers or programmes:
                raise InvalidEventError("a test centre's decision is not limited to a scope")
            self.check_may_post(self.RecognitionDecided, stamp)
            centre = ctx.organisation(stamp.actor.organisation_id)  # type: ignore[arg-type]
            day = stamp.occurred_at.date()
            standard = centre.recognition_on(
                RecognitionKind.EVC_STANDARD, self.qualification_code, day
            )
            rules.require_recognised_awarder(
                centre.name,
                f"EVC standard {evc_standard}",
                recognised=standard is not None and standard.evc_standard == evc_standard,
                on=day,
            )
        elif evc_standard is not None:
            raise InvalidEventError("an EVC standard belongs to a decision at a test centre")
        for provider in providers:
            ctx.organisation(provider)
        self._record(
            self.RecognitionDecided,
            stamp,
            procedure_id=procedure_id,
            competences_recognised=competences_recognised,
            decided_by=decided_by,
            route=which.value,
            evc_standard=evc_standard,
            valid_for_providers=providers,
            valid_for_programmes=programmes,
        )

    def _valid_here(self, decision: Mapping[str, Any]) -> bool:
        providers, programmes = (
            decision.get("valid_for_providers"),
            decision.get("valid_for_programmes"),
        )
        if not providers and not programmes:
            return True
        return self.lead_provider in (providers or []) or self.programme_code in (programmes or [])

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
        module_hours: dict[str, int] | None = None,
        concordance_table: str | None = None,
        concordance_row: str | None = None,
    ) -> None:
        """Exemption (vrijstelling) of competences, whole modules or module hours, on
        evidence (rules 2 and 3): never of workplace learning the programme keeps; on a
        recognition decision valid here; on a concordance row whose scope includes this
        trajectory and that grants what is asked."""
        hours = dict(module_hours or {})
        if not competences and not modules and not hours:
            raise InvalidEventError("an exemption names a competence, a module or module hours")
        q = ctx.qualification
        for module in modules:
            q.module(module)
        for module, asked in hours.items():
            size = q.module(module)
            if not isinstance(asked, int) or isinstance(asked, bool) or asked <= 0:
                raise InvalidEventError(f"hours exempted of {module} must be a positive integer")
            if size.unit is ModuleUnit.STUDY_POINTS:
                raise InvalidEventError(f"{module} is counted in study points, not hours")
            if size.size and asked > size.size:
                raise InvalidEventError(f"{module} has {size.size} hours, fewer than {asked}")
        why = parse_enum(ExemptionBasis, basis, "basis")
        rules.require_exemptible(q, competences)
        rules.require_stage_shortening_allowed(q, why, hours)
        facts = self.facts.values()
        recognised_here = recognised_competences(facts, self._valid_here)
        if why is ExemptionBasis.RECOGNITION_DECISION:
            # Recognised, but by a decision whose scope leaves this trajectory out.
            outside = set(competences) - recognised_here
            rules.require_within_scope(
                not (outside and outside <= recognised_competences(facts)),
                "the recognition decision",
                "this trajectory's provider and programme",
            )
        rules.require_exemption_basis(why, evidence, competences, recognised_here)
        if concordance_table is not None or concordance_row is not None:
            self._check_concordance(
                ctx, why, concordance_table, concordance_row, competences, modules, hours
            )
        self._record(
            self.ExemptionGranted,
            stamp,
            competences=competences,
            modules=modules,
            basis=why.value,
            evidence=evidence,
            decided_by=decided_by,
            module_hours=hours,
            concordance_table=concordance_table,
            concordance_row=concordance_row,
        )

    def _check_concordance(
        self,
        ctx: CommandContext,
        basis: ExemptionBasis,
        table_code: str | None,
        row_id: str | None,
        competences: list[str],
        modules: list[str],
        hours: dict[str, int],
    ) -> None:
        if basis is not ExemptionBasis.PRIOR_CERTIFICATE or not table_code or not row_id:
            raise InvalidEventError(
                "a concordance table and row are the basis of a prior-certificate exemption"
            )
        table = ctx.refs.concordance_table(table_code)
        try:
            row = table.row(row_id)
        except NotFoundError as error:
            raise InvalidEventError(str(error)) from None
        where = f"programme {self.programme_code or '(none)'} of this provider"
        rules.require_within_scope(
            table.scope.includes(self.lead_provider, self.programme_code)
            and row.programme == self.programme_code,
            f"concordance table {table.code}",
            where,
        )
        rules.require_row_covers(row.id, row.allows(competences, modules, hours))

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
            basis=parse_enum(ExemptionBasis, basis, "basis").value,
            reason=reason,
            decided_by=decided_by,
        )

    # -- awards ----------------------------------------------------------------------------

    def _require_recognised_awarder(self, stamp: Stamp, ctx: CommandContext, award: str) -> None:
        """Rule 10: the posting organisation is recognised to award the target (or, for a
        beroepskwalificatie an onderwijskwalificatie is composed of, that one) on the day,
        or is a test centre recognised for the target's EVC standard that decided on
        route (a) in this trajectory."""
        self.check_may_post(self.QualificationAwarded, stamp)
        organisation_id = stamp.actor.organisation_id
        assert organisation_id is not None  # a participant provider, checked above
        awarder = ctx.organisation(organisation_id)
        day = stamp.occurred_at.date()
        target = self.qualification_code
        recognised = any(
            awarder.recognition_on(RecognitionKind.AWARD, code, day) for code in {award, target}
        )
        if not recognised and awarder.recognition_on(RecognitionKind.EVC_STANDARD, target, day):
            recognised = any(
                f.fields.get("route") == RecognitionRoute.TEST_CENTRE
                and f.actor_organisation == organisation_id
                for f in self.counting_facts("RecognitionDecided")
            )
        rules.require_recognised_awarder(awarder.name, award, recognised=recognised, on=day)

    def award_partial_certificate(
        self, stamp: Stamp, ctx: CommandContext, *, certificate_code: str
    ) -> None:
        q = ctx.qualification
        certificate = q.partial_certificate(certificate_code)
        self._require_recognised_awarder(stamp, ctx, certificate_code)
        required = [q.competence(c) for c in certificate.competences]
        coverage = compute_coverage(required, self.bases(q), q)
        rules.require_covered(coverage, f"partial certificate {certificate_code}")
        if self.has_counting_fact(
            "PartialCertificateAwarded", "certificate_code", certificate_code
        ):
            raise InvalidEventError(f"{certificate_code} is already awarded")
        self._record(
            self.PartialCertificateAwarded,
            stamp,
            certificate_code=certificate_code,
            basis=coverage.basis_event_ids(),
        )

    def award_qualification(self, stamp: Stamp, ctx: CommandContext) -> None:
        q = ctx.qualification
        self._require_recognised_awarder(stamp, ctx, self.qualification_code)
        coverage = self.coverage(q)
        rules.require_covered(coverage, f"qualification {self.qualification_code}")
        rules.require_choice_rules_met(q, done_modules(self.facts.values()))
        if self.counting_facts("QualificationAwarded"):
            raise InvalidEventError("the qualification is already awarded")
        self._record(
            self.QualificationAwarded,
            stamp,
            qualification_code=self.qualification_code,
            qualification_version=self.qualification_version,
            basis=coverage.basis_event_ids(),
        )
