"""One sealing helper (scrypt + AES-256-GCM) for the issuers' keystore and the learners' data
keys; values sealed before it existed still open."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from badges import KeyPair, Keystore, KeystoreSecretError, Sealer, did_key

SECRET = "a-master-secret-for-sealing"


def reference_seal(secret: str, salt: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """The format both stores wrote before the helper: nonce then AES-GCM ciphertext under
    scrypt(secret, salt, n=2^14, r=8, p=1), written here independently of the helper."""
    key = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(secret.encode())
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def test_a_sealed_value_opens_with_the_same_secret_and_associated_data() -> None:
    sealed = Sealer(SECRET).seal(b"seed", associated=b"org\nmethod")
    assert Sealer(SECRET).open(sealed, associated=b"org\nmethod") == b"seed"


def test_a_wrong_secret_or_other_associated_data_cannot_open_it() -> None:
    sealed = Sealer(SECRET).seal(b"seed", associated=b"org-a")
    with pytest.raises(KeystoreSecretError):
        Sealer("another-secret").open(sealed, associated=b"org-a")
    with pytest.raises(KeystoreSecretError):
        Sealer(SECRET).open(sealed, associated=b"org-b")


def test_each_seal_gets_a_fresh_salt_unless_one_is_given() -> None:
    sealer = Sealer(SECRET)
    assert sealer.seal(b"x", associated=b"").salt != sealer.seal(b"x", associated=b"").salt
    assert sealer.seal(b"x", associated=b"", salt=b"fixed").salt == b"fixed"


def test_a_key_file_sealed_before_the_helper_still_signs(tmp_path: Path) -> None:
    pair = KeyPair.generate()
    did = did_key(pair.public_multibase)
    method = f"{did}#{pair.public_multibase}"
    salt = os.urandom(16)
    blob = reference_seal(SECRET, salt, pair.seed, f"syntra\n{method}".encode())
    entry = {
        "public_multibase": pair.public_multibase,
        "did": did,
        "created": "2026-01-01T00:00:00Z",
        "retired_at": None,
        "kdf": "scrypt-n16384-r8-p1",
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(blob[:12]).decode(),
        "sealed_key": base64.b64encode(blob[12:]).decode(),
    }
    document = {"organisation": "syntra", "web_did": None, "keys": [entry]}
    (tmp_path / "syntra.json").write_text(json.dumps(document))
    assert Keystore(tmp_path, SECRET).signer("syntra").seed == pair.seed
