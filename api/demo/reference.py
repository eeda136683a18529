"""The demo's reference data, read from data files: the organisations with their
recognitions, accreditations and mentor training, and the catalogue (``api/demo_data``,
which cite their sources), and the learners the providers register (``data/learners.json``;
the people are invented). Values only, as the operations' inputs (``api.operations``);
``api.demo.loader`` hands them to the public operations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from importlib.resources import files
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from api.operations import (
    AccreditationIn,
    LearnerIn,
    MentorTrainingIn,
    OrganisationIn,
    RecognitionIn,
)
from ledger import Learner, Organisation

DEMO_DATA = files("api.demo_data")
DATA = files("api.demo") / "data"
BRUSSELS = ZoneInfo("Europe/Brussels")
# When the demo's admin registered the organisations and published the catalogue.
CATALOGUE_DAY = datetime(2019, 6, 3, 9, 0, tzinfo=BRUSSELS)


def _load(folder: Any, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def morning(day: str) -> datetime:
    """9:00 Brussels time on ``day`` (YYYY-MM-DD)."""
    return datetime.combine(date.fromisoformat(day), time(9, 0), tzinfo=BRUSSELS)


@dataclass(frozen=True)
class Accreditation:
    workplace: str
    partnership: str | None
    body: AccreditationIn


@dataclass(frozen=True)
class MentorTraining:
    workplace: str
    body: MentorTrainingIn


@dataclass(frozen=True)
class DemoLearner:
    key: str
    provider: str
    body: LearnerIn

    @property
    def learner_id(self) -> UUID:
        return Learner.id_for(self.body.reference, Organisation.id_for(self.provider))


@cache
def catalogue() -> dict[str, Any]:
    """The catalogue file of the six scenarios (``leerspoor-catalogue/1``)."""
    loaded: dict[str, Any] = _load(DEMO_DATA, "catalogue.json")
    return loaded


@cache
def _organisations() -> dict[str, Any]:
    loaded: dict[str, Any] = _load(DEMO_DATA, "organisations.json")
    return loaded


def organisations() -> list[OrganisationIn]:
    return [
        OrganisationIn(
            key=o["key"],
            name=o["name"],
            kind=o["kind"],
            enterprise_number=o.get("enterprise_number"),
            occurred_at=CATALOGUE_DAY,
        )
        for o in _organisations()["organisations"]
    ]


def recognitions() -> list[tuple[str, RecognitionIn]]:
    return [
        (
            r["organisation"],
            RecognitionIn(
                kind=r["kind"],
                qualification_code=r["qualification"],
                evc_standard=r.get("evc_standard"),
                valid_from=date.fromisoformat(r["valid_from"]),
                reference=r.get("reference", ""),
                occurred_at=CATALOGUE_DAY,
            ),
        )
        for r in _organisations()["recognitions"]
    ]


def accreditations() -> list[Accreditation]:
    """Each granted by its sector partnership, in its own name."""
    return [
        Accreditation(
            workplace=a["workplace"],
            partnership=a.get("granted_by"),
            body=AccreditationIn(
                valid_from=date.fromisoformat(a["valid_from"]),
                opleidingen=a["opleidingen"],
                requires_trained_mentor=a["requires_trained_mentor"],
                occurred_at=morning(a["valid_from"]),
            ),
        )
        for a in _organisations()["accreditations"]
    ]


def mentor_trainings() -> list[MentorTraining]:
    return [
        MentorTraining(
            workplace=m["workplace"],
            body=MentorTrainingIn(
                mentor_id=m["mentor"],
                completed_on=date.fromisoformat(m["completed_on"]),
                course=m["course"],
                occurred_at=morning(m["completed_on"]),
            ),
        )
        for m in _organisations()["mentor_trainings"]
    ]


@cache
def learners() -> dict[str, DemoLearner]:
    """The demo's learners by key, each with the provider that registers them."""
    found: dict[str, DemoLearner] = {}
    for entry in _load(DATA, "learners.json")["learners"]:
        found[entry["key"]] = DemoLearner(
            key=entry["key"],
            provider=entry["provider"],
            body=LearnerIn(
                reference=entry["reference"],
                given_name=entry["given_name"],
                family_name=entry["family_name"],
                birth_date=date.fromisoformat(entry["birth_date"]),
                email=entry["email"],
                occurred_at=morning(entry["registered_on"]),
            ),
        )
    return found


def learner_id(key: str) -> UUID:
    """A demo learner's id, as the ledger derives it from the provider's reference."""
    return learners()[key].learner_id


def organisation_names() -> dict[str, str]:
    """Organisation id → key, for naming exported files."""
    return {str(Organisation.id_for(o["key"])): o["key"] for o in _organisations()["organisations"]}
