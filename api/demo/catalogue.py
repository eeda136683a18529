"""The demo's catalogue, organisations, learners and award recognitions, read from
``data/*.json`` (organisation names are public; the people are invented). Values only;
``api.demo.loader`` loads them through the ledger."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

DATA = files("api.demo") / "data"


def _load(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


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
# key -> (name, kind)
ORGANISATIONS: dict[str, tuple[str, str]] = {
    key: (entry["name"], entry["kind"]) for key, entry in _load("organisations").items()
}
# Workplaces accredited for dual learning (rule 4): key -> (valid_from, valid_until)
ACCREDITATIONS: dict[str, tuple[str, str | None]] = {
    key: (entry["valid_from"], entry["valid_until"])
    for key, entry in _load("accreditations").items()
}
# key -> (given name, family name, birth date)
LEARNERS: dict[str, tuple[str, str, str]] = {
    key: (entry["given_name"], entry["family_name"], entry["birth_date"])
    for key, entry in _load("learners").items()
}
# Rule 10: which provider may award which qualification (key -> qualification codes).
AWARD_RECOGNITIONS: dict[str, tuple[str, ...]] = {
    key: tuple(codes) for key, codes in _load("award_recognitions").items()
}
