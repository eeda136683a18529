"""Turns ledger facts into signed Open Badges 3.0 credentials: who issues (an organisation's
did:web, keys created on first use), what is achieved (module, competence, partial
certificate, qualification, aligned to the qualification version and its VKS level), to whom
(the learner's DID or a salted hash of their id), on what evidence (the ledger events and
the badges a certificate stacks), and where its status lives (the issuer's status list)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from badges import (
    AchievementSpec,
    BadgeError,
    Competence,
    CredentialRequest,
    Evidence,
    IssuerProfile,
    KeyNotFoundError,
    Keystore,
    Qualification,
    Recipient,
    StatusList,
    StatusPurpose,
    Text,
    add_proof,
    allocate_index,
    did_web,
    issue_credential,
    stacked_evidence,
    status_entry,
    status_list_credential,
)
from ledger import AchievementKind, QualificationVersion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Achievement:
    """What one badge is for, in words (``projections.badge_content``): ``kind`` is what
    earned it (module, competence, recognition, partial certificate, qualification), ``name``
    names it by the kind of credential, ``competences`` are (code, name) pairs."""

    kind: AchievementKind
    code: str
    name: Text
    description: Text
    criteria: str
    achievement_type: str
    competences: tuple[tuple[str, str], ...]
    qualification: QualificationVersion
    study_points: int | None = None


@dataclass(frozen=True)
class Issued:
    credential: dict[str, Any]
    status_index: int


class BadgeFactory:
    """Builds and signs credentials; ``base_url`` is where this Leerspoor is published."""

    def __init__(self, keystore: Keystore, base_url: str, clock: Callable[[], datetime]) -> None:
        self.keystore = keystore
        self.base_url = base_url.rstrip("/")
        self.clock = clock

    def issuer_did(self, organisation_id: str) -> str:
        return did_web(urlsplit(self.base_url).netloc, "issuers", organisation_id)

    def ensure_keys(self, organisation_id: str) -> None:
        try:
            self.keystore.active(organisation_id)
        except KeyNotFoundError:
            self.keystore.create(
                organisation_id, now=self.clock(), web_did=self.issuer_did(organisation_id)
            )

    def status_list_url(self, organisation_id: str) -> str:
        return f"{self.base_url}/status/{organisation_id}/revocation"

    def issue(
        self,
        *,
        badge_id: UUID,
        issuer: tuple[str, str],
        achievement: Achievement,
        learner: tuple[UUID, str | None],
        evidence: Sequence[tuple[str, str, str]],
        stacks: Sequence[dict[str, Any]],
        awarded: datetime,
        used_indices: set[int],
        learner_name: str | None = None,
        learner_email: str | None = None,
    ) -> Issued:
        """Signs one credential. ``issuer`` is (organisation id, name); ``learner`` is (id,
        DID or None); ``evidence`` is (ledger event id, name, description) in words;
        ``stacks`` are the credentials this one stacks. Without a DID the learner is a salted
        hash of their id and, when given, of their name and e-mail address too: an employer
        told either can check the holder (issue 18). Raises the badges library's errors when
        signing fails."""
        organisation_id, organisation_name = issuer
        self.ensure_keys(organisation_id)
        status_list = StatusList(self.status_list_url(organisation_id), StatusPurpose.REVOCATION)
        index = allocate_index(used_indices)
        learner_id, learner_did = learner
        recipient = (
            Recipient(did=learner_did)
            if learner_did
            else Recipient.hashed(
                str(learner_id), secrets.token_hex(16), name=learner_name, email=learner_email
            )
        )
        request = CredentialRequest(
            id=f"urn:uuid:{badge_id}",
            issuer=IssuerProfile(
                id=self.issuer_did(organisation_id),
                name=organisation_name,
                url=f"{self.base_url}/issuers/{organisation_id}",
            ),
            achievement=self._achievement(achievement),
            recipient=recipient,
            valid_from=awarded,
            evidence=[
                *(Evidence.ledger_event(*item) for item in evidence),
                *(stacked_evidence(credential) for credential in stacks),
            ],
            status=[status_entry(status_list, index)],
            awarded=awarded,
        )
        signed = issue_credential(request, self.keystore.signer(organisation_id), created=awarded)
        assert isinstance(signed, dict)
        return Issued(signed, index)

    def _achievement(self, achievement: Achievement) -> AchievementSpec:
        q = achievement.qualification
        kind = achievement.kind
        return AchievementSpec(
            id=f"{self.base_url}/achievements/{kind.value}/{achievement.code}/v{q.version}",
            achievement_type=achievement.achievement_type,
            name=achievement.name,
            description=achievement.description,
            criteria=achievement.criteria,
            # The English name and description travel inside the credential (a language
            # map under our own terms), so an employer reads them without a second fetch.
            embed_translations=True,
            qualification=Qualification(
                code=q.code,
                version=str(q.version),
                name=q.title_nl,
                url=f"{self.base_url}/qualifications/{q.code}/v{q.version}",
                vks_level=q.vks_level,
                # VKS levels are referenced to the EQF one to one.
                eqf_level=q.vks_level,
            ),
            competences=[
                Competence(code, name, f"{self.base_url}/qualifications/{q.code}/{code}")
                for code, name in achievement.competences
            ],
            credits=float(achievement.study_points) if achievement.study_points else None,
        )

    def status_list_document(self, organisation_id: str, revoked: set[int]) -> dict[str, Any]:
        """The issuer's signed BitstringStatusListCredential: bits only, no personal data."""
        status_list = StatusList(self.status_list_url(organisation_id), StatusPurpose.REVOCATION)
        for index in revoked:
            status_list = status_list.with_status(index, True)
        now = self.clock()
        unsigned = status_list_credential(
            status_list, issuer=self.issuer_did(organisation_id), valid_from=now
        )
        return add_proof(unsigned, self.keystore.signer(organisation_id), created=now)

    def did_documents(self) -> dict[str, dict[str, Any]]:
        """Every issuer's DID documents; an issuer whose key file cannot be read is left out
        (and logged), so one damaged file does not stop verification for all the others."""
        documents: dict[str, dict[str, Any]] = {}
        for organisation in self.keystore.organisations():
            try:
                documents.update(self.keystore.did_documents(organisation))
            except (BadgeError, OSError, ValueError, KeyError, TypeError) as error:
                logger.error("issuer %s: key file unreadable (%s)", organisation, error)
        return documents
