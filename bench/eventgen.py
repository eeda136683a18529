"""Generates a realistic stream of trajectory events fast, for the projections bench and the
worker crash test: trajectories are driven through the ledger's own command methods (so
every rule holds) and saved many at a time with ``ledger.save(*aggregates)``, one round of
steps per save, so trajectories interleave in the log as they would in production.

Mix per trajectory: opening, learning agreement, module enrolments and completions,
assessments (some not yet mastered), exemptions, retractions with re-assessment, pauses,
partial and full awards, dropouts and closes. Reference data comes from
``tests.reference_data``.

A ``Stopwatch`` passed to ``generate`` runs only while the ledger works (opening a
trajectory, each command method with its rules, and each ``ledger.save``): building the
scripts, drawing random numbers, making stamps and looking up the qualification a
trajectory opens on are the generator's work and stay outside it (issue 19).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from ledger import Actor, Learner, Ledger, Organisation, Role, Stamp, Trajectory
from ledger.trajectory_context import CommandContext
from tests.reference_data import load_reference_data

Step = Callable[[Trajectory, Stamp, CommandContext], None]
START = datetime(2025, 9, 8, 9, 0, tzinfo=UTC)
LEARNERS = ["amina", "bart", "chloe", "dirk", "emre", "fien", "gilles", "hanne", "ilias", "jana"]


class Stopwatch:
    """Seconds accumulated between ``start`` and ``stop``."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._since = 0.0

    def start(self) -> None:
        self._since = time.perf_counter()

    def stop(self) -> None:
        self.seconds += time.perf_counter() - self._since


def _org(key: str) -> UUID:
    return Organisation.id_for(key)


def _teacher(key: str) -> Actor:
    return Actor(id="teacher", role=Role.PROVIDER, organisation_id=_org(key))


MENTOR = Actor(id="mentor-jef", role=Role.WORKPLACE, organisation_id=_org("elektro-peeters"))


def _module(code: str) -> list[tuple[Actor | None, str, dict[str, object]]]:
    return [
        (None, "enrol_in_module", {"module_code": code}),
        (
            None,
            "complete_module",
            {
                "module_code": code,
                "result": "passed",
                "score": None,
                "study_points": 3,
                "competences": [],
                "assessed_by": "teacher",
            },
        ),
    ]


def _assess(code: str, level: str = "mastered") -> tuple[Actor | None, str, dict[str, object]]:
    fields: dict[str, object] = {
        "competence_code": code,
        "indicators_met": [],
        "level": level,
        "setting": "workplace",
        "assessor_role": "mentor",
        "assessor_id": "mentor-jef",
        "evidence": ["photo"],
    }
    return (MENTOR, "assess_competence", fields)


def elektro_script(rng: random.Random) -> list[tuple[Actor | None, str, dict[str, object]]]:
    steps = [
        (
            None,
            "sign_learning_agreement",
            {
                "agreement_id": "agreement",
                "workplace_id": _org("elektro-peeters"),
                "mentor_id": "mentor-jef",
                "hours_workplace": 24,
                "hours_school": 12,
                "starts_on": date(2025, 9, 1),
                "ends_on": None,
                "kind": "dual_contract",
                "signatories": ["learner", "workplace", "provider"],
            },
        ),
        *_module("M-EI-BASIS"),
        _assess("EI-02", "in_development"),
        _assess("EI-02"),
    ]
    if rng.random() < 0.1:
        steps += [(None, "pause", {"reason": "ziekte"}), (None, "resume", {"reason": "hersteld"})]
    if rng.random() < 0.15:
        return [
            *steps,
            (None, "close", {"outcome": "unqualified", "reason": "stopt", "exit": "dropped_out"}),
        ]
    steps += [*_module("M-EI-KLANT"), _assess("EI-04")]
    if rng.random() < 0.15:
        steps += [(None, "retract", {"original_event_id": "@last", "reason": "fout"})]
        steps += [_assess("EI-04")]
    steps += [
        (None, "award_qualification", {}),
        (None, "close", {"outcome": "qualified", "reason": "ok", "exit": "completed"}),
    ]
    return steps


