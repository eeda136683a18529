"""The Open Badges 3.0 ``OpenBadgeCredential`` built from plain values (no crypto here).

Callers pass facts (issuer, achievement, learner, ledger event ids); this module shapes
them into a VC Data Model 2.0 credential with the versioned OB 3.0.3 context. Imports
nothing from ``ledger``, ``projections`` or ``api``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from badges.timefmt import format_datetime

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
# Versioned on purpose: the unversioned URL resolves to different revisions (reference/README).
OB_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
LEERSPOOR_VOCAB = "https://w3id.org/leerspoor/vocab#"
# OB 3.0 types name/description as plain strings in one language (``inLanguage``) and
# links other language versions with ``related`` (OB implementation guide). Opt-in: the
# translations embedded as language maps under our own terms, defined inline; strict
# verifiers that accept only pinned context URLs (openbadgeslib) refuse that form.
TRANSLATIONS_CONTEXT: dict[str, Any] = {
    "nameTranslations": {"@id": f"{LEERSPOOR_VOCAB}nameTranslations", "@container": "@language"},
    "descriptionTranslations": {
        "@id": f"{LEERSPOOR_VOCAB}descriptionTranslations",
        "@container": "@language",
    },
}
CREDENTIAL_CONTEXT: list[Any] = [VC_CONTEXT, OB_CONTEXT_URL]
VKS_URL = "https://www.vlaamsekwalificatiestructuur.be/"
EQF_URL = "https://europa.eu/europass/en/description-eight-eqf-levels"


def _typed_object(kind: str, id_: str, name: str, **optional: str | None) -> dict[str, Any]:
    """An OB 3.0 object with its id, type and name, then each optional property that has a
    value: an unset one is left out, never written empty."""
    return {"id": id_, "type": [kind], "name": name, **{k: v for k, v in optional.items() if v}}


def _alignment(target_type: str, code: str, name: str, framework: str, url: str) -> dict[str, Any]:
    """An OB 3.0 Alignment to a competence, a qualification or a qualification level."""
    return {
        "type": ["Alignment"],
        "targetType": target_type,
        "targetCode": code,
        "targetName": name,
        "targetFramework": framework,
        "targetUrl": url,
    }


@dataclass(frozen=True)
class Text:
    """A text in Dutch (the credential's language) with its English translation."""

    nl: str
    en: str

    def as_map(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


@dataclass(frozen=True)
class IssuerProfile:
    """The issuing organisation; ``id`` is its DID."""

    id: str
    name: str
    url: str | None = None
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _typed_object("Profile", self.id, self.name, url=self.url, email=self.email)


@dataclass(frozen=True)
class Competence:
    """A competence (unit) the achievement covers, by catalogue code."""

    code: str
    name: str
    url: str = ""

    def to_alignment(self, framework: str) -> dict[str, Any]:
        url = self.url or f"urn:leerspoor:competence:{self.code}"
        return _alignment("ceasn:Competency", self.code, self.name, framework, url)


@dataclass(frozen=True)
class Qualification:
    """The (partial) qualification the achievement is aligned to, with its levels."""

    code: str
    version: str
    name: str
    url: str
    vks_level: int | None = None
    eqf_level: int | None = None

    def to_alignments(self) -> list[dict[str, Any]]:
        alignments = [
            _alignment(
                "ceterms:Credential",
                f"{self.code}@{self.version}",
                self.name,
                "Vlaamse kwalificatiestructuur",
                self.url,
            )
        ]
        levels = (("VKS", self.vks_level, VKS_URL), ("EQF", self.eqf_level, EQF_URL))
        for framework, level, url in levels:
            if level is not None:
                name = f"{framework} niveau {level}"
                alignments.append(
                    _alignment("ext:QualificationLevel", str(level), name, framework, url)
                )
        return alignments


@dataclass(frozen=True)
class AchievementSpec:
    """What was achieved: module, partial certificate or qualification."""

    id: str
    achievement_type: str
    name: Text
    description: Text
    criteria: str
    qualification: Qualification | None = None
    competences: Sequence[Competence] = ()
    competence_framework: str = "Leerspoor competentiecatalogus"
    credits: float | None = None
    english_version_id: str = ""
    embed_translations: bool = False

    @property
    def english_id(self) -> str:
        return self.english_version_id or f"{self.id}#en"

    def _in_language(self, language: str) -> dict[str, Any]:
        """The Achievement in ``language`` ("nl" or "en"), ``related`` to its version in
        the other one: the two versions point at each other."""
        ids = {"nl": self.id, "en": self.english_id}
        other = "en" if language == "nl" else "nl"
        return {
            "id": ids[language],
            "type": ["Achievement"],
            "achievementType": self.achievement_type,
            "name": self.name.as_map()[language],
            "description": self.description.as_map()[language],
            "inLanguage": language,
            "criteria": {"narrative": self.criteria},
            "related": [{"id": ids[other], "type": ["Related"], "inLanguage": other}],
        }

    def english_version(self) -> dict[str, Any]:
        """The English Achievement that ``related`` points to, for the app to publish."""
        return {"@context": [VC_CONTEXT, OB_CONTEXT_URL], **self._in_language("en")}

    def to_json(self) -> dict[str, Any]:
        # No ``creator``: repeating the issuer profile would put the same triples in the
        # graph twice, so deleting one JSON copy would not change what was signed.
        alignment = self.qualification.to_alignments() if self.qualification else []
        alignment += [c.to_alignment(self.competence_framework) for c in self.competences]
        achievement = self._in_language("nl")
        if self.embed_translations:
            achievement["nameTranslations"] = self.name.as_map()
            achievement["descriptionTranslations"] = self.description.as_map()
        if self.qualification:
            achievement["humanCode"] = self.qualification.code
        if alignment:
            achievement["alignment"] = alignment
        if self.credits is not None:
            achievement["creditsAvailable"] = self.credits
        return achievement


def normalised_identity(text: str) -> str:
    """A name or e-mail address as it is hashed into a badge and compared when a verifier
    checks the holder: Unicode NFC, case folded, whitespace collapsed and trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _salted(value: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Recipient:
    """The learner: a DID, or a salted SHA-256 of a pseudonymous identifier, optionally
    with salted SHA-256s of their name and e-mail address beside it, so that a verifier
    told either can check it (OB 3.0 IdentityObject, ``name`` and ``emailAddress``)."""

    did: str | None = None
    identity_hash: str | None = None
    salt: str | None = None
    name_hash: str | None = None
    email_hash: str | None = None

    @classmethod
    def hashed(
        cls, identifier: str, salt: str, *, name: str | None = None, email: str | None = None
    ) -> Recipient:
        """The identifier (and the name and e-mail address, normalised) hashed, one salt."""
        named = _salted(normalised_identity(name), salt) if name else None
        mailed = _salted(normalised_identity(email), salt) if email else None
        return cls(
            identity_hash=_salted(identifier, salt), salt=salt, name_hash=named, email_hash=mailed
        )

    def matches(self, identifier: str) -> bool:
        """True when a presented identifier (or name) hashes to this recipient (or equals
        its DID)."""
        if self.did is not None:
            return identifier == self.did
        salt = self.salt or ""
        normalised = _salted(normalised_identity(identifier), salt)
        return _salted(identifier, salt) == self.identity_hash or normalised in (
            h for h in (self.name_hash, self.email_hash) if h is not None
        )

    def to_json(self) -> dict[str, Any]:
        if self.did:
            return {"id": self.did}
        identities = [("identifier", self.identity_hash)]
        if self.name_hash:
            identities.append(("name", self.name_hash))
        if self.email_hash:
            identities.append(("emailAddress", self.email_hash))
        return {
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": kind,
                    "hashed": True,
                    "identityHash": digest,
                    "salt": self.salt,
                }
                for kind, digest in identities
            ]
        }


@dataclass(frozen=True)
class Evidence:
    """Evidence: a ledger event or a stacked credential, by URI."""

    id: str
    name: str
    description: str = ""
    genre: str = ""

    @classmethod
    def ledger_event(cls, event_id: str, name: str, description: str = "") -> Evidence:
        return cls(f"urn:leerspoor:event:{event_id}", name, description, "LedgerEvent")

    @classmethod
    def stacked_credential(cls, credential_id: str, name: str) -> Evidence:
        return cls(credential_id, name, "Stacked credential", "StackedCredential")

    def to_json(self) -> dict[str, Any]:
        return _typed_object(
            "Evidence", self.id, self.name, description=self.description, genre=self.genre
        )


@dataclass(frozen=True)
class CredentialRequest:
    """Everything needed to build one OpenBadgeCredential."""

    id: str
    issuer: IssuerProfile
    achievement: AchievementSpec
    recipient: Recipient
    valid_from: datetime
    valid_until: datetime | None = None
    evidence: Sequence[Evidence] = ()
    status: Sequence[Mapping[str, Any]] = field(default_factory=tuple)
    awarded: datetime | None = None


def build_credential(request: CredentialRequest) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for a request (sign it with ``add_proof``)."""
    subject: dict[str, Any] = {"type": ["AchievementSubject"], **request.recipient.to_json()}
    subject["achievement"] = request.achievement.to_json()
    contexts = list(CREDENTIAL_CONTEXT)
    if request.achievement.embed_translations:
        contexts.append(TRANSLATIONS_CONTEXT)
    credential: dict[str, Any] = {
        "@context": contexts,
        "id": request.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": request.achievement.name.nl,
        "description": request.achievement.description.nl,
        "issuer": request.issuer.to_json(),
        "validFrom": format_datetime(request.valid_from),
        "credentialSubject": subject,
    }
    if request.valid_until:
        credential["validUntil"] = format_datetime(request.valid_until)
    if request.awarded:
        credential["awardedDate"] = format_datetime(request.awarded)
    if request.evidence:
        credential["evidence"] = [item.to_json() for item in request.evidence]
    if len(request.status) == 1:
        credential["credentialStatus"] = dict(request.status[0])
    elif request.status:
        # VCDM 2.0 allows several entries (revocation + suspension); the OB 3.0 schema
        # build types a single object, see verify.schema normalisation.
        credential["credentialStatus"] = [dict(entry) for entry in request.status]
    return credential
