"""A trajectory's facts in words for the pages: the name of an organisation, a competence's
title in the page's language, and what covered each competence ("module M-HK-BEDIENING
Bediening basis", "beoordeeld als beheerst door de mentor op de werkplek, 20 januari
2026"), read from the trajectory's own facts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.pages.formatting import day
from api.pages.i18n import Lang, translate
from ledger import Ledger, LedgerError, QualificationVersion, Trajectory


def organisation_name(ledger: Ledger, organisation_id: str | UUID | None) -> str:
    """The organisation's name; its id when the ledger does not know it."""
    if not organisation_id:
        return ""
    try:
        return ledger.organisation(UUID(str(organisation_id))).name
    except (LedgerError, ValueError):
        return str(organisation_id)


def competence_title(q: QualificationVersion, code: str, lang: Lang) -> str:
    try:
        competence = q.competence(code)
    except LedgerError:
        return code
    return competence.title_en if lang is Lang.EN else competence.title_nl


def module_title(q: QualificationVersion, code: str, lang: Lang) -> str:
    try:
        module = q.module(code)
    except LedgerError:
        return ""
    return module.title_en if lang is Lang.EN else module.title_nl


def basis_words(
    trajectory: Trajectory, q: QualificationVersion, basis: dict[str, Any], lang: Lang
) -> str:
    """One coverage basis (``{"kind", "event_id"}``) in words."""
    fact = trajectory.facts.get(basis["event_id"])
    kind = basis["kind"]
    if fact is None:
        return translate(lang, f"cover.{kind}")
    f = fact.fields
    when = day(fact.occurred_at, lang)
    if kind == "module":
        code = str(f.get("module_code", ""))
        return translate(lang, "how.module", code=code, title=module_title(q, code, lang), day=when)
    if kind == "assessment":
        return translate(
            lang,
            "how.assessment",
            level=translate(lang, f"level.{f.get('level', 'mastered')}"),
            role=translate(lang, f"assessor.{f.get('assessor_role', '')}"),
            setting=translate(lang, f"setting.{f.get('setting', '')}"),
            day=when,
        )
    if kind == "exemption":
        return translate(
            lang, "how.exemption", basis=translate(lang, f"basis.{f.get('basis', '')}"), day=when
        )
    return translate(lang, f"cover.{kind}") + f", {when}"


def coverage_words(
    trajectory: Trajectory, q: QualificationVersion, document: dict[str, Any], lang: Lang
) -> dict[str, dict[str, Any]]:
    """Per competence code: its title in the page's language and how it was covered."""
    return {
        c["code"]: {
            "title": competence_title(q, c["code"], lang),
            "how": [basis_words(trajectory, q, b, lang) for b in c["covered_by"]],
        }
        for c in document["competences"]
    }
