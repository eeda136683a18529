"""``leerspoor monitoring export`` run in-process with Typer's CliRunner on the demo."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli.monitoring import monitoring_app
from api.demo.loader import DemoResult

runner = CliRunner()


def test_export_writes_the_figures_as_csv(demo: DemoResult, db_url: str) -> None:
    result = runner.invoke(monitoring_app, ["--db", db_url])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "period_kind,period,measure,group_kind,group,count,denominator,rate"
    assert "calendar_year,2024,leavers,all,all,3,," in lines
    assert "school_year,2022-2023,evc_decisions,route,test_centre,1,," in lines


def test_export_for_one_provider_as_json_to_a_file(
    demo: DemoResult, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "cdl.json"
    result = runner.invoke(
        monitoring_app, ["--db", db_url, "--json", "--provider", "cdl-elektro", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))["figures"]
    leavers = {
        f["period"]: f["count"] for f in found if f["measure"] == "leavers" and f["group"] == "all"
    }
    assert leavers == {"2025-2026": 2, "2026": 2}  # Ilias and Kobe
