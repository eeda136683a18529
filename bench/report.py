"""The benchmark report: the machine it ran on, the Markdown table and the scaling plot,
written by ``bench/run_all.py`` from the merged figures of one run."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: write files only
import matplotlib.pyplot as plt  # noqa: E402

from bench.entries import Entry, numeric  # noqa: E402

SIZE = re.compile(r"\(([\d,]+) events\)")
CLIENTS = re.compile(r"_(\d+)_clients$")
# Series of the plot: (label, figure name prefix) — Leerspoor solid, its peer dashed.
SERIES = (
    ("append", "ledger.append"),
    ("replay log", "ledger.replay_log"),
    ("load trajectories", "ledger.load_trajectories"),
    ("rebuild read models", "projections rebuild ("),
)


@dataclass(frozen=True)
class Outcome:
    label: str
    status: str  # "ran", "failed" or "skipped"
    detail: str
    seconds: float


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": f"{kib / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "commit": commit or "unknown",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _number(value: object) -> str:
    if value is None:
        return "—"
    number = numeric(value)
    if number >= 100:
        return f"{number:,.0f}"
    return f"{number:,.2f}" if number >= 1 else f"{number:.3f}"


@dataclass(frozen=True)
class Run:
    """How the report's run went: its command, seconds, budget, the machine's load average
    (1, 5, 15 min) as it started and as it ended, and when its figures were measured."""

    command: str
    seconds: float
    budget_s: int
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    measured: str


def table(entries: list[Entry]) -> str:
    lines = [
        "| figure | Leerspoor | peer, same run | peer | ratio | better | runs | measured |",
        "|---|---:|---:|---|---:|:-:|---:|---|",
    ]
    for e in entries:
        unit = e["unit"]
        arrow = "higher" if e["higher_is_better"] else "lower"
        lines.append(
            f"| {e['name']} | {_number(e['value'])} {unit} | {_number(e['baseline_value'])} "
            f"| {e['baseline'] or '—'} | {_number(e['ratio'])} | {arrow} | {e.get('runs', 1)} "
            f"| {e.get('measured', '—')} |"
        )
    return "\n".join(lines)


def _size(name: str) -> int:
    match = SIZE.search(name)
    return int(match.group(1).replace(",", "")) if match else 0


def _is(name: str) -> Callable[[str], bool]:
    return lambda n: n == name


def _starts(prefix: str, *, at_least: int = 0) -> Callable[[str], bool]:
    return lambda n: n.startswith(prefix) and _size(n) >= at_least


# The targets of issue 19: what, which figures, compared by "ratio" (to the row's peer) or
# "value" (the figure itself), the bound, and whether the figure must be at least the bound.
TARGETS: tuple[tuple[str, Callable[[str], bool], str, float, bool], ...] = (
    ("DI verify vs digitalbazaar/vc", _is("badges.verify_data_integrity"), "ratio", 2.0, True),
    (
        "DI verify vs openbadgeslib",
        _is("badges.verify_data_integrity_vs_openbadgeslib"),
        "ratio",
        5.0,
        True,
    ),
    ("VC-JWT verify vs openbadgeslib", _is("badges.verify_vc_jwt"), "ratio", 1.5, True),
    ("ledger append vs raw eventsourcing", _starts("ledger.append ("), "ratio", 0.77, True),
    ("HTTP: server CPU per event", _starts("api.server_cpu_ms_per_event_"), "value", 2.5, False),
    ("HTTP: throughput vs in-process", _starts("api.post_events_"), "ratio", 0.5, True),
    # At the client, from each request's scheduled instant: on SQLite a post runs on the
    # server's event loop, so requests queue before the app, where Server-Timing sees nothing.
    (
        "HTTP: p99 at the client, open loop at 50%",
        _is("api.open_loop_50pct.client_latency_p99"),
        "value",
        50.0,
        False,
    ),
    (
        "rebuild at 1M vs raw SQLAlchemy",
        _starts("projections rebuild (", at_least=1_000_000),
        "ratio",
        0.5,
        True,
    ),
    (
        "rebuild at 1M: peak memory (MiB)",
        _starts("projections rebuild peak memory (", at_least=1_000_000),
        "value",
        500.0,
        False,
    ),
)


def targets(entries: list[Entry]) -> str:
    """Each target of issue 19 beside every figure it applies to in ``entries``: met or not."""
    lines = ["| target | figure | measured | bound | met |", "|---|---|---:|---:|:-:|"]
    for what, matches, kind, bound, higher in TARGETS:
        for e in entries:
            measured = e["ratio"] if kind == "ratio" else e["value"]
            if not matches(str(e["name"])) or measured is None:
                continue
            value = numeric(measured)
            met = value >= bound if higher else value <= bound
            lines.append(
                f"| {what} | {e['name']} | {_number(value)} | {'≥' if higher else '≤'} "
                f"{_number(bound)} | {'yes' if met else '**no**'} |"
            )
    return "\n".join(lines)


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in load)


def write_markdown(path: Path, entries: list[Entry], outcomes: list[Outcome], run: Run) -> str:
    """Writes the report and returns its table."""
    rows = table(entries)
    facts = " · ".join(f"{k}: {v}" for k, v in machine().items())
    notes = [
        f"- {o.label}: {o.status}: {o.detail}"
        for o in outcomes
        if o.status in ("failed", "skipped")
    ]
    text = [
        "# Benchmark results",
        "",
        f"Machine: {facts}",
        "",
        f"`{run.command}` took {run.seconds / 60:.1f} min (budget {run.budget_s / 60:.0f} min); "
        f"load average (1/5/15 min) {_load(run.load_before)} at the start, "
        f"{_load(run.load_after)} at the end (2 cores, shared with other work). "
        "Ratio = Leerspoor / peer; whether higher or lower is better is in its column. "
        "Each figure is the median of its runs; warm-up excluded. Rows measured in an earlier "
        "run (`make bench-full` only: the 10k → 1M scaling, the 1M rebuild, PostgreSQL) "
        "say when in the last column. What each figure measures: "
        "[docs/benchmarks.md](../docs/benchmarks.md).",
        "",
        rows,
        "",
        "## The targets of issue 19",
        "",
        targets(entries),
        "",
        *(["Not measured:", "", *notes, ""] if notes else []),
        "![cost per event by size](scaling.png)",
        "",
    ]
    path.write_text("\n".join(text))
    return rows


def _by_size(entries: list[Entry], prefix: str) -> list[tuple[int, float, float | None]]:
    points = []
    for e in entries:
        name = str(e["name"])
        match = SIZE.search(name)
        if name.startswith(prefix) and match and e["unit"] == "events/s":
            base = e["baseline_value"]
            points.append(
                (
                    int(match.group(1).replace(",", "")),
                    1e6 / numeric(e["value"]),
                    1e6 / numeric(base) if base else None,
                )
            )
    return sorted(points)


def write_plot(path: Path, entries: list[Entry]) -> str:
    """Cost per event from 10k to 1M events, and the API from 1 to 50 clients."""
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(16, 5))
    for colour, (label, prefix) in zip(("C0", "C1", "C2", "C3"), SERIES, strict=True):
        points = _by_size(entries, prefix)
        if not points:
            continue
        sizes = [p[0] for p in points]
        left.plot(sizes, [p[1] for p in points], "o-", color=colour, label=f"{label}: Leerspoor")
        peer = [p[2] for p in points]
        if all(v is not None for v in peer):
            left.plot(sizes, peer, "s--", color=colour, alpha=0.6, label=f"{label}: peer")
    left.set(xscale="log", yscale="log", xlabel="events in the log", ylabel="µs per event")
    left.set_title("Cost per event as the log grows")
    if left.get_legend_handles_labels()[0]:
        left.legend(fontsize=7)
    api = {
        kind: sorted(
            (int(m.group(1)), e)
            for e in entries
            if str(e["name"]).startswith(f"api.{kind}") and (m := CLIENTS.search(str(e["name"])))
        )
        for kind in ("post_events", "server_latency_p50", "server_latency_p99")
    }
    if api["post_events"]:
        clients = [c for c, _ in api["post_events"]]
        middle.plot(clients, [e["value"] for _, e in api["post_events"]], "o-", label="HTTP API")
        middle.plot(
            clients,
            [e["baseline_value"] for _, e in api["post_events"]],
            "s--",
            label="in-process, same work",
        )
        pinned = sorted(
            (int(m.group(1)), numeric(e["value"]))
            for e in entries
            if str(e["name"]).startswith("api.one_cpu.post_events")
            and (m := CLIENTS.search(str(e["name"])))
        )
        if pinned:
            middle.plot(
                [c for c, _ in pinned], [v for _, v in pinned], "^-", label="HTTP API, one CPU"
            )
        for kind, style in (("server_latency_p50", "o-"), ("server_latency_p99", "^-")):
            right.plot([c for c, _ in api[kind]], [e["value"] for _, e in api[kind]], style)
    middle.set(xscale="log", xlabel="concurrent clients", ylabel="events/s")
    middle.set_title("API throughput")
    if middle.get_legend_handles_labels()[0]:
        middle.legend(fontsize=7)
    right.set(xscale="log", yscale="log", xlabel="concurrent clients", ylabel="ms")
    right.set_title("API latency in the server (p50 ●, p99 ▲)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return str(path.relative_to(path.parents[1]))
