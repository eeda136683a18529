"""Open Badges 3.0 for Leerspoor: build, sign, verify, revoke and bake credentials.

A standalone library: it imports nothing from ``ledger``, ``projections`` or ``api``.
Verification runs offline: contexts are pinned, DID documents and status lists are
passed in by the caller.
"""

from __future__ import annotations

from badges.bake import (
    MAX_INPUT_BYTES,
    bake_png,
    bake_svg,
    default_png,
    default_svg,
    extract_png,
    extract_svg,
    parse_payload,
    read_badge,
)
from badges.canonical import canonize
from badges.clr import Association, AssociationType, ClrVerification, build_clr, verify_clr
from badges.did import (
    PublishedKey,
    did_document,
    did_key,
    did_key_document,
    did_web,
    did_web_url,
    resolve_document,
)
from badges.errors import (
    BadgeError,
    DidResolutionError,
    DocumentError,
    DocumentTooLargeError,
    KeyManagementError,
    KeyNotFoundError,
    KeystoreSecretError,
    RetiredKeyError,
    SigningError,
    StatusListError,
    UnknownContextError,
    UnreadableInputError,
    UnsafeExpansionError,
)
from badges.issue import ProofFormat, issue_credential, stacked_evidence
from badges.keys import KeyPair, Signer, public_key_from_multibase, public_key_multibase
from badges.keystore import KeyRecord, Keystore
from badges.loader import PinnedLoader
from badges.model import (
    AchievementSpec,
    Competence,
    CredentialRequest,
    Evidence,
    IssuerProfile,
    Qualification,
    Recipient,
    Text,
    build_credential,
)
from badges.proof import ProofOutcome, add_proof, check_proof
from badges.result import Check, CheckName, Outcome, VerificationResult
from badges.sealing import Sealed, Sealer
from badges.status import (
    StatusList,
    StatusPurpose,
    allocate_index,
    read_status_list,
    status_entry,
    status_list_credential,
)
from badges.trust import TrustDirectory, write_trust_document
from badges.vcjwt import encode_jwt, unverified_credential
from badges.verify import verify_credential

__all__ = [
    "MAX_INPUT_BYTES",
    "AchievementSpec",
    "Association",
    "AssociationType",
    "BadgeError",
    "Check",
    "CheckName",
    "ClrVerification",
    "Competence",
    "CredentialRequest",
    "DidResolutionError",
    "DocumentError",
    "DocumentTooLargeError",
    "Evidence",
    "IssuerProfile",
    "KeyManagementError",
    "KeyNotFoundError",
    "KeyPair",
    "KeyRecord",
    "Keystore",
    "KeystoreSecretError",
    "Outcome",
    "PinnedLoader",
    "ProofFormat",
    "ProofOutcome",
    "PublishedKey",
    "Qualification",
    "Recipient",
    "RetiredKeyError",
    "Sealed",
    "Sealer",
    "Signer",
    "SigningError",
    "StatusList",
    "StatusListError",
    "StatusPurpose",
    "Text",
    "TrustDirectory",
    "UnknownContextError",
    "UnreadableInputError",
    "UnsafeExpansionError",
    "VerificationResult",
    "add_proof",
    "allocate_index",
    "bake_png",
    "bake_svg",
    "build_clr",
    "build_credential",
    "canonize",
    "check_proof",
    "default_png",
    "default_svg",
    "did_document",
    "did_key",
    "did_key_document",
    "did_web",
    "did_web_url",
    "encode_jwt",
    "extract_png",
    "extract_svg",
    "issue_credential",
    "parse_payload",
    "public_key_from_multibase",
    "public_key_multibase",
    "read_badge",
    "read_status_list",
    "resolve_document",
    "stacked_evidence",
    "status_entry",
    "status_list_credential",
    "unverified_credential",
    "verify_clr",
    "verify_credential",
    "write_trust_document",
]
