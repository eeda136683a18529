"""Checking a credential's ``credentialStatus`` entries against signed status lists.

The fetcher is the caller's (offline: a directory, a database); a list that cannot be
fetched makes the status "not checkable", never a silent pass. A list counts only when
its own proof holds and that proof was made by a verification method of the
credential's issuer: the same controller (DID or URL) as the credential's own proof,
listed for assertion. What the list says about its issuer is checked too, but on its
own it proves nothing (issue 15: any did:key could claim to be cdo-elektro).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from badges.canonical import check_limits
from badges.did import ResolvedMethod
from badges.errors import BadgeError, StatusListError
from badges.loader import PinnedLoader, default_loader
from badges.proof import check_proof
from badges.status import StatusList, StatusPurpose, read_status_list

StatusFetcher = Callable[[str], Mapping[str, Any] | None]
MethodLookup = Callable[[str], ResolvedMethod]
_SEVERITY = ("revoked", "suspended", "status_list_invalid", "status_unavailable", "passed")


def check_status(
    credential: Mapping[str, Any],
    fetch: StatusFetcher | None,
    methods: MethodLookup,
    issuer: str,
    loader: PinnedLoader | None = None,
) -> tuple[str, str]:
    """The worst status code over all entries (``passed`` when none is set), and a detail.

    ``issuer`` is the controller of the credential's own (already checked) proof;
    ``methods`` resolves a verification method id to its controller and key.
    """
    entries = credential.get("credentialStatus")
    if entries is None:
        return "status_absent", ""
    if isinstance(entries, Mapping):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        return "status_list_invalid", "credentialStatus is not an entry or a list"
    outcomes = [_check_entry(entry, fetch, methods, issuer, loader) for entry in entries]
    return min(outcomes, key=lambda outcome: _SEVERITY.index(outcome[0]))


def _check_entry(
    entry: object,
    fetch: StatusFetcher | None,
    methods: MethodLookup,
    issuer: str,
    loader: PinnedLoader | None,
) -> tuple[str, str]:
    if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
        return "status_list_invalid", "not a BitstringStatusListEntry"
    url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
    if not isinstance(url, str) or not isinstance(index, str) or not index.isdigit():
        return "status_list_invalid", "statusListCredential or statusListIndex malformed"
    document = fetch(url) if fetch else None
    if document is None:
        return "status_unavailable", url
    verified = _verified_list(url, document, methods, issuer, loader or default_loader())
    if isinstance(verified, tuple):
        return verified
    try:
        status_list = verified
        if status_list.purpose != entry.get("statusPurpose"):
            raise StatusListError("statusPurpose differs from the entry's")
        is_set = status_list.status(int(index))
    except BadgeError as error:
        return "status_list_invalid", f"{url}: {error}"
    if not is_set:
        return "passed", ""
    return ("revoked" if status_list.purpose is StatusPurpose.REVOCATION else "suspended"), url


def _verified_list(
    url: str,
    document: Mapping[str, Any],
    methods: MethodLookup,
    issuer: str,
    loader: PinnedLoader,
) -> StatusList | tuple[str, str]:
    """The list's bits once its proof holds by a key of ``issuer``, or a failure.

    A list verified before is taken from the loader's memo, keyed by the list's JSON
    text and the key material its method resolves to *now* (so a rotated or retired
    key, or any change to the list, is a miss): issue 19, one issuer's list serves
    many credentials and its proof need not be re-verified for each.
    """
    found: list[ResolvedMethod] = []

    def key_of(method_id: str) -> Ed25519PublicKey:
        method = methods(method_id)
        found.append(method)
        return method.public_key

    proof = document.get("proof")
    method_id = proof.get("verificationMethod") if isinstance(proof, Mapping) else None
    memo_key: tuple[str, ...] | None = None
    if isinstance(method_id, str):
        try:
            method = key_of(method_id)
            memo_key = (check_limits(document), method_id, found[-1].controller, _raw(method))
        except BadgeError:
            found.clear()
    cached: StatusList | None = loader.verified_lists.get(memo_key) if memo_key else None
    if cached is None:
        found.clear()
        if not check_proof(document, key_of, loader).valid:
            return "status_list_invalid", f"{url}: proof does not hold"
    if not found or found[-1].controller != issuer or not found[-1].assertion:
        return "status_list_invalid", f"{url}: not signed by a key of the credential's issuer"
    list_issuer = document.get("issuer")
    list_issuer = list_issuer.get("id") if isinstance(list_issuer, Mapping) else list_issuer
    if list_issuer != issuer:
        return "status_list_invalid", f"{url}: not published by the credential's issuer"
    if cached is not None:
        return cached
    try:
        status_list = read_status_list(document)
    except BadgeError as error:
        return "status_list_invalid", f"{url}: {error}"
    if memo_key is not None:
        loader.verified_lists[memo_key] = status_list
    return status_list


def _raw(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
