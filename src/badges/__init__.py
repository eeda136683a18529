"""Open Badges 3.0 for Leerspoor: build, sign, verify, revoke and bake credentials.

A standalone library: it imports nothing from ``ledger``, ``projections`` or ``api``.
Verification runs offline by default: contexts are pinned, DID and controller documents
and status lists come from sources the caller passes (an online resolver with SSRF
guards is one of them, opt-in). See ``docs/badges.md``.
"""

from __future__ import annotations

from badges.artwork import Artwork, badge_png, badge_svg
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
    DocumentSource,
    PublishedKey,
    did_document,
    did_jwk,
    did_jwk_document,
    did_key,
    did_key_document,
    did_web,
    did_web_url,
    first_of,
    resolve_document,
)
from badges.errors import (
    BadgeError,
    DidResolutionError,
    DocumentError,
    DocumentTooDeepError,
    DocumentTooLargeError,
    InvalidUnicodeError,
    KeyManagementError,
    KeyNotFoundError,
    KeyProofError,
    KeystoreSecretError,
    MalformedJsonError,
    NumberTooLargeError,
    RetiredKeyError,
    SigningError,
    StatusListError,
    UnknownContextError,
    UnreadableInputError,
    UnsafeExpansionError,
)
from badges.holder import KEY_PROOF_TYPE, KeyProof, copy_for_holder, verify_key_proof
from badges.issue import ProofFormat, issue_credential, stacked_evidence
from badges.keys import KeyPair, Signer, public_key_from_multibase, public_key_multibase
from badges.keystore import KeyRecord, Keystore
from badges.loader import PinnedLoader
from badges.model import (
    CREDENTIAL_CONTEXT,
    AchievementSpec,
    Competence,
    CredentialRequest,
    Evidence,
    IssuerProfile,
    Qualification,
    Recipient,
    Text,
    build_credential,
    normalised_identity,
)
from badges.presentation import (
    PresentationResult,
    encode_presentation_jwt,
    sign_presentation,
    verify_presentation,
)
from badges.proof import ProofOutcome, add_proof, check_proof
from badges.result import (
    Check,
    CheckName,
    IssuerInfo,
    IssuerTrust,
    Outcome,
    PresentationCheck,
    VerificationResult,
)
from badges.safejson import check_json_value, load_json
from badges.sealing import Sealed, Sealer
from badges.status import (
    StatusList,
    StatusPurpose,
    allocate_index,
    read_status_list,
    status_entry,
    status_list_credential,
)
from badges.trust import TrustDirectory, TrustPolicy, write_trust_document
from badges.vcjwt import encode_jwt, unverified_credential
from badges.verify import verify_credential
from badges.webresolve import OnlineResolver, ResolverSettings

__all__ = [
    "CREDENTIAL_CONTEXT",
    "KEY_PROOF_TYPE",
    "MAX_INPUT_BYTES",
    "AchievementSpec",
    "Artwork",
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
    "DocumentSource",
    "DocumentTooDeepError",
    "DocumentTooLargeError",
    "Evidence",
    "InvalidUnicodeError",
    "IssuerInfo",
    "IssuerProfile",
    "IssuerTrust",
    "KeyManagementError",
    "KeyNotFoundError",
    "KeyPair",
    "KeyProof",
    "KeyProofError",
    "KeyRecord",
    "Keystore",
    "KeystoreSecretError",
    "MalformedJsonError",
    "NumberTooLargeError",
    "OnlineResolver",
    "Outcome",
    "PinnedLoader",
    "PresentationCheck",
    "PresentationResult",
    "ProofFormat",
    "ProofOutcome",
    "PublishedKey",
    "Qualification",
    "Recipient",
    "ResolverSettings",
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
    "TrustPolicy",
    "UnknownContextError",
    "UnreadableInputError",
    "UnsafeExpansionError",
    "VerificationResult",
    "add_proof",
    "allocate_index",
    "badge_png",
    "badge_svg",
    "bake_png",
    "bake_svg",
    "build_clr",
    "build_credential",
    "canonize",
    "check_json_value",
    "check_proof",
    "copy_for_holder",
    "default_png",
    "default_svg",
    "did_document",
    "did_jwk",
    "did_jwk_document",
    "did_key",
    "did_key_document",
    "did_web",
    "did_web_url",
    "encode_jwt",
    "encode_presentation_jwt",
    "extract_png",
    "extract_svg",
    "first_of",
    "issue_credential",
    "load_json",
    "normalised_identity",
    "parse_payload",
    "public_key_from_multibase",
    "public_key_multibase",
    "read_badge",
    "read_status_list",
    "resolve_document",
    "sign_presentation",
    "stacked_evidence",
    "status_entry",
    "status_list_credential",
    "unverified_credential",
    "verify_clr",
    "verify_credential",
    "verify_key_proof",
    "verify_presentation",
    "write_trust_document",
]
