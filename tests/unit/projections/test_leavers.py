"""Who leaves, when and how qualified: the person-level rules of ``projections.outflow_figures``
on hand-made rows (docs/monitoring.md)."""

from __future__ import annotations

from typing import Any

from projections import as_csv, figures, leavers


def row(
    learner: str,
    opened: str,
    closed: str | None = None,
    exit: str | None = None,
    awards: list[dict[str, Any]] | None = None,
    target_vks: int = 3,
    provider: str = "p1",
    groups: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "trajectory_id": f"{learner}-{opened}",
        "learner_id": learner,
        "pathway": "volwassenenonderwijs",
        "qualification_code": "Q",
        "target_vks": target_vks,
        "provider": provider,
        "opened_on": opened,
        "closed_on": closed,
        "exit": exit,
        "outcome": None,
        "groups": groups or [],
        "awards": awards or [],
        "workplace_hours": 0,
        "school_hours": 0,
        "recognitions": [],
        "exemptions": [],
        "handovers": [],
    }


def award(code: str, on: str, vks: int = 3, full: bool = True) -> dict[str, Any]:
    return {"code": code, "kind": "certificaat", "full": full, "vks": vks, "on": on}


def test_a_dropout_leaves_unqualified() -> None:
    [gone] = leavers([row("a", "2023-09-01", "2023-11-15", "dropped_out")])
    assert (gone.outflow, gone.exit, gone.highest) == ("unqualified", "dropped_out", None)


def test_only_partial_certificates_is_partially_qualified_outflow() -> None:
    rows = [
        row("a", "2023-09-01", "2024-03-01", "entered_job", [award("DK", "2024-01-10", full=False)])
    ]
    [gone] = leavers(rows)
    assert (gone.outflow, gone.highest) == ("partially_qualified", "DK")


def test_the_highest_qualification_is_the_one_at_the_highest_level_held_at_exit() -> None:
    rows = [
        row("a", "2020-09-01", "2021-06-30", "completed", [award("LOW", "2021-06-01", vks=2)]),
        row("a", "2021-09-01", "2022-06-30", "completed", [award("HIGH", "2022-06-01", vks=4)]),
    ]
    [gone] = leavers(rows)  # the second opens within 92 days of the first closing
    assert (str(gone.on), gone.highest) == ("2022-06-30", "HIGH")


def test_a_learner_who_returns_after_the_continuation_window_leaves_twice() -> None:
    rows = [
        row("a", "2020-09-01", "2021-01-31", "dropped_out"),
        row("a", "2022-09-01", "2023-06-30", "completed", [award("Q", "2023-06-01")]),
    ]
    assert [(str(g.on), g.outflow) for g in leavers(rows)] == [
        ("2021-01-31", "unqualified"),
        ("2023-06-30", "qualified"),
    ]


def test_a_reorientation_into_an_open_trajectory_is_no_leaving() -> None:
    rows = [row("a", "2021-09-01", "2021-12-17", "reoriented"), row("a", "2022-01-10")]
    assert leavers(rows) == []
    closings = {f.group: (f.count, f.denominator) for f in figures(rows) if f.measure == "closings"}
    assert closings["reoriented"] == (1, 1)
    assert closings["dropped_out"] == (0, 1)


def test_low_qualified_is_judged_at_the_first_opening_and_by_the_aim() -> None:
    rows = [
        row("a", "2021-09-01", "2022-06-30", "completed", target_vks=3),
        row("b", "2021-09-01", "2022-06-30", "completed", target_vks=6),
    ]
    groups = {g.learner_id: g.groups for g in leavers(rows)}
    assert groups == {"a": frozenset({"laaggeschoold"}), "b": frozenset()}


def test_a_rate_is_its_count_over_the_leavers_of_the_period() -> None:
    rows = [
        row("a", "2021-09-01", "2022-06-30", "completed", [award("Q", "2022-06-01")]),
        row("b", "2021-09-01", "2022-08-31", "dropped_out"),
        row("c", "2021-09-01", "2022-09-01", "dropped_out"),  # the next school year
    ]
    found = {
        (f.period_kind, f.period, f.measure): f for f in figures(rows) if f.group_kind == "all"
    }
    qualified = found["school_year", "2021-2022", "qualified_outflow"]
    assert (qualified.count, qualified.denominator, qualified.rate) == (1, 2, 0.5)
    assert found["calendar_year", "2022", "unqualified_outflow"].rate == round(2 / 3, 4)
    lines = as_csv(figures(rows)).splitlines()
    assert lines[0] == "period_kind,period,measure,group_kind,group,count,denominator,rate"
    assert "school_year,2021-2022,qualified_outflow,all,all,1,2,0.5" in lines
