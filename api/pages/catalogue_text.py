"""Titles from our own catalogue, in Dutch and English, for what a badge of this server
names (its kind and code under a qualification version). The credential is in Dutch only
(OB 3.0 ``inLanguage: nl``); English pages take the English title from the catalogue the
badge was issued against. Nothing is looked up for a foreign issuer's badge.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.credential_facts import CredentialFacts
from ledger import Ledger, LedgerError, QualificationVersion


@dataclass(frozen=True)
class Titles:
    nl: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


def qualification_version(
    ledger: Ledger, code: str, version: int | None
) -> QualificationVersion | None:
    """The published version, or None when our catalogue has no such qualification."""
    if not code or version is None:
        return None
    try:
        return ledger.qualification(code).published(version)
    except LedgerError:
        return None


def achievement_titles(ledger: Ledger, facts: CredentialFacts) -> Titles | None:
    """The catalogue's titles of what the badge is for; None when the catalogue does not
    know it (a foreign badge, a module of a programme the version does not list)."""
    q = qualification_version(ledger, facts.qualification_code, facts.qualification_version)
    if q is None:
        return None
    try:
        if facts.kind == "qualification":
            return Titles(q.title_nl, q.title_en)
        if facts.kind == "competence":
            c = q.competence(facts.code)
            return Titles(c.title_nl, c.title_en)
        if facts.kind == "partial_certificate":
            p = q.partial_certificate(facts.code)
            return Titles(p.title_nl, p.title_en)
        if facts.kind == "module":
            m = q.module(facts.code)
            return Titles(m.title_nl, m.title_en)
    except LedgerError:
        return None
    return None


def competence_titles(ledger: Ledger, facts: CredentialFacts) -> dict[str, Titles]:
    """Competence code → titles, for the competences the badge aligns to."""
    q = qualification_version(ledger, facts.qualification_code, facts.qualification_version)
    if q is None:
        return {}
    return {c.code: Titles(c.title_nl, c.title_en) for c in q.competences}


def kind_word(ledger: Ledger, facts: CredentialFacts) -> str:
    """The catalogue kind of a qualification or partial-certificate badge (beroepskwalificatie,
    microdegree_getuigschrift, …); the achievement kind otherwise."""
    q = qualification_version(ledger, facts.qualification_code, facts.qualification_version)
    try:
        if q is not None and facts.kind == "qualification":
            return str(q.kind)
        if q is not None and facts.kind == "partial_certificate":
            return str(q.partial_certificate(facts.code).kind)
    except LedgerError:
        pass
    return facts.kind
