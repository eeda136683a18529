"""One posted example of every trajectory event type, in contract form, on one trajectory
of the care ladder; plus the reference events the catalogue and organisations need. Used by
the contract tests (examples validate) and the store round-trip tests (examples reload)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from ledger import Actor, Learner, Ledger, Receipt, Submission
from ledger.values import SYSTEM_ACTOR
from tests.builders import (
    ADMIN,
    DAY_ONE,
    admin_stamp,
    erase_learner,
    org_id,
    provider,
    publish_next_version,
    withdraw_accreditation,
    workplace,
)
from tests.catalogue_data import recognise

CENTRE = provider("cvo-zorg", "docent-an")
HOME = workplace("wzc-zonnehof", "mentor-lies")


@dataclass(frozen=True)
class Posted:
    submission: Submission
    actor: Actor
    receipt: Receipt


def every_event_type(prefix: str) -> list[tuple[str, Actor, dict[str, Any]]]:
    """(event type, actor, posted fields) for every trajectory event type, in an order the
    rules accept. ``{prefix}-N`` is the event id of step N (1-based)."""
    badge = f"urn:uuid:{UUID(int=1)}"
    return [
        (
            "TrajectoryOpened",
            CENTRE,
            {
                "learner_id": str(Learner.id_for("chloe")),
                "pathway": "volwassenenonderwijs",
                "qualification_code": "BK-ZORGKUNDIGE",
                "lead_provider": str(org_id("cvo-zorg")),
                "partners": [str(org_id("wzc-zonnehof"))],
            },
        ),
        (
            "IntakeHeld",
            CENTRE,
            {
                "outcome": "start",
                "arbeidsbereid": True,
                "arbeidsrijp": "arbeidsrijp",
                "welfare_issues": False,
                "advised_by": ["trajectbegeleider-an"],
                "advice": "volwassenenonderwijs met stage",
                "consent_to_share": True,
            },
        ),
        ("OrientationCompleted", CENTRE, {"chosen_qualification_code": "BK-ZORGKUNDIGE"}),
        (
            "LearningAgreementSigned",
            CENTRE,
            {
                "agreement_id": f"{prefix}-agreement",
                "workplace_id": str(org_id("wzc-zonnehof")),
                "mentor_id": "mentor-lies",
                "hours_workplace": 24,
                "hours_school": 12,
                "starts_on": "2025-09-01",
                "ends_on": "2026-06-30",
                "kind": "stage",
                "signatories": ["learner", "workplace", "provider"],
                "learner_allowance": None,
            },
        ),
        ("ModuleEnrolled", CENTRE, {"module_code": "SEM-1"}),
        (
            "ModuleCompleted",
            CENTRE,
            {
                "module_code": "SEM-1",
                "result": "passed",
                "score": "14.5",
                "study_points": 20,
                "competences": ["ZK-01", "ZK-02", "ZK-05"],
                "assessed_by": "docent-an",
            },
        ),
        (
            "CompetenceAssessed",
            HOME,
            {
                "competence_code": "ZK-03",
                "indicators_met": ["helpt bij wassen"],
                "level": "mastered",
                "setting": "workplace",
                "assessor_role": "mentor",
                "assessor_id": "mentor-lies",
                "evidence": ["urn:evidence:1"],
            },
        ),
        (
            "RecognitionStepRecorded",
            CENTRE,
            {"procedure_id": "evc-1", "step": "portfolio", "outcome": "ok", "notes": "STARR"},
        ),
        (
            "RecognitionDecided",
            CENTRE,
            {"procedure_id": "evc-1", "competences_recognised": ["ZK-06"], "decided_by": "jury"},
        ),
        (
            "ExemptionGranted",
            CENTRE,
            {
                "competences": ["ZK-06"],
                "modules": [],
                "basis": "recognition_decision",
                "evidence": [f"urn:leerspoor:event:{prefix}-9"],
                "decided_by": "docent-an",
            },
        ),
        (
            "ExemptionRefused",
            CENTRE,
            {
                "competences": ["ZK-04"],
                "modules": [],
                "basis": "prior_certificate",
                "reason": "te oud",
                "decided_by": "docent-an",
            },
        ),
        ("PartialCertificateAwarded", CENTRE, {"certificate_code": "DK-LOGISTIEK"}),
        (
            "BadgeIssued",
            SYSTEM_ACTOR,
            {
                "badge_id": badge,
                "achievement_kind": "partial_certificate",
                "achievement_code": "DK-LOGISTIEK",
                "basis_event_ids": [f"{prefix}-12"],
            },
        ),
        ("BadgeSuspended", SYSTEM_ACTOR, {"badge_id": badge, "reason": "onderzoek"}),
        ("BadgeReinstated", SYSTEM_ACTOR, {"badge_id": badge, "reason": "in orde"}),
        (
            "BadgeCopyDelivered",
            SYSTEM_ACTOR,
            {
                "badge_id": badge,
                "copy_id": f"urn:uuid:{prefix}-copy",
                "holder_did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
                "credential_format": "ldp_vc",
            },
        ),
        ("TrajectoryPaused", CENTRE, {"reason": "ziekte"}),
        ("TrajectoryResumed", CENTRE, {"reason": "hersteld"}),
        ("TrajectoryMigrated", CENTRE, {"to_version": 2, "reason": "herziening"}),
        (
            "CompetenceAssessed",
            HOME,
            {
                "competence_code": "ZK-04",
                "indicators_met": [],
                "level": "mastered",
                "setting": "workplace",
                "assessor_role": "mentor",
                "assessor_id": "mentor-lies",
                "evidence": ["urn:evidence:2"],
            },
        ),
        (
            "EventCorrected",
            CENTRE,
            {
                "original_event_id": f"{prefix}-6",
                "changes": {"assessed_by": "docent-bram"},
                "reason": "verkeerde docent",
            },
        ),
        ("QualificationAwarded", CENTRE, {}),
        (
            "EventRetracted",
            CENTRE,
            {"original_event_id": f"{prefix}-20", "reason": "verkeerde leerling"},
        ),
        ("BadgeRevoked", SYSTEM_ACTOR, {"badge_id": badge, "reason": "basis ingetrokken"}),
        (
            "WorkplaceHoursRegistered",
            HOME,
            {
                "agreement_id": f"{prefix}-agreement",
                "period_from": "2025-09-01",
                "period_until": "2025-09-30",
                "hours_workplace": 96,
                "hours_school": 48,
                "module_code": "SEM-1",
            },
        ),
        (
            "GuidanceRecorded",
            CENTRE,
            {
                "kind": "externe_mentor",
                "guide_id": "externe-mentor-gert",
                "notes": "eerste bezoek op de werkvloer",
                "competences": ["ZK-05"],
            },
        ),
        (
            "LearningAgreementEnded",
            CENTRE,
            {"agreement_id": f"{prefix}-agreement", "ended_on": "2025-10-01", "reason": "stage af"},
        ),
        (
            "LearnerHandedOver",
            CENTRE,
            {
                "to_organisation": str(org_id("vdab")),
                "kind": "employment_service",
                "becomes_lead": False,
                "note": "warme overdracht",
            },
        ),
        (
            "TrajectoryClosed",
            CENTRE,
            {"outcome": "partially_qualified", "reason": "stopt", "exit": "entered_job"},
        ),
    ]


def post_every_event_type(ledger: Ledger, prefix: str = "all") -> list[Posted]:
    """Posts the examples (publishing version 2 of the qualification and withdrawing an
    accreditation on the way, so every reference event type occurs too)."""
    posted: list[Posted] = []
    trajectory_id: UUID | None = None
    for number, (event_type, actor, fields) in enumerate(every_event_type(prefix), start=1):
        if (
            event_type == "TrajectoryMigrated"
            and ledger.qualification("BK-ZORGKUNDIGE").latest_version_number == 1
        ):
            publish_next_version(ledger, "BK-ZORGKUNDIGE")
        submission = Submission(
            event_type=event_type,
            event_id=f"{prefix}-{number}",
            occurred_at=DAY_ONE + timedelta(days=number),
            fields=fields,
        )
        receipt = ledger.post(trajectory_id, submission, actor=actor)
        trajectory_id = receipt.aggregate_id
        posted.append(Posted(submission, actor, receipt))
    withdraw_accreditation(ledger, "elektro-peeters", date(2026, 1, 1))
    erase_learner(ledger, "jana")
    post_catalogue_and_recognitions(ledger)
    return posted


def post_catalogue_and_recognitions(ledger: Ledger) -> None:
    """The reference events a trajectory does not need: a catalogue file with a programme and
    a concordance table, a mentor's training, a recognition granted and withdrawn."""
    ledger.import_catalogue(doc_catalogue(), actor=ADMIN, occurred_at=DAY_ONE)
    ledger.record_mentor_training(
        org_id("elektro-peeters"),
        mentor_id="mentor-jef",
        completed_on=date(2024, 6, 1),
        course="mentoropleiding duaal leren",
        stamp=admin_stamp(ledger, DAY_ONE),
    )
    recognise(
        ledger,
        "testcentrum-hout",
        "BK-HOUTBEWERKER",
        kind="evc_standard",
        evc_standard="EVC-MACHINAAL-HOUTBEWERKER",
        valid_from=date(2024, 1, 1),
    )
    ledger.withdraw_recognition(
        org_id("syntra-hout"),
        kind="award",
        qualification_code="BK-HOUTBEWERKER",
        effective_on=date(2026, 1, 1),
        reason="erkenning niet verlengd",
        stamp=admin_stamp(ledger, DAY_ONE),
    )


DOCS = Path(__file__).resolve().parents[1] / "docs"


def doc_catalogue() -> dict[str, Any]:
    """The complete example of docs/catalogue.md (its first JSON block), as the docs show it."""
    text = (DOCS / "catalogue.md").read_text(encoding="utf-8")
    block = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    loaded: dict[str, Any] = json.loads(block)
    return loaded
