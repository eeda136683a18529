"""CLR 2.0 ``ClrCredential``: a learner's signed badges bundled, with associations.

Each OpenBadgeCredential is embedded as issued (its own proof intact) under
``verifiableCredential``; its achievement is listed under ``achievement``; stacking
(module → partial certificate → qualification) is stated with ``association`` entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from badges.model import OB_CONTEXT_URL, TRANSLATIONS_CONTEXT, VC_CONTEXT, IssuerProfile, Recipient
from badges.proof import check_proof
from badges.result import VerificationResult
from badges.status_check import StatusFetcher
from badges.timefmt import format_datetime
from badges.verify import DidDocuments, KeyResolver, verify_credential

CLR_CONTEXT_URL = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


class AssociationType(StrEnum):
    """CLR 2.0 association types used for stacking."""

    IS_PARENT_OF = "isParentOf"
    IS_CHILD_OF = "isChildOf"
    IS_PART_OF = "isPartOf"
    PRECEDES = "precedes"
    IS_RELATED_TO = "isRelatedTo"


@dataclass(frozen=True)
class Association:
    """``source`` relates to ``target`` (achievement ids), e.g. qualification isParentOf module."""

    association_type: AssociationType
    source_id: str
    target_id: str

    def to_json(self) -> dict[str, str]:
        return {
            "type": "Association",
            "associationType": str(self.association_type),
            "sourceId": self.source_id,
            "targetId": self.target_id,
        }


def achievement_of(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The achievement of an OpenBadgeCredential (empty dict when absent)."""
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return dict(achievement) if isinstance(achievement, Mapping) else {}


def build_clr(
    *,
    id: str,  # noqa: A002 - the credential's JSON member is called id
    issuer: IssuerProfile,
    learner: Recipient,
    name: str,
    credentials: Sequence[Mapping[str, Any]],
    associations: Sequence[Association] = (),
    valid_from: datetime,
) -> dict[str, Any]:
    """The unsigned ClrCredential bundling signed OpenBadgeCredentials (sign with add_proof)."""
    subject: dict[str, Any] = {"type": "ClrSubject", **learner.to_json()}
    subject["verifiableCredential"] = [dict(credential) for credential in credentials]
    subject["achievement"] = [achievement_of(credential) for credential in credentials]
    if associations:
        subject["association"] = [association.to_json() for association in associations]
    return {
        "@context": [VC_CONTEXT, CLR_CONTEXT_URL, OB_CONTEXT_URL, TRANSLATIONS_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": issuer.to_json(),
        "name": name,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": subject,
    }


@dataclass(frozen=True)
class ClrVerification:
    """The bundle's own proof, and the full verification of each embedded credential."""

    verified: bool
    proof_code: str
    credentials: tuple[VerificationResult, ...]


def verify_clr(
    clr: Mapping[str, Any],
    *,
    now: datetime,
    did_documents: DidDocuments = None,
    status_lists: StatusFetcher | None = None,
) -> ClrVerification:
    """Verify a ClrCredential's proof and every embedded OpenBadgeCredential; never raises."""
    outcome = check_proof(clr, KeyResolver(did_documents))
    subject = clr.get("credentialSubject")
    embedded = subject.get("verifiableCredential", []) if isinstance(subject, Mapping) else []
    results = tuple(
        verify_credential(item, now=now, did_documents=did_documents, status_lists=status_lists)
        for item in (embedded if isinstance(embedded, list) else [])
    )
    verified = outcome.valid and bool(results) and all(result.verified for result in results)
    return ClrVerification(verified, outcome.code or "passed", results)
