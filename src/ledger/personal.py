"""Personal data in events, encrypted per learner so it can be erased (crypto-shredding).

A ``PersonalData(subject, value)`` field is stored AES-256-GCM-encrypted under the data key
of its subject (the learner), with the subject's id as associated data. Destroying the key
makes every stored copy unreadable: the event still decodes, with ``value=None``, and its
stored bytes (hence the integrity tree's leaves) never change. The keys live behind the
``DataKeys`` port; the composition root passes a persistent implementation in.
Imports no other package of ours; no SQL here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Transcoding

PersonalValue = str | date | None
ERASED = "[erased]"


@dataclass(frozen=True)
class PersonalData:
    """One personal value of ``subject``; ``value`` is None when absent or erased."""

    subject: UUID
    value: PersonalValue


class DataKeys(Protocol):
    """The key ring of per-subject data keys (32 random bytes each)."""

    def key_for(self, subject: UUID) -> bytes | None:
        """The subject's key, or None when it never existed or was destroyed. A key store
        that does not answer raises ``eventsourcing.persistence.OperationalError`` (or
        ``InterfaceError``): an outage, retried like the event store's own."""

    def create(self, subject: UUID) -> bytes:
        """The subject's key, created when it has none yet (idempotent)."""

    def destroy(self, subject: UUID) -> bool:
        """Destroys the subject's key for good; True when there was one."""

    def close(self) -> None:
        """Releases the key store's connections (closing the ledger closes its key ring)."""


class MemoryDataKeys:
    """``DataKeys`` in a dict: for tests and the in-memory store."""

    def __init__(self) -> None:
        self._keys: dict[UUID, bytes] = {}

    def key_for(self, subject: UUID) -> bytes | None:
        return self._keys.get(subject)

    def create(self, subject: UUID) -> bytes:
        return self._keys.setdefault(subject, os.urandom(32))

    def destroy(self, subject: UUID) -> bool:
        return self._keys.pop(subject, None) is not None

    def close(self) -> None:
        """Holds no connections."""


class PersonalDataAsCiphertext(Transcoding):
    """Stores ``PersonalData`` as ``{"subject", "sealed"}``: nonce ‖ AES-GCM ciphertext of
    the tagged value. A missing value is stored as ``sealed: null`` (nothing to hide)."""

    type = PersonalData
    name = "personal_data"

    def __init__(self, keys: DataKeys) -> None:
        self.keys = keys

    def encode(self, obj: PersonalData) -> dict[str, str | None]:
        if obj.value is None:
            return {"subject": obj.subject.hex, "sealed": None}
        key = self.keys.key_for(obj.subject)
        if key is None:
            # Programmer error: the application creates the key before recording.
            raise RuntimeError(f"no data key for {obj.subject}: create it before recording")
        tagged = {"d": obj.value.isoformat()} if isinstance(obj.value, date) else {"s": obj.value}
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, json.dumps(tagged).encode(), obj.subject.bytes)
        return {"subject": obj.subject.hex, "sealed": base64.b64encode(nonce + sealed).decode()}

    def decode(self, data: dict[str, str | None]) -> PersonalData:
        subject = UUID(str(data["subject"]))
        sealed = data["sealed"]
        key = self.keys.key_for(subject) if sealed is not None else None
        if sealed is None or key is None:
            return PersonalData(subject, None)
        raw = base64.b64decode(sealed)
        tagged = json.loads(AESGCM(key).decrypt(raw[:12], raw[12:], subject.bytes))
        value: PersonalValue = date.fromisoformat(tagged["d"]) if "d" in tagged else tagged["s"]
        return PersonalData(subject, value)


def keyed_digest(key: bytes, payload: object) -> str:
    """An HMAC of personal values (for idempotency fingerprints): unlike a plain hash it
    cannot be brute-forced from guessed names, and it is meaningless once the key is gone."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def plain(value: PersonalData | PersonalValue) -> PersonalValue:
    """The readable value of a field: schema-v1 events stored it in plain text."""
    return value.value if isinstance(value, PersonalData) else value
