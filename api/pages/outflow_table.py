"""The person-level outflow figures of one provider for its cohort page, laid out as tables
(one row per measure, one column per school year) with each measure's definition beside
its numbers (docs/monitoring.md). The figures are ``projections.figures``; this only picks
and arranges them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from projections import Figure, ReadModels, monitoring_figures

# (measure, group kind, group): the rows of the main table, in order.
ROWS = (
    ("leavers", "all", "all"),
    ("qualified_outflow", "all", "all"),
    ("partially_qualified_outflow", "all", "all"),
    ("unqualified_outflow", "all", "all"),
    ("leavers_by_exit", "exit", "entered_job"),
    ("leavers_by_exit", "exit", "transferred"),
    ("leavers_by_exit", "exit", "dropped_out"),
    ("closings", "exit", "entered_job"),
    ("closings", "exit", "reoriented"),
    ("closings", "exit", "transferred"),
    ("closings", "exit", "dropped_out"),
    ("vdab_handovers", "all", "all"),
    ("evc_decisions", "route", "test_centre"),
    ("evc_decisions", "route", "provider_procedure"),
    ("time_saved", "unit", "lestijden"),
    ("time_saved", "unit", "hours"),
    ("time_saved", "unit", "study_points"),
)


@dataclass(frozen=True)
class Cell:
    count: float
    denominator: int | None
    rate: float | None

    @property
    def text(self) -> str:
        count = f"{self.count:g}"
        if self.denominator is None:
            return count
        if self.rate is None:
            return f"{count} / {self.denominator}"
        return f"{count} / {self.denominator} ({self.rate * 100:.0f} %)"


@dataclass(frozen=True)
class OutflowTable:
    years: list[str]
    rows: list[tuple[str, str, dict[str, Cell]]]
    """(message key of the measure, message key of its definition, cells by school year)."""
    groups: list[tuple[str, str, dict[str, Cell]]]
    """Qualified outflow by age band and target group: (kind, group, cells by year)."""
    shares: list[tuple[str, Cell]]


def _key(measure: str, group: str) -> str:
    return measure if group == "all" else f"{measure}.{group}"


def outflow_table(models: ReadModels, provider: UUID) -> OutflowTable:
    found = monitoring_figures(models.outflow, models.ledger, provider)
    yearly = [f for f in found if f.period_kind == "school_year"]
    years = sorted({f.period for f in yearly})
    cells: dict[tuple[str, str, str], dict[str, Cell]] = {}
    for f in yearly:
        cells.setdefault((f.measure, f.group_kind, f.group), {})[f.period] = _cell(f)
    rows = [
        (f"outflow.{_key(m, g)}", f"outflow.def.{m}", cells[m, k, g])
        for m, k, g in ROWS
        if (m, k, g) in cells
    ]
    groups = [
        (kind, group, by_year)
        for (measure, kind, group), by_year in sorted(cells.items())
        if measure == "qualified_outflow" and kind in ("age_band", "target_group")
    ]
    shares = [(f.group, _cell(f)) for f in found if f.measure == "workplace_share"]
    return OutflowTable(years, rows, groups, shares)


def _cell(figure: Figure) -> Cell:
    return Cell(figure.count, figure.denominator, figure.rate)
