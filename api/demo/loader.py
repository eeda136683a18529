"""``leerspoor demo``: loads the organisations with their recognitions, accreditations and
mentor training, the catalogue, the learners and the six seed scenarios through the public
operations (``api.operations``: exactly what the routes call), so the demo is the first
acceptance test of what a deployment can do. Every change has a fixed event id or a
content-derived one: loading twice appends nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from api.demo import reference
from api.demo.scenarios import Step, scenarios, trajectory_ids
from api.demo.target import DemoTarget, InProcess
from ledger import Ledger


@dataclass(frozen=True)
class DemoResult:
    trajectories: dict[str, UUID]
    learners: dict[str, UUID]
    appended: int
    duplicates: int


def load_reference_data(target: DemoTarget) -> tuple[int, int]:
    """Organisations, the catalogue (programmes name their provider), recognitions (they
    name published qualifications), accreditations by the sector partnerships, mentor
    training and the learners. Returns (appended, duplicates)."""
    done: list[bool] = []
    done += [target.register_organisation(body) for body in reference.organisations()]
    done.append(target.import_catalogue(reference.catalogue()))
    done += [target.grant_recognition(org, body) for org, body in reference.recognitions()]
    done += [
        target.grant_accreditation(a.workplace, a.partnership, a.body)
        for a in reference.accreditations()
    ]
    done += [
        target.record_mentor_training(m.workplace, m.body) for m in reference.mentor_trainings()
    ]
    done += [
        target.register_learner(learner.provider, learner.body)
        for learner in reference.learners().values()
    ]
    return sum(done), len(done) - sum(done)


def load_demo(
    target: DemoTarget | Ledger, progress: Callable[[Step], None] | None = None
) -> DemoResult:
    """Loads everything into ``target`` (a ledger: in-process, through the operations)."""
    into: DemoTarget = InProcess(target) if isinstance(target, Ledger) else target
    appended, duplicates = load_reference_data(into)
    all_scenarios = scenarios()
    ids = trajectory_ids(all_scenarios)
    for scenario in all_scenarios:
        for step in scenario.steps:
            opening = step.event_type == "TrajectoryOpened"
            new = into.post(step.actor, None if opening else ids[step.trajectory], step.document())
            appended += new
            duplicates += not new
            if progress:
                progress(step)
    learners = {key: learner.learner_id for key, learner in reference.learners().items()}
    return DemoResult(ids, learners, appended, duplicates)
