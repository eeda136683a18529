"""Bench: Leerspoor's append and replay at 10k, 100k and 1M events beside a raw
``eventsourcing`` application doing the same number of appends and reads, on the same
SQLite file type (``eventsourcing.sqlite``, WAL, the library's default durability), in the
same run.

    .venv/bin/python bench/ledger_scaling.py     # 10k, 100k (median of 3), 1M (1 run)
    .venv/bin/python bench/ledger_scaling.py --sizes 10000 --repeat 1

Measures, for each size:

- append: ``bench/eventgen.generate`` drives realistic trajectories through the ledger's
  command methods (every rule checked) and saves them the way the app does, about 2,000
  aggregates per ``ledger.save``. Only the ledger's work is timed (its ``Stopwatch`` runs
  through opening, each command method and each save; building the scripts and looking up
  the qualification are the generator's and are not). The peer is a minimal plain
  ``Aggregate`` + ``Application`` recording exactly the same number of events, for the same
  aggregates (one raw aggregate per trajectory, same lengths), in exactly the same
  transactions (same batch sizes, same order).
- replay log: every stored event read back through the recorder and the mapper
  (``select_notifications`` pages + ``mapper.to_domain_event``), both sides.
- load aggregates: every trajectory (an evenly spread sample of 5,000 when there are more)
  loaded by id through ``repository.get`` in a fresh application, beside the same raw
  aggregates.

and once, at a fixed size, single-event commits: ``Ledger.post`` (one posted event, its
idempotency marker, one transaction each) beside raw load-trigger-save, one event each.

A warm-up run (not timed) precedes the measurements. Each figure is the median of
``--repeat`` runs (``--repeat-large`` at 1M). Every run writes a fresh database file in
``var/bench/``; a 1M (or any size) ledger written here is kept as
``var/bench/projections-N.db`` when that cache is empty: it is the very file
``bench/projections.py`` would generate (same generator, same seed).
Appends entries to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from uuid import UUID

REPO = Path(__file__).resolve().parents[1]
# The script's own folder holds bench/badges.py, which would shadow the badges package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from eventsourcing.application import Application  # noqa: E402

from api.bootstrap import build_ledger  # noqa: E402
from bench.entries import figure, numeric  # noqa: E402
from bench.eventgen import Stopwatch, generate  # noqa: E402
from bench.raw_peer import (  # noqa: E402
    PEER,
    T0,
    Shape,
    fresh,
    raw_app,
    raw_append,
    raw_single_commits,
)
from ledger import Actor, Learner, Organisation, Role, Submission  # noqa: E402
from tests.reference_data import load_reference_data  # noqa: E402

RESULTS = REPO / "bench" / "results.json"
WORKDIR = REPO / "var" / "bench"
PAGE = 10_000
# Trajectories loaded per size: all of them up to this many, an evenly spread sample above.
LOAD_SAMPLE = 5_000


def leerspoor_append(path: Path, events: int) -> tuple[float, Shape]:
    ledger = build_ledger(f"sqlite:///{fresh(path)}")
    load_reference_data(ledger)  # not timed; generate() repeats it, an idempotent no-op
    first_id = ledger.recorder.max_notification_id() or 0
    batches: list[int] = []
    watch = Stopwatch()
    os.sync()  # as the peer does (bench/raw_peer.py): no earlier run's writes in our time
    generate(ledger, events, progress=batches.append, watch=watch)
    ledger.close()
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT originator_id FROM stored_events WHERE rowid > ? ORDER BY rowid", (first_id,)
        )
        originators = [row[0] for row in rows]
    return watch.seconds, Shape(first_id, originators, batches)


def read_log(app: Application[UUID], first_id: int) -> tuple[float, int]:
    """Every event after ``first_id``, through the recorder and the mapper."""
    read, start = 0, first_id + 1
    started = time.perf_counter()
    while page := app.recorder.select_notifications(start=start, limit=PAGE):
        for notification in page:
            app.mapper.to_domain_event(notification)
        read += len(page)
        start = page[-1].id + 1
    return time.perf_counter() - started, read


def load_all(app: Application[UUID], ids: Sequence[UUID]) -> float:
    started = time.perf_counter()
    for aggregate_id in ids:
        app.repository.get(aggregate_id)
    return time.perf_counter() - started


def sample(keys: list[str], size: int) -> list[str]:
    step = max(1, len(keys) // size)
    return keys[::step][:size]


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def entry(
    name: str, size: int, runs: int, unit: str, ours: float, theirs: float, baseline: str
) -> dict[str, object]:
    return figure(name, ours, unit, baseline, theirs, size=size, runs=runs)


def show(entries: list[dict[str, object]]) -> None:
    for e in entries:
        ours, theirs = numeric(e["value"]), numeric(e["baseline_value"])
        print(f"{e['name']:48} {ours:12,.0f} {theirs:12,.0f} {e['unit']}  ratio {e['ratio']}")


def measure_size(events: int, runs: int, *, keep: bool = True) -> list[dict[str, object]]:
    ours_path, raw_path = WORKDIR / f"ledger-{events}.db", WORKDIR / f"raw-{events}.db"
    ours_s, raw_s = [], []
    for _ in range(runs):
        seconds, shape = leerspoor_append(ours_path, events)
        ours_s.append(seconds)
        seconds, raw_ids = raw_append(raw_path, shape)
        raw_s.append(seconds)
    written = len(shape.originators)
    out = [
        entry(
            f"ledger.append ({written:,} events)",
            written,
            runs,
            "events/s",
            written / statistics.median(ours_s),
            written / statistics.median(raw_s),
            f"{PEER}: plain Aggregate, same events and transactions",
        )
    ]
    ledger, raw = build_ledger(f"sqlite:///{ours_path}"), raw_app(raw_path)
    ours_read = median_of(runs, lambda: read_log(ledger, shape.first_id)[0])
    raw_read = median_of(runs, lambda: read_log(raw, 0)[0])
    out.append(
        entry(
            f"ledger.replay_log ({written:,} events)",
            written,
            runs,
            "events/s",
            written / ours_read,
            written / raw_read,
            f"{PEER}: same number of events through recorder + mapper",
        )
    )
    keys = sample(list(dict.fromkeys(shape.originators)), LOAD_SAMPLE)
    lengths = dict.fromkeys(keys, 0)
    for key in shape.originators:
        if key in lengths:
            lengths[key] += 1
    replayed = sum(lengths.values())
    ours_ids = [UUID(k) for k in keys]
    their_ids = [raw_ids[k] for k in keys]
    # A fresh application per run: every load is a miss in the ledger's aggregate cache.
    ours_load = median_of(runs, lambda: load_all(build_ledger(f"sqlite:///{ours_path}"), ours_ids))
    raw_load = median_of(runs, lambda: load_all(raw_app(raw_path), their_ids))
    out.append(
        entry(
            f"ledger.load_trajectories ({written:,} events)",
            written,
            runs,
            "events/s",
            replayed / ours_load,
            replayed / raw_load,
            f"{PEER}: repository.get of the same {len(keys):,} aggregates",
        )
    )
    ledger.close()
    raw.close()
    cached = WORKDIR / f"projections-{events}.db"
    if keep and not cached.exists():  # the same file bench/projections.py would generate
        ours_path.rename(cached)
    fresh(ours_path)
    fresh(raw_path)
    return out


def post_rate(events: int, runs: int) -> dict[str, object]:
    """Single-event commits: ``Ledger.post`` beside the raw load-trigger-save cycle."""
    actor = Actor("bench", Role.PROVIDER, Organisation.id_for("hogeschool-data"))
    trajectories = max(1, events // 10)

    def body(kind: str, i: int, **data: object) -> Submission:
        return Submission(kind, f"post-{i}", T0 + timedelta(minutes=i), dict(data))

    def ours() -> float:
        ledger = build_ledger(f"sqlite:///{fresh(WORKDIR / 'post.db')}")
        load_reference_data(ledger)
        opening = {
            "learner_id": str(Learner.id_for("jana")),
            "pathway": "microdegree",
            "qualification_code": "GRAD-DATA",
            "lead_provider": str(Organisation.id_for("hogeschool-data")),
            "partners": [],
        }
        started = time.perf_counter()
        opened = [
            ledger.post(None, body("TrajectoryOpened", i, **opening), actor=actor).aggregate_id
            for i in range(trajectories)
        ]
        for i in range(trajectories, events):
            target = opened[i % trajectories]
            ledger.post(target, body("ModuleEnrolled", i, module_code="MD-SQL"), actor=actor)
        return time.perf_counter() - started

    def theirs() -> float:
        return raw_single_commits(fresh(WORKDIR / "post-raw.db"), trajectories, events)

    ours_s, raw_s = median_of(runs, ours), median_of(runs, theirs)
    for name in ("post.db", "post-raw.db"):
        fresh(WORKDIR / name)
    return entry(
        f"ledger.post ({events:,} single-event commits)",
        events,
        runs,
        "events/s",
        events / ours_s,
        events / raw_s,
        f"{PEER}: repository.get + trigger + save, one event per commit",
    )


def record(entries: list[dict[str, object]]) -> None:
    existing = json.loads(RESULTS.read_text() or "[]") if RESULTS.exists() else []
    RESULTS.write_text(json.dumps([*existing, *entries], indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs at 1M and above")
    parser.add_argument("--post-events", type=int, default=500, help="0 to skip")
    args = parser.parse_args()
    WORKDIR.mkdir(parents=True, exist_ok=True)
    measure_size(2_000, 1, keep=False)  # warm-up: imports, caches; nothing recorded
    print(f"{'measure':48} {'Leerspoor':>12} {'peer':>12}", flush=True)
    entries = []
    for size in (int(s) for s in args.sizes.split(",")):
        runs = args.repeat_large if size >= 1_000_000 else args.repeat
        started = time.perf_counter()
        measured = measure_size(size, runs)
        show(measured)
        print(f"  ({size:,} events, {runs} run(s): {time.perf_counter() - started:.0f} s)")
        entries += measured
    if args.post_events:
        entries.append(post_rate(args.post_events, args.repeat))
        show(entries[-1:])
    record(entries)


if __name__ == "__main__":
    main()
