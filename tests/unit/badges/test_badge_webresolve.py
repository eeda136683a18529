"""The online resolver for foreign issuers: refused before connecting, unless safe.

No packet leaves loopback: addresses come from a stub lookup, and every connection
goes through a transport that fails the test for any non-loopback address. Documents
that must really be fetched (redirects, oversized, slow, cached) come from an HTTPS
server on 127.0.0.1, with loopback opened by ``allowed_networks`` for that test only.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from badge_builders import NOW, a_request
from web_server import HOST, LoopbackOnlyTransport, Site, https_site

from badges import (
    CheckName,
    DidResolutionError,
    KeyPair,
    OnlineResolver,
    PublishedKey,
    ResolverSettings,
    add_proof,
    build_credential,
    did_document,
    verify_credential,
)

ADDRESSES = {
    HOST: ["127.0.0.1"],
    "loopback.test": ["127.0.0.1"],
    "internal.test": ["10.0.0.5"],
    "metadata.test": ["169.254.169.254"],
    "mixed.test": ["93.184.216.34", "10.1.2.3"],
    "mapped.test": ["::ffff:10.0.0.7"],
}


def lookup(host: str, port: int) -> list[str]:
    return ADDRESSES[host]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Site, ssl.SSLContext]]:
    with https_site(tmp_path) as served:
        yield served


def _resolver(
    context: ssl.SSLContext | None = None, **settings: Any
) -> tuple[OnlineResolver, LoopbackOnlyTransport]:
    transport = LoopbackOnlyTransport(verify=context or ssl.create_default_context())
    resolver = OnlineResolver(ResolverSettings(**settings), lookup=lookup, transport=transport)
    return resolver, transport


def _did(site: Site, *path: str) -> str:
    return ":".join([f"did:web:{HOST}%3A{site.port}", *path])


@pytest.mark.parametrize(
    ("identifier", "reason"),
    [
        ("did:web:loopback.test", "loopback"),
        ("did:web:internal.test", "private"),
        ("did:web:metadata.test", "link-local"),
        ("did:web:169.254.169.254", "link-local"),
        ("did:web:mixed.test", "10.1.2.3"),
        ("did:web:mapped.test", "private"),
        ("https://internal.test/issuers/1", "private"),
    ],
)
def test_non_public_addresses_are_refused_before_any_connection(
    identifier: str, reason: str
) -> None:
    resolver, transport = _resolver()
    with pytest.raises(DidResolutionError, match=reason):
        resolver(identifier)
    assert transport.attempted == []


def test_plain_http_is_refused() -> None:
    resolver, transport = _resolver()
    with pytest.raises(DidResolutionError, match="only https"):
        resolver.check_url("http://issuer.test/.well-known/did.json")
    assert transport.attempted == []


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("https://internal.test/x/did.json", "10.0.0.5, a private address"),
        ("https://metadata.test/latest/meta-data", "169.254.169.254, a link-local address"),
        ("https://127.0.0.2:1/x", "127.0.0.2, a loopback address"),
        ("http://issuer.test/x", "only https"),
    ],
)
def test_redirects_are_checked_again_before_connecting(
    site: tuple[Site, ssl.SSLContext], location: str, reason: str
) -> None:
    served, context = site
    served.redirect("/away/did.json", location)
    # only the test server's own address is opened: the first hop, nothing else
    resolver, transport = _resolver(context, allowed_networks=("127.0.0.1/32",))
    with pytest.raises(DidResolutionError, match=reason):
        resolver(_did(served, "away"))
    assert transport.attempted == ["127.0.0.1"]


def test_oversized_document_is_refused(site: tuple[Site, ssl.SSLContext]) -> None:
    served, context = site
    served.json("/big/did.json", {"id": _did(served, "big"), "padding": "x" * 300_000})
    resolver, _ = _resolver(context, allowed_networks=("127.0.0.0/8",), max_bytes=64 * 1024)
    with pytest.raises(DidResolutionError, match="larger than 65536 bytes"):
        resolver(_did(served, "big"))


def test_slow_document_is_refused_at_the_deadline(site: tuple[Site, ssl.SSLContext]) -> None:
    served, context = site
    served.slow_paths.add("/slow/did.json")
    resolver, _ = _resolver(context, allowed_networks=("127.0.0.0/8",), timeout_s=0.5)
    with pytest.raises(DidResolutionError, match="time limit"):
        resolver(_did(served, "slow"))


def _issuer_at(served: Site, *path: str) -> tuple[KeyPair, dict[str, Any]]:
    did = _did(served, *path)
    pair = KeyPair.from_seed(bytes([31]) * 32)
    published = PublishedKey(pair.public_multibase, fragment="key-1")
    return pair.bound_to(published.method_id(did)), did_document(did, [published])


def test_foreign_did_web_issuer_verifies_through_the_online_resolver(
    site: tuple[Site, ssl.SSLContext],
) -> None:
    served, context = site
    key, document = _issuer_at(served)
    served.json("/.well-known/did.json", document)
    credential = add_proof(build_credential(a_request(key)), key, created=NOW)
    resolver, transport = _resolver(context, allowed_networks=("127.0.0.0/8",))
    result = verify_credential(credential, now=NOW, did_documents=resolver)
    assert result.check(CheckName.PROOF).code == "passed"
    assert result.check(CheckName.ISSUER).code == "passed"
    assert transport.attempted == ["127.0.0.1"]


def test_https_controller_document_is_fetched_for_an_https_method(
    site: tuple[Site, ssl.SSLContext],
) -> None:
    served, context = site
    controller = f"https://{HOST}:{served.port}/issuers/7"
    served.json("/issuers/7", {"id": controller, "verificationMethod": []})
    resolver, _ = _resolver(context, allowed_networks=("127.0.0.0/8",))
    assert resolver(controller) == {"id": controller, "verificationMethod": []}


def test_cache_follows_max_age_and_no_store(site: tuple[Site, ssl.SSLContext]) -> None:
    served, context = site
    served.json("/kept/did.json", {"id": _did(served, "kept")}, **{"Cache-Control": "max-age=60"})
    served.json("/fresh/did.json", {"id": _did(served, "fresh")}, **{"Cache-Control": "no-store"})
    now = [1000.0]
    transport = LoopbackOnlyTransport(verify=context)
    resolver = OnlineResolver(
        ResolverSettings(allowed_networks=("127.0.0.0/8",)),
        lookup=lookup,
        transport=transport,
        clock=lambda: now[0],
    )
    for _ in range(3):
        resolver(_did(served, "kept"))
        resolver(_did(served, "fresh"))
    assert served.hits == {"/kept/did.json": 1, "/fresh/did.json": 3}
    now[0] += 61
    resolver(_did(served, "kept"))
    assert served.hits["/kept/did.json"] == 2


def test_document_not_found_is_a_resolution_error(site: tuple[Site, ssl.SSLContext]) -> None:
    served, context = site
    resolver, _ = _resolver(context, allowed_networks=("127.0.0.0/8",))
    with pytest.raises(DidResolutionError, match="HTTP 404"):
        resolver(_did(served, "nobody"))
