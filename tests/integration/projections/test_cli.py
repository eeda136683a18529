"""The ``projections`` sub-app run in-process with Typer's CliRunner."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli.projections import projections_app
from api.demo.loader import DemoResult

runner = CliRunner()
VIEWS = ("trajectories", "wallet", "cohorts", "outflow", "timeline", "registry")


def test_status_shows_lag_before_and_none_after_a_rebuild(demo: DemoResult, db_url: str) -> None:
    before = runner.invoke(projections_app, ["status", "--db", db_url], env={"COLUMNS": "160"})
    assert before.exit_code == 0, before.output
    assert lags_in(before.output)["timeline"] == lags_in(before.output)["trajectories"] != "0"
    rebuilt = runner.invoke(projections_app, ["rebuild", "--db", db_url, "--workers", "2"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "events/s" in rebuilt.output
    after = runner.invoke(projections_app, ["status", "--db", db_url], env={"COLUMNS": "160"})
    lags = lags_in(after.output)
    assert {lags[view] for view in VIEWS} == {"0"}
    # Nothing ran issuance or the hash tree here: the rebuild leaves them where they were.
    assert lags["badge_issuance"] == lags["integrity"] != "0"


def lags_in(output: str) -> dict[str, str]:
    rows = [line.split("│") for line in output.splitlines() if "│" in line]
    return {cells[1].strip(): cells[4].strip() for cells in rows if len(cells) > 4}


def test_rebuilding_an_unknown_view_fails_with_exit_code_2(demo: DemoResult, db_url: str) -> None:
    result = runner.invoke(projections_app, ["rebuild", "nonsense", "--db", db_url])
    assert result.exit_code == 2
    assert "no projection 'nonsense'" in result.output
