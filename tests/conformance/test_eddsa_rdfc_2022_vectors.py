"""The W3C vc-di-eddsa and 1EdTech OB 3.0 eddsa-rdfc-2022 vectors, reproduced exactly."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from badges import KeyPair, add_proof, check_proof, public_key_from_multibase
from badges.cryptosuite import hash_data, proof_configuration, transform


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def signed_as_the_vector(document: Path, key: KeyPair, created: str) -> dict[str, Any]:
    """A vector's unsigned document signed as the vector was: with its key, at its time."""
    return add_proof(read_json(document), key, created=datetime.fromisoformat(created))


def test_w3c_vector_canonical_document_matches(reference: Path) -> None:
    folder = reference / "vc-di-eddsa"
    unsigned = read_json(folder / "unsignedDataInt.json")
    assert transform(unsigned) == (folder / "canonDocDataInt.txt").read_text(encoding="utf-8")


def test_w3c_vector_canonical_proof_config_matches(reference: Path) -> None:
    folder = reference / "vc-di-eddsa"
    unsigned = read_json(folder / "unsignedDataInt.json")
    config = read_json(folder / "proofConfigDataInt.json")
    expected = (folder / "proofCanonDataInt.txt").read_text(encoding="utf-8")
    assert proof_configuration(unsigned, config) == expected


def test_w3c_vector_hashes_match(reference: Path) -> None:
    folder = reference / "vc-di-eddsa"
    unsigned = read_json(folder / "unsignedDataInt.json")
    config = read_json(folder / "proofConfigDataInt.json")
    document_canon = transform(unsigned)
    proof_canon = proof_configuration(unsigned, config)
    assert hashlib.sha256(document_canon.encode()).hexdigest() == _text(
        folder / "docHashDataInt.txt"
    )
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == _text(
        folder / "proofHashDataInt.txt"
    )
    assert hash_data(document_canon, proof_canon).hex() == _text(folder / "combinedHashDataInt.txt")


def test_w3c_vector_signing_reproduces_signature_and_signed_credential(reference: Path) -> None:
    folder = reference / "vc-di-eddsa"
    pair = read_json(folder / "keyPair.json")
    signed = read_json(folder / "signedDataInt.json")
    key = KeyPair.from_multibase(pair["privateKeyMultibase"], signed["proof"]["verificationMethod"])
    assert key.public_multibase == pair["publicKeyMultibase"]
    result = signed_as_the_vector(folder / "unsignedDataInt.json", key, "2023-02-24T23:36:38+00:00")
    assert result["proof"]["proofValue"] == signed["proof"]["proofValue"]
    assert result == signed


@pytest.mark.parametrize(
    ("vector", "signed"),
    [
        pytest.param("vc-di-eddsa", "signedDataInt.json", id="w3c_vector"),
        pytest.param("ob3-test-vector", "signed.json", id="ob3_vector"),
    ],
)
def test_the_vectors_signed_credential_verifies(reference: Path, vector: str, signed: str) -> None:
    folder = reference / vector
    pair = read_json(folder / "keyPair.json")
    public = public_key_from_multibase(pair["publicKeyMultibase"])
    outcome = check_proof(read_json(folder / signed), lambda _method: public)
    assert outcome.valid, outcome


def test_ob3_vector_canonical_forms_and_hashes_match(reference: Path) -> None:
    folder = reference / "ob3-test-vector"
    signed = read_json(folder / "signed.json")
    unsigned = read_json(folder / "unsigned.json")
    pair = read_json(folder / "keyPair.json")
    document_canon = transform(unsigned)
    proof_canon = proof_configuration(unsigned, signed["proof"])
    assert document_canon == (folder / "document-canon.txt").read_text(encoding="utf-8")
    assert proof_canon == (folder / "proof-canon.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(document_canon.encode()).hexdigest() == pair["documentHashHex"]
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == pair["proofHashHex"]


def test_ob3_vector_signing_reproduces_signature(reference: Path) -> None:
    folder = reference / "ob3-test-vector"
    pair = read_json(folder / "keyPair.json")
    signed = read_json(folder / "signed.json")
    key = KeyPair.from_seed(bytes.fromhex(pair["privateKeyHex"])[:32], pair["verificationMethod"])
    assert KeyPair.from_multibase(pair["secretKeyMultibase"]).seed == key.seed
    assert key.public_multibase == pair["publicKeyMultibase"]
    result = signed_as_the_vector(folder / "unsigned.json", key, "2010-01-01T19:23:24+00:00")
    assert result["proof"]["proofValue"] == signed["proof"]["proofValue"]
    signature = key.sign(hash_data(transform(result), proof_configuration(result, result["proof"])))
    assert signature.hex() == pair["signatureHex"]
