"""Checking a credential's ``credentialStatus`` entries against signed status lists.

The fetcher is the caller's (offline: a directory, a database); a list that cannot be
fetched makes the status "not checkable", never a silent pass. A list counts only when
its own proof holds and it comes from the credential's issuer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges.errors import BadgeError, StatusListError
from badges.loader import PinnedLoader
from badges.proof import check_proof
from badges.status import StatusPurpose, read_status_list

StatusFetcher = Callable[[str], Mapping[str, Any] | None]
_SEVERITY = ("revoked", "suspended", "status_list_invalid", "status_unavailable", "passed")


def check_status(
    credential: Mapping[str, Any],
    fetch: StatusFetcher | None,
    keys: Callable[[str], Ed25519PublicKey],
    issuer: str,
    loader: PinnedLoader | None = None,
) -> tuple[str, str]:
    """The worst status code over all entries (``passed`` when none is set), and a detail."""
    entries = credential.get("credentialStatus")
    if entries is None:
        return "status_absent", ""
    if isinstance(entries, Mapping):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        return "status_list_invalid", "credentialStatus is not an entry or a list"
    outcomes = [_check_entry(entry, fetch, keys, issuer, loader) for entry in entries]
    return min(outcomes, key=lambda outcome: _SEVERITY.index(outcome[0]))


def _check_entry(
    entry: object,
    fetch: StatusFetcher | None,
    keys: Callable[[str], Ed25519PublicKey],
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
    if not check_proof(document, keys, loader).valid:
        return "status_list_invalid", f"{url}: proof does not hold"
    list_issuer = document.get("issuer")
    list_issuer = list_issuer.get("id") if isinstance(list_issuer, Mapping) else list_issuer
    if list_issuer != issuer:
        return "status_list_invalid", f"{url}: not published by the credential's issuer"
    try:
        status_list = read_status_list(document)
        if status_list.purpose != entry.get("statusPurpose"):
            raise StatusListError("statusPurpose differs from the entry's")
        is_set = status_list.status(int(index))
    except BadgeError as error:
        return "status_list_invalid", f"{url}: {error}"
    if not is_set:
        return "passed", ""
    return ("revoked" if status_list.purpose is StatusPurpose.REVOCATION else "suspended"), url
