"""Guidance recorded as facts that never score: trajectbegeleider and competence-coach
contacts, external mentor visits (at least twice a year; they do not evaluate or score,
S4 L3170-3182), remediation and the selection interview (S2 L363; S4 L2888-2915, L4098)."""

from __future__ import annotations

from ledger.errors import InvalidEventError
from ledger.metadata import Stamp
from ledger.trajectory_base import TrajectoryCore, TrajectoryEvent
from ledger.trajectory_context import CommandContext
from ledger.values import GuidanceKind, parse_enum


class GuidanceRecorded(TrajectoryEvent):
    """A guidance contact: its kind, who guided, notes, and the competences it worked on
    (learning needs; never coverage)."""

    kind: str
    guide_id: str
    notes: str
    competences: list[str]


class GuidanceCommands(TrajectoryCore):
    def record_guidance(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        kind: str,
        guide_id: str,
        notes: str,
        competences: list[str] | None = None,
    ) -> None:
        if not guide_id.strip():
            raise InvalidEventError("guidance names who guided")
        worked_on = list(dict.fromkeys(competences or []))
        for code in worked_on:
            ctx.qualification.competence(code)
        self._record(
            GuidanceRecorded,
            stamp,
            kind=parse_enum(GuidanceKind, kind, "kind").value,
            guide_id=guide_id,
            notes=notes,
            competences=worked_on,
        )
