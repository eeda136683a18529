"""Builders that drive the real ledger with sensible defaults (no fakes of the store)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest

from ledger import (
    Actor,
    Learner,
    Ledger,
    Organisation,
    Receipt,
    Role,
    Stamp,
    Submission,
    Trajectory,
)
from tests.reference_data import QUALIFICATIONS, load_reference_data

START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
"""The ledger clock starts here; events occur before it (nothing is recorded early)."""
DAY_ONE = datetime(2025, 9, 2, 9, 0, tzinfo=UTC)
"""A trajectory builder's first occurred_at day (after the demo agreements start)."""
ADMIN = Actor(id="admin", role=Role.ADMIN)
E = TypeVar("E", bound=BaseException)


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


def sqlite_env(path: Path) -> dict[str, str]:
    """The environment of a ledger on an SQLite file (shared by every Ledger opened on it)."""
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def admin_stamp(ledger: Ledger, occurred_at: datetime, event_id: str | None = None) -> Stamp:
    return ledger.stamp(event_id or new_event_id("admin"), occurred_at, ADMIN)


def publish_next_version(
    ledger: Ledger,
    code: str,
    *,
    extra_competences: tuple[dict[str, Any], ...] = (),
    occurred_at: datetime = DAY_ONE,
) -> int:
    """Publishes the demo definition of ``code`` again as its next version, with extra
    competences; returns the new version number."""
    number = ledger.qualification(code).latest_version_number + 1
    fields = dict(QUALIFICATIONS[code])
    fields["competences"] = [*fields["competences"], *extra_competences]
    ledger.publish_qualification_version(
        code, {"version": number, **fields}, stamp=admin_stamp(ledger, occurred_at)
    )
    return number


def withdraw_accreditation(ledger: Ledger, key: str, effective_on: date) -> Receipt:
    return ledger.withdraw_accreditation(
        org_id(key),
        effective_on=effective_on,
        reason="geen mentor meer beschikbaar",
        stamp=admin_stamp(ledger, datetime.combine(effective_on, DAY_ONE.timetz())),
    )


def erase_learner(ledger: Ledger, key: str, on: date = date(2026, 1, 2)) -> Receipt:
    return ledger.erase_learner(
        Learner.id_for(key),
        reason="verzoek van de lerende (AVG art. 17)",
        stamp=admin_stamp(ledger, datetime.combine(on, DAY_ONE.timetz()), f"erase-{key}"),
    )


@contextmanager
def nothing_appended(ledger: Ledger, aggregate_id: UUID | None = None) -> Iterator[None]:
    """Asserts that the block appends nothing: neither to the log nor to the aggregate."""
    position = ledger.recorder.max_notification_id()
    version = ledger.repository.get(aggregate_id).version if aggregate_id else None
    yield
    assert ledger.recorder.max_notification_id() == position
    if aggregate_id is not None:
        assert ledger.repository.get(aggregate_id).version == version


def state_of(trajectory: Trajectory) -> dict[str, Any]:
    """Everything a trajectory knows, as plain comparable values."""
    return {
        "id": trajectory.id,
        "version": trajectory.version,
        "learner_id": trajectory.learner_id,
        "pathway": trajectory.pathway,
        "qualification": (trajectory.qualification_code, trajectory.qualification_version),
        "lead_provider": trajectory.lead_provider,
        "partners": set(trajectory.partners),
        "status": trajectory.status,
        "outcome": trajectory.outcome,
        "intake_consent": trajectory.intake_consent,
        "facts": dict(trajectory.facts),
        "badges": dict(trajectory.badges),
    }


def org_id(key: str) -> UUID:
    return Organisation.id_for(key)


def provider(key: str = "cdo-elektro", person: str = "teacher") -> Actor:
    return Actor(id=person, role=Role.PROVIDER, organisation_id=org_id(key))


def workplace(key: str = "elektro-peeters", person: str = "mentor") -> Actor:
    return Actor(id=person, role=Role.WORKPLACE, organisation_id=org_id(key))


def the_learner(key: str = "ilias") -> Actor:
    return Actor(id=str(Learner.id_for(key)), role=Role.LEARNER)


def an_auditor() -> Actor:
    return Actor(id="auditor", role=Role.AUDITOR)


