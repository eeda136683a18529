"""The learners' data keys: sealed under the key secret in the ledger's database; keys
sealed before the one sealing helper existed still open; closing a ledger closes its key
ring's connections too."""

from __future__ import annotations

import os
from pathlib import Path
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select

from api.bootstrap import Components, build_ledger
from api.settings import Settings
from api.stores import data_keys

SECRET = "a-master-secret-for-data-keys"


def test_a_data_key_sealed_before_the_helper_still_opens(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", key_secret=SECRET)
    parts = Components(settings)
    subject, key = uuid4(), os.urandom(32)
    # The format written before: nonce, then AES-GCM under scrypt(secret, the fixed salt).
    kek = Scrypt(salt=data_keys.KDF_SALT, length=32, n=2**14, r=8, p=1).derive(SECRET.encode())
    nonce = os.urandom(12)
    stored = nonce + AESGCM(kek).encrypt(nonce, key, subject.bytes)
    with parts.data_keys.engine.begin() as connection:
        connection.execute(
            data_keys.data_keys_table.insert(),
            {"subject": str(subject), "sealed_key": stored, "created_at": settings.clock()},
        )
    assert parts.data_keys.key_for(subject) == key


def test_a_new_data_key_is_stored_sealed_never_in_clear(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", key_secret=SECRET)
    keys = Components(settings).data_keys
    subject = uuid4()
    key = keys.create(subject)
    with keys.engine.connect() as connection:
        stored = connection.execute(select(data_keys.data_keys_table.c.sealed_key)).scalar_one()
    assert key not in bytes(stored)
    assert keys.create(subject) == key


def open_files_under(folder: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed meanwhile
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_closing_a_ledger_built_for_a_script_leaves_no_connection_open(tmp_path: Path) -> None:
    ledger = build_ledger(f"sqlite:///{tmp_path / 'l.db'}")
    ledger.data_keys.create(uuid4())  # the key ring's engine opens a connection of its own
    assert open_files_under(tmp_path)

    ledger.close()

    assert open_files_under(tmp_path) == []
