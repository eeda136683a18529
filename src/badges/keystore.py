"""Issuer keys per organisation, in a directory, private keys encrypted at rest.

Each organisation has one JSON file. A private key is sealed (``badges.sealing``:
AES-256-GCM under a scrypt-derived key, a fresh salt per key) and bound to its
organisation and verification method as associated data, so a sealed key cannot be
moved to another organisation unnoticed. The master secret is passed in by the caller.
Rotation retires the active key: it keeps verifying the credentials it signed but signs
nothing new.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from badges.did import PublishedKey, did_document, did_key
from badges.errors import (
    KeyManagementError,
    KeyNotFoundError,
    KeystoreSecretError,
    RetiredKeyError,
)
from badges.keys import KeyPair
from badges.sealing import KDF, Sealed, Sealer
from badges.timefmt import format_datetime

_ORGANISATION = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class KeyRecord:
    """Public facts about one issuer key (no private material)."""

    organisation: str
    did: str
    method_id: str
    public_multibase: str
    created: str
    retired_at: str | None = None

    @property
    def active(self) -> bool:
        return self.retired_at is None


class Keystore:
    """A directory of per-organisation key files sealed under one master secret."""

    def __init__(self, directory: Path, secret: str) -> None:
        self.directory = Path(directory)
        self._sealer = Sealer(secret)

    # -- public operations -------------------------------------------------------------
    def create(self, organisation: str, *, now: datetime, web_did: str | None = None) -> KeyRecord:
        """Create the organisation's first key (``did:key`` unless ``web_did`` is given).

        Raises:
            KeyManagementError: the organisation name is invalid or already has keys.
        """
        if self._path(organisation).exists():
            raise KeyManagementError(f"organisation {organisation!r} already has keys")
        return self._add_key({"organisation": organisation, "web_did": web_did, "keys": []}, now)

    def rotate(self, organisation: str, *, now: datetime) -> KeyRecord:
        """Retire the active key and make a new one; returns the new key's record.

        Raises:
            KeyNotFoundError: the organisation has no keys.
        """
        data = self._load(organisation)
        stamp = format_datetime(now)
        for entry in data["keys"]:
            entry["retired_at"] = entry["retired_at"] or stamp
        return self._add_key(data, now)

    def records(self, organisation: str | None = None) -> list[KeyRecord]:
        """Every key of one organisation, or of all, oldest first."""
        names = [organisation] if organisation else self.organisations()
        return [self._record(name, e) for name in names for e in self._load(name)["keys"]]

    def organisations(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(path.stem for path in self.directory.glob("*.json"))

    def active(self, organisation: str) -> KeyRecord:
        """The key that signs new credentials for the organisation."""
        for record in reversed(self.records(organisation)):
            if record.active:
                return record
        raise KeyNotFoundError(f"organisation {organisation!r} has no active key")

    def signer(self, organisation: str) -> KeyPair:
        """The active key pair, bound to its verification method. Reads only this
        organisation's key file, so another's unreadable file cannot stop it signing."""
        record = self.active(organisation)
        for entry in self._load(organisation)["keys"]:
            if self._record(organisation, entry).method_id == record.method_id:
                return KeyPair.from_seed(self._open(entry, record), record.method_id)
        raise KeyNotFoundError(f"no key for verification method {record.method_id}")

    def signer_for(self, method_id: str) -> KeyPair:
        """The key pair of one verification method.

        Raises:
            KeyNotFoundError: no such key. RetiredKeyError: the key is retired.
            KeystoreSecretError: the key cannot be decrypted with this master secret.
        """
        for name in self.organisations():
            for entry in self._load(name)["keys"]:
                record = self._record(name, entry)
                if record.method_id == method_id:
                    if not record.active:
                        raise RetiredKeyError(f"{method_id} was retired at {record.retired_at}")
                    return KeyPair.from_seed(self._open(entry, record), method_id)
        raise KeyNotFoundError(f"no key for verification method {method_id}")

    def did_documents(self, organisation: str) -> dict[str, dict[str, Any]]:
        """DID documents to publish, by DID: one for did:web, one per key for did:key."""
        data = self._load(organisation)
        if data["web_did"]:
            keys = [PublishedKey(e["public_multibase"], e["retired_at"]) for e in data["keys"]]
            return {data["web_did"]: did_document(data["web_did"], keys)}
        documents = {}
        for entry in data["keys"]:
            did = did_key(entry["public_multibase"])
            published = PublishedKey(entry["public_multibase"], entry["retired_at"])
            documents[did] = did_document(did, [published])
        return documents

    # -- storage -----------------------------------------------------------------------
    def _path(self, organisation: str) -> Path:
        if not _ORGANISATION.match(organisation):
            raise KeyManagementError(f"invalid organisation name {organisation!r}")
        return self.directory / f"{organisation}.json"

    def _load(self, organisation: str) -> dict[str, Any]:
        path = self._path(organisation)
        if not path.is_file():
            raise KeyNotFoundError(f"organisation {organisation!r} has no keys")
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _save(self, data: Mapping[str, Any]) -> None:
        path = self._path(str(data["organisation"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.chmod(temporary, 0o600)
        temporary.replace(path)  # atomic: a crash never leaves half a key file

    def _record(self, organisation: str, entry: Mapping[str, Any]) -> KeyRecord:
        public = str(entry["public_multibase"])
        did = str(entry.get("did") or did_key(public))
        return KeyRecord(
            organisation, did, f"{did}#{public}", public, entry["created"], entry["retired_at"]
        )

    def _add_key(self, data: dict[str, Any], now: datetime) -> KeyRecord:
        pair = KeyPair.generate()
        entry: dict[str, Any] = {
            "public_multibase": pair.public_multibase,
            "did": data["web_did"] or did_key(pair.public_multibase),
            "created": format_datetime(now),
            "retired_at": None,
        }
        record = self._record(str(data["organisation"]), entry)
        entry.update(self._seal(pair.seed, record))
        data["keys"].append(entry)
        self._save(data)
        return record

    @staticmethod
    def _associated(record: KeyRecord) -> bytes:
        return f"{record.organisation}\n{record.method_id}".encode()

    def _seal(self, seed: bytes, record: KeyRecord) -> dict[str, str]:
        sealed = self._sealer.seal(seed, associated=self._associated(record))
        encode = base64.b64encode
        return {
            "kdf": KDF,
            "salt": encode(sealed.salt).decode(),
            "nonce": encode(sealed.nonce).decode(),
            "sealed_key": encode(sealed.ciphertext).decode(),
        }

    def _open(self, entry: Mapping[str, Any], record: KeyRecord) -> bytes:
        decode = base64.b64decode
        sealed = Sealed(decode(entry["salt"]), decode(entry["nonce"]), decode(entry["sealed_key"]))
        try:
            return self._sealer.open(sealed, associated=self._associated(record))
        except KeystoreSecretError:
            raise KeystoreSecretError(
                f"cannot decrypt {record.method_id}: wrong master secret or tampered file"
            ) from None


def record_as_dict(record: KeyRecord) -> dict[str, Any]:
    """A key record as plain JSON values (for listings)."""
    return {**asdict(replace(record)), "active": record.active}
