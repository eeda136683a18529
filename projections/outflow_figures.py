"""Outflow and monitoring figures as policy makers count them (issue 16; the definitions,
with their sources, are in docs/monitoring.md and beside the numbers on the cohort page).

Person-level: a learner leaves (stroomt uit) on the day a trajectory of theirs closes when no
other trajectory of theirs is open then and none opens within ``CONTINUATION_DAYS`` after
(the next rung of a ladder, a reorientation, a transfer inside the ledger are no leaving). They
leave qualified when they then hold a full qualification (a qualification awarded, or a
beroepskwalificatie within an onderwijskwalificatie), partially qualified with only partial
certificates, unqualified with none; the highest is the one at the highest VKS level. Rates
have the leavers of the period as their denominator. Periods: school years (1 September to
31 August) and calendar years.

Leavers are also counted by why they left (the exit of the trajectory they left from).
Trajectory-level, per period of the day it happened: closings by why the learner left
(completed, a job, reorientation, a transfer, dropping out), handovers to VDAB, EVC
decisions per route and the learners with one, exemptions and the time they saved; and the
share of registered learning time at the workplace per pathway (dual learning aims at more
than 60 %, S2 L257).

Pure: takes the rows of ``projections.outflow`` and returns figures; nothing here reads a
database.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

CONTINUATION_DAYS = 92
# Age bands at exit: under 18 (the beroepskwalificatie "preferably before 18", S0 L77-80),
# the young adults of the labour-market statistics, the core working age, and 50 and over.
AGE_BANDS = ((18, "<18"), (25, "18-24"), (50, "25-49"), (200, "50+"))
UNKNOWN_AGE = "onbekend"
EXIT_KINDS = ("completed", "entered_job", "reoriented", "transferred", "dropped_out")
OUTFLOW = ("qualified", "partially_qualified", "unqualified")
LOW_QUALIFIED_BELOW_VKS = 4
"""A secondary-school diploma is VKS 4; a learner holding nothing at that level is
laaggeschoold (low-qualified), S4 L352-367."""
CSV_COLUMNS = (
    "period_kind",
    "period",
    "measure",
    "group_kind",
    "group",
    "count",
    "denominator",
    "rate",
)


def school_year(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def calendar_year(day: date) -> str:
    return str(day.year)


PERIODS = {"school_year": school_year, "calendar_year": calendar_year}


@dataclass(frozen=True)
class Leaver:
    """One learner leaving: when, why the last trajectory closed, what they then hold."""

    learner_id: str
    provider: str
    """The lead provider of the trajectory they left from."""
    on: date
    exit: str
    outflow: str
    highest: str | None
    age_band: str
    groups: frozenset[str]


@dataclass(frozen=True)
class Figure:
    """One number in a period, with its denominator where it is a rate."""

    period_kind: str
    period: str
    measure: str
    group_kind: str
    group: str
    count: float
    denominator: int | None = None

    @property
    def rate(self) -> float | None:
        if not self.denominator:
            return None
        return round(self.count / self.denominator, 4)

    def as_row(self) -> dict[str, Any]:
        """The fields in order, then the rate (the CSV's and the API's columns)."""
        return {**asdict(self), "rate": self.rate}


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return UNKNOWN_AGE
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next(label for limit, label in AGE_BANDS if age < limit)


def _day(value: str) -> date:
    return date.fromisoformat(value)


def low_qualified(rows: Sequence[dict[str, Any]]) -> bool:
    """Holds no qualification at VKS 4 or above known to the ledger when the first
    trajectory opened, and that trajectory aims below VKS 5 (higher education admits
    only holders of a secondary-school diploma)."""
    first = min(rows, key=lambda r: r["opened_on"])
    before = [
        a
        for r in rows
        for a in r["awards"]
        if a["on"] < first["opened_on"] and a["vks"] >= LOW_QUALIFIED_BELOW_VKS
    ]
    return not before and first["target_vks"] < LOW_QUALIFIED_BELOW_VKS + 1


def leavers(
    rows: Iterable[dict[str, Any]], born: Mapping[str, date | None] | None = None
) -> list[Leaver]:
    """Each time a learner left, on the day they left (see the module docstring): once per
    spell of learning, however many trajectories it held. ``born``: learner id → birth date
    (``projections.outflow.birth_dates``); a learner missing from it is of unknown age."""
    by_learner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_learner[row["learner_id"]].append(row)
    result = []
    for learner_id, own in by_learner.items():
        for last in own:
            if last["closed_on"] is None:
                continue
            left = _day(last["closed_on"])
            if any(_continues(r, last, left) for r in own):
                continue
            band = age_band((born or {}).get(learner_id), left)
            result.append(_leaver(learner_id, own, last, left, band))
    return sorted(result, key=lambda leaver: (leaver.on, leaver.learner_id))


def _continues(other: dict[str, Any], last: dict[str, Any], left: date) -> bool:
    """Whether ``other`` goes on after ``last`` closed on ``left``: open that day, or
    opened within ``CONTINUATION_DAYS`` after it."""
    if other is last:
        return False
    opened = _day(other["opened_on"])
    closed = _day(other["closed_on"]) if other["closed_on"] else None
    open_then = opened <= left and (closed is None or closed > left)
    return open_then or left < opened <= left + timedelta(days=CONTINUATION_DAYS)


def _leaver(
    learner_id: str, own: list[dict[str, Any]], last: dict[str, Any], left: date, band: str
) -> Leaver:
    held = [a for r in own for a in r["awards"] if _day(a["on"]) <= left]
    full = [a for a in held if a["full"]]
    outflow = "qualified" if full else "partially_qualified" if held else "unqualified"
    best = max(full or held, key=lambda a: (a["vks"], a["on"]), default=None)
    groups = {g for r in own if r["opened_on"] <= last["closed_on"] for g in r["groups"]}
    if low_qualified(own):
        groups.add("laaggeschoold")
    return Leaver(
        learner_id=learner_id,
        provider=last["provider"],
        on=left,
        exit=last["exit"] or "unrecorded",
        outflow=outflow,
        highest=best["code"] if best else None,
        age_band=band,
        groups=frozenset(groups),
    )


def _outflow_figures(
    kind: str, period: str, group_kind: str, group: str, people: list[Leaver]
) -> list[Figure]:
    n = len(people)
    figures = [Figure(kind, period, "leavers", group_kind, group, n)]
    for category in OUTFLOW:
        count = sum(1 for p in people if p.outflow == category)
        figures.append(Figure(kind, period, f"{category}_outflow", group_kind, group, count, n))
    return figures


def figures(
    rows: Sequence[dict[str, Any]],
    provider: UUID | str | None = None,
    born: Mapping[str, date | None] | None = None,
) -> list[Figure]:
    """Every figure, per school year and per calendar year, then the workplace shares.
    With ``provider``: the learners who left from its trajectories (who they are is judged
    over all their trajectories) and what its trajectories count for. ``born`` as for
    ``leavers``."""
    gone = leavers(rows, born)
    if provider is not None:
        gone = [p for p in gone if p.provider == str(provider)]
        rows = [r for r in rows if r["provider"] == str(provider)]
    result: list[Figure] = []
    for kind, period_of in PERIODS.items():
        periods = sorted(
            {period_of(p.on) for p in gone}
            | {period_of(_day(r["closed_on"])) for r in rows if r["closed_on"]}
            | {period_of(_day(d)) for r in rows for d in r["handovers"]}
            | {period_of(_day(e["on"])) for r in rows for e in r["recognitions"]}
            | {period_of(_day(e["on"])) for r in rows for e in r["exemptions"]}
        )
        for period in periods:
            result += _period(kind, period, period_of, gone, rows)
    result += _workplace_shares(rows)
    return result


def _period(
    kind: str, period: str, period_of: Any, gone: list[Leaver], rows: Sequence[dict[str, Any]]
) -> list[Figure]:
    people = [p for p in gone if period_of(p.on) == period]
    result = _outflow_figures(kind, period, "all", "all", people)
    for band in sorted({p.age_band for p in people}):
        chosen = [p for p in people if p.age_band == band]
        result += _outflow_figures(kind, period, "age_band", band, chosen)
    for group in sorted({g for p in people for g in p.groups}):
        chosen = [p for p in people if group in p.groups]
        result += _outflow_figures(kind, period, "target_group", group, chosen)
    for exit_kind in EXIT_KINDS:  # why they left: a job or a transfer is not dropping out
        count = sum(1 for p in people if p.exit == exit_kind)
        result.append(
            Figure(kind, period, "leavers_by_exit", "exit", exit_kind, count, len(people))
        )
    closed = [r for r in rows if r["closed_on"] and period_of(_day(r["closed_on"])) == period]
    for exit_kind in EXIT_KINDS:
        count = sum(1 for r in closed if r["exit"] == exit_kind)
        result.append(Figure(kind, period, "closings", "exit", exit_kind, count, len(closed)))
    handovers = sum(1 for r in rows for d in r["handovers"] if period_of(_day(d)) == period)
    result.append(Figure(kind, period, "vdab_handovers", "all", "all", handovers))
    decisions = [
        (r["learner_id"], e)
        for r in rows
        for e in r["recognitions"]
        if period_of(_day(e["on"])) == period
    ]
    for route in ("test_centre", "provider_procedure"):
        count = sum(1 for _, e in decisions if e["route"] == route)
        result.append(Figure(kind, period, "evc_decisions", "route", route, count))
    result.append(
        Figure(
            kind, period, "evc_learners", "all", "all", len({learner for learner, _ in decisions})
        )
    )
    exemptions = [e for r in rows for e in r["exemptions"] if period_of(_day(e["on"])) == period]
    result.append(Figure(kind, period, "exemptions", "all", "all", len(exemptions)))
    saved: dict[str, int] = defaultdict(int)
    for e in exemptions:
        for unit, size in e["saved"].items():
            saved[unit] += size
        if e["hours"]:
            saved["hours"] += e["hours"]
    for unit in sorted(saved):
        result.append(Figure(kind, period, "time_saved", "unit", unit, saved[unit]))
    return result


def _workplace_shares(rows: Sequence[dict[str, Any]]) -> list[Figure]:
    """Registered hours at the workplace over all registered hours, per pathway (over all
    periods: a registration spans months)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        totals[r["pathway"]][0] += r["workplace_hours"]
        totals[r["pathway"]][1] += r["workplace_hours"] + r["school_hours"]
    return [
        Figure("all", "all", "workplace_share", "pathway", pathway, hours, total)
        for pathway, (hours, total) in sorted(totals.items())
        if total
    ]


def as_csv(all_figures: Iterable[Figure]) -> str:
    """The figures as CSV (one figure a line, ``CSV_COLUMNS``; rates as fractions)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for figure in all_figures:
        writer.writerow(figure.as_row())
    return out.getvalue()
