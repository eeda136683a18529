"""DID and controller documents, and resolving a verification method to its key.

``did:key`` and ``did:jwk`` resolve from the identifier itself (memoised: the answer
never changes). ``did:web`` DIDs and ``https://`` controller documents (W3C Controlled
Identifiers; the 1EdTech OB 3.0 example issuer) resolve only through a source the
caller passes (a mapping or a callable: a trust folder, our own documents, the online
resolver in ``badges.webresolve``); nothing here touches the network, and nothing
from a source is memoised here. Imports nothing from the rest of the project.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
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
DocumentSource = Mapping[str, Mapping[str, Any]] | WebResolver | None


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
    """A verification method found in its controller's document."""

    id: str
    controller: str
    public_key: Ed25519PublicKey
    assertion: bool
    retired_at: datetime | None
    authentication: bool = False


def first_of(*sources: DocumentSource) -> WebResolver:
    """One source asking each given source in turn (say: ours, a trust folder, online).

    The first document found wins; a source that raises (the online resolver refusing
    a URL) stops the search with its reason.
    """

    def lookup(identifier: str) -> Mapping[str, Any] | None:
        for source in sources:
            found = (
                source.get(identifier)
                if isinstance(source, Mapping)
                else (source(identifier) if source else None)
            )
            if found is not None:
                return found
        return None

    return lookup


def did_jwk(jwk: Mapping[str, str]) -> str:
    """The ``did:jwk`` of an Ed25519 public JWK (``kty`` OKP, ``crv`` Ed25519)."""
    text = json.dumps(dict(jwk), separators=(",", ":"), sort_keys=True)
    return "did:jwk:" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def did_jwk_document(did: str) -> dict[str, Any]:
    """The DID document a ``did:jwk`` resolves to (did:jwk method specification §2).

    Raises:
        DidResolutionError: not a did:jwk of an Ed25519 public key.
    """
    encoded = did.removeprefix("did:jwk:").split("#", 1)[0]
    try:
        jwk = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, binascii.Error) as error:
        raise DidResolutionError(f"{did[:40]!r} is not a did:jwk") from error
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise DidResolutionError("only Ed25519 (OKP) keys are supported in did:jwk")
    if "d" in jwk:
        raise DidResolutionError("a did:jwk must not carry a private key")
    identifier = f"did:jwk:{encoded}"
    method_id = f"{identifier}#0"
    method = {"id": method_id, "type": "JsonWebKey", "controller": identifier, "publicKeyJwk": jwk}
    uses = ["keyAgreement"] if jwk.get("use") == "enc" else ["assertionMethod", "authentication"]
    document: dict[str, Any] = {"@context": DID_CONTEXT, "id": identifier}
    document["verificationMethod"] = [method]
    document.update({use: [method_id] for use in uses})
    return document


def resolve_document(identifier: str, web: DocumentSource = None) -> Mapping[str, Any]:
    """Resolve a DID document or an ``https://`` controller document.

    Raises:
        DidResolutionError: unsupported method, a document the source does not have,
            or one whose ``id`` is not the identifier asked for.
    """
    if identifier.startswith("did:key:"):
        return did_key_document(identifier.removeprefix("did:key:"))
    if identifier.startswith("did:jwk:"):
        return did_jwk_document(identifier)
    if identifier.startswith(("did:web:", "https://")):
        document = (
            web.get(identifier) if isinstance(web, Mapping) else web(identifier) if web else None
        )
        if document is None:
            where = "from the resolver" if web is not None else "offline"
            raise DidResolutionError(f"no document available {where} for {identifier}")
        if document.get("id") != identifier:
            raise DidResolutionError(f"document id does not match {identifier}")
        return document
    raise DidResolutionError(f"unsupported DID method in {identifier[:40]!r}")


def resolve_method(method_id: str, web: DocumentSource = None) -> ResolvedMethod:
    """Find a verification method and its Ed25519 key in its controller's document.

    Raises:
        DidResolutionError: the controller or the method cannot be resolved, or the
            method is not an Ed25519 Multikey (or JsonWebKey, for did:jwk).
    """
    if method_id.startswith(("did:key:", "did:jwk:")):
        return _self_certifying_method(method_id)
    return _method_in(method_id, web)


@lru_cache(maxsize=1024)
def _self_certifying_method(method_id: str) -> ResolvedMethod:
    # did:key and did:jwk documents are a pure function of the identifier, so the
    # answer is memoised; did:web and https:// never are (keys rotate, documents change).
    return _method_in(method_id, None)


def _method_in(method_id: str, web: DocumentSource) -> ResolvedMethod:
    controller = method_id.split("#", 1)[0]
    if controller == method_id:
        raise DidResolutionError(f"{method_id[:60]} names no method (no #fragment)")
    document = resolve_document(controller, web)
    for method in document.get("verificationMethod", []):
        if isinstance(method, Mapping) and method.get("id") == method_id:
            break
    else:
        raise DidResolutionError(f"{method_id} is not in the document of {controller}")
    if method.get("controller") != controller:
        raise DidResolutionError(f"{method_id} is not controlled by {controller}")
    retired = document.get(RETIRED, {})
    return ResolvedMethod(
        id=method_id,
        controller=controller,
        public_key=_public_key(method),
        assertion=_lists(document, "assertionMethod", method_id),
        retired_at=parse_datetime(retired.get(method_id)) if isinstance(retired, dict) else None,
        authentication=_lists(document, "authentication", method_id),
    )


def _lists(document: Mapping[str, Any], relationship: str, method_id: str) -> bool:
    entries = document.get(relationship, [])
    return isinstance(entries, list) and method_id in entries


def _public_key(method: Mapping[str, Any]) -> Ed25519PublicKey:
    if method.get("type") == "Multikey":
        return public_key_from_multibase(str(method.get("publicKeyMultibase", "")))
    jwk = method.get("publicKeyJwk")
    if method.get("type") in ("JsonWebKey", "JsonWebKey2020") and isinstance(jwk, Mapping):
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and "d" not in jwk:
            x = str(jwk.get("x", ""))
            try:
                raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
            except (ValueError, binascii.Error):
                raw = b""
            if len(raw) == 32:
                return Ed25519PublicKey.from_public_bytes(raw)
    raise DidResolutionError(f"{method.get('id')} is not an Ed25519 Multikey or JsonWebKey")
