"""Canonicalisation guards: pinned contexts only, nothing dropped, bounded size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from badge_builders import a_request, issuer_key

from badges import (
    DocumentTooLargeError,
    PinnedLoader,
    UnknownContextError,
    UnsafeExpansionError,
    build_credential,
    canonize,
)
from badges.canonical import MAX_DEPTH


@pytest.mark.parametrize(
    ("change", "refusal", "naming"),
    [
        pytest.param(
            lambda c: c["@context"].append("https://evil.example/context.json"),
            UnknownContextError,
            "evil.example",
            id="an_unknown_context_url_fails_closed",
        ),
        pytest.param(
            lambda c: c["credentialSubject"].update(favouriteColour="blue"),
            UnsafeExpansionError,
            "favouriteColour",
            id="an_undefined_term_is_refused_instead_of_dropped",
        ),
        pytest.param(
            lambda c: c["type"].append("LeerspoorBadge"),
            UnsafeExpansionError,
            "LeerspoorBadge",
            id="an_undefined_type_is_refused_instead_of_left_relative",
        ),
        pytest.param(
            lambda c: c.update(description="x" * (256 * 1024)),
            DocumentTooLargeError,
            None,
            id="a_document_over_256_kib_is_refused_before_canonicalisation",
        ),
    ],
)
def test_canonicalisation_refuses_a_credential_it_cannot_represent_faithfully(
    change: Callable[[dict[str, Any]], object], refusal: type[Exception], naming: str | None
) -> None:
    credential = build_credential(a_request(issuer_key()))
    change(credential)
    with pytest.raises(refusal, match=naming):
        canonize(credential)


def test_deeply_nested_document_is_refused() -> None:
    credential = build_credential(a_request(issuer_key()))
    nested: dict[str, object] = {}
    for _ in range(MAX_DEPTH + 2):
        nested = {"narrative": nested}
    credential["credentialSubject"]["achievement"]["criteria"] = nested
    with pytest.raises(DocumentTooLargeError):
        canonize(credential)


def test_canonical_form_ignores_key_order() -> None:
    credential = build_credential(a_request(issuer_key()))
    reordered = dict(reversed(list(credential.items())))
    assert canonize(reordered, PinnedLoader()) == canonize(credential, PinnedLoader())


def test_repeated_canonicalisation_is_served_from_the_loader_cache() -> None:
    loader = PinnedLoader()
    credential = build_credential(a_request(issuer_key()))
    first = canonize(credential, loader)
    assert len(loader.canonical_cache) == 1
    assert canonize(credential, loader) is first


def test_loader_refuses_unpinned_url_without_fetching() -> None:
    with pytest.raises(UnknownContextError):
        PinnedLoader()("https://www.w3.org/ns/did/v1")
