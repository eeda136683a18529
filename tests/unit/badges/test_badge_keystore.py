"""Issuer keys per organisation: encrypted at rest, rotatable, retired keys sign nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from badge_builders import ISSUED, NOW, a_request

from badges import (
    KeyNotFoundError,
    Keystore,
    KeystoreSecretError,
    RetiredKeyError,
    add_proof,
    build_credential,
    did_web,
    verify_credential,
)

SECRET = "test-master-secret"


def test_private_key_is_not_stored_in_clear(tmp_path: Path) -> None:
    store = Keystore(tmp_path, SECRET)
    store.create("cvo-vitant", now=ISSUED)
    seed = store.signer("cvo-vitant").seed
    text = (tmp_path / "cvo-vitant.json").read_bytes()
    assert seed not in text
    assert seed.hex().encode() not in text


def test_wrong_master_secret_cannot_open_keys(tmp_path: Path) -> None:
    Keystore(tmp_path, SECRET).create("cvo-vitant", now=ISSUED)
    with pytest.raises(KeystoreSecretError):
        Keystore(tmp_path, "another-secret").signer("cvo-vitant")


def test_rotation_retires_old_key_and_activates_new(tmp_path: Path) -> None:
    store = Keystore(tmp_path, SECRET)
    old = store.create("cvo-vitant", now=ISSUED)
    new = store.rotate("cvo-vitant", now=ISSUED + timedelta(days=30))
    records = store.records("cvo-vitant")
    assert [r.active for r in records] == [False, True]
    assert store.active("cvo-vitant") == new
    assert old.method_id != new.method_id


def test_retired_key_refuses_to_sign(tmp_path: Path) -> None:
    store = Keystore(tmp_path, SECRET)
    old = store.create("cvo-vitant", now=ISSUED)
    store.rotate("cvo-vitant", now=ISSUED + timedelta(days=30))
    with pytest.raises(RetiredKeyError):
        store.signer_for(old.method_id)


def test_unknown_organisation_has_no_key(tmp_path: Path) -> None:
    with pytest.raises(KeyNotFoundError):
        Keystore(tmp_path, SECRET).signer("nobody")


def _did_web_store(tmp_path: Path) -> tuple[Keystore, str]:
    store = Keystore(tmp_path, SECRET)
    did = did_web("cvo-vitant.example")
    store.create("cvo-vitant", now=ISSUED, web_did=did)
    return store, did


def test_credential_signed_before_rotation_still_verifies(tmp_path: Path) -> None:
    store, did = _did_web_store(tmp_path)
    key = store.signer("cvo-vitant")
    credential = add_proof(build_credential(a_request(key)), key, created=ISSUED)
    store.rotate("cvo-vitant", now=ISSUED + timedelta(days=1))
    result = verify_credential(credential, now=NOW, did_documents=store.did_documents("cvo-vitant"))
    assert result.check("issuer").code == "passed"
    assert len(store.did_documents("cvo-vitant")[did]["assertionMethod"]) == 2


def test_signature_dated_after_retirement_fails_issuer_check(tmp_path: Path) -> None:
    store, _did = _did_web_store(tmp_path)
    key = store.signer("cvo-vitant")  # a copy of the old key leaked before rotation
    store.rotate("cvo-vitant", now=ISSUED + timedelta(days=1))
    late = add_proof(build_credential(a_request(key)), key, created=ISSUED + timedelta(days=2))
    result = verify_credential(late, now=NOW, did_documents=store.did_documents("cvo-vitant"))
    assert not result.verified
    assert result.check("issuer").code == "key_retired"


def test_did_key_organisation_gets_one_document_per_key(tmp_path: Path) -> None:
    store = Keystore(tmp_path, SECRET)
    store.create("syntra", now=ISSUED)
    store.rotate("syntra", now=ISSUED + timedelta(days=1))
    assert all(did.startswith("did:key:z6Mk") for did in store.did_documents("syntra"))
    assert len(store.did_documents("syntra")) == 2


def test_organisation_name_cannot_escape_the_directory(tmp_path: Path) -> None:
    from badges import KeyManagementError

    with pytest.raises(KeyManagementError):
        Keystore(tmp_path, SECRET).create("../etc", now=ISSUED)