def data_script(rng: random.Random) -> list[tuple[Actor | None, str, dict[str, object]]]:
    steps = [*_module("MD-SQL"), *_module("MD-VIS"), *_module("MD-STAT")]
    steps += [
        (
            None,
            "grant_exemption",
            {
                "competences": ["DA-05"],
                "modules": [],
                "basis": "prior_certificate",
                "evidence": ["certificate-gdpr"],
                "decided_by": "commissie",
            },
        ),
        (None, "award_partial_certificate", {"certificate_code": "MICRO-DATA"}),
    ]
    if rng.random() < 0.5:
        return [
            *steps,
            (
                None,
                "close",
                {"outcome": "partially_qualified", "reason": "stopt", "exit": "dropped_out"},
            ),
        ]
    steps += [*_module("M-PIPELINE"), (None, "award_qualification", {})]
    return [*steps, (None, "close", {"outcome": "qualified", "reason": "ok", "exit": "completed"})]


SHAPES = [
    ("BK-ELEKTRO", "duaal_leren", "cdo-elektro", ["elektro-peeters"], elektro_script),
    ("GRAD-DATA", "microdegree", "hogeschool-data", [], data_script),
]


def _run(ledger: Ledger, number: int, rng: random.Random, watch: Stopwatch) -> Iterator[Trajectory]:
    code, pathway, lead, partners, script = SHAPES[number % len(SHAPES)]
    qualification = ledger.qualification(code).in_force()
    ctx = CommandContext(qualification=qualification, refs=ledger.refs)
    day = START + timedelta(days=number % 200, minutes=number)
    teacher = _teacher(lead)

    def stamp(step: int, actor: Actor) -> Stamp:
        at = day + timedelta(days=7 * step)
        return Stamp(f"gen-{number}-{step}", at, at + timedelta(hours=1), actor)

    opening = stamp(0, teacher)
    learner = Learner.id_for(rng.choice(LEARNERS))
    dual: dict[str, Any] = (
        {"arbeidsbereid": True, "arbeidsrijp": "arbeidsrijp"} if pathway == "duaal_leren" else {}
    )
    watch.start()
    trajectory = Trajectory.open(
        opening,
        ctx,
        learner_id=learner,
        pathway=pathway,
        qualification_code=code,
        lead_provider=_org(lead),
        partners=[_org(p) for p in partners],
        **dual,
    )
    watch.stop()
    yield trajectory
    last = ""
    for step, (actor, method, fields) in enumerate(script(rng), start=1):
        if fields.get("original_event_id") == "@last":
            fields = {**fields, "original_event_id": last}
        command, at = getattr(trajectory, method), stamp(step, actor or teacher)
        watch.start()
        command(at, ctx, **fields)
        watch.stop()
        last = f"gen-{number}-{step}"
        yield trajectory


def generate(
    ledger: Ledger,
    events: int,
    *,
    seed: int = 7,
    concurrent: int = 2_000,
    progress: Callable[[int], None] | None = None,
    watch: Stopwatch | None = None,
) -> int:
    """Appends at least ``events`` trajectory events (a few more to finish the last round);
    returns how many. Loads the test reference data first (idempotent). ``watch`` adds up
    the time the ledger itself worked."""
    load_reference_data(ledger)
    watch = watch or Stopwatch()
    rng = random.Random(seed)
    written, number = 0, 0
    running: dict[int, Iterator[Trajectory]] = {}
    while written < events or running:
        while written < events and len(running) < concurrent:
            running[number] = _run(ledger, number, rng, watch)
            number += 1
        touched = []
        with ledger.refs.batch():  # one round of commands, one save: one command batch
            for key, run in list(running.items()):
                trajectory = next(run, None)
                if trajectory is None:
                    del running[key]
                else:
                    touched.append(trajectory)
        if touched:
            watch.start()
            recordings = ledger.save(*touched)
            watch.stop()
            written += len(recordings)
            if progress:
                progress(len(recordings))
    return written
