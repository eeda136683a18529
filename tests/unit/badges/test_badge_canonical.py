"""Canonicalisation guards: pinned contexts only, nothing dropped, bounded size."""

from __future__ import annotations

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


def test_unknown_context_url_fails_closed() -> None:
    credential = build_credential(a_request(issuer_key()))
    credential["@context"].append("https://evil.example/context.json")
    with pytest.raises(UnknownContextError, match="evil.example"):
        canonize(credential)


def test_undefined_term_is_refused_instead_of_dropped() -> None:
    credential = build_credential(a_request(issuer_key()))
    credential["credentialSubject"]["favouriteColour"] = "blue"
    with pytest.raises(UnsafeExpansionError, match="favouriteColour"):
        canonize(credential)


def test_undefined_type_is_refused_instead_of_left_relative() -> None:
    credential = build_credential(a_request(issuer_key()))
    credential["type"].append("LeerspoorBadge")
    with pytest.raises(UnsafeExpansionError, match="LeerspoorBadge"):
        canonize(credential)


def test_document_over_256_kib_is_refused_before_canonicalisation() -> None:
    credential = build_credential(a_request(issuer_key()))
    credential["description"] = "x" * (256 * 1024)
    with pytest.raises(DocumentTooLargeError):
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
