"""did:key and did:web documents, resolved offline."""

from __future__ import annotations

import pytest
from badge_builders import issuer_key

from badges import (
    DidResolutionError,
    KeyPair,
    PublishedKey,
    did_document,
    did_key,
    did_key_document,
    did_web,
    did_web_url,
    public_key_from_multibase,
    resolve_document,
)
from badges.did import resolve_method


def test_ed25519_multikey_is_base58btc_z6mk() -> None:
    key = KeyPair.generate()
    assert key.public_multibase.startswith("z6Mk")
    assert public_key_from_multibase(key.public_multibase) == key.public_key


def test_did_key_document_lists_its_key_for_assertion() -> None:
    key = issuer_key()
    document = did_key_document(key.public_multibase)
    assert document["id"] == f"did:key:{key.public_multibase}"
    assert document["assertionMethod"] == [key.verification_method]
    assert document["verificationMethod"][0]["type"] == "Multikey"


def test_did_key_resolves_offline() -> None:
    key = issuer_key()
    method = resolve_method(key.verification_method)
    assert method.public_key == key.public_key
    assert method.assertion


def test_did_web_maps_to_https_well_known_url() -> None:
    assert did_web("cvo.example") == "did:web:cvo.example"
    assert did_web_url("did:web:cvo.example") == "https://cvo.example/.well-known/did.json"
    assert did_web_url(did_web("leerspoor.example:8443", "orgs", "cvo")) == (
        "https://leerspoor.example:8443/orgs/cvo/did.json"
    )


def test_did_web_resolves_only_from_documents_the_caller_injects() -> None:
    did = did_web("cvo.example")
    document = did_document(did, [PublishedKey(issuer_key().public_multibase)])
    assert resolve_document(did, {did: document}) == document
    assert resolve_document(did, lambda asked: document if asked == did else None) == document
    with pytest.raises(DidResolutionError, match="offline"):
        resolve_document(did)


def test_did_web_document_with_other_id_is_refused() -> None:
    did = did_web("cvo.example")
    other = did_document(did_web("evil.example"), [PublishedKey(issuer_key().public_multibase)])
    with pytest.raises(DidResolutionError):
        resolve_document(did, {did: other})


def test_unsupported_did_method_is_refused() -> None:
    with pytest.raises(DidResolutionError):
        resolve_document("did:ion:abc")


def test_did_key_rejects_non_ed25519_multikey() -> None:
    with pytest.raises(DidResolutionError):
        did_key("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")
