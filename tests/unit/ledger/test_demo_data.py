"""The demo catalogue data (api/demo_data) loads into an empty ledger through the public
operations: organisations with valid enterprise numbers, the whole catalogue without a
problem, recognitions, accreditations and mentor training; and it carries its sources."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ledger import Learner, Ledger, Organisation, QualificationKind
from tests.builders import ADMIN, DAY_ONE, TickingClock, TrajectoryBuilder, admin_stamp, provider

DATA = Path(__file__).resolve().parents[3] / "api" / "demo_data"


def load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return loaded


def loaded_ledger() -> Ledger:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=TickingClock())
    data = load("organisations.json")
    for org in data["organisations"]:
        ledger.register_organisation(
            org["key"],
            name=org["name"],
            kind=org["kind"],
            enterprise_number=org["enterprise_number"],
            stamp=admin_stamp(ledger, DAY_ONE, f"org-{org['key']}"),
        )
    ledger.import_catalogue(load("catalogue.json"), actor=ADMIN, occurred_at=DAY_ONE)
    for r in data["recognitions"]:
        ledger.grant_recognition(
            Organisation.id_for(r["organisation"]),
            kind=r["kind"],
            qualification_code=r["qualification"],
            evc_standard=r.get("evc_standard"),
            valid_from=date.fromisoformat(r["valid_from"]),
            reference=r.get("reference", ""),
            stamp=admin_stamp(ledger, DAY_ONE),
        )
    for a in data["accreditations"]:
        ledger.grant_accreditation(
            Organisation.id_for(a["workplace"]),
            valid_from=date.fromisoformat(a["valid_from"]),
            valid_until=None,
            opleidingen=a["opleidingen"],
            granted_by=Organisation.id_for(a["granted_by"]),
            requires_trained_mentor=a["requires_trained_mentor"],
            stamp=admin_stamp(ledger, DAY_ONE),
        )
    for m in data["mentor_trainings"]:
        ledger.record_mentor_training(
            Organisation.id_for(m["workplace"]),
            mentor_id=m["mentor"],
            completed_on=date.fromisoformat(m["completed_on"]),
            course=m["course"],
            stamp=admin_stamp(ledger, DAY_ONE),
        )
    return ledger


@pytest.fixture(scope="module")
def demo() -> Ledger:
    return loaded_ledger()


def test_the_demo_catalogue_has_no_problem_against_its_organisations(demo: Ledger) -> None:
    assert demo.check_catalogue(load("catalogue.json")).problems == ()


def test_every_demo_document_and_organisation_cites_its_sources() -> None:
    for document in load("catalogue.json")["documents"]:
        assert document.get("source"), document["code"]
    data = load("organisations.json")
    for item in [*data["organisations"], *data["recognitions"], *data["accreditations"]]:
        assert item.get("source"), item


def test_the_demo_uses_the_kinds_the_sources_give(demo: Ledger) -> None:
    kinds = {
        d["code"]: d["kind"]
        for d in load("catalogue.json")["documents"]
        if d["type"] == "qualification"
    }
    assert kinds["CVO-HULPKELNER"] == QualificationKind.CERTIFICAAT
    assert kinds["BK-MACHINAAL-HOUTBEWERKER"] == QualificationKind.BEROEPSKWALIFICATIE
    assert kinds["OK-BACHELOR-SOCIAAL-WERK"] == QualificationKind.ONDERWIJSKWALIFICATIE
    assert kinds["MD-KRACHTIG-LERAARSCHAP"] == QualificationKind.MICRODEGREE_GETUIGSCHRIFT
    dual = demo.qualification("OK-ELEKTRICITEIT-DUAAL").in_force()
    assert [c.code for c in dual.components] == ["BK-ELEKTRISCH-INSTALLATEUR"]
    assert dual.general_education is not None


def test_every_illustrative_enterprise_number_is_marked_so() -> None:
    for org in load("organisations.json")["organisations"]:
        assert org["enterprise_number_illustrative"] is True


def test_the_art_60_job_counts_as_workplace_learning_only_in_the_first_semester(
    demo: Ledger,
) -> None:
    policy = demo.programme("INZ-ZORGKUNDIGE-ART60").in_force().policy
    assert (policy.own_employment_counts, policy.own_employment_modules) == (
        True,
        ("SEM-1-LOGISTIEK",),
    )


def test_woodwize_concordance_rows_follow_a_learners_certificates(demo: Ledger) -> None:
    table = demo.concordance_table("WW-EVK").in_force()
    rows = table.exemptions_for({"VCA-BASIS", "CVO-CNC-MODULE"}, "WW-MHB-WERKPLEK")
    assert [r.id for r in rows] == ["VCA", "CVO-CNC"]
    assert table.scope.includes(Organisation.id_for("woodwize"), None)


def test_a_learner_passing_at_cvo_qrios_gets_the_beroepskwalificatie_directly(
    demo: Ledger,
) -> None:
    centre = provider("cvo-qrios", "assessor")
    learner = demo.register_provider_learner(
        "Q-001",
        actor=centre,
        occurred_at=DAY_ONE,
        given_name="Emre",
        family_name="Y",
        birth_date=None,
        email=None,
    )
    t = TrajectoryBuilder(demo, centre)
    t.trajectory_id = t.post(
        "TrajectoryOpened",
        learner_id=str(learner.aggregate_id),
        pathway="evc_traject",
        qualification_code="BK-MACHINAAL-HOUTBEWERKER",
        lead_provider=str(Organisation.id_for("cvo-qrios")),
        partners=[str(Organisation.id_for("woodwize"))],
    ).aggregate_id
    t.post(
        "RecognitionStepRecorded",
        procedure_id="evc",
        step="practical_test",
        outcome="geslaagd",
        notes="proef op het eigen bedrijf",
    )
    t.post(
        "RecognitionDecided",
        procedure_id="evc",
        decided_by="assessor",
        route="test_centre",
        evc_standard="EVC-MACHINAAL-HOUTBEWERKER",
        competences_recognised=["MH-01", "MH-02", "MH-03", "MH-04", "MH-05", "MH-06"],
    )
    t.award()
    assert (
        demo.learner(Learner.id_for("Q-001", Organisation.id_for("cvo-qrios"))).given_name == "Emre"
    )
    assert t.trajectory.counting_facts("QualificationAwarded")
