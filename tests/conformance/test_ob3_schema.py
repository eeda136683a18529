"""Credentials we issue validate against the OB 3.0 JSON Schema (copy in ``data/ob3-schema``)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator

from badges import ProofFormat, Recipient, issue_credential
from badges.schema import schema_errors
from badges.vcjwt import unverified_credential

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "badges"))
from badge_builders import (  # noqa: E402
    ISSUED,
    DocumentPath,
    a_request,
    a_signed_credential,
    document_paths,
    issuer_key,
)


def _validator(reference: Path) -> jsonschema_rs.Validator:
    schema = json.loads((reference / "ob3-schema" / "achievementcredential.json").read_text())
    return jsonschema_rs.Draft201909Validator(schema, validate_formats=True, offline=True)


def _as_published_schema_expects(credential: dict[str, Any]) -> dict[str, Any]:
    # The schema build types proof as an array only (see ob3-schema/README.md); VC DM 2.0
    # and the 1EdTech test vector use one object. Treat it as a one-element set.
    # A proof that already is an array (a mutation can make it one) is left as it is.
    proof = credential.get("proof")
    return {**credential, "proof": [proof]} if isinstance(proof, dict) else credential


def _errors(reference: Path, credential: dict[str, Any]) -> list[str]:
    document = _as_published_schema_expects(credential)
    return [error.message for error in _validator(reference).iter_errors(document)]


def test_reference_schema_matches_the_packaged_copy(reference: Path) -> None:
    packaged = Path(__file__).resolve().parents[2] / "src/badges/schemas/achievementcredential.json"
    assert json.loads(packaged.read_text()) == json.loads(
        (reference / "ob3-schema" / "achievementcredential.json").read_text()
    )


def test_issued_data_integrity_credential_validates(reference: Path) -> None:
    assert _errors(reference, a_signed_credential()) == []


@pytest.mark.parametrize(
    "recipient", [Recipient(did="did:example:learner"), Recipient.hashed("learner-1", "salt")]
)
def test_issued_credential_validates_for_either_recipient_form(
    reference: Path, recipient: Recipient
) -> None:
    assert _errors(reference, a_signed_credential(recipient=recipient)) == []


def test_credential_inside_issued_jwt_validates(reference: Path) -> None:
    key = issuer_key()
    token = issue_credential(a_request(key), key, created=ISSUED, proof_format=ProofFormat.VC_JWT)
    assert isinstance(token, str)
    assert _errors(reference, unverified_credential(token)) == []


def test_ob3_test_vector_validates_once_proof_is_a_set(reference: Path) -> None:
    signed = json.loads((reference / "ob3-test-vector" / "signed.json").read_text())
    assert _errors(reference, signed) == []


def _mutations() -> st.SearchStrategy[tuple[DocumentPath, Any]]:
    """A path into a signed credential and a value to put there (or DELETE)."""
    paths = document_paths(a_signed_credential())
    values = st.one_of(
        st.just(DELETE),
        st.none(),
        st.integers(),
        st.text(max_size=12),
        st.sampled_from(["2025-13-01T00:00:00Z", "not a uri", "urn:x", "2025-03-01T09:00:00Z"]),
        st.lists(st.text(max_size=5), max_size=2),
        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    )
    return st.tuples(st.sampled_from(paths), values)


DELETE = object()


@settings(max_examples=300, deadline=None)
@given(st.lists(_mutations(), min_size=1, max_size=3))
@example([(("proof",), [])])  # once found at random: a proof that is already an array
def test_packaged_validator_agrees_with_the_reference_validator(
    reference: Path, changes: list[tuple[DocumentPath, Any]]
) -> None:
    # jsonschema-rs (used when verifying) and jsonschema's Draft201909Validator with
    # format checks (the reference) must reach the same verdict on any credential.
    assert "date-time" in Draft201909Validator.FORMAT_CHECKER.checkers  # rfc3339-validator
    document = copy.deepcopy(a_signed_credential())
    for path, value in changes:
        parent: Any = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            if value is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    assert (schema_errors(document) == []) == (_errors(reference, document) == [])
