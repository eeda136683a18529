"""Bench: rebuild rate of every read model over N generated events, its peak memory, and a
raw SQLAlchemy bulk insert of the very rows the rebuild wrote (baseline), in the same run.

    .venv/bin/python bench/projections.py                 # 1,000,000 events
    .venv/bin/python bench/projections.py --events 100000 # quicker

The generated ledger is kept in ``var/bench/`` and reused by later runs of the same size.
The rebuild runs in a child process (which forks one more per extra worker), twice: once
timed with nothing watching it, once for its peak memory, the largest summed PSS of those
processes sampled from ``/proc`` every 100 ms. The sampling is kept out of the timed run:
each read of a process's ``smaps_rollup`` walks its page tables (2.5-5 ms of CPU on a
rebuild's 400 MiB process), and at ten reads a second it made the 1M rebuild 7-11% slower
on two cores. Before the timed rebuild and before the baseline, ``os.sync()`` writes out
what earlier steps left in the page cache (in ``make bench-full`` the 1M ledger has just
been written), so that neither pays for another's disk writes. Before the timed rebuild
the database file is also read through once, sequentially, and that read's time printed
apart: the baseline reads its rows untimed from a file the rebuild has just written, so the
timed rebuild is not charged for reading the ledger from cold storage either. (In
``make bench-full`` the 1M file had gone unread since the last run, and the 1M rebuild took
two to three times as long as the same rebuild a few minutes after another; cold reads are
the likely cause, not yet shown: docs/benchmarks.md.) The timed rebuild's CPU seconds (its
processes' user and system time) are printed beside its wall time, to tell waiting from
computing. Appends entries to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# The script's own folder holds bench/badges.py, which would shadow the badges package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from sqlalchemy import select  # noqa: E402

from api.bootstrap import build_ledger  # noqa: E402
from bench.entries import figure  # noqa: E402
from bench.eventgen import generate  # noqa: E402
from projections import REBUILD_BATCH, ReadModels, read_model_engine, upgrade  # noqa: E402
from projections.tracking import metadata, tracking_table  # noqa: E402

RESULTS = REPO / "bench" / "results.json"


def ensure_events(path: Path, events: int) -> int:
    url = f"sqlite:///{path}"
    ledger = build_ledger(url)
    head = ledger.recorder.max_notification_id() or 0
    if head < events:
        started = time.perf_counter()
        generate(ledger, events - head)
        head = ledger.recorder.max_notification_id() or 0
        print(f"generated {head} events in {time.perf_counter() - started:.1f} s")
    # An open connection here could keep the rebuild's write-ahead log from being reset.
    ledger.close()
    return head


def child_rebuild(path: Path, batch: int, workers: int) -> None:
    url = f"sqlite:///{path}"
    models = ReadModels(url, build_ledger(url))
    started, used = time.perf_counter(), _cpu_seconds(resource.RUSAGE_SELF)
    read = models.rebuild(limit=batch, workers=workers)
    seconds = time.perf_counter() - started
    # The forked workers have all been joined: their whole lives are the rebuild.
    cpu = _cpu_seconds(resource.RUSAGE_SELF) - used + _cpu_seconds(resource.RUSAGE_CHILDREN)
    # KiB on Linux. With two workers, both peaks added: an upper bound, since the forked
    # process shares its parent's pages until it writes to them.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    forked = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "read": read,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_mib": (own + forked) / 1024,
                "peak_per_process_mib": [own / 1024, forked / 1024],
            }
        )
    )


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def read_through(path: Path) -> tuple[int, float]:
    """Reads the database file (and its write-ahead log, if any) once, start to end: bytes
    read and seconds taken."""
    total, started = 0, time.perf_counter()
    for part in (path, Path(f"{path}-wal")):
        if part.exists():
            with part.open("rb", buffering=0) as stream:
                while chunk := stream.read(8 << 20):
                    total += len(chunk)
    return total, time.perf_counter() - started


def rebuilt(path: Path, batch: int, workers: int, *, sampled: bool) -> tuple[dict[str, Any], float]:
    """One rebuild in a child process: what it reported, and (``sampled``) the peak summed
    PSS of its processes in MiB, else 0."""
    command = [sys.executable, __file__, "--child-rebuild", str(path)]
    command += ["--batch", str(batch), "--workers", str(workers)]
    os.sync()  # the steps before (a 1M ledger written) must not flush their pages in our time
    rebuild = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        peak_pss = sample_peak_pss(rebuild) if sampled else 0.0
        stdout, _ = rebuild.communicate()
    finally:
        if rebuild.poll() is None:  # interrupted: never leave the rebuild running
            rebuild.kill()
            rebuild.wait()
    if rebuild.returncode != 0:
        raise SystemExit(f"the rebuild failed with exit status {rebuild.returncode}")
    reported: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return reported, peak_pss


def sample_peak_pss(process: subprocess.Popen[str], every: float = 0.1) -> float:
    """Peak, over the rebuild's life, of the summed proportional set size (PSS, from
    ``/proc/PID/smaps_rollup``) of the rebuild process and the workers it forked, in MiB.
    PSS shares each page between the processes mapping it, so the pages a fork shares with
    its parent count once, not twice as a sum of RSS peaks would. Returns 0 where /proc has
    no smaps_rollup (then only the RSS figures are printed)."""
    peak = 0
    while process.poll() is None:
        total = sum(_pss_kib(pid) for pid in [process.pid, *_descendants(process.pid)])
        peak = max(peak, total)
        time.sleep(every)
    return peak / 1024


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def baseline(source: Path, target: Path) -> tuple[float, int]:
    """Seconds to bulk-insert every read-model row of ``source`` into a fresh ``target``
    with plain SQLAlchemy Core executemany in one transaction, commit included (reading the
    rows is not timed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src, dst = read_model_engine(f"sqlite:///{source}"), read_model_engine(f"sqlite:///{target}")
    upgrade(dst)
    os.sync()  # as before the rebuild: nothing written earlier is flushed in the timed part
    timed, rows_total = 0.0, 0
    with src.connect() as reader, dst.connect() as writer:
        transaction = writer.begin()
        for table in metadata.sorted_tables:
            if table is tracking_table or not table.name.startswith("rm_"):
                continue
            result = reader.execute(select(table)).mappings()
            while chunk := [dict(r) for r in result.fetchmany(50_000)]:
                started = time.perf_counter()
                writer.execute(table.insert(), chunk)
                timed += time.perf_counter() - started
                rows_total += len(chunk)
        # The rows are inserted once committed, as the rebuild's are (its time includes its
        # commits).
        started = time.perf_counter()
        transaction.commit()
        timed += time.perf_counter() - started
    return timed, rows_total


def record(entries: list[dict[str, object]]) -> None:
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps([*existing, *entries], indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=REBUILD_BATCH)
    parser.add_argument("--workers", type=int, default=2, help="processes for the rebuild")
    parser.add_argument("--child-rebuild", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_rebuild:
        child_rebuild(args.child_rebuild, args.batch, args.workers)
        return
    workdir = REPO / "var" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"projections-{args.events}.db"
    head = ensure_events(path, args.events)
    size, read_seconds = read_through(path)
    child, _ = rebuilt(path, args.batch, args.workers, sampled=False)
    watched, peak_pss = rebuilt(path, args.batch, args.workers, sampled=True)
    rate = head / child["seconds"]
    base_seconds, rows = baseline(path, workdir / "baseline.db")
    base_rate = head / base_seconds
    ratio = rate / base_rate
    print(f"events in log:       {head:,} ({child['read']:,} trajectory events applied)")
    print(f"read through first:  {size / 2**20:,.0f} MiB in {read_seconds:.1f} s (not timed)")
    print(
        f"rebuild:             {child['seconds']:.1f} s = {rate:,.0f} events/s"
        f" ({child['cpu_seconds']:.1f} CPU s)"
    )
    print(f"raw bulk insert:     {base_seconds:.1f} s for {rows:,} rows = {base_rate:,.0f} ev/s")
    print(f"ratio (target 0.5):  {ratio:.2f}")
    per_process = " + ".join(f"{m:.0f}" for m in watched["peak_per_process_mib"] if m)
    peak = peak_pss or watched["peak_mib"]
    print(f"peak memory (target < 500 MiB): {peak:.0f} MiB, summed PSS of the processes")
    print(f"  peak RSS per process: {per_process} MiB (shared pages counted in each)")
    record(
        [
            figure(
                f"projections rebuild ({head} events)",
                rate,
                "events/s",
                "raw SQLAlchemy bulk insert of the same rows",
                base_rate,
            ),
            figure(
                f"projections rebuild peak memory ({head} events)",
                peak,
                "MiB",
                "target",
                500,
                higher=False,
            ),
        ]
    )


if __name__ == "__main__":
    main()
