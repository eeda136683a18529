"""Events stored by the first release (no class_version, the first model's fields and
topics) load today: a qualification with single-language titles and the kind
"professional", organisations and accreditations without scope, a trajectory opened without
programme or readiness, an intake on one readiness scale, an agreement without kind, a
recognition decision without route, an exemption without hours, a closing without exit and
a badge under its old topic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger import Learner, Ledger, Organisation, Qualification, QualificationKind, Trajectory
from ledger.contracts import event_to_json
from tests.builders import TickingClock, a_ledger, sqlite_env
from tests.contract_checks import committed_schema, validator

AT = datetime(2025, 10, 1, 10, tzinfo=UTC)
ACTOR = {
    "id": "docent",
    "role": "provider",
    "organisation_id": str(Organisation.id_for("cvo-zorg")),
}


class OldStore:
    """Appends rows as release 1 wrote them (its topics, its fields, no class_version)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def append(self, aggregate: UUID, number: int, topic: str, **state: Any) -> None:
        meta = {"timestamp": AT, "event_id": f"old-{uuid4()}", "occurred_at": AT, "recorded_at": AT}
        self.ledger.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=aggregate,
                    originator_version=number,
                    topic=topic,
                    state=self.ledger.mapper.transcoder.encode({**meta, "actor": ACTOR, **state}),
                )
            ]
        )

    def created(self, aggregate: UUID, owner: type[Any], event: type[Any], **state: Any) -> None:
        """The first event (version 1) of an ``owner`` aggregate."""
        self.append(aggregate, 1, get_topic(event), originator_topic=get_topic(owner), **state)


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[OldStore, Path]]:
    path = tmp_path / "old.db"
    ledger = a_ledger(TickingClock(), env=sqlite_env(path))
    yield OldStore(ledger), path
    ledger.close()


def reopened(path: Path) -> Ledger:
    return Ledger(env=sqlite_env(path), clock=TickingClock())


def old_trajectory(store: OldStore) -> UUID:
    """A closed trajectory as release 1 stored it, one event after the other."""
    trajectory = uuid4()
    events: list[tuple[str, dict[str, Any]]] = [
        (
            "TrajectoryOpened",
            {
                "originator_topic": get_topic(Trajectory),
                "learner_id": Learner.id_for("chloe"),
                "pathway": "volwassenenonderwijs",
                "qualification_code": "BK-ZORGKUNDIGE",
                "qualification_version": 1,
                "lead_provider": Organisation.id_for("cvo-zorg"),
                "partners": [Organisation.id_for("wzc-zonnehof")],
            },
        ),
        (
            "IntakeHeld",
            {"outcome": "start", "work_readiness": "arbeidsbereid", "consent_to_share": True},
        ),
        (
            "LearningAgreementSigned",
            {
                "agreement_id": "a",
                "mentor_id": "m",
                "workplace_id": Organisation.id_for("wzc-zonnehof"),
                "hours_workplace": 24,
                "hours_school": 12,
                "starts_on": date(2025, 9, 1),
                "ends_on": None,
            },
        ),
        (
            "RecognitionDecided",
            {"procedure_id": "p", "competences_recognised": ["ZK-06"], "decided_by": "jury"},
        ),
        (
            "ExemptionGranted",
            {
                "competences": ["ZK-06"],
                "modules": [],
                "basis": "recognition_decision",
                "evidence": ["e"],
                "decided_by": "d",
            },
        ),
        (
            "BadgeIssued",
            {
                "badge_id": "b-1",
                "achievement_kind": "competence",
                "achievement_code": "ZK-06",
                "basis_event_ids": ["x"],
            },
        ),
        ("TrajectoryClosed", {"outcome": "unqualified", "reason": "stopt"}),
    ]
    for number, (name, state) in enumerate(events, start=1):
        store.append(trajectory, number, f"ledger.trajectory:Trajectory.{name}", **state)
    return trajectory


