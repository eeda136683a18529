"""The outflow view builds a trajectory's row once per commit, from the state the batch left,
and that row is the one building it at every event gives."""

from __future__ import annotations

from typing import Any

import pytest

import projections.outflow
from api.demo.loader import DemoResult
from projections import ReadModels


@pytest.fixture
def built_rows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The trajectory id of every outflow row built, in order."""
    built: list[str] = []
    build = projections.outflow.outflow_row

    def counted(*arguments: Any) -> dict[str, Any]:
        row = build(*arguments)
        built.append(row["trajectory_id"])
        return row

    monkeypatch.setattr(projections.outflow, "outflow_row", counted)
    return built


def test_a_trajectory_row_is_built_once_per_commit_and_equals_the_event_by_event_row(
    demo: DemoResult, read_models: ReadModels, built_rows: list[str]
) -> None:
    read_models.rebuild("outflow", limit=1)  # one event per commit: a row at each change
    event_by_event = read_models.outflow.dump()
    changes = len(built_rows)
    built_rows.clear()
    read_models.rebuild("outflow")  # the whole demo in one batch
    assert read_models.outflow.dump() == event_by_event
    assert sorted(built_rows) == sorted(str(t) for t in demo.trajectories.values())
    assert changes > len(built_rows)  # several events changed some trajectory's row
