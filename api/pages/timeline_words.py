"""A trajectory's events as sentences in the page's language ("Mentor mentor-rik van
Restaurant De Kring beoordeelde HK-02 als beheerst, op de werkplek"), with actors named by
their token's label or the person the event names, organisations by name, and codes with
their titles. The raw event stays one click away on the page, internal fields left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from api.pages.formatting import day
from api.pages.i18n import Lang, translate
from api.pages.trajectory_words import competence_title, module_title
from ledger import Ledger, LedgerError, QualificationVersion

TOKEN_SUBJECT = "token-"  # noqa: S105 - the subject prefix of tokens without a person
# Fields the ledger keeps for itself; an auditor reading an event does not need them.
INTERNAL = ("originator_", "_")


def public_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The event's data without the ledger's internal fields (``originator_topic``)."""
    return {k: v for k, v in data.items() if not k.startswith(INTERNAL)}


class Namer:
    """Names for ids, looked up once per page: organisations, token labels, titles."""

    def __init__(
        self, ledger: Ledger, labels: Mapping[str, str], q: QualificationVersion | None, lang: Lang
    ) -> None:
        self.ledger, self.labels, self.q, self.lang = ledger, labels, q, lang
        self._organisations: dict[str, str] = {}

    def organisation(self, organisation_id: object) -> str:
        key = str(organisation_id or "")
        if key and key not in self._organisations:
            try:
                self._organisations[key] = self.ledger.organisation(UUID(key)).name
            except (LedgerError, ValueError):
                self._organisations[key] = key
        return self._organisations.get(key, "")

    def actor(self, actor: Mapping[str, Any]) -> str:
        """Who posted: the token's label (or its holder) rather than "token-39cea0a3…"."""
        identifier = str(actor.get("id") or "")
        if actor.get("role") == "system":
            return "Leerspoor"
        if identifier.startswith(TOKEN_SUBJECT):
            label = self.labels.get(identifier.removeprefix(TOKEN_SUBJECT))
            if label:
                return label
            return translate(self.lang, f"role.{actor.get('role', '')}")
        return identifier

    def competence(self, code: object) -> str:
        code = str(code or "")
        return f"{code} {competence_title(self.q, code, self.lang)}" if self.q else code

    def module(self, code: object) -> str:
        code = str(code or "")
        title = module_title(self.q, code, self.lang) if self.q else ""
        return f"{code} {title}".strip()

    def competences(self, codes: object) -> str:
        return ", ".join(self.competence(c) for c in codes or []) if isinstance(codes, list) else ""


def _word(lang: Lang, prefix: str, value: object) -> str:
    key = f"{prefix}.{value}"
    found = translate(lang, key)
    return str(value) if found == key else found


def sentence(event: Mapping[str, Any], names: Namer) -> str:
    """The event as one sentence; an event type without words of its own says its type."""
    lang, data, kind = names.lang, event["data"], event["type"]
    actor = event.get("actor") or {}
    q = names.q
    values: dict[str, Any] = defaultdict(
        str,
        actor=names.actor(actor),
        org=names.organisation(actor.get("organisation_id")),
        type=kind,
        day=day(event.get("occurred_at"), lang),
        reason=data.get("reason", ""),
        outcome=_word(lang, "outcome", data.get("outcome", "")),
        code=data.get("competence_code") or data.get("achievement_code", ""),
        competence=names.competence(data.get("competence_code")),
        module=names.module(data.get("module_code")),
        result=_word(lang, "result", data.get("result", "")),
        level=_word(lang, "level", data.get("level", "")),
        setting=_word(lang, "setting", data.get("setting", "")),
        role=_word(lang, "assessor_title", data.get("assessor_role", "")),
        assessor=data.get("assessor_id", ""),
        workplace=names.organisation(data.get("workplace_id")),
        starts=day(data.get("starts_on"), lang),
        competences=names.competences(
            data.get("competences") or data.get("competences_recognised")
        ),
        basis=_word(lang, "basis", data.get("basis", "")),
        pathway=_word(lang, "pathway", data.get("pathway", "")),
        qualification=(q.title_en if lang is Lang.EN else q.title_nl) if q else "",
        certificate=data.get("certificate_code", ""),
        step=_word(lang, "step", data.get("step", "")),
        guidance=_word(lang, "guidance", data.get("kind", "")),
        badge_kind=_word(lang, "kind", data.get("achievement_kind", "")),
        to=names.organisation(data.get("to_provider") or data.get("to_organisation")),
    )
    if kind == "TrajectoryOpened" and data.get("qualification_code") and not q:
        values["qualification"] = data["qualification_code"]
    template = translate(lang, f"event.{kind}")
    if template == f"event.{kind}":
        template = translate(lang, "event.other")
    return template.format_map(values)
