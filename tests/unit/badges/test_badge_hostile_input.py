"""Hostile input: deep, huge or not-quite-Unicode JSON is refused with a code, never raised."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from badge_builders import NOW, a_signed_credential, issuer_key
from hypothesis import given
from hypothesis import strategies as st

from badges import (
    CheckName,
    DocumentTooDeepError,
    DocumentTooLargeError,
    InvalidUnicodeError,
    MalformedJsonError,
    NumberTooLargeError,
    Outcome,
    load_json,
    verify_credential,
)


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[" * 100_000 + "]" * 100_000, DocumentTooDeepError),
        ("[" * 1000 + "]" * 1000, DocumentTooDeepError),
        ('{"a":' * 5000 + "1" + "}" * 5000, DocumentTooDeepError),
        ("1" * 4301, NumberTooLargeError),
        ('{"n": -' + "9" * 5000 + "}", NumberTooLargeError),
        ("1e400", NumberTooLargeError),
        ('["\\ud800"]', InvalidUnicodeError),
        ('{"\\udc00": 1}', InvalidUnicodeError),
        ("[NaN]", MalformedJsonError),
        ('{"a": }', MalformedJsonError),
    ],
)
def test_load_json_refuses_hostile_text_with_a_typed_error(text: str, error: type) -> None:
    with pytest.raises(error):
        load_json(text)


def test_load_json_refuses_oversized_input_before_parsing() -> None:
    with pytest.raises(DocumentTooLargeError):
        load_json(b"[" + b"1," * 600_000 + b"1]")


def test_load_json_refuses_bytes_that_are_not_utf8() -> None:
    with pytest.raises(MalformedJsonError):
        load_json(b'{"a": "\xff"}')


def test_load_json_keeps_surrogate_pairs_brackets_in_strings_and_big_ints() -> None:
    text = '{"emoji": "\\ud83d\\ude00", "s": "[[[[{{{{", "n": ' + "7" * 4300 + "}"
    value = load_json(text)
    assert value["emoji"] == "😀"
    assert value["s"] == "[[[[{{{{"
    assert value["n"] == int("7" * 4300)


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_verify_refuses_deep_credential_without_raising(depth: int) -> None:
    credential = a_signed_credential()
    credential["credentialSubject"]["evidence"] = _nested(depth)
    result = verify_credential(credential, now=NOW)
    assert not result.verified
    assert result.check(CheckName.SCHEMA).code == "document_too_deep"
    assert result.check(CheckName.PROOF).outcome is Outcome.SKIPPED


def test_verify_refuses_deep_list_without_raising() -> None:
    nested: Any = []
    for _ in range(1000):
        nested = [nested]
    result = verify_credential({**a_signed_credential(), "x": nested}, now=NOW)
    assert result.check(CheckName.SCHEMA).code == "document_too_deep"


def test_verify_refuses_lone_surrogate_and_result_still_serialises() -> None:
    credential = {**a_signed_credential(), "id": "urn:uuid:\ud800"}
    result = verify_credential(credential, now=NOW)
    assert result.check(CheckName.SCHEMA).code == "invalid_unicode"
    json.dumps(result.to_json()).encode("utf-8")


def test_verify_refuses_a_huge_integer() -> None:
    credential = {**a_signed_credential(), "n": 10**5000}
    result = verify_credential(credential, now=NOW)
    assert result.check(CheckName.SCHEMA).code == "number_too_large"


def _signed_raw(payload: str) -> str:
    """A validly signed JWS over raw payload text (too deep for json.dumps to write)."""
    key = issuer_key()
    header = {"alg": "EdDSA", "kid": key.verification_method}
    part = base64.urlsafe_b64encode(json.dumps(header).encode()).decode().rstrip("=")
    body = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    signature = base64.urlsafe_b64encode(key.sign(f"{part}.{body}".encode())).decode()
    return f"{part}.{body}.{signature.rstrip('=')}"


def test_signed_vc_jwt_with_deep_payload_is_refused_with_a_code() -> None:
    token = _signed_raw('{"a":' * 5000 + "1" + "}" * 5000)
    result = verify_credential(token, now=NOW)
    assert result.format == "vc-jwt"
    assert result.check(CheckName.SCHEMA).code == "document_too_deep"


def test_vc_jwt_with_lone_surrogate_in_payload_is_refused_with_a_code() -> None:
    token = _signed_raw('{"id": "\\ud800"}')
    result = verify_credential(token, now=NOW)
    assert result.check(CheckName.SCHEMA).code == "invalid_unicode"


def test_very_long_token_is_refused_with_a_code() -> None:
    result = verify_credential("a." * 600_000 + "b", now=NOW)
    assert result.check(CheckName.SCHEMA).code == "document_too_large"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@given(JSON)
def test_verify_never_raises_on_any_json_value(value: Any) -> None:
    result = verify_credential(value, now=NOW)
    assert not result.verified
    json.dumps(result.to_json())


@given(st.text(max_size=300))
def test_verify_never_raises_on_any_text(text: str) -> None:
    result = verify_credential(text, now=NOW)
    assert not result.verified
    json.dumps(result.to_json(), ensure_ascii=True)
