"""The 1EdTech OB 3.0 signed example verifies offline with its issuer's controller document.

Its issuer is an ``https://`` URL whose key lives in a controller document (W3C
Controlled Identifiers), not a DID; ``leerspoor verify --trust DIR`` serves that
document from the folder (issue 20). Data in ``data/`` (see PROVENANCE.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import typer
from typer.testing import CliRunner

from api.cli.badges import verify_command
from badges import CheckName, TrustDirectory, verify_credential
from badges.timefmt import parse_datetime

DATA = Path(__file__).parent / "data"
SIGNED = DATA / "ob3-test-vector" / "signed.json"
NOW = parse_datetime("2025-06-01T12:00:00Z")

app = typer.Typer()
app.command("verify")(verify_command)


@app.command("version")
def _version() -> None:
    """A second command, so typer keeps ``verify`` a sub-command as in ``leerspoor``."""


runner = CliRunner()


def _trust(tmp_path: Path) -> Path:
    folder = tmp_path / "trust"
    shutil.copytree(DATA / "controller-documents", folder)
    return folder


def test_signed_example_verifies_with_its_controller_document(tmp_path: Path) -> None:
    issuer = json.loads(SIGNED.read_text())["issuer"]["id"]
    trusted = tmp_path / "trusted.json"
    trusted.write_text(json.dumps({issuer: "1EdTech example issuer"}))
    result = runner.invoke(
        app, ["verify", str(SIGNED), "--trust", str(_trust(tmp_path)), "--trusted", str(trusted)]
    )
    assert result.exit_code == 0, result.output
    assert "GELDIG / VALID" in result.output
    assert "1EdTech example issuer (vertrouwd / trusted)" in result.output


def test_signed_example_without_a_trusted_list_names_its_issuer_only_as_a_claim(
    tmp_path: Path,
) -> None:
    result = runner.invoke(app, ["verify", str(SIGNED), "--trust", str(_trust(tmp_path))])
    assert result.exit_code == 0, result.output  # the signature holds
    assert "https://example.edu/issuers/565049" in result.output
    assert "unknown here, noemt zich / calls itself 'Example Corp'" in result.output
    assert result.output.rstrip().endswith("UITGEVER HIER ONBEKEND / ISSUER UNKNOWN")


def test_tampered_signed_example_is_refused(tmp_path: Path) -> None:
    tampered = json.loads(SIGNED.read_text())
    tampered["credentialSubject"]["achievement"]["name"] = "Leadership"
    badge = tmp_path / "tampered.json"
    badge.write_text(json.dumps(tampered))
    result = runner.invoke(app, ["verify", str(badge), "--trust", str(_trust(tmp_path)), "--json"])
    assert result.exit_code == 1, result.output
    codes = {check["check"]: check["code"] for check in json.loads(result.output)["checks"]}
    assert codes["proof"] == "proof_invalid_signature"


def test_signed_example_without_its_controller_document_is_unresolvable() -> None:
    assert NOW is not None
    credential = json.loads(SIGNED.read_text())
    result = verify_credential(credential, now=NOW, did_documents=TrustDirectory().resolve)
    assert not result.verified
    assert result.check(CheckName.PROOF).code == "did_unresolvable"
