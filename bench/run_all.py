"""``make bench``: every benchmark in ``bench/``, each beside its peer measured in the same
run, within one time budget (15 minutes on two cores, cold caches included).

Each bench runs as a child process with its own time limit; repeated runs give medians.
A bench that crashes, times out or reports nothing is a failure: the others still run, and
the exit status is 1. A slow figure is never a failure. Writes, fresh for this run,
``bench/results.json``, ``bench/RESULTS.md`` (table and machine) and ``bench/scaling.png``.

    .venv/bin/python bench/run_all.py           # the whole suite
    .venv/bin/python bench/run_all.py --quick   # one run each, small sizes: checks the wiring
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.report import Outcome, write_markdown, write_plot  # noqa: E402

RESULTS = HERE / "results.json"
BUDGET_S = 15 * 60
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


def steps(quick: bool) -> list[Step]:
    if quick:
        return [
            Step("badges", ["badges.py", "--count", "20"], 300),
            Step("ledger", ["ledger_scaling.py", "--sizes", "10000", "--repeat", "1"], 300),
            Step("rebuild 10k", ["projections.py", "--events", "10000"], 300),
            Step("api", ["api.py", "--events", "50"], 300),
        ]
    # Order matters: ledger_scaling leaves the generated 1M ledger in var/bench/ when the
    # cache is empty, so the rebuild bench after it never generates it a second time.
    return [
        Step("badges sign/verify", ["badges.py"], 300, runs=3),
        Step("append and replay", ["ledger_scaling.py"], 600),
        Step("rebuild 10k", ["projections.py", "--events", "10000"], 180, runs=3),
        Step("rebuild 100k", ["projections.py", "--events", "100000"], 300, runs=3),
        Step("rebuild 1M", ["projections.py", "--events", "1000000"], 600, runs=3),
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
        value = statistics.median(float(r["value"]) for r in runs)  # type: ignore[arg-type]
        peers = [float(r["baseline_value"]) for r in runs if r.get("baseline_value")]  # type: ignore[arg-type]
        base = statistics.median(peers) if peers else None
        merged.append(
            {
                **{k: v for k, v in first.items() if k not in ("size", "runs")},
                "value": round(value, 3),
                "baseline_value": round(base, 3) if base else None,
                "ratio": round(value / base, 3) if base else None,
                "runs": int(first.get("runs") or len(runs)),  # type: ignore[call-overload]
            }
        )
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small run of each bench")
    args = parser.parse_args()
    started = time.perf_counter()
    suite = Suite()
    for step in steps(args.quick):
        run_step(step, suite)
    run_postgres(suite)
    entries = medians(suite)
    RESULTS.write_text(json.dumps(entries, indent=2) + "\n")
    total = time.perf_counter() - started
    table = write_markdown(HERE / "RESULTS.md", entries, suite.outcomes, total, BUDGET_S)
    plot = write_plot(HERE / "scaling.png", entries)
    print(f"\n{table}\nwrote bench/results.json, bench/RESULTS.md, {plot}")
    print(f"total {total / 60:.1f} min (budget {BUDGET_S / 60:.0f} min)")
    failed = [o for o in suite.outcomes if o.status == "failed"]
    for outcome in failed:
        print(f"FAILED: {outcome.label}: {outcome.detail}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
