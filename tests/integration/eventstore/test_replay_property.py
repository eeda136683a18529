"""Property: for random valid event sequences, replaying from the SQLite store (a new Ledger
on the same file) gives exactly the state the in-memory aggregate reached."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings

from ledger import Learner, Ledger
from tests.builders import TickingClock, a_ledger, provider, sqlite_env, state_of, workplace
from tests.strategies import InMemoryDriver, Step, StepPlayer, event_sequences

_files = itertools.count(1)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the reference data loaded once; each example works on a copy of it."""
    directory = tmp_path_factory.mktemp("replay")
    path = directory / "template.db"
    ledger = a_ledger(TickingClock(), env=sqlite_env(path))
    ledger.close()
    return path


def copy_of(template: Path) -> Path:
    copy = template.with_name(f"example-{next(_files)}.db")
    shutil.copyfile(template, copy)
    return copy


def open_care_trajectory(driver: InMemoryDriver) -> None:
    lead = provider("cvo-zorg", "docent-an")
    fields = {
        "learner_id": str(Learner.id_for("chloe")),
        "pathway": "volwassenenonderwijs",
        "qualification_code": "BK-ZORGKUNDIGE",
        "lead_provider": str(lead.organisation_id),
        "partners": [str(workplace("wzc-zonnehof").organisation_id)],
    }
    driver.post("TrajectoryOpened", lead, fields)
    driver.post(
        "LearningAgreementSigned",
        lead,
        {
            "agreement_id": "placement",
            "workplace_id": str(workplace("wzc-zonnehof").organisation_id),
            "mentor_id": "mentor-lies",
            "hours_workplace": 24,
            "hours_school": 12,
            "starts_on": "2025-09-01",
            "ends_on": None,
            "kind": "stage",
        },
    )


@settings(max_examples=25)
@given(event_sequences())
def test_replaying_from_the_store_equals_the_in_memory_aggregate(
    template: Path, steps: list[Step]
) -> None:
    path = copy_of(template)
    with Ledger(env=sqlite_env(path), clock=TickingClock()) as ledger:
        driver = InMemoryDriver(ledger)
        open_care_trajectory(driver)
        player = StepPlayer(
            post=driver.post,
            trajectory=driver.current,
            qualification=ledger.pinned_qualification(driver.current()),
            lead=provider("cvo-zorg", "docent-an"),
            mentor=workplace("wzc-zonnehof", "mentor-lies"),
        )
        player.play(steps)
        in_memory = driver.current()
        with Ledger(env=sqlite_env(path), clock=TickingClock()) as fresh:
            replayed = fresh.trajectory(in_memory.id)
            assert state_of(replayed) == state_of(in_memory)
            assert fresh.coverage(in_memory.id) == in_memory.coverage(
                fresh.pinned_qualification(replayed)
            )
        assert state_of(ledger.repository.get(in_memory.id)) == state_of(in_memory)
    path.unlink()
