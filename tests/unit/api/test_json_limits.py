"""The JSON limits of the HTTP boundary (``api.http.limits``): nesting measured on the bytes
before any parser runs, linear on hostile input, and a strict parser after it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.http.limits import MAX_DEPTH, UnsafeJsonError, check_json, is_json, nesting_depth

MIB = 1 << 20
# Strings that look like structure: brackets, quotes and backslashes inside them.
tricky_text = st.text(alphabet=st.sampled_from('ab[]{}"\\\u00e9\U0001f600'), max_size=8)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | tricky_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=3),
    max_leaves=30,
)


def true_depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(true_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(true_depth, value.values()), default=0)
    return 0


@given(json_values, st.booleans())
def test_the_byte_scan_measures_the_nesting_of_any_json(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert nesting_depth(text) == true_depth(value)


@given(json_values)
def test_check_json_parses_what_it_accepts_exactly_as_the_standard_parser(value: Any) -> None:
    text = json.dumps(value).encode()
    if true_depth(value) <= MAX_DEPTH:
        assert check_json(text) == json.loads(text)


@pytest.mark.parametrize(
    "number", [-9223372036854775809, 18446744073709551616, 10**40, -(10**40), 2**63 - 1]
)
def test_integers_beyond_64_bits_are_read_exactly(number: int) -> None:
    assert check_json(f'{{"n": [{number}]}}'.encode()) == {"n": [number]}


@pytest.mark.parametrize(
    ("data", "depth"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 100_000),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, 100_000),
        (b'["[[[[", "]]]"]', 1),
        (b'["\\"[[["]', 1),
        (b'["\\\\", [[]]]', 3),
        (b'"' + b'\\"' * 100_000, 0),  # an unterminated string of escaped quotes
        (b'"' + b'\\"' * 100_000 + b"\\", 0),  # ... ending in a lone backslash
        (b'"' * MIB, 0),
        (b"[]" * (MIB // 2), 1),
    ],
)
def test_hostile_shapes_are_measured_in_one_pass(data: bytes, depth: int) -> None:
    assert nesting_depth(data) == depth


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), 422, "nesting-too-deep"),
        (b"[" * 100_000, 422, "nesting-too-deep"),  # unbalanced too: refused before parsing
        (b'{"a": "\\ud800"}', 400, "malformed-body"),
        (b'["\\udc00 alone"]', 400, "malformed-body"),
        (b'["\xed\xa0\x80"]', 400, "malformed-body"),  # a surrogate encoded as raw bytes
        (b"9" * 5000, 400, "malformed-body"),
        (b'{"n": ' + b"9" * 4301 + b"}", 400, "malformed-body"),
        (b"[NaN]", 400, "malformed-body"),
        (b"\xef\xbb\xbf{}", 400, "malformed-body"),
        (b"{not json", 400, "malformed-body"),
        (b'{"a": 1', 400, "malformed-body"),
        ('{"a": "é"}'.encode("utf-16"), 400, "malformed-body"),
    ],
)
def test_unsafe_json_is_refused_with_a_problem(data: bytes, status: int, code: str) -> None:
    with pytest.raises(UnsafeJsonError) as refused:
        check_json(data)
    assert (refused.value.status, refused.value.code) == (status, code)


def test_json_at_the_depth_limit_and_paired_surrogates_are_accepted() -> None:
    deepest = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert check_json(deepest) is not None
    assert check_json(b'["\\ud83d\\ude00"]') == ["\U0001f600"]


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("Application/JSON", True),
        ("application/ld+json", True),
        ("application/vc+ld+json", True),
        ("text/plain", False),
        ("multipart/form-data; boundary=x", False),
        ("application/x-www-form-urlencoded", False),
        ("", False),
        (None, False),
    ],
)
def test_json_media_types_are_recognised_as_fastapi_does(
    content_type: str | None, expected: bool
) -> None:
    assert is_json(content_type) is expected
