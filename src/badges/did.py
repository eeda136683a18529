"""DID documents for issuers (``did:key`` and ``did:web``) and offline resolution.

``did:key`` resolves from the identifier itself. ``did:web`` resolves only through
documents the caller injects (a mapping or a callable); nothing here fetches from the
network. Imports nothing from the rest of the project.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges.errors import DidResolutionError
from badges.keys import public_key_from_multibase
from badges.timefmt import parse_datetime

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
# Extension member: verification methods kept for old credentials but signing nothing new.
RETIRED = "leerspoorRetiredKeys"

WebResolver = Callable[[str], Mapping[str, Any] | None]


@dataclass(frozen=True)
class PublishedKey:
    """One verification method to put in a DID document."""

    public_multibase: str
    retired_at: str | None = None
    fragment: str = ""

    def method_id(self, did: str) -> str:
        return f"{did}#{self.fragment or self.public_multibase}"


def did_key(public_multibase: str) -> str:
    """The ``did:key`` identifier of an Ed25519 Multikey."""
    public_key_from_multibase(public_multibase)
    return f"did:key:{public_multibase}"


def did_web(host: str, *path: str) -> str:
    """The ``did:web`` identifier for a host (port allowed) and optional path segments."""
    return ":".join(["did:web", quote(host, safe=""), *(quote(p, safe="") for p in path)])


def did_web_url(did: str) -> str:
    """Where a ``did:web`` document is published (DID Web method §3.2)."""
    parts = did.split(":")
    if len(parts) < 3 or parts[:2] != ["did", "web"]:
        raise DidResolutionError(f"{did!r} is not a did:web identifier")
    host, path = unquote(parts[2]), [unquote(p) for p in parts[3:]]
    return f"https://{host}/" + ("/".join(path) + "/did.json" if path else ".well-known/did.json")


def did_document(did: str, keys: Sequence[PublishedKey]) -> dict[str, Any]:
    """A DID document listing every key: retired keys stay so old credentials verify."""
    methods = [
        {
            "id": key.method_id(did),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_multibase,
        }
        for key in keys
    ]
    ids = [method["id"] for method in methods]
    document: dict[str, Any] = {
        "@context": DID_CONTEXT,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }
    retired = {key.method_id(did): key.retired_at for key in keys if key.retired_at}
    if retired:
        document[RETIRED] = retired
    return document


def did_key_document(public_multibase: str) -> dict[str, Any]:
    """The DID document a ``did:key`` resolves to."""
    return did_document(did_key(public_multibase), [PublishedKey(public_multibase)])


@dataclass(frozen=True)
class ResolvedMethod:
    """A verification method found in its controller's DID document."""

    id: str
    controller: str
    public_key: Ed25519PublicKey
    assertion: bool
    retired_at: datetime | None


def resolve_document(
    did: str, web: Mapping[str, Mapping[str, Any]] | WebResolver | None = None
) -> Mapping[str, Any]:
    """Resolve a DID document offline.

    Raises:
        DidResolutionError: unsupported method, or a did:web the caller did not provide.
    """
    if did.startswith("did:key:"):
        return did_key_document(did.removeprefix("did:key:"))
    if did.startswith("did:web:"):
        document = web.get(did) if isinstance(web, Mapping) else web(did) if web else None
        if document is None:
            raise DidResolutionError(f"no DID document available offline for {did}")
        if document.get("id") != did:
            raise DidResolutionError(f"DID document id does not match {did}")
        return document
    raise DidResolutionError(f"unsupported DID method in {did[:40]!r}")


def resolve_method(
    method_id: str, web: Mapping[str, Mapping[str, Any]] | WebResolver | None = None
) -> ResolvedMethod:
    """Find a verification method and its key in the controller's DID document.

    Raises:
        DidResolutionError: the DID or the method cannot be resolved, or is not Multikey.
    """
    did = method_id.split("#", 1)[0]
    document = resolve_document(did, web)
    for method in document.get("verificationMethod", []):
        if isinstance(method, Mapping) and method.get("id") == method_id:
            break
    else:
        raise DidResolutionError(f"{method_id} is not in the DID document of {did}")
    if method.get("type") != "Multikey" or method.get("controller") != did:
        raise DidResolutionError(f"{method_id} is not a Multikey controlled by {did}")
    retired = document.get(RETIRED, {})
    return ResolvedMethod(
        id=method_id,
        controller=did,
        public_key=public_key_from_multibase(str(method.get("publicKeyMultibase", ""))),
        assertion=method_id in document.get("assertionMethod", []),
        retired_at=parse_datetime(retired.get(method_id)) if isinstance(retired, dict) else None,
    )
