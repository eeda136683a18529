"""W3C Bitstring Status List v1.0: revocation and suspension without personal data.

A status list is a credential whose subject is a GZIP-compressed bitstring (at least
16 KiB = 131072 entries, so one credential hides in the crowd). Index 0 is the most
significant bit of the first byte (§4.4). Indices are allocated at random for the
same reason. Nothing here stores lists: callers keep the bits and publish the JSON.
"""

from __future__ import annotations

import base64
import gzip
import io
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from badges.errors import StatusListError
from badges.model import VC_CONTEXT
from badges.timefmt import format_datetime

MIN_ENTRIES = 131072
MAX_ENCODED_BYTES = 1024 * 1024


class StatusPurpose(StrEnum):
    REVOCATION = "revocation"
    SUSPENSION = "suspension"


@dataclass(frozen=True)
class StatusList:
    """The bits of one status list; ``with_status`` returns a new list."""

    url: str
    purpose: StatusPurpose
    bits: bytes = bytes(MIN_ENTRIES // 8)

    @property
    def size(self) -> int:
        return len(self.bits) * 8

    def status(self, index: int) -> bool:
        self._check(index)
        return bool(self.bits[index // 8] & (0x80 >> (index % 8)))

    def with_status(self, index: int, value: bool) -> StatusList:
        """Set (revoke/suspend) or clear (reinstate) one entry."""
        self._check(index)
        changed = bytearray(self.bits)
        mask = 0x80 >> (index % 8)
        changed[index // 8] = changed[index // 8] | mask if value else changed[index // 8] & ~mask
        return StatusList(self.url, self.purpose, bytes(changed))

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"index {index} outside status list of {self.size} entries")


def allocate_index(used: Collection[int], size: int = MIN_ENTRIES) -> int:
    """Pick a free index at random (spec §6.3: sequential indices leak issuance order).

    Raises:
        StatusListError: the list is full.
    """
    if len(used) >= size:
        raise StatusListError("status list is full; start a new list")
    while True:
        index = secrets.randbelow(size)
        if index not in used:
            return index


def encode_list(bits: bytes) -> str:
    """Multibase base64url (``u``, no padding) of the GZIP-compressed bitstring."""
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_list(encoded: object) -> bytes:
    """Inverse of :func:`encode_list`, bounded against decompression bombs.

    Raises:
        StatusListError: not a multibase base64url GZIP bitstring of at least 16 KiB.
    """
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList is not multibase base64url")
    if len(encoded) > MAX_ENCODED_BYTES:
        raise StatusListError("encodedList too large")
    try:
        raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            bits = stream.read(64 * MAX_ENCODED_BYTES + 1)
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError(f"encodedList cannot be decoded: {error}") from error
    if len(bits) * 8 < MIN_ENTRIES or len(bits) > 64 * MAX_ENCODED_BYTES:
        raise StatusListError("bitstring is not between 16 KiB and the size limit")
    return bits


def status_entry(status_list: StatusList, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` entry pointing at one index of a list."""
    status_list.status(index)  # range check
    return {
        "id": f"{status_list.url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": str(status_list.purpose),
        "statusListIndex": str(index),
        "statusListCredential": status_list.url,
    }


def status_list_credential(
    status_list: StatusList, *, issuer: str, valid_from: datetime
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` for a list (sign with ``add_proof``)."""
    return {
        "@context": [VC_CONTEXT],
        "id": status_list.url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{status_list.url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": str(status_list.purpose),
            "encodedList": encode_list(status_list.bits),
        },
    }


def read_status_list(document: Mapping[str, Any]) -> StatusList:
    """Read a status list back from its (already verified) credential.

    Raises:
        StatusListError: the document is not a BitstringStatusListCredential.
    """
    subject = document.get("credentialSubject")
    types = document.get("type")
    if not isinstance(subject, Mapping) or not isinstance(types, list):
        raise StatusListError("not a status list credential")
    if "BitstringStatusListCredential" not in types:
        raise StatusListError("not a BitstringStatusListCredential")
    try:
        purpose = StatusPurpose(str(subject.get("statusPurpose")))
    except ValueError:
        raise StatusListError("unsupported statusPurpose") from None
    return StatusList(str(document.get("id")), purpose, decode_list(subject.get("encodedList")))
