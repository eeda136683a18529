"""``leerspoor demo``: loads the catalogue, organisations, learners and the six seed
scenarios through the ledger's application layer (never by writing rows), so the demo is
the first acceptance test. Event ids are deterministic: loading twice appends nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from api.demo.catalogue import (
    ACCREDITATIONS,
    AWARD_RECOGNITIONS,
    LEARNERS,
    ORGANISATIONS,
    QUALIFICATIONS,
)
from api.demo.scenarios import Scenario, Step, scenarios
from ledger import Actor, Ledger, Organisation, Role, Submission, Trajectory

ADMIN = Actor(id="demo-admin", role=Role.ADMIN)
CATALOGUE_DAY = datetime.fromisoformat("2024-06-01T09:00:00+02:00")


@dataclass(frozen=True)
class DemoResult:
    trajectories: dict[str, UUID]
    appended: int
    duplicates: int


def actor_for(step: Step) -> Actor:
    return Actor(
        id=step.actor.person,
        role=Role(step.actor.role),
        organisation_id=Organisation.id_for(step.actor.organisation),
    )


def trajectory_ids(all_scenarios: Iterable[Scenario]) -> dict[str, UUID]:
    """Each script's trajectory id, derived from its opening event id."""
    ids: dict[str, UUID] = {}
    for scenario in all_scenarios:
        for step in scenario.steps:
            if step.event_type == "TrajectoryOpened":
                lead = Organisation.id_for(step.actor.organisation)
                ids[step.trajectory] = Trajectory.id_for(step.event_id, lead)
    return ids


def submission_for(step: Step) -> Submission:
    return Submission(
        event_type=step.event_type,
        event_id=step.event_id,
        occurred_at=datetime.fromisoformat(step.occurred_at),
        fields=step.fields,
    )


def load_reference_data(ledger: Ledger) -> int:
    """Qualifications, organisations (with accreditation) and learners. Returns how many
    were newly appended."""
    receipts = []
    for code, fields in QUALIFICATIONS.items():
        receipts.append(
            ledger.register_qualification(
                code, stamp=ledger.stamp(f"qual-{code}", CATALOGUE_DAY, ADMIN)
            )
        )
        receipts.append(
            ledger.publish_qualification_version(
                code,
                {"version": 1, **fields},
                stamp=ledger.stamp(f"qual-{code}-v1", CATALOGUE_DAY, ADMIN),
            )
        )
    for key, (name, kind) in ORGANISATIONS.items():
        receipts.append(
            ledger.register_organisation(
                key, name=name, kind=kind, stamp=ledger.stamp(f"org-{key}", CATALOGUE_DAY, ADMIN)
            )
        )
    for key, (valid_from, valid_until) in ACCREDITATIONS.items():
        receipts.append(
            ledger.grant_accreditation(
                Organisation.id_for(key),
                valid_from=date.fromisoformat(valid_from),
                valid_until=date.fromisoformat(valid_until) if valid_until else None,
                stamp=ledger.stamp(f"accreditation-{key}", CATALOGUE_DAY, ADMIN),
            )
        )
    for key, codes in AWARD_RECOGNITIONS.items():
        for code in codes:
            receipts.append(
                ledger.grant_recognition(
                    Organisation.id_for(key),
                    kind="award",
                    qualification_code=code,
                    valid_from=date(2020, 1, 1),
                    stamp=ledger.stamp(f"recognition-{key}-{code}", CATALOGUE_DAY, ADMIN),
                )
            )
    for key, (given, family, born) in LEARNERS.items():
        receipts.append(
            ledger.register_learner(
                key,
                given_name=given,
                family_name=family,
                birth_date=date.fromisoformat(born),
                did=None,
                stamp=ledger.stamp(f"learner-{key}", CATALOGUE_DAY, ADMIN),
            )
        )
    return sum(not r.duplicate for r in receipts)


def withdraw_demo_accreditation(ledger: Ledger) -> bool:
    """Rule 4's second half in the demo: the company's accreditation is withdrawn after the
    apprentice qualified; the earlier assessments keep counting."""
    receipt = ledger.withdraw_accreditation(
        Organisation.id_for("elektro-peeters"),
        effective_on=date(2026, 9, 1),
        reason="geen mentor meer beschikbaar",
        stamp=ledger.stamp(
            "withdraw-elektro-peeters", datetime.fromisoformat("2026-08-20T09:00:00+02:00"), ADMIN
        ),
    )
    return not receipt.duplicate


def load_demo(ledger: Ledger, progress: Callable[[Step], None] | None = None) -> DemoResult:
    appended = load_reference_data(ledger)
    all_scenarios = scenarios()
    ids = trajectory_ids(all_scenarios)
    duplicates = 0
    for scenario in all_scenarios:
        for step in scenario.steps:
            target = None if step.event_type == "TrajectoryOpened" else ids[step.trajectory]
            receipt = ledger.post(target, submission_for(step), actor=actor_for(step))
            duplicates += receipt.duplicate
            appended += not receipt.duplicate
            if progress:
                progress(step)
    appended += withdraw_demo_accreditation(ledger)
    return DemoResult(ids, appended, duplicates)
