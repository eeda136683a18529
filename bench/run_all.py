"""``make bench`` and ``make bench-full``: the benchmarks in ``bench/``, each beside its peer
measured in the same run, within a time budget on two cores, cold caches included.

``make bench`` (this script) gives the headline figures in under 5 minutes: badge
verification (Data Integrity and VC-JWT) and signing, ledger append, replay and loads at
100k events, the read-model rebuild at 100k, and the HTTP API (closed and open loop). ``make
bench-full`` (``--full``) adds the 10k → 1M scaling, the 1M rebuild, repeated runs (medians)
and PostgreSQL, in under 20 minutes.

Each bench runs as a child process with its own time limit; repeated runs give medians.
A bench that crashes, times out or reports nothing is a failure: the others still run, and
the exit status is 1. A slow figure is never a failure. Both write ``bench/results.json``
(one row per figure: ``name, value, unit, baseline, baseline_value, ratio,
higher_is_better``, plus ``runs`` and ``measured``): this run's rows replace the rows of the
same name, rows this run did not measure (the 1M figures after a ``make bench``) stay with
the date they were measured. ``bench/RESULTS.md`` (the table, the machine and its load) and
``bench/scaling.png`` are written from it.

    .venv/bin/python bench/run_all.py           # make bench
    .venv/bin/python bench/run_all.py --full    # make bench-full
    .venv/bin/python bench/run_all.py --quick   # one run each, small sizes: checks the wiring
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.entries import numeric  # noqa: E402
from bench.report import Outcome, Run, write_markdown, write_plot  # noqa: E402

RESULTS = HERE / "results.json"
# The results of earlier runs, kept aside while each bench writes its own into RESULTS.
EARLIER = HERE.parent / "var" / "bench" / "results-earlier.json"
BUDGET_S = {"quick": 5 * 60, "headline": 5 * 60, "full": 20 * 60}
POSTGRES_SKIPPED = "PostgreSQL backend not available (bench/backends.py does not exist yet)"


@dataclass(frozen=True)
class Step:
    """One bench invocation, run ``runs`` times; its figures are the medians."""

    label: str
    args: list[str]
    timeout_s: int
    runs: int = 1


@dataclass
class Suite:
    entries: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)


def steps(kind: str) -> list[Step]:
    if kind == "quick":
        return [
            Step("badges", ["badges.py", "--count", "20"], 300),
            Step("ledger", ["ledger_scaling.py", "--sizes", "10000", "--repeat", "1"], 300),
            Step("rebuild 10k", ["projections.py", "--events", "10000"], 300),
            Step("api", ["api.py", "--events", "50"], 300),
        ]
    if kind == "headline":
        # ledger_scaling leaves its 100k ledger in var/bench/ when that cache is empty, so
        # the rebuild after it never generates it a second time.
        return [
            Step("badges sign/verify", ["badges.py"], 180),
            Step(
                "append and replay 100k",
                ["ledger_scaling.py", "--sizes", "100000", "--repeat", "1"],
                300,
            ),
            Step("rebuild 100k", ["projections.py", "--events", "100000"], 300),
            Step("api load", ["api.py"], 300),
        ]
    # Order matters: ledger_scaling leaves the generated 1M ledger in var/bench/ when the
    # cache is empty, so the rebuild bench after it never generates it a second time.
    return [
        Step("badges sign/verify", ["badges.py"], 300, runs=3),
        Step("append and replay", ["ledger_scaling.py"], 600),
        Step("rebuild 10k", ["projections.py", "--events", "10000"], 180, runs=3),
        Step("rebuild 100k", ["projections.py", "--events", "100000"], 300, runs=3),
        # One run (which rebuilds twice: timed, then watched for memory): three runs of it
        # would take the suite past its 20 minutes.
        Step("rebuild 1M", ["projections.py", "--events", "1000000"], 900),
        Step("api load", ["api.py"], 300, runs=3),
    ]


def run_once(step: Step) -> tuple[list[dict[str, object]] | None, str]:
    """Runs the bench with an empty results file and returns what it wrote there."""
    RESULTS.write_text("[]\n")
    try:
        done = subprocess.run(
            [sys.executable, str(HERE / step.args[0]), *step.args[1:]],
            cwd=HERE.parent,
            timeout=step.timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {step.timeout_s} s"
    if done.returncode != 0:
        return None, f"exited with status {done.returncode}"
    written = json.loads(RESULTS.read_text() or "[]")
    if not written:
        return None, "reported no figures"
    return written, ""


def run_step(step: Step, suite: Suite) -> None:
    for run in range(1, step.runs + 1):
        print(f"\n=== {step.label} (run {run}/{step.runs}): bench/{' '.join(step.args)}")
        started = time.perf_counter()
        written, problem = run_once(step)
        seconds = time.perf_counter() - started
        if written is None:
            print(f"!!! {step.label} failed: {problem}")
            suite.outcomes.append(Outcome(step.label, "failed", problem, seconds))
            return
        for entry in written:
            suite.entries.setdefault(str(entry["name"]), []).append(entry)
        suite.outcomes.append(Outcome(step.label, "ran", f"run {run}/{step.runs}", seconds))


def run_postgres(suite: Suite) -> None:
    """The PostgreSQL peer, where the machine allows (issue 7): ``bench/backends.py`` runs
    the ledger's append and rebuild on a throwaway local cluster beside SQLite, and
    ``api.py --postgres`` the same API load on both."""
    backends = HERE / "backends.py"
    if not backends.exists():
        print(f"\n=== PostgreSQL: skipped: {POSTGRES_SKIPPED}")
        suite.outcomes.append(Outcome("PostgreSQL", "skipped", POSTGRES_SKIPPED, 0))
        return
    run_step(Step("PostgreSQL vs SQLite", ["backends.py"], 300), suite)
    run_step(
        Step("API load on PostgreSQL", ["api.py", "--postgres", "--events", "200"], 300), suite
    )


def medians(suite: Suite) -> list[dict[str, object]]:
    """One entry per figure: the median value and the median peer value of every run;
    the ratio is theirs (value / baseline), so the table reads consistently."""
    merged = []
    for runs in suite.entries.values():
        first = runs[0]
        value = statistics.median(numeric(r["value"]) for r in runs)
        peers = [numeric(r["baseline_value"]) for r in runs if r.get("baseline_value")]
        base = statistics.median(peers) if peers else None
        merged.append(
            {
                **{k: v for k, v in first.items() if k not in ("size", "runs")},
                "value": round(value, 3),
                "baseline_value": round(base, 3) if base else None,
                "ratio": round(value / base, 3) if base else None,
                "runs": int(numeric(first.get("runs") or len(runs))),
            }
        )
    return merged


def merged_with_earlier(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """This run's rows, then the earlier rows of figures this run did not measure."""
    try:
        earlier = json.loads(EARLIER.read_text() or "[]")
    except (OSError, ValueError):
        earlier = []
    names = {e["name"] for e in entries}
    kept = []
    for row in earlier:
        if row.get("name") not in names:
            names.add(row.get("name"))
            kept.append(row)
    return entries + kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="one small run of each bench")
    group.add_argument("--full", action="store_true", help="make bench-full: 10k to 1M, medians")
    args = parser.parse_args()
    kind = "quick" if args.quick else "full" if args.full else "headline"
    command = {"quick": "run_all.py --quick", "headline": "make bench", "full": "make bench-full"}
    started = time.perf_counter()
    load_before = os.getloadavg()
    EARLIER.parent.mkdir(parents=True, exist_ok=True)
    if RESULTS.exists():
        EARLIER.write_text(RESULTS.read_text())
    suite = Suite()
    for step in steps(kind):
        run_step(step, suite)
    if kind == "full":
        run_postgres(suite)
    measured = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    entries = [{**e, "measured": measured} for e in medians(suite)]
    entries = merged_with_earlier(entries)
    RESULTS.write_text(json.dumps(entries, indent=2) + "\n")
    EARLIER.unlink(missing_ok=True)
    total = time.perf_counter() - started
    table = write_markdown(
        HERE / "RESULTS.md",
        entries,
        suite.outcomes,
        Run(command[kind], total, BUDGET_S[kind], load_before, os.getloadavg(), measured),
    )
    plot = write_plot(HERE / "scaling.png", entries)
    print(f"\n{table}\nwrote bench/results.json, bench/RESULTS.md, {plot}")
    print(f"total {total / 60:.1f} min (budget {BUDGET_S[kind] / 60:.0f} min)")
    failed = [o for o in suite.outcomes if o.status == "failed"]
    for outcome in failed:
        print(f"FAILED: {outcome.label}: {outcome.detail}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
