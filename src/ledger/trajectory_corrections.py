"""Trajectory commands that compensate: a correction or a retraction names an earlier fact;
history keeps both, and rule 9 revokes the awards whose basis it removes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ledger import rules
from ledger.corrections import AWARD_EVENTS, check_correction, check_retraction
from ledger.metadata import Stamp
from ledger.qualification_version import Competence, QualificationVersion
from ledger.trajectory_base import TrajectoryCore
from ledger.trajectory_context import CommandContext
from ledger.trajectory_facts import Fact, bases_from, recognised_competences, started_modules
from ledger.values import ExemptionBasis


class CorrectionCommands(TrajectoryCore):
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
            revokes=self._losing_basis(after, ctx.qualification),
        )

    def retract(
        self, stamp: Stamp, ctx: CommandContext, *, original_event_id: str, reason: str
    ) -> None:
        """A retraction: the fact stops counting; history keeps both (rule 9 as above)."""
        original = self.fact(original_event_id)
        check_retraction(original, reason)
        after = {**self.facts, original_event_id: replace(original, retracted_by=stamp.event_id)}
        revokes = self._losing_basis(after, ctx.qualification)
        if original.event_type in AWARD_EVENTS and original.counts:
            revokes = [original_event_id, *revokes]
        self._record(
            self.EventRetracted,
            stamp,
            original_event_id=original_event_id,
            reason=reason,
            revokes=sorted(set(revokes)),
        )

    def _losing_basis(self, facts_after: dict[str, Fact], q: QualificationVersion) -> list[str]:
        """Rule 9 over this trajectory's active awards and the facts as they would be."""
        needs: dict[str, tuple[Competence, ...]] = {}
        for award in self.active_awards():
            if award.event_type == "QualificationAwarded":
                required = q.required(started_modules(facts_after.values()))
            else:
                certificate = q.partial_certificate(award.fields["certificate_code"])
                required = tuple(q.competence(c) for c in certificate.competences)
            needs[award.event_id] = required
        return rules.awards_losing_basis(needs, bases_from(facts_after.values(), q), q)
