"""An issuer whose key file is damaged: its own status list and DID document answer a 503
problem ``issuer-key-unavailable`` (never a 500) until the file is restored, and every other
issuer's still answer."""

from __future__ import annotations

from pathlib import Path

import httpx

from api.demo import load_demo
from api.http import create_app
from api.settings import Settings
from ledger import Organisation
from tests.live_server import serving

DAMAGED, INTACT = Organisation.id_for("cdl-elektro"), Organisation.id_for("vives")


def issuer_routes(organisation: object) -> list[str]:
    return [f"/status/{organisation}/revocation", f"/issuers/{organisation}/did.json"]


def test_a_damaged_issuer_key_makes_its_own_status_list_and_did_document_a_503_problem(
    tmp_path: Path,
) -> None:
    keys = tmp_path / "keys"
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'keys.db'}", keys_dir=keys)
    app = create_app(settings)
    load_demo(app.state.ledger)
    app.state.services.refresh()  # the demo's badges issued: every issuer has its key file
    key_file = keys / f"{DAMAGED}.json"
    intact = key_file.read_bytes()

    key_file.write_bytes(intact[: len(intact) // 2])  # a half-written or damaged key file
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        damaged = [client.get(path) for path in issuer_routes(DAMAGED)]
        others = [client.get(path) for path in issuer_routes(INTACT)]
        key_file.write_bytes(intact)  # the fix
        restored = [client.get(path) for path in issuer_routes(DAMAGED)]

    for answer in damaged:
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["type"] == "https://leerspoor.be/problems/issuer-key-unavailable"
        assert problem["status"] == 503
        assert str(DAMAGED) in problem["detail"]
    assert [a.status_code for a in others] == [200, 200]
    assert [a.status_code for a in restored] == [200, 200]
    assert restored[0].json()["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
