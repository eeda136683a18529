"""``leerspoor demo`` and ``leerspoor contracts`` through the real CLI (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.bootstrap import build_ledger
from api.cli import app
from api.demo.scenarios import scenarios

runner = CliRunner()


def test_demo_loads_every_scenario_into_the_given_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    ledger = build_ledger(db)
    for scenario in scenarios():
        for key in scenario.expected:
            assert key in result.output
    assert ledger.recorder.max_notification_id() > 100


def test_demo_run_twice_reports_nothing_new(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    runner.invoke(app, ["demo", "--db", db])
    ledger = build_ledger(db)
    head = ledger.recorder.max_notification_id()
    result = runner.invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0
    assert "0 events appended" in result.output
    assert ledger.recorder.max_notification_id() == head


def test_database_url_comes_from_the_environment(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'env.db'}"
    result = runner.invoke(app, ["demo"], env={"LEERSPOOR_DATABASE_URL": db})
    assert result.exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_committed_contracts_match_the_code() -> None:
    result = runner.invoke(app, ["contracts", "check"])
    assert result.exit_code == 0, result.output


def test_contracts_check_names_a_drifted_schema(tmp_path: Path) -> None:
    events = tmp_path / "events"
    runner.invoke(app, ["contracts", "write", str(events)])
    assert runner.invoke(app, ["contracts", "check", str(events)]).exit_code == 0
    (events / "ModuleCompleted.v1.json").write_text('{"title": "tampered"}')
    result = runner.invoke(app, ["contracts", "check", str(events)])
    assert result.exit_code == 1
    assert "ModuleCompleted.v1.json" in result.output


def test_contracts_check_notices_an_openapi_document_that_drifted_from_the_app(
    tmp_path: Path,
) -> None:
    events = tmp_path / "events"
    runner.invoke(app, ["contracts", "write", str(events)])
    document = json.loads((tmp_path / "openapi.json").read_text())
    document["paths"].pop("/v1/events:batch")
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    result = runner.invoke(app, ["contracts", "check", str(events)])
    assert result.exit_code == 1
    assert "openapi.json" in result.output
