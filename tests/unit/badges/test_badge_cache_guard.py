"""Caches never vouch for a changed credential: each refusal after a warm, valid twin.

Every cache on the verification path (processed JSON-LD contexts, expanded and
canonical forms, verified status lists, did:key resolution) keys on content. These
tests verify an untampered credential first, twice, with one loader (so everything is
warm), then show that a tampered, revoked or re-keyed twin is still refused.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from badge_builders import NOW, STATUS_URL, a_request, a_status_list_of, a_web_issuer

from badges import (
    CheckName,
    KeyPair,
    PinnedLoader,
    PublishedKey,
    StatusList,
    StatusPurpose,
    add_proof,
    build_credential,
    canonize,
    did_document,
    verify_credential,
)
from badges.loader import pinned_contexts

INDEX = 4242


@pytest.fixture
def world() -> dict[str, Any]:
    key, document = a_web_issuer()
    did = document["id"]
    credential = add_proof(build_credential(a_request(key)), key, created=NOW)
    clear = a_status_list_of(key, did, StatusList(STATUS_URL, StatusPurpose.REVOCATION))
    loader = PinnedLoader()
    warm = {"documents": {did: document}, "lists": {STATUS_URL: clear}, "loader": loader}
    for _ in range(2):
        result = _verify(credential, warm)
        assert result.verified, result.to_json()
    return {"key": key, "did": did, "credential": credential, **warm}


def _verify(credential: object, world: dict[str, Any]) -> Any:
    return verify_credential(
        credential,
        now=NOW,
        did_documents=world["documents"],
        status_lists=world["lists"].get,
        loader=world["loader"],
    )


def _assert_refused(credential: object, world: dict[str, Any], check: CheckName, code: str) -> None:
    result = _verify(credential, world)
    assert not result.verified
    assert result.check(check).code == code


def test_tampered_twin_is_refused_after_the_original_was_verified_warm(
    world: dict[str, Any],
) -> None:
    tampered = copy.deepcopy(world["credential"])
    tampered["credentialSubject"]["achievement"]["name"] = "Chef-kok"
    _assert_refused(tampered, world, CheckName.PROOF, "proof_invalid_signature")


def test_revoked_twin_is_refused_after_it_was_verified_warm(world: dict[str, Any]) -> None:
    revoked = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(INDEX, True)
    world["lists"][STATUS_URL] = a_status_list_of(world["key"], world["did"], revoked)
    _assert_refused(world["credential"], world, CheckName.STATUS, "revoked")


def test_rekeyed_issuer_refuses_the_old_credential_after_it_was_verified_warm(
    world: dict[str, Any],
) -> None:
    # the issuer's DID document now lists only a new key under the same method id
    fresh = KeyPair.from_seed(bytes([23]) * 32)
    world["documents"][world["did"]] = did_document(
        world["did"], [PublishedKey(fresh.public_multibase, fragment="key-1")]
    )
    _assert_refused(world["credential"], world, CheckName.PROOF, "proof_invalid_signature")


def test_status_list_of_a_replaced_key_is_refused_after_it_was_verified_warm(
    world: dict[str, Any],
) -> None:
    # the credential is re-signed by the new key; the list still carries the old one
    fresh = KeyPair.from_seed(bytes([23]) * 32)
    method = PublishedKey(fresh.public_multibase, fragment="key-2")
    world["documents"][world["did"]] = did_document(world["did"], [method])
    new_key = fresh.bound_to(method.method_id(world["did"]))
    credential = add_proof(build_credential(a_request(new_key)), new_key, created=NOW)
    result = _verify(credential, world)
    assert result.check(CheckName.PROOF).code == "passed"
    assert result.check(CheckName.STATUS).code == "status_list_invalid"


def test_a_context_changed_in_place_is_canonicalised_anew() -> None:
    # the same dict object, changed between two calls: the cache must see the change
    loader = PinnedLoader()
    context: dict[str, Any] = {"note": "https://example.org/vocab#note"}
    document = {"@context": context, "@id": "urn:x", "note": "hallo"}
    before = canonize(document, loader)
    context["note"] = "https://example.org/other#note"
    after = canonize(document, loader)
    assert "vocab#note" in before
    assert "other#note" in after


def test_no_pinned_context_uses_what_pyld_would_write_into_it() -> None:
    # the context cache reads pinned sub-objects by identity: sound only while pyld
    # never mutates them, and it does so only for @import and relative context URLs
    def walk(value: object) -> list[object]:
        found = [value]
        for item in (
            value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        ):
            found += walk(item)
        return found

    for url, document in pinned_contexts().items():
        for item in walk(document):
            if isinstance(item, dict):
                assert "@import" not in item, url
                nested = item.get("@context")
                for reference in nested if isinstance(nested, list) else [nested]:
                    assert not isinstance(reference, str) or "://" in reference, url


def test_one_loader_serves_threads_verifying_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor
    from datetime import timedelta

    key, document = a_web_issuer()
    lists = {STATUS_URL: a_status_list_of(key, document["id"])}
    credentials = [
        add_proof(
            build_credential(a_request(key, credential_id=f"urn:uuid:thread-{i}")),
            key,
            created=NOW + timedelta(seconds=i),
        )
        for i in range(24)
    ]
    loader = PinnedLoader()

    def verify(credential: dict[str, Any]) -> bool:
        result = verify_credential(
            credential,
            now=NOW + timedelta(days=1),
            did_documents={document["id"]: document},
            status_lists=lists.get,
            loader=loader,
        )
        return result.verified

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(verify, credentials * 2))
