"""The reference data most unit and integration tests build on: a small catalogue, a dozen
organisations and ten learners (``tests/fixtures/reference``), loaded straight through the
ledger's commands. The demo's data (``api/demo_data``, ``api/demo/data``) follows the
sources and loads through the public operations; this fixture stays small and stable so
the rule tests read plainly (BK-ELEKTRO, cdo-elektro, ilias...)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger import Actor, Ledger, Organisation, Role

FIXTURES = Path(__file__).parent / "fixtures" / "reference"
ADMIN = Actor(id="fixture-admin", role=Role.ADMIN)
CATALOGUE_DAY = datetime.fromisoformat("2024-06-01T09:00:00+02:00")


def _load(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def competence(code: str, title: str, *indicators: str, workplace: bool = False) -> dict[str, Any]:
    """A competence in the form a published qualification version takes (one title for
    both languages)."""
    return {
        "code": code,
        "title_nl": title,
        "title_en": title,
        "type": None,
        "indicators": list(indicators),
        "workplace_required": workplace,
    }


QUALIFICATIONS: dict[str, dict[str, Any]] = _load("qualifications")
ORGANISATIONS: dict[str, tuple[str, str]] = {
    key: (entry["name"], entry["kind"]) for key, entry in _load("organisations").items()
}
ACCREDITATIONS: dict[str, tuple[str, str | None]] = {
    key: (entry["valid_from"], entry["valid_until"])
    for key, entry in _load("accreditations").items()
}
LEARNERS: dict[str, tuple[str, str, str]] = {
    key: (entry["given_name"], entry["family_name"], entry["birth_date"])
    for key, entry in _load("learners").items()
}
AWARD_RECOGNITIONS: dict[str, tuple[str, ...]] = {
    key: tuple(codes) for key, codes in _load("award_recognitions").items()
}


def load_reference_data(ledger: Ledger) -> int:
    """Qualifications, organisations (with accreditation and award recognitions) and
    learners. Returns how many were newly appended."""
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
