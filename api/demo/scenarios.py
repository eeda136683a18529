"""The six seed scenarios, one data file each (``data/scenarios/*.json``), written after the
sources (S0-S4) and citing the lines each rests on: who posts which event, in its contract
form, on which day, and each trajectory's expected end state. The same scripts drive the
demo, the acceptance tests over HTTP and the unit tests.

In a file, ``"org:<key>"``, ``"learner:<key>"`` and ``"trajectory:<key>"`` stand for the
ids the ledger derives (an organisation from its key; a learner from the reference its
provider registered them under, ``data/learners.json``; a trajectory from its opening's
event id and lead). A step's event id is its trajectory's key and its place
(``hulpkelner-amina-003``). Every step happens at 10:00 Brussels time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any
from uuid import UUID

from api.demo.reference import learner_id
from ledger import Organisation, Trajectory

DATA = files("api.demo") / "data" / "scenarios"
ORDER = ("hulpkelner", "zorgkundige", "houtbewerker", "sociaal-werk", "duaal-leren", "microdegree")
TIME_OF_DAY = "T10:00:00+01:00"


@dataclass(frozen=True)
class ActorSpec:
    role: str
    organisation: str
    person: str


@dataclass(frozen=True)
class Step:
    trajectory: str
    actor: ActorSpec
    event_type: str
    event_id: str
    occurred_at: str
    fields: dict[str, Any]
    source: str = ""

    def document(self) -> dict[str, Any]:
        """The event as it is posted (its contract form)."""
        return {
            "type": self.event_type,
            "event_id": self.event_id,
            "occurred_at": self.occurred_at,
            "data": self.fields,
        }


@dataclass(frozen=True)
class Expected:
    status: str
    outcome: str | None
    awards: frozenset[str]
    missing: tuple[str, ...] = ()
    exit: str | None = None


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    sources: tuple[str, ...]
    steps: tuple[Step, ...]
    expected: dict[str, Expected]
    learners: dict[str, str]
    """Trajectory key → learner key."""


def org(key: str) -> str:
    return str(Organisation.id_for(key))


def learner(key: str) -> str:
    return str(learner_id(key))


def opening_ids(steps: Iterable[Step]) -> dict[str, UUID]:
    """Each trajectory's id, derived from its opening event id and its lead."""
    return {
        step.trajectory: Trajectory.id_for(
            step.event_id, Organisation.id_for(step.actor.organisation)
        )
        for step in steps
        if step.event_type == "TrajectoryOpened"
    }


def resolved(value: Any, trajectories: dict[str, UUID]) -> Any:
    """``value`` with every ``org:``, ``learner:`` and ``trajectory:`` reference replaced by
    its id. Only "kind:key" is a reference: a bare word such as the signatory "learner" is
    not."""
    if isinstance(value, str):
        kind, colon, key = value.partition(":")
        if not colon:
            return value
        if kind == "org":
            return org(key)
        if kind == "learner":
            return learner(key)
        if kind == "trajectory":
            return str(trajectories[key])
        return value
    if isinstance(value, list):
        return [resolved(item, trajectories) for item in value]
    if isinstance(value, dict):
        return {name: resolved(item, trajectories) for name, item in value.items()}
    return value


def _steps(document: dict[str, Any]) -> list[Step]:
    actors = {
        person: ActorSpec(spec["role"], spec["organisation"], person)
        for person, spec in document["actors"].items()
    }
    return [
        Step(
            trajectory=trajectory["key"],
            actor=actors[step["by"]],
            event_type=step["type"],
            event_id=f"{trajectory['key']}-{place:03d}",
            occurred_at=f"{step['day']}{TIME_OF_DAY}",
            fields=step["data"],
            source=step.get("source", ""),
        )
        for trajectory in document["trajectories"]
        for place, step in enumerate(trajectory["steps"], start=1)
    ]


def scenario(key: str) -> Scenario:
    """One scenario, read from its data file, every reference resolved."""
    document = json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))
    raw = _steps(document)
    ids = opening_ids(raw)
    steps = tuple(
        Step(
            s.trajectory,
            s.actor,
            s.event_type,
            s.event_id,
            s.occurred_at,
            resolved(s.fields, ids),
            s.source,
        )
        for s in raw
    )
    expected = {
        t["key"]: Expected(
            t["expected"]["status"],
            t["expected"]["outcome"],
            frozenset(t["expected"]["awards"]),
            tuple(t["expected"]["missing"]),
            t["expected"].get("exit"),
        )
        for t in document["trajectories"]
    }
    learners = {t["key"]: t["learner"] for t in document["trajectories"]}
    return Scenario(
        document["key"], document["title"], tuple(document["sources"]), steps, expected, learners
    )


@cache
def _all() -> tuple[Scenario, ...]:
    return tuple(scenario(key) for key in ORDER)


def scenarios() -> list[Scenario]:
    """The six scenarios, in the order the demo loads them."""
    return list(_all())


def trajectory_ids(all_scenarios: Iterable[Scenario]) -> dict[str, UUID]:
    """Every scenario trajectory's id by its key."""
    return opening_ids(step for s in all_scenarios for step in s.steps)
