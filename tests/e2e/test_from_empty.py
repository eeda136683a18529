"""``examples/from_empty.py`` takes a fresh server (no demo data) from an empty store to a
signed qualification credential over HTTP alone, starting from the first admin token; the
credential verifies. Run again, its registrations are duplicates and a new trajectory earns
a new credential."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.http import create_app
from ledger import Role
from tests.demo_site import sqlite_settings
from tests.live_server import serving

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "from_empty.py"


def run_example(base: str, admin: str, out: Path) -> str:
    done = subprocess.run(
        [
            sys.executable,
            str(EXAMPLE),
            "--base-url",
            base,
            "--admin-token",
            admin,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_from_an_empty_store_to_a_credential_that_verifies_over_http_only(tmp_path: Path) -> None:
    app = create_app(sqlite_settings(tmp_path, "empty.db"))
    assert app.state.ledger.recorder.max_notification_id() in (None, 0)
    admin = app.state.tokens.create(Role.ADMIN).secret  # as `leerspoor tokens create` makes it
    out = tmp_path / "credential.json"
    with serving(app) as base:
        printed = run_example(base, admin, out)
        credential = json.loads(out.read_text(encoding="utf-8"))
        again = tmp_path / "again.json"
        run_example(base, admin, again)
        organisations = httpx.get(
            f"{base}/v1/organisations", headers={"Authorization": f"Bearer {admin}"}, timeout=60
        ).json()
        verdict = httpx.post(f"{base}/v1/verify", json=credential, timeout=60).json()
    assert credential["id"] in printed
    assert "OpenBadgeCredential" in credential["type"]
    achievement = credential["credentialSubject"]["achievement"]
    assert "BK-BARISTA-VOORBEELD" in achievement["id"]
    assert verdict["verified"] is True, verdict
    assert json.loads(again.read_text(encoding="utf-8"))["id"] != credential["id"]
    assert sorted(o["key"] for o in organisations) == ["cvo-voorbeeld", "koffiebar-voorbeeld"]
