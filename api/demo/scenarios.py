"""The six seed scenarios of PRODUCT.md, one data file each (``data/scenarios/*.json``): who
posts which event, in its contract form, on which day, and each trajectory's expected end
state. The same scripts drive the demo, the acceptance tests and the HTTP tests.

In a file, ``"org:<key>"`` and ``"learner:<key>"`` stand for the ids the ledger derives from
those keys; a step's event id is its trajectory's key and its place (``hulpkelner-amina-003``),
so a step may name an earlier one by that id. Every step happens at 10:00 Brussels time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from ledger import Learner, Organisation

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


@dataclass(frozen=True)
class Expected:
    status: str
    outcome: str | None
    awards: frozenset[str]
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    steps: tuple[Step, ...]
    expected: dict[str, Expected]


def org(key: str) -> str:
    return str(Organisation.id_for(key))


def learner(key: str) -> str:
    return str(Learner.id_for(key))


REFERENCES = {"org": org, "learner": learner}


def resolved(value: Any) -> Any:
    """``value`` with every ``org:`` and ``learner:`` reference replaced by its id."""
    if isinstance(value, str):
        kind, colon, key = value.partition(":")
        # Only "kind:key" is a reference: a bare word such as the signatory "learner" is not.
        return REFERENCES[kind](key) if colon and kind in REFERENCES else value
    if isinstance(value, list):
        return [resolved(item) for item in value]
    if isinstance(value, dict):
        return {name: resolved(item) for name, item in value.items()}
    return value


def scenario(key: str) -> Scenario:
    """One scenario, read from its data file."""
    document = json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))
    actors = {
        person: ActorSpec(spec["role"], spec["organisation"], person)
        for person, spec in document["actors"].items()
    }
    steps: list[Step] = []
    expected: dict[str, Expected] = {}
    for trajectory in document["trajectories"]:
        name = trajectory["key"]
        for place, step in enumerate(trajectory["steps"], start=1):
            steps.append(
                Step(
                    trajectory=name,
                    actor=actors[step["by"]],
                    event_type=step["type"],
                    event_id=f"{name}-{place:03d}",
                    occurred_at=f"{step['day']}{TIME_OF_DAY}",
                    fields=resolved(step["data"]),
                )
            )
        end = trajectory["expected"]
        expected[name] = Expected(
            end["status"], end["outcome"], frozenset(end["awards"]), tuple(end["missing"])
        )
    return Scenario(document["key"], document["title"], tuple(steps), expected)


@cache
def _all() -> tuple[Scenario, ...]:
    return tuple(scenario(key) for key in ORDER)


def scenarios() -> list[Scenario]:
    """The six scenarios, in the order the demo loads them."""
    return list(_all())
