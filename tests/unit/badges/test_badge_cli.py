"""The badge CLI commands, run in-process with typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from badge_builders import (
    ISSUED,
    STATUS_URL,
    a_signed_credential,
    a_status_list_document,
    issuer_key,
)
from typer.testing import CliRunner

from api.cli.badges import badge_app, verify_command
from api.cli.keys import keys_app
from badges import (
    Keystore,
    StatusList,
    StatusPurpose,
    add_proof,
    build_credential,
    did_web,
    write_trust_document,
)

app = typer.Typer()
app.command("verify")(verify_command)
app.add_typer(badge_app, name="badge")
app.add_typer(keys_app, name="keys")
runner = CliRunner()


def _write(tmp_path: Path, credential: dict[str, Any]) -> Path:
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(credential))
    return path


def _trust(tmp_path: Path, revoked: bool = False) -> Path:
    status_list = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(4242, revoked)
    directory = tmp_path / "trust"
    write_trust_document(directory, a_status_list_document(issuer_key(), status_list))
    return directory


def _trusted(tmp_path: Path, credential: dict[str, Any], name: str = "CVO Test") -> Path:
    path = tmp_path / "trusted.json"
    path.write_text(json.dumps({credential["issuer"]["id"]: name}))
    return path


def test_verify_valid_json_exits_zero_and_lists_checks(tmp_path: Path) -> None:
    credential = a_signed_credential()
    badge = _write(tmp_path, credential)
    trusted = str(_trusted(tmp_path, credential))
    result = runner.invoke(
        app, ["verify", str(badge), "--trust", str(_trust(tmp_path)), "--trusted", trusted]
    )
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("GELDIG / VALID")
    assert "validity" in result.output
    assert "CVO Test (vertrouwd / trusted)" in result.output


def test_verify_says_what_by_whom_to_whom_and_when(tmp_path: Path) -> None:
    credential = a_signed_credential()
    result = runner.invoke(
        app, ["verify", str(_write(tmp_path, credential)), "--trust", str(_trust(tmp_path))]
    )
    lines = {line.split(":", 1)[0].strip(): line for line in result.output.splitlines()}
    assert credential["credentialSubject"]["achievement"]["name"] in lines["Wat / what"]
    assert credential["issuer"]["id"] in result.output  # the DID whole, never cut at 80
    assert "salted hash" in lines["Aan / to whom"]
    assert "2025" in lines["Wanneer / when"]
    assert "oud / old" in lines["Statuslijst / status list"]


def test_verify_without_a_trusted_list_names_the_issuer_unknown(tmp_path: Path) -> None:
    credential = a_signed_credential()
    result = runner.invoke(
        app, ["verify", str(_write(tmp_path, credential)), "--trust", str(_trust(tmp_path))]
    )
    assert result.exit_code == 0  # the signature holds: a valid credential, issuer unknown
    assert result.output.rstrip().endswith("UITGEVER HIER ONBEKEND / ISSUER UNKNOWN")
    assert "unknown here, noemt zich / calls itself" in result.output


def test_verify_of_a_tampered_badge_says_tampered(tmp_path: Path) -> None:
    credential = a_signed_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Chef-kok"
    result = runner.invoke(
        app, ["verify", str(_write(tmp_path, credential)), "--trust", str(_trust(tmp_path))]
    )
    assert result.exit_code == 1
    assert result.output.rstrip().endswith("GEWIJZIGD OF VERVALST / TAMPERED")
    assert "content not confirmed" in result.output


def test_verify_without_its_status_list_says_it_cannot_be_checked(tmp_path: Path) -> None:
    credential = a_signed_credential()
    trusted = str(_trusted(tmp_path, credential))
    result = runner.invoke(app, ["verify", str(_write(tmp_path, credential)), "--trusted", trusted])
    assert result.output.rstrip().endswith("NIET TE CONTROLEREN / CANNOT BE CHECKED")


def test_a_trusted_file_that_is_no_mapping_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "trusted.json"
    bad.write_text("[1, 2]")
    badge = _write(tmp_path, a_signed_credential())
    result = runner.invoke(app, ["verify", str(badge), "--trusted", str(bad)])
    assert result.exit_code == 2
    assert "expected {issuer: name}" in result.output


def test_verify_revoked_badge_exits_one(tmp_path: Path) -> None:
    badge = _write(tmp_path, a_signed_credential())
    trust = _trust(tmp_path, revoked=True)
    result = runner.invoke(app, ["verify", str(badge), "--trust", str(trust), "--json"])
    assert result.exit_code == 1
    checks = {c["check"]: c["code"] for c in json.loads(result.output)["checks"]}
    assert checks["status"] == "revoked"


def test_verify_without_status_list_reports_not_checkable(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(_write(tmp_path, a_signed_credential())), "--json"])
    checks = {c["check"]: c for c in json.loads(result.output)["checks"]}
    assert checks["status"]["outcome"] == "skipped"
    assert checks["status"]["code"] == "status_unavailable"


def test_verify_unreadable_file_exits_two(tmp_path: Path) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert runner.invoke(app, ["verify", str(junk)]).exit_code == 2
    assert runner.invoke(app, ["verify", str(tmp_path / "missing.json")]).exit_code == 2


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_baked_file_verifies(tmp_path: Path, suffix: str) -> None:
    credential = _write(tmp_path, a_signed_credential())
    output = tmp_path / f"badge.{suffix}"
    baked = runner.invoke(app, ["badge", "bake", str(credential), "--output", str(output)])
    assert baked.exit_code == 0, baked.output
    result = runner.invoke(app, ["verify", str(output), "--trust", str(_trust(tmp_path))])
    assert result.exit_code == 0, result.output


def test_keys_create_list_rotate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEERSPOOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("LEERSPOOR_KEY_SECRET", "cli-test-secret")
    assert runner.invoke(app, ["keys", "create", "cvo-vitant"]).exit_code == 0
    rotated = runner.invoke(app, ["keys", "rotate", "cvo-vitant"])
    assert rotated.exit_code == 0, rotated.output
    listing = runner.invoke(app, ["keys", "list"])
    assert listing.output.count("cvo-vitant") == 2
    assert "active" in listing.output


def test_rotate_unknown_organisation_fails(tmp_path: Path) -> None:
    result = runner.invoke(app, ["keys", "rotate", "nobody", "--keys", str(tmp_path)])
    assert result.exit_code == 1


def test_development_secret_refused_in_production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERSPOOR_ENV", "production")
    monkeypatch.delenv("LEERSPOOR_KEY_SECRET", raising=False)
    result = runner.invoke(app, ["keys", "list", "--keys", str(tmp_path)])
    assert result.exit_code == 2
    assert "LEERSPOOR_KEY_SECRET" in result.output


def test_did_web_badge_verifies_from_trust_directory_after_rotation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERSPOOR_KEY_SECRET", "cli-test-secret")
    keys, trust = tmp_path / "keys", _trust(tmp_path)
    store = Keystore(keys, "cli-test-secret")
    did = did_web("cvo-vitant.example")
    store.create("cvo-vitant", now=ISSUED, web_did=did)
    from badge_builders import a_request

    key = store.signer("cvo-vitant")
    badge = _write(tmp_path, add_proof(build_credential(a_request(key)), key, created=ISSUED))
    offline = runner.invoke(app, ["verify", str(badge), "--json"])
    assert offline.exit_code == 1  # did:web cannot be resolved without the trust directory
    rotate = ["keys", "rotate", "cvo-vitant", "--keys", str(keys), "--trust", str(trust)]
    assert runner.invoke(app, rotate).exit_code == 0
    result = runner.invoke(app, ["verify", str(badge), "--trust", str(trust), "--json"])
    checks = {c["check"]: c["code"] for c in json.loads(result.output)["checks"]}
    assert checks["proof"] == "passed"
    assert checks["issuer"] == "passed"


@pytest.mark.parametrize(
    "text",
    ['{"a":' * 100_000 + "1" + "}" * 100_000, '{"n": ' + "9" * 5000 + "}", '{"s": "\\ud800"}'],
)
def test_verify_hostile_json_exits_two_with_a_message(tmp_path: Path, text: str) -> None:
    badge = tmp_path / "hostile.json"
    badge.write_text(text)
    result = runner.invoke(app, ["verify", str(badge)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "unreadable" in result.output
