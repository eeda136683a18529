"""Issuing: build an OpenBadgeCredential from a request and secure it in one step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from badges.keys import Signer
from badges.loader import PinnedLoader
from badges.model import CredentialRequest, Evidence, build_credential
from badges.proof import add_proof
from badges.vcjwt import encode_jwt


class ProofFormat(StrEnum):
    DATA_INTEGRITY = "data-integrity"
    VC_JWT = "vc-jwt"


def issue_credential(
    request: CredentialRequest,
    signer: Signer,
    *,
    created: datetime,
    proof_format: ProofFormat = ProofFormat.DATA_INTEGRITY,
    loader: PinnedLoader | None = None,
) -> dict[str, Any] | str:
    """Build and sign a credential: a dict with an eddsa-rdfc-2022 proof, or a VC-JWT.

    Raises:
        SigningError, DocumentError: the credential cannot be secured.
        RetiredKeyError: comes from the keystore when asked for a retired key's signer.
    """
    credential = build_credential(request)
    if proof_format is ProofFormat.VC_JWT:
        return encode_jwt(credential, signer)
    return add_proof(credential, signer, created=created, loader=loader)


def stacked_evidence(credential: Mapping[str, Any]) -> Evidence:
    """Evidence that a (partial) qualification stacks an earlier credential."""
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    name = achievement.get("name") if isinstance(achievement, Mapping) else None
    return Evidence.stacked_credential(str(credential.get("id")), str(name or "credential"))
