"""Builders that drive the real ledger with sensible defaults (no fakes of the store)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from api.demo import load_reference_data
from ledger import Actor, Learner, Ledger, Organisation, Receipt, Role, Submission

START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@dataclass
class TickingClock:
    """An injected clock that moves one second per reading, so recorded_at is ordered."""

    now: datetime = START
    step: timedelta = timedelta(seconds=1)

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


_ids = itertools.count(1)


def new_event_id(prefix: str = "evt") -> str:
    return f"{prefix}-{next(_ids):06d}"


def a_ledger(clock: TickingClock | None = None, env: dict[str, str] | None = None) -> Ledger:
    ledger = Ledger(
        env=env or {"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock or TickingClock()
    )
    load_reference_data(ledger)
    return ledger


def org_id(key: str) -> UUID:
    return Organisation.id_for(key)


def provider(key: str = "cdo-elektro", person: str = "teacher") -> Actor:
    return Actor(id=person, role=Role.PROVIDER, organisation_id=org_id(key))


def workplace(key: str = "elektro-peeters", person: str = "mentor") -> Actor:
    return Actor(id=person, role=Role.WORKPLACE, organisation_id=org_id(key))


@dataclass
class TrajectoryBuilder:
    """One trajectory on a ledger, with a day counter for occurred_at."""

    ledger: Ledger
    lead: Actor
    trajectory_id: UUID | None = None
    day: datetime = START
    receipts: list[Receipt] = field(default_factory=list)

    def post(
        self,
        event_type: str,
        actor: Actor | None = None,
        *,
        event_id: str | None = None,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
        **fields: Any,
    ) -> Receipt:
        self.day += timedelta(days=1)
        submission = Submission(
            event_type=event_type,
            event_id=event_id or new_event_id(event_type),
            occurred_at=occurred_at or self.day,
            fields=fields,
        )
        receipt = self.ledger.post(
            self.trajectory_id,
            submission,
            actor=actor or self.lead,
            expected_version=expected_version,
        )
        self.receipts.append(receipt)
        return receipt

    @property
    def trajectory(self) -> Any:
        assert self.trajectory_id is not None
        return self.ledger.trajectory(self.trajectory_id)

    def assess(
        self, competence: str, actor: Actor | None = None, *, level: str = "mastered", **over: Any
    ) -> Receipt:
        fields = {
            "competence_code": competence,
            "indicators_met": [],
            "level": level,
            "setting": "workplace",
            "assessor_role": "mentor",
            "assessor_id": "mentor-jef",
            "evidence": ["photo-1"],
            **over,
        }
        return self.post("CompetenceAssessed", actor or workplace(), **fields)

    def complete_module(self, module: str, *, result: str = "passed", **over: Any) -> Receipt:
        fields = {
            "module_code": module,
            "result": result,
            "score": "15",
            "study_points": 3,
            "competences": [],
            "assessed_by": "teacher",
            **over,
        }
        return self.post("ModuleCompleted", **fields)


def an_open_trajectory(
    ledger: Ledger,
    *,
    qualification: str = "BK-ELEKTRO",
    pathway: str = "duaal_leren",
    lead: str = "cdo-elektro",
    partners: tuple[str, ...] = ("elektro-peeters",),
    learner: str = "ilias",
    with_agreement: bool = True,
) -> TrajectoryBuilder:
    """An open trajectory (default: dual learning, electrical installer, with an agreement at
    the accredited company so its mentor may assess)."""
    builder = TrajectoryBuilder(ledger, provider(lead))
    receipt = builder.post(
        "TrajectoryOpened",
        learner_id=str(Learner.id_for(learner)),
        pathway=pathway,
        qualification_code=qualification,
        lead_provider=str(org_id(lead)),
        partners=[str(org_id(p)) for p in partners],
    )
    builder.trajectory_id = receipt.aggregate_id
    if with_agreement:
        builder.post(
            "LearningAgreementSigned",
            agreement_id=new_event_id("agreement"),
            workplace_id=str(org_id("elektro-peeters")),
            mentor_id="mentor-jef",
            hours_workplace=24,
            hours_school=12,
            starts_on="2025-09-01",
            ends_on=None,
        )
    return builder
