"""Bench: the same work on SQLite and on PostgreSQL in one run, with the ratio.

* append rate: ``bench.eventgen.generate`` (realistic trajectories through ``Ledger``), one
  process;
* projection rebuild rate: every read model replayed from zero over those events.

PostgreSQL is a throwaway local cluster (as in the tests: fsync off, loopback TCP), so the
ratio compares the engines and drivers, not disks or networks. Appends entries to
``bench/results.json`` with SQLite as the baseline.

    .venv/bin/python bench/backends.py               # 20,000 events
    .venv/bin/python bench/backends.py --events 100000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from api.bootstrap import build_ledger  # noqa: E402
from bench.entries import figure  # noqa: E402
from bench.eventgen import generate  # noqa: E402
from projections import ReadModels  # noqa: E402
from tests.postgres import throwaway_cluster  # noqa: E402

RESULTS = REPO / "bench" / "results.json"


def measure(url: str, events: int) -> tuple[float, float, int]:
    """(appends/s, rebuild events/s, events) on the store at ``url``."""
    ledger = build_ledger(url)
    started = time.perf_counter()
    generate(ledger, events)
    append_s = time.perf_counter() - started
    head = ledger.recorder.max_notification_id() or 0
    count = len(ledger.recorder.select_notifications(start=1, limit=10**9))
    models = ReadModels(url, ledger)
    started = time.perf_counter()
    models.rebuild()
    rebuild_s = time.perf_counter() - started
    models.close()
    ledger.close()
    assert head >= count
    return count / append_s, count / rebuild_s, count


def entry(name: str, value: float, baseline: float) -> dict[str, object]:
    return figure(name, value, "events/s", "same work on SQLite, same run", baseline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sqlite = measure(f"sqlite:///{folder}/bench.db", args.events)
        clusters = throwaway_cluster()
        cluster = next(clusters)
        try:
            postgres = measure(cluster.create_database("bench"), args.events)
        finally:
            for _ in clusters:
                pass  # stops and removes the cluster
    print(f"{sqlite[2]:,} events on each backend")
    for label, s, p in (("append", sqlite[0], postgres[0]), ("rebuild", sqlite[1], postgres[1])):
        print(f"{label:>8}: SQLite {s:,.0f}/s  PostgreSQL {p:,.0f}/s  ratio {p / s:.2f}")
    entries = [
        entry("postgres_append_rate", postgres[0], sqlite[0]),
        entry("postgres_rebuild_rate", postgres[1], sqlite[1]),
    ]
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    names = {e["name"] for e in entries}
    RESULTS.write_text(
        json.dumps([e for e in existing if e.get("name") not in names] + entries, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
