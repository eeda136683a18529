"""Builders for badge tests: fixed keys, fixed dates, real signing (no fakes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from badges import (
    AchievementSpec,
    Competence,
    CredentialRequest,
    Evidence,
    IssuerProfile,
    KeyPair,
    Qualification,
    Recipient,
    StatusList,
    StatusPurpose,
    Text,
    add_proof,
    did_key,
    status_entry,
    status_list_credential,
)

ISSUED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
EXPIRES = datetime(2030, 3, 1, tzinfo=UTC)
STATUS_URL = "https://leerspoor.example/status/cvo-vitant/revocation/1"
SUSPENSION_URL = "https://leerspoor.example/status/cvo-vitant/suspension/1"
DocumentPath = tuple[str | int, ...]


def issuer_key(seed: int = 7) -> KeyPair:
    pair = KeyPair.from_seed(bytes([seed]) * 32)
    did = did_key(pair.public_multibase)
    return pair.bound_to(f"{did}#{pair.public_multibase}")


def issuer_did(key: KeyPair) -> str:
    return key.verification_method.split("#")[0]


def a_request(
    key: KeyPair,
    *,
    credential_id: str = "urn:uuid:5b0ac3a4-8f25-4b1e-9a77-3d1f0c2b9e01",
    valid_until: datetime | None = EXPIRES,
    status: tuple[dict[str, Any], ...] | None = None,
    recipient: Recipient | None = None,
    evidence: tuple[Evidence, ...] = (),
    achievement_id: str = "urn:leerspoor:achievement:BK-0123@2",
    achievement_type: str = "Certificate",
    achievement: AchievementSpec | None = None,
    issuer_name: str = "CVO Vitant",
    issuer_url: str = "https://cvo-vitant.example",
) -> CredentialRequest:
    """A request to sign; ``achievement``, when given, stands instead of the default one
    (whose id and type ``achievement_id`` and ``achievement_type`` set)."""
    if status is None:
        status = (status_entry(StatusList(STATUS_URL, StatusPurpose.REVOCATION), 4242),)
    return CredentialRequest(
        id=credential_id,
        issuer=IssuerProfile(issuer_did(key), issuer_name, url=issuer_url),
        achievement=achievement
        or AchievementSpec(
            id=achievement_id,
            achievement_type=achievement_type,
            name=Text("Hulpkelner", "Waiter assistant"),
            description=Text(
                "Beroepskwalificatie hulpkelner (VKS 2).", "Professional qualification (VKS 2)."
            ),
            criteria="Alle competenties van BK-0123 versie 2 beheerst.",
            qualification=Qualification(
                "BK-0123", "2", "Hulpkelner", "https://leerspoor.example/bk/BK-0123/2", 2, 2
            ),
            competences=(
                Competence("C-01", "Tafels dekken"),
                Competence("C-02", "Gasten onthalen"),
            ),
        ),
        recipient=recipient or Recipient.hashed("learner-7f3a", "zout-91"),
        valid_from=ISSUED,
        valid_until=valid_until,
        evidence=evidence
        or (
            Evidence.ledger_event("0b6f3c1e-1d2a-4c55-9d1a-2f7c7a9e0001", "CompetenceAssessed"),
            Evidence.ledger_event("0b6f3c1e-1d2a-4c55-9d1a-2f7c7a9e0002", "QualificationAwarded"),
        ),
        status=status,
        awarded=ISSUED,
    )


def a_signed_credential(key: KeyPair | None = None, **overrides: Any) -> dict[str, Any]:
    from badges import build_credential

    key = key or issuer_key()
    return add_proof(build_credential(a_request(key, **overrides)), key, created=ISSUED)


def a_status_list_document(key: KeyPair, status_list: StatusList | None = None) -> dict[str, Any]:
    return a_status_list_of(key, issuer_did(key), status_list)


def a_web_issuer(
    host: str = "cdo-elektro.example", seed: int = 11
) -> tuple[KeyPair, dict[str, Any]]:
    """A did:web issuer: its bound key and its DID document (to serve from a source)."""
    from badges import PublishedKey, did_document, did_web

    did = did_web(host)
    pair = KeyPair.from_seed(bytes([seed]) * 32)
    published = PublishedKey(pair.public_multibase, fragment="key-1")
    return pair.bound_to(published.method_id(did)), did_document(did, [published])


def a_status_list_of(
    key: KeyPair, issuer: str, status_list: StatusList | None = None
) -> dict[str, Any]:
    """A status list credential naming ``issuer`` but signed by ``key`` (which may differ)."""
    status_list = status_list or StatusList(STATUS_URL, StatusPurpose.REVOCATION)
    unsigned = status_list_credential(status_list, issuer=issuer, valid_from=ISSUED)
    return add_proof(unsigned, key, created=ISSUED)


def a_holder(seed: int = 51) -> KeyPair:
    """A learner's wallet key: did:key, bound to its verification method."""
    return issuer_key(seed)


def a_jwk_holder(seed: int = 52) -> KeyPair:
    """A learner's wallet key as did:jwk (method ``#0``), as many wallets use."""
    import base64

    from badges import did_jwk

    pair = KeyPair.from_seed(bytes([seed]) * 32)
    raw = pair.public_key.public_bytes_raw()
    x = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return pair.bound_to(did_jwk({"kty": "OKP", "crv": "Ed25519", "x": x}) + "#0")


def a_credential_for(holder: KeyPair, **overrides: Any) -> dict[str, Any]:
    """A credential of the default issuer whose subject is the holder's DID."""
    return a_signed_credential(recipient=Recipient(did=issuer_did(holder)), **overrides)


def document_paths(value: Any, path: DocumentPath = ()) -> list[DocumentPath]:
    """Every position in a JSON document: dict keys and list items, at any depth."""
    found: list[DocumentPath] = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += document_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += document_paths(item, (*path, index))
    return found
