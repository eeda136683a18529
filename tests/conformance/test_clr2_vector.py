"""The CLR 2.0 eddsa-rdfc-2022 test vector (1EdTech OB 3.0 implementation guide).

The unsigned ClrCredential in ``data/clr2-unsigned.json`` is the guide's "Test data";
its canonical forms are in ``data/clr2-test-vector``; the hashes and proof
value below are the guide's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from badges import KeyPair, add_proof, check_proof, public_key_from_multibase
from badges.cryptosuite import proof_configuration, transform

DATA = Path(__file__).parent / "data"
DOCUMENT_HASH = "768d7015ae69e0210e1c2a45194d9c1d15d7a6022e52b946574a2a27f6fa85fe"
PROOF_HASH = "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
PROOF_VALUE = (
    "zF52sU1nfPAjcwCqtgxPNSor6SJnAzRBwZW5VNQXPt8xXCHkd39sgqj32DnMjhFCzbyHsLkhQ8HpBqQTkMgXy329"
)
METHOD = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
CREATED = datetime.fromisoformat("2010-01-01T19:23:24+00:00")


def _unsigned() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "clr2-unsigned.json").read_text())
    return document


def _key(reference: Path) -> KeyPair:
    pair = json.loads((reference / "ob3-test-vector" / "keyPair.json").read_text())
    return KeyPair.from_seed(bytes.fromhex(pair["privateKeyHex"])[:32], METHOD)


def test_clr_canonical_document_matches_vector(reference: Path) -> None:
    expected = (reference / "clr2-test-vector" / "document-canon.txt").read_text()
    canonical = transform(_unsigned())
    assert canonical == expected
    assert hashlib.sha256(canonical.encode()).hexdigest() == DOCUMENT_HASH


def test_clr_canonical_proof_config_matches_vector(reference: Path) -> None:
    expected = (reference / "clr2-test-vector" / "proof-canon.txt").read_text()
    proof = {
        "type": "DataIntegrityProof",
        "created": "2010-01-01T19:23:24Z",
        "verificationMethod": METHOD,
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
    }
    canonical = proof_configuration(_unsigned(), proof)
    assert canonical == expected
    assert hashlib.sha256(canonical.encode()).hexdigest() == PROOF_HASH


def test_clr_signing_reproduces_proof_value_and_verifies(reference: Path) -> None:
    key = _key(reference)
    signed = add_proof(_unsigned(), key, created=CREATED)
    assert signed["proof"]["proofValue"] == PROOF_VALUE
    public = public_key_from_multibase(key.public_multibase)
    assert check_proof(signed, lambda _method: public).valid