@dataclass
class TrajectoryBuilder:
    """One trajectory on a ledger, with a day counter for occurred_at."""

    ledger: Ledger
    lead: Actor
    trajectory_id: UUID | None = None
    day: datetime = DAY_ONE
    mentor: Actor = field(default_factory=workplace)
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
    def trajectory(self) -> Trajectory:
        assert self.trajectory_id is not None
        return self.ledger.trajectory(self.trajectory_id)

    @property
    def version(self) -> int:
        return self.trajectory.version

    @contextmanager
    def refuses(self, error: type[E]) -> Iterator[pytest.ExceptionInfo[E]]:
        """Expects the block to raise ``error`` and to append nothing, neither to the log nor
        to this trajectory."""
        with nothing_appended(self.ledger, self.trajectory_id), pytest.raises(error) as raised:
            yield raised

    def retract(self, event_id: str, actor: Actor | None = None, **over: Any) -> Receipt:
        fields = {"original_event_id": event_id, "reason": "wrongly posted", **over}
        return self.post("EventRetracted", actor, **fields)

    def correct(
        self,
        event_id: str,
        actor: Actor | None = None,
        *,
        reason: str = "typo",
        occurred_at: datetime | None = None,
        **changes: Any,
    ) -> Receipt:
        fields = {"original_event_id": event_id, "changes": changes, "reason": reason}
        return self.post("EventCorrected", actor, occurred_at=occurred_at, **fields)

    def exempt(
        self,
        competences: list[str],
        *,
        modules: list[str] | None = None,
        basis: str = "prior_certificate",
        evidence: list[str] | None = None,
        actor: Actor | None = None,
    ) -> Receipt:
        return self.post(
            "ExemptionGranted",
            actor,
            competences=competences,
            modules=modules or [],
            basis=basis,
            evidence=["certificate 2021"] if evidence is None else evidence,
            decided_by="consulent",
        )

    def decide_recognition(self, competences: list[str], actor: Actor | None = None) -> Receipt:
        return self.post(
            "RecognitionDecided",
            actor,
            procedure_id="evc-1",
            competences_recognised=competences,
            decided_by="jury",
        )

    def award(self, certificate: str | None = None, actor: Actor | None = None) -> Receipt:
        if certificate is None:
            return self.post("QualificationAwarded", actor)
        return self.post("PartialCertificateAwarded", actor, certificate_code=certificate)

    def close(
        self, outcome: str = "unqualified", actor: Actor | None = None, exit: str = "completed"
    ) -> Receipt:
        return self.post("TrajectoryClosed", actor, outcome=outcome, reason="done", exit=exit)

    def sign_agreement(
        self,
        workplace_key: str,
        *,
        starts_on: str = "2025-09-01",
        ends_on: str | None = None,
        kind: str | None = None,
        mentor: str = "mentor-jef",
    ) -> Receipt:
        """A dual contract (three signatories) on a dual-learning trajectory, else a stage."""
        dual = self.trajectory.pathway == "duaal_leren" if kind is None else kind == "dual_contract"
        return self.post(
            "LearningAgreementSigned",
            agreement_id=new_event_id("agreement"),
            workplace_id=str(org_id(workplace_key)),
            mentor_id=mentor,
            hours_workplace=24,
            hours_school=12,
            starts_on=starts_on,
            ends_on=ends_on,
            kind=kind or ("dual_contract" if dual else "stage"),
            signatories=["learner", "workplace", "provider"] if dual else [],
        )

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
        return self.post("CompetenceAssessed", actor or self.mentor, **fields)

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
    agreement_at: str = "elektro-peeters",
    **opening: Any,
) -> TrajectoryBuilder:
    """An open trajectory (default: dual learning, electrical installer, with an agreement at
    the accredited company so its mentor may assess)."""
    builder = TrajectoryBuilder(ledger, provider(lead), mentor=workplace(agreement_at))
    if pathway == "duaal_leren":
        opening = {"arbeidsbereid": True, "arbeidsrijp": "arbeidsrijp", **opening}
    receipt = builder.post(
        "TrajectoryOpened",
        learner_id=str(Learner.id_for(learner)),
        pathway=pathway,
        qualification_code=qualification,
        lead_provider=str(org_id(lead)),
        partners=[str(org_id(p)) for p in partners],
        **opening,
    )
    builder.trajectory_id = receipt.aggregate_id
    if with_agreement:
        builder.sign_agreement(agreement_at)
    return builder


def a_care_trajectory(ledger: Ledger, *, with_agreement: bool = True) -> TrajectoryBuilder:
    """The zorgkundige ladder (partial certificates, workplace-required care competences) at
    the adult-education centre, with a placement agreement at the care home."""
    return an_open_trajectory(
        ledger,
        qualification="BK-ZORGKUNDIGE",
        pathway="volwassenenonderwijs",
        lead="cvo-zorg",
        partners=("wzc-zonnehof",),
        learner="chloe",
        with_agreement=with_agreement,
        agreement_at="wzc-zonnehof",
    )


def a_demo_dual_trajectory(
    ledger: Ledger, *, with_agreement: bool = True, learner: str = "ilias"
) -> TrajectoryBuilder:
    """On the demo's data (``api.demo``, loaded into ``ledger``): a demo learner (Ilias unless
    told) in dual learning at the centre for dual learning in electricity, with a dual
    contract at the accredited company whose mentor (mentor-jef) is trained."""
    from api.demo import learner_id  # the demo's ids; most tests use the fixture above

    builder = TrajectoryBuilder(
        ledger, provider("cdl-elektro"), mentor=workplace("elektro-peeters-illustratief")
    )
    receipt = builder.post(
        "TrajectoryOpened",
        learner_id=str(learner_id(learner)),
        pathway="duaal_leren",
        qualification_code="OK-ELEKTRICITEIT-DUAAL",
        programme_code="CDL-ELEKTRO-DUAAL",
        lead_provider=str(org_id("cdl-elektro")),
        partners=[str(org_id("elektro-peeters-illustratief"))],
        arbeidsbereid=True,
        arbeidsrijp="arbeidsrijp",
    )
    builder.trajectory_id = receipt.aggregate_id
    if with_agreement:
        builder.sign_agreement("elektro-peeters-illustratief")
    return builder
