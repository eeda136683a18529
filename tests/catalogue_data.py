"""Builders of catalogue documents (the ``leerspoor-catalogue/1`` format) and of trajectories
that follow a programme, driving the real ledger (``Ledger.import_catalogue``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger import CatalogueImport, Learner, Ledger, Receipt
from tests.builders import (
    ADMIN,
    DAY_ONE,
    TrajectoryBuilder,
    admin_stamp,
    org_id,
    provider,
    workplace,
)

# T-BK: one competence learnt at school, one at a real workplace, one at a simulated
# workplace, one generic at school; the programme T-PROG teaches it in three modules.
COMPETENCES = {
    "T-01": ("technical", "school"),
    "T-02": ("technical", "workplace"),
    "T-03": ("technical", "simulated_workplace"),
    "T-04": ("generic", "school"),
}


def title(nl: str, en: str | None = None) -> dict[str, str]:
    return {"nl": nl, "en": en or f"{nl} (en)"}


def qualification_doc(
    code: str = "T-BK",
    version: int = 1,
    *,
    kind: str = "beroepskwalificatie",
    competences: tuple[str, ...] = tuple(COMPETENCES),
    **extra: Any,
) -> dict[str, Any]:
    return {
        "type": "qualification",
        "code": code,
        "version": version,
        "kind": kind,
        "title": title(f"Kwalificatie {code}"),
        "vks_level": 3,
        "competences": [
            {
                "code": c,
                "title": title(f"Competentie {c}"),
                "type": COMPETENCES.get(c, ("technical", "school"))[0],
                "indicators": [f"indicator {c}"],
            }
            for c in competences
        ],
        "partial_certificates": [
            {"code": f"{code}-DK", "title": title("Deelkwalificatie"), "competences": ["T-01"]}
        ],
        **extra,
    }


def programme_doc(
    code: str = "T-PROG",
    version: int = 1,
    *,
    provider_key: str = "cvo-zorg",
    qualification: tuple[str, int] = ("T-BK", 1),
    places: dict[str, str] | None = None,
    policy: dict[str, Any] | None = None,
    modules: list[dict[str, Any]] | None = None,
    unit: str = "lestijden",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "type": "programme",
        "code": code,
        "version": version,
        "provider": provider_key,
        "kind": "opleidingsprofiel",
        "title": title(f"Opleiding {code}"),
        "qualification": {"code": qualification[0], "version": qualification[1]},
        "unit": unit,
        "modules": modules
        if modules is not None
        else [
            module("T-M1", ["T-01", "T-04"], 40),
            module("T-M2", ["T-02"], 120),
            module("T-M3", ["T-03"], 60),
        ],
        "places": places if places is not None else {c: p for c, (_, p) in COMPETENCES.items()},
        "workplace_policy": policy or {},
        **extra,
    }


def module(code: str, competences: list[str], size: int) -> dict[str, Any]:
    return {
        "code": code,
        "title": title(f"Module {code}"),
        "size": size,
        "competences": competences,
    }


def table_doc(
    code: str = "T-EVK",
    version: int = 1,
    *,
    scope: dict[str, list[str]] | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "type": "concordance_table",
        "code": code,
        "version": version,
        "provider": "cvo-zorg",
        "title": title("Concordantietabel"),
        "scope": scope if scope is not None else {"providers": ["cvo-zorg"]},
        "rows": rows
        if rows is not None
        else [
            {
                "id": "R1",
                "prior": {"code": "VCA", "title": title("VCA-attest")},
                "programme": "T-PROG",
                "competences": ["T-01"],
                "modules": [],
            },
            {
                "id": "R2",
                "prior": {"code": "CVO-M", "title": title("Module bij een CVO")},
                "programme": "T-PROG",
                "module_hours": {"T-M1": 16},
            },
        ],
    }


def catalogue(*documents: dict[str, Any]) -> dict[str, Any]:
    return {"format": "leerspoor-catalogue/1", "documents": list(documents)}


def import_docs(ledger: Ledger, *documents: dict[str, Any]) -> CatalogueImport:
    return ledger.import_catalogue(catalogue(*documents), actor=ADMIN, occurred_at=DAY_ONE)


def recognise(
    ledger: Ledger,
    key: str,
    code: str,
    *,
    kind: str = "award",
    evc_standard: str | None = None,
    valid_from: date = date(2020, 1, 1),
    valid_until: date | None = None,
) -> Receipt:
    return ledger.grant_recognition(
        org_id(key),
        kind=kind,
        qualification_code=code,
        evc_standard=evc_standard,
        valid_from=valid_from,
        valid_until=valid_until,
        stamp=admin_stamp(ledger, DAY_ONE),
    )


def with_test_programme(ledger: Ledger, **programme: Any) -> Ledger:
    """T-BK v1 and its programme T-PROG (options as ``programme_doc``), awardable by cvo-zorg."""
    import_docs(ledger, qualification_doc(), programme_doc(**programme))
    recognise(ledger, "cvo-zorg", "T-BK")
    return ledger


def a_programme_trajectory(
    ledger: Ledger,
    *,
    programme: str | None = "T-PROG",
    qualification: str = "T-BK",
    lead: str = "cvo-zorg",
    partners: tuple[str, ...] = ("wzc-zonnehof",),
    pathway: str = "volwassenenonderwijs",
    learner: str = "chloe",
    agreement_kind: str | None = "stage",
    **opening: Any,
) -> TrajectoryBuilder:
    """A trajectory following ``programme`` at the care home, with an agreement there."""
    builder = TrajectoryBuilder(ledger, provider(lead), mentor=workplace("wzc-zonnehof"))
    fields: dict[str, Any] = {
        "learner_id": str(Learner.id_for(learner)),
        "pathway": pathway,
        "qualification_code": qualification,
        "lead_provider": str(org_id(lead)),
        "partners": [str(org_id(p)) for p in partners],
        **opening,
    }
    if programme is not None:
        fields["programme_code"] = programme
    builder.trajectory_id = builder.post("TrajectoryOpened", **fields).aggregate_id
    if agreement_kind is not None:
        builder.sign_agreement("wzc-zonnehof", kind=agreement_kind, mentor="mentor-lies")
    return builder
