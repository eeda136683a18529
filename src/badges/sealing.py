"""Sealing secrets at rest under one master secret: AES-256-GCM with a key derived from the
secret by scrypt (n=2^14, r=8, p=1), bound to associated data so a sealed value cannot be
moved to another owner unnoticed. The issuers' keystore and the application's learner data
keys both seal through this one implementation.

The salt is chosen by the caller: a fresh random one per value (the keystore), or a fixed,
public one that only separates one use of the master secret from another (data keys, which
derive once per process). Derived keys are cached per salt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from badges.errors import KeystoreSecretError

KDF = "scrypt-n16384-r8-p1"
SALT_BYTES = 16
NONCE_BYTES = 12


@dataclass(frozen=True)
class Sealed:
    """A sealed value: the scrypt salt, the GCM nonce and the ciphertext with its tag."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes


class Sealer:
    """Seals and opens values under one master secret."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")
        self._ciphers: dict[bytes, AESGCM] = {}

    def _cipher(self, salt: bytes) -> AESGCM:
        if salt not in self._ciphers:  # scrypt is deliberately slow: once per salt
            key = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(self._secret)
            self._ciphers[salt] = AESGCM(key)
        return self._ciphers[salt]

    def seal(self, plaintext: bytes, *, associated: bytes, salt: bytes | None = None) -> Sealed:
        """``plaintext`` sealed and bound to ``associated``; a fresh salt unless one is given."""
        salt = os.urandom(SALT_BYTES) if salt is None else salt
        nonce = os.urandom(NONCE_BYTES)
        return Sealed(salt, nonce, self._cipher(salt).encrypt(nonce, plaintext, associated))

    def open(self, sealed: Sealed, *, associated: bytes) -> bytes:
        """The plaintext of ``sealed``.

        Raises:
            KeystoreSecretError: wrong master secret, other associated data, or tampering.
        """
        try:
            return self._cipher(sealed.salt).decrypt(sealed.nonce, sealed.ciphertext, associated)
        except InvalidTag:
            raise KeystoreSecretError(
                "cannot unseal: wrong master secret or tampered data"
            ) from None
