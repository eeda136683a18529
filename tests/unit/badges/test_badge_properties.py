"""Property tests: any change to a signed credential is caught; junk never crashes."""

from __future__ import annotations

import copy
import json
from typing import Any

from badge_builders import NOW, DocumentPath, a_signed_credential, document_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badges import (
    UnreadableInputError,
    bake_png,
    bake_svg,
    default_png,
    default_svg,
    read_badge,
    verify_credential,
)

SIGNED = a_signed_credential()
PNG = bake_png(default_png("Hulpkelner"), SIGNED)
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parent(document: Any, path: DocumentPath) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


PATHS = document_paths(SIGNED)
LEAVES = [p for p in PATHS if isinstance(_parent(SIGNED, p)[p[-1]], (str, bool, int, float))]
KEYS = [p for p in PATHS if isinstance(p[-1], str)]


def _not_verified(document: object) -> bool:
    return not verify_credential(document, now=NOW).verified


@SLOW
@given(st.sampled_from(LEAVES), st.text(min_size=1, max_size=20))
def test_changing_any_value_is_detected(path: DocumentPath, text: str) -> None:
    mutated = copy.deepcopy(SIGNED)
    parent = _parent(mutated, path)
    original = parent[path[-1]]
    replacement: object = text if text != original else text + "x"
    if isinstance(original, bool):
        replacement = not original
    elif isinstance(original, (int, float)):
        replacement = original + 1
    parent[path[-1]] = replacement
    assert _not_verified(mutated)


@SLOW
@given(st.sampled_from(KEYS), st.text(min_size=1, max_size=12))
def test_renaming_any_key_is_detected(path: DocumentPath, name: str) -> None:
    mutated = copy.deepcopy(SIGNED)
    parent = _parent(mutated, path)
    key = path[-1]
    assert isinstance(key, str)
    new_key = name if name != key else name + "x"
    parent[new_key] = parent.pop(key)
    assert _not_verified(mutated)


@SLOW
@given(st.sampled_from(KEYS))
def test_removing_any_member_is_detected(path: DocumentPath) -> None:
    mutated = copy.deepcopy(SIGNED)
    _parent(mutated, path).pop(path[-1])
    assert _not_verified(mutated)


@SLOW
@given(
    st.sampled_from(
        [
            "https://www.w3.org/ns/credentials/examples/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            "https://w3id.org/security/data-integrity/v2",
            "https://unknown.example/context",
        ]
    ),
    st.integers(min_value=0, max_value=3),
)
def test_changing_the_context_is_detected(url: str, position: int) -> None:
    mutated = copy.deepcopy(SIGNED)
    contexts = mutated["@context"]
    if position < len(contexts):
        contexts[position] = url
    else:
        contexts.append(url)
    assert _not_verified(mutated)


@SLOW
@given(st.binary(min_size=0, max_size=300))
def test_random_bytes_are_unreadable_or_a_failed_result(data: bytes) -> None:
    try:
        badge = read_badge(data)
    except UnreadableInputError:
        return
    assert _not_verified(badge)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@SLOW
@given(json_values)
def test_random_json_gives_a_failed_result(value: object) -> None:
    assert _not_verified(value)
    assert _not_verified(json.dumps(value))


@SLOW
@given(st.dictionaries(st.sampled_from(list(SIGNED)), json_values, min_size=1, max_size=4))
def test_credential_with_random_members_gives_a_failed_result(members: dict[str, Any]) -> None:
    assert _not_verified({**SIGNED, **members})


@SLOW
@given(st.integers(min_value=0, max_value=len(PNG) - 1))
def test_truncated_png_is_unreadable_or_intact(cut: int) -> None:
    try:
        badge = read_badge(PNG[:cut])
    except UnreadableInputError:
        return
    assert badge == SIGNED  # only the trailing IEND chunk was cut


@SLOW
@given(st.text(max_size=200))
def test_bad_svg_is_unreadable(noise: str) -> None:
    svg = bake_svg(default_svg("x"), SIGNED)
    broken = svg[: len(svg) // 2] + noise
    try:
        badge = read_badge(broken.encode("utf-8", "surrogatepass"))
    except UnreadableInputError:
        return
    assert isinstance(badge, (dict, str))