def test_an_old_trajectory_loads_with_its_new_fields(stores: tuple[OldStore, Path]) -> None:
    store, path = stores
    trajectory_id = old_trajectory(store)
    with reopened(path) as ledger:
        trajectory = ledger.trajectory(trajectory_id)
        opened, intake, agreement, decision, exemption, badge, closed = ledger.history(
            trajectory_id
        )
    assert (trajectory.programme_code, trajectory.programme_version) == (None, None)
    assert (intake.arbeidsbereid, intake.arbeidsrijp) == (True, "niet_arbeidsrijp")  # type: ignore[attr-defined]
    assert agreement.kind == "unrecorded"  # type: ignore[attr-defined]
    assert (decision.route, decision.valid_for_providers) == ("provider_procedure", [])  # type: ignore[attr-defined]
    assert exemption.module_hours == {}  # type: ignore[attr-defined]
    assert isinstance(badge, Trajectory.BadgeIssued)
    assert trajectory.badges["b-1"].achievement_code == "ZK-06"
    assert (closed.exit, trajectory.exit) == ("unrecorded", "unrecorded")  # type: ignore[attr-defined]


def test_old_trajectory_events_export_as_valid_documents_of_their_new_version(
    stores: tuple[OldStore, Path],
) -> None:
    store, path = stores
    trajectory_id = old_trajectory(store)
    with reopened(path) as ledger:
        for event in ledger.history(trajectory_id):
            document = event_to_json(event)
            name, version = document["type"], document["schema_version"]
            validator(committed_schema(name, version)).validate(document)


def test_an_old_recognition_still_grounds_its_exemption(stores: tuple[OldStore, Path]) -> None:
    store, path = stores
    trajectory_id = old_trajectory(store)
    with reopened(path) as ledger:
        assert "ZK-06" not in ledger.coverage(trajectory_id).missing


def test_an_old_qualification_version_loads_with_titles_in_both_languages(
    stores: tuple[OldStore, Path],
) -> None:
    store, path = stores
    code = "BK-OUD"
    qualification = Qualification.id_for(code)
    store.created(
        qualification,
        Qualification,
        Qualification.QualificationRegistered,
        code=code,
    )
    store.append(
        qualification,
        2,
        get_topic(Qualification.QualificationVersionPublished),
        version=1,
        title_nl="Oud",
        title_en="Old",
        vks_level=2,
        kind="professional",
        competences=[
            {
                "code": "O-1",
                "title": "Oude competentie",
                "indicators": [],
                "workplace_required": True,
            }
        ],
        modules=[{"code": "M", "title": "Module", "competences": ["O-1"], "study_points": 3}],
        partial_certificates=[],
    )
    with reopened(path) as ledger:
        version = ledger.qualification(code).in_force()
    assert version.kind is QualificationKind.BEROEPSKWALIFICATIE
    assert (version.competence("O-1").title_nl, version.competence("O-1").title_en) == (
        "Oude competentie",
        "Oude competentie",
    )
    assert version.module("M").title_nl == "Module"
    assert version.competence("O-1").workplace_required


def test_an_old_organisation_and_its_accreditation_load_without_scope(
    stores: tuple[OldStore, Path],
) -> None:
    store, path = stores
    organisation = Organisation.id_for("oud-bedrijf")
    store.created(
        organisation,
        Organisation,
        Organisation.OrganisationRegistered,
        key="oud-bedrijf",
        name="Oud bv",
        kind="workplace",
    )
    store.append(
        organisation,
        2,
        get_topic(Organisation.AccreditationGranted),
        valid_from=date(2024, 1, 1),
        valid_until=None,
    )
    store.append(
        organisation,
        3,
        get_topic(Organisation.AccreditationWithdrawn),
        effective_on=date(2025, 1, 1),
        reason="r",
    )
    with reopened(path) as ledger:
        loaded = ledger.organisation(organisation)
    assert loaded.enterprise_number is None
    assert loaded.accredited_on(date(2024, 6, 1), ["ANY-OPLEIDING"])
    assert not loaded.accredited_on(date(2025, 1, 1))


def test_a_learner_of_schema_one_loads_without_email_or_reference(
    stores: tuple[OldStore, Path],
) -> None:
    store, path = stores
    learner = Learner.id_for("oude-lerende")
    store.created(
        learner,
        Learner,
        Learner.LearnerRegistered,
        key="oude-lerende",
        given_name="Oud",
        family_name="Lid",
        birth_date=date(1990, 1, 1),
        did=None,
    )
    with reopened(path) as ledger:
        loaded = ledger.learner(learner)
    assert (loaded.email, loaded.reference, loaded.registered_by) == (None, None, None)
    assert loaded.display_name == "Oud Lid"  # schema v1 kept personal fields in plain text
