"""What a credential says about itself, read for people: the achievement (name,
description, criteria, kind, code, VKS/EQF level, competences), the issuer it names, the
recipient's form, its dates and the credentials it stacks. Pure functions over the JSON;
nothing here is trusted: the pages and the CLI show it as fact only when the proof holds
(``api.verification.proof_holds``). Shared by the Verify page, the wallet and
``leerspoor verify``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from badges import Artwork, UnreadableInputError, unverified_credential

# Our achievement ids: {base}/achievements/{kind}/{code}/v{version} (projections.badge_factory).
OUR_ACHIEVEMENT = re.compile(r"/achievements/(?P<kind>[a-z_]+)/(?P<code>[^/]+)/v(?P<version>\d+)$")
# OB 3.0 achievementType → our achievement kind, for credentials whose id does not say it.
KIND_OF_TYPE = {
    "Course": "module",
    "Competency": "competence",
    "Certificate": "partial_certificate",
    "Certification": "qualification",
}


@dataclass(frozen=True)
class Stacked:
    """A credential this one stacks (evidence of genre ``StackedCredential``)."""

    credential_id: str
    name: str


@dataclass(frozen=True)
class CredentialFacts:
    """The claims of one credential, none of them checked."""

    credential_id: str
    name: str
    description: str
    criteria: str
    kind: str  # module, competence, partial_certificate, qualification, or "" (unknown)
    code: str
    qualification_code: str
    qualification_version: int | None
    vks_level: int | None
    eqf_level: int | None
    competences: tuple[tuple[str, str], ...]
    issuer_id: str
    issuer_claimed_name: str
    issuer_url: str
    recipient_did: str | None
    hashed_identities: int
    valid_from: str | None
    valid_until: str | None
    stacks: tuple[Stacked, ...] = field(default_factory=tuple)


def as_document(credential: Mapping[str, Any] | str) -> Mapping[str, Any]:
    """The credential as a mapping (a VC-JWT's payload read without trusting it)."""
    if isinstance(credential, str):
        try:
            return unverified_credential(credential)
        except UnreadableInputError:
            return {}
    return credential


def parse_instant(text: object) -> datetime | None:
    """An ISO 8601 instant ("Z" allowed) as an aware datetime; None when it is not one."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):  # a JSON-LD language map or a named object
        for key in ("nl", "en", "name", "@value", "narrative"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _level(alignments: list[Any], framework: str) -> int | None:
    for item in alignments:
        item = _mapping(item)
        if item.get("targetType") == "ext:QualificationLevel" and item.get("targetFramework") == (
            framework
        ):
            code = str(item.get("targetCode", ""))
            return int(code) if code.isdigit() else None
    return None


def facts_of(credential: Mapping[str, Any] | str) -> CredentialFacts:
    """Everything the credential claims, read defensively (any field may be missing)."""
    document = as_document(credential)
    subject = _mapping(document.get("credentialSubject"))
    achievement = _mapping(subject.get("achievement"))
    alignments = _list(achievement.get("alignment"))
    qualification = next(
        (_mapping(a) for a in alignments if _mapping(a).get("targetType") == "ceterms:Credential"),
        {},
    )
    q_code, _, q_version = str(qualification.get("targetCode", "")).partition("@")
    ours = OUR_ACHIEVEMENT.search(str(achievement.get("id", "")))
    kind = ours["kind"] if ours else KIND_OF_TYPE.get(str(achievement.get("achievementType")), "")
    issuer = document.get("issuer")
    issuer_map = _mapping(issuer)
    return CredentialFacts(
        credential_id=_text(document.get("id")),
        name=_text(achievement.get("name")) or _text(document.get("name")) or "?",
        description=_text(achievement.get("description")) or _text(document.get("description")),
        criteria=_text(achievement.get("criteria")),
        kind=kind,
        code=ours["code"] if ours else _text(achievement.get("humanCode")),
        qualification_code=q_code,
        qualification_version=int(q_version) if q_version.isdigit() else None,
        vks_level=_level(alignments, "VKS"),
        eqf_level=_level(alignments, "EQF"),
        competences=tuple(
            (_text(a.get("targetCode")), _text(a.get("targetName")))
            for a in map(_mapping, alignments)
            if a.get("targetType") == "ceasn:Competency"
        ),
        issuer_id=_text(issuer_map.get("id")) if issuer_map else _text(issuer),
        issuer_claimed_name=_text(issuer_map.get("name")),
        issuer_url=_text(issuer_map.get("url")),
        recipient_did=_text(subject.get("id")) or None,
        hashed_identities=sum(
            1 for i in _list(subject.get("identifier")) if _mapping(i).get("hashed")
        ),
        valid_from=_text(document.get("validFrom")) or None,
        valid_until=_text(document.get("validUntil")) or None,
        stacks=tuple(
            Stacked(_text(e.get("id")), _text(e.get("name")))
            for e in map(_mapping, _list(document.get("evidence")))
            if e.get("genre") == "StackedCredential"
        ),
    )


# The kind's word drawn on a badge of ours (the credential's language, Dutch).
KIND_LABELS = {
    "module": "Module",
    "competence": "Competentie",
    "partial_certificate": "Deelkwalificatie",
    "qualification": "Kwalificatie",
    "recognition": "Competentiebewijs",  # a positive recognition (EVC) decision
}


def level_caption(facts: CredentialFacts) -> str:
    """ "VKS 4 · EQF 4", or as much of it as the credential states."""
    vks = f"VKS {facts.vks_level}" if facts.vks_level else ""
    eqf = f"EQF {facts.eqf_level}" if facts.eqf_level else ""
    return " · ".join(p for p in (vks, eqf) if p)


def artwork_of(
    facts: CredentialFacts, *, title: str | None = None, label: str | None = None
) -> Artwork:
    """The picture of a badge: its kind's shape, its level's colour, its full title."""
    return Artwork(
        title or facts.name,
        facts.kind,
        facts.vks_level,
        KIND_LABELS.get(facts.kind, "") if label is None else label,
        level_caption(facts),
    )
