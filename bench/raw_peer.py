"""The peer of ``bench/ledger_scaling.py``: a raw ``eventsourcing`` application (a plain
``Aggregate``, the library's own ``Application``) on the same persistence settings as the
ledger, writing the same numbers of events in the same transactions."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from api.bootstrap import ledger_env

T0 = datetime(2025, 9, 8, 9, 0, tzinfo=UTC)
PEER = f"raw eventsourcing {version('eventsourcing')}"


class Course(Aggregate):
    """The peer's aggregate: as plain as the library allows, with a payload of the usual
    kind (ids, a time, a short code)."""

    def __init__(self, learner: str, event_id: str, occurred_at: datetime) -> None:
        self.learner = learner
        self.steps = 0

    @event("Progressed")
    def progress(self, step: str, event_id: str, occurred_at: datetime, actor: str) -> None:
        self.steps += 1


class RawApp(Application[UUID]):
    name = "raw"


def raw_app(path: Path) -> RawApp:
    """The same persistence module and settings the ledger gets from ``ledger_env``, minus
    the ledger's own aggregate cache."""
    env = {k: v for k, v in ledger_env(f"sqlite:///{path}").items() if not k.startswith("AGG")}
    return RawApp(env=env)


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@dataclass(frozen=True)
class Shape:
    """What one Leerspoor append run wrote: the originator of every event in log order and
    the number of events in each ``save``."""

    first_id: int
    originators: list[str]
    batches: list[int]


def raw_append(path: Path, shape: Shape) -> tuple[float, dict[str, UUID]]:
    """The same events, aggregates and transactions through a plain application."""
    app = raw_app(fresh(path))
    last = {key: i for i, key in enumerate(shape.originators)}
    live: dict[str, Course] = {}
    ids: dict[str, UUID] = {}
    position = 0
    os.sync()  # what the run before left in the page cache is written out before the clock
    started = time.perf_counter()
    for size in shape.batches:
        touched = []
        for i in range(position, position + size):
            key = shape.originators[i]
            at = T0 + timedelta(minutes=i)
            course = live.get(key)
            if course is None:
                course = live[key] = Course(learner="jana", event_id=f"raw-{i}", occurred_at=at)
                ids[key] = course.id
            else:
                course.progress(step="M-EI-BASIS", event_id=f"raw-{i}", occurred_at=at, actor="t")
            if last[key] == i:
                del live[key]
            touched.append(course)
        app.save(*touched)
        position += size
    seconds = time.perf_counter() - started
    app.close()
    return seconds, ids


def raw_single_commits(path: Path, trajectories: int, events: int) -> float:
    """Seconds for ``events`` single-event commits through a plain application: the first
    ``trajectories`` create aggregates, the rest load, trigger and save one of them each."""
    app = raw_app(path)
    started = time.perf_counter()
    opened = []
    for i in range(trajectories):
        course = Course(learner="jana", event_id=f"post-{i}", occurred_at=T0)
        app.save(course)
        opened.append(course.id)
    for i in range(trajectories, events):
        course = app.repository.get(opened[i % trajectories])
        course.progress(step="MD-SQL", event_id=f"post-{i}", occurred_at=T0, actor="bench")
        app.save(course)
    return time.perf_counter() - started
