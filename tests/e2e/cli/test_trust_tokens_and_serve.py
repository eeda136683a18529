"""``leerspoor trust``, ``tokens list`` and ``serve`` through the real CLI: the trusted list
an admin keeps, ids that are never cut at 80 columns, and a taken port said in one line."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()
STRANGER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def test_an_issuer_is_trusted_listed_as_json_and_removed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    added = runner.invoke(
        app, ["trust", "add", STRANGER, "--name", "Syntra Vlaanderen", "--db", db]
    )
    assert added.exit_code == 0, added.output
    assert STRANGER in added.output  # printed whole, never as a picture of a key
    listed = runner.invoke(app, ["trust", "list", "--json", "--db", db])
    assert json.loads(listed.output) == {STRANGER: "Syntra Vlaanderen"}
    assert runner.invoke(app, ["trust", "remove", STRANGER, "--db", db]).exit_code == 0
    assert runner.invoke(app, ["trust", "remove", STRANGER, "--db", db]).exit_code == 1
    assert json.loads(runner.invoke(app, ["trust", "list", "--json", "--db", db]).output) == {}


def test_an_issuer_that_is_no_did_is_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    refused = runner.invoke(app, ["trust", "add", "cdo-elektro", "--name", "X", "--db", db])
    assert refused.exit_code == 2
    assert "not a DID" in refused.output


def test_tokens_list_shows_whole_ids_that_revoke_accepts_at_80_columns(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    runner.invoke(app, ["demo", "--db", db, "--keys", str(tmp_path / "keys")])
    made = runner.invoke(
        app,
        [
            "tokens",
            "create",
            "--role",
            "workplace",
            "--org",
            "elektro-peeters-illustratief",
            "--label",
            "Jef Peeters, mentor bij Elektro Peeters",
            "--db",
            db,
        ],
    )
    assert made.exit_code == 0, made.output
    token_id = made.output.split()[1]
    listed = runner.invoke(app, ["tokens", "list", "--db", db], env={"COLUMNS": "80"})
    assert max(len(line) for line in listed.output.splitlines()) <= 80
    assert token_id in listed.output
    revoked = runner.invoke(app, ["tokens", "revoke", token_id, "--db", db])
    assert revoked.exit_code == 0, revoked.output


def test_serve_on_a_taken_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(
            app,
            ["serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'l.db'}"],
            env={"COLUMNS": "80"},
        )
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
