"""Ed25519 key pairs and their Multikey encodings (multicodec + multibase base58btc).

Key material stays behind ``Signer``: proofs receive a signer, never a private key.
Imports nothing from the rest of the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from badges.errors import DidResolutionError, KeyManagementError

# multicodec varint prefixes (https://github.com/multiformats/multicodec table)
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


class Signer(Protocol):
    """Signs bytes for one verification method; hides the private key."""

    @property
    def verification_method(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


def encode_multibase(prefix: bytes, raw: bytes) -> str:
    """Multibase base58btc (``z``) of a multicodec-prefixed key."""
    return "z" + base58.b58encode(prefix + raw).decode("ascii")


def decode_multibase(value: str, prefix: bytes) -> bytes:
    """Decode a ``z``-multibase key and strip the expected multicodec prefix.

    Raises:
        DidResolutionError: not base58btc multibase or not the expected key type.
    """
    if not value.startswith("z"):
        raise DidResolutionError(f"{value[:12]!r} is not base58btc multibase")
    try:
        raw = base58.b58decode(value[1:])
    except ValueError as error:
        raise DidResolutionError(f"{value[:12]!r} is not valid base58btc") from error
    if not raw.startswith(prefix):
        raise DidResolutionError(f"{value[:12]!r} is not an Ed25519 Multikey")
    return raw[len(prefix) :]


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Read an Ed25519 ``publicKeyMultibase`` (``z6Mk...``).

    Raises:
        DidResolutionError: not an Ed25519 Multikey.
    """
    return _public_key_from_multibase(value)


@lru_cache(maxsize=4096)
def _public_key_from_multibase(value: str) -> Ed25519PublicKey:
    # a pure function of the text (base58 decoding is slow in Python): memoised
    raw = decode_multibase(value, ED25519_PUB)
    if len(raw) != 32:
        raise DidResolutionError("an Ed25519 public key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def public_key_multibase(key: Ed25519PublicKey) -> str:
    """The ``z6Mk...`` Multikey form of an Ed25519 public key."""
    return encode_multibase(ED25519_PUB, key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def verify_ed25519(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``data``."""
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 key pair; ``verification_method`` is set once bound to a DID."""

    private_key: Ed25519PrivateKey
    verification_method: str = ""

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes, verification_method: str = "") -> KeyPair:
        return cls(Ed25519PrivateKey.from_private_bytes(seed), verification_method)

    @classmethod
    def from_multibase(cls, secret: str, verification_method: str = "") -> KeyPair:
        """Read a ``secretKeyMultibase``: 32-byte seed, or seed ‖ public key (64 bytes)."""
        raw = decode_multibase(secret, ED25519_PRIV)
        if len(raw) not in (32, 64):
            raise KeyManagementError("an Ed25519 secret key has 32 or 64 bytes")
        return cls.from_seed(raw[:32], verification_method)

    def bound_to(self, verification_method: str) -> KeyPair:
        return KeyPair(self.private_key, verification_method)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def public_multibase(self) -> str:
        return public_key_multibase(self.public_key)

    @property
    def seed(self) -> bytes:
        return self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)
