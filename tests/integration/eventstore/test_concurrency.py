"""Two Ledger instances on one store (an SQLite file, a PostgreSQL database): a lost race is
never merged silently. Either the loser decides again on the fresh state, or (with an
expected version) it is refused."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from api.bootstrap import ledger_env
from ledger import (
    ConcurrentChangeError,
    Ledger,
    QualificationNotCoveredError,
    QualificationVersion,
    Trajectory,
)
from tests.builders import (
    TickingClock,
    TrajectoryBuilder,
    a_care_trajectory,
    a_ledger,
    nothing_appended,
)


class RacingLedger(Ledger):
    """A real ledger whose next decision is interrupted, after it loaded the trajectory and
    before it saves, by ``rival`` (another ledger appending to the same file)."""

    # The library names a subclass after itself, and on PostgreSQL the name picks the events
    # table (``ledger_events``): keep the ledger's, or the two would not share a store.
    name = Ledger.name
    rival: Callable[[], Any] | None = None

    def pinned_qualification(self, trajectory: Trajectory) -> QualificationVersion:
        rival, self.rival = self.rival, None
        if rival is not None:
            rival()
        return super().pinned_qualification(trajectory)


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    """One store (SQLite file or PostgreSQL database) shared by both ledgers."""
    return ledger_env(database_url)


@pytest.fixture
def first(env: dict[str, str]) -> Iterator[Ledger]:
    ledger = a_ledger(TickingClock(), env=env)
    yield ledger
    ledger.close()


@pytest.fixture
def second(env: dict[str, str], first: Ledger) -> Iterator[RacingLedger]:
    ledger = RacingLedger(env=env, clock=TickingClock(), data_keys=first.data_keys)
    yield ledger
    ledger.close()


def on(ledger: Ledger, t: TrajectoryBuilder) -> TrajectoryBuilder:
    """The same trajectory, posted to through another ledger instance."""
    return TrajectoryBuilder(ledger, t.lead, t.trajectory_id, t.day, t.mentor)


def test_a_race_lost_without_expected_version_is_decided_again_on_fresh_state(
    first: Ledger, second: RacingLedger
) -> None:
    t = a_care_trajectory(first)
    start = t.version
    second.rival = lambda: t.complete_module("SEM-1")
    receipt = on(second, t).complete_module("SEM-2")
    history = second.history(t.trajectory_id)  # type: ignore[arg-type]
    assert receipt.version == start + 2
    assert [e.originator_version for e in history] == list(range(1, start + 3))
    assert [getattr(e, "module_code", None) for e in history[-2:]] == ["SEM-1", "SEM-2"]


def test_a_race_lost_with_an_expected_version_is_refused_and_appends_nothing(
    first: Ledger, second: RacingLedger
) -> None:
    t = a_care_trajectory(first)
    seen = t.version
    winner = None

    def rival() -> None:
        nonlocal winner
        winner = t.complete_module("SEM-1").event_id

    second.rival = rival
    loser = on(second, t)
    with pytest.raises(ConcurrentChangeError):
        loser.complete_module("SEM-2", expected_version=seen)
    trajectory = first.trajectory(t.trajectory_id)  # type: ignore[arg-type]
    assert trajectory.version == seen + 1
    assert [f.fields["module_code"] for f in trajectory.counting_facts("ModuleCompleted")] == [
        "SEM-1"
    ]
    assert winner in trajectory.facts


def test_a_decision_that_lost_its_basis_in_the_race_is_refused(
    first: Ledger, second: RacingLedger
) -> None:
    t = a_care_trajectory(first)
    semester = t.complete_module("SEM-1")
    second.rival = lambda: t.retract(semester.event_id)
    with pytest.raises(QualificationNotCoveredError):
        on(second, t).award("DK-HUISHOUDHULP")
    assert first.trajectory(t.trajectory_id).active_awards() == []  # type: ignore[arg-type]


def test_both_ledgers_posting_with_the_same_seen_version_keep_only_the_first(
    first: Ledger, second: RacingLedger
) -> None:
    t = a_care_trajectory(first)
    seen = t.version
    t.complete_module("SEM-1", expected_version=seen)
    with nothing_appended(first, t.trajectory_id), pytest.raises(ConcurrentChangeError):
        on(second, t).complete_module("SEM-2", expected_version=seen)


def test_threads_posting_through_two_ledgers_lose_and_duplicate_nothing(
    first: Ledger, second: RacingLedger
) -> None:
    t = a_care_trajectory(first)
    start = t.version
    accepted: list[tuple[str, int]] = []
    refused: list[str] = []
    lock = threading.Lock()

    def worker(ledger: Ledger, name: str) -> None:
        builder = on(ledger, t)
        for i in range(8):
            event_id = f"{name}-{i}"
            try:
                receipt = builder.post("ModuleEnrolled", event_id=event_id, module_code="SEM-1")
            except ConcurrentChangeError:
                with lock:
                    refused.append(event_id)
            else:
                with lock:
                    accepted.append((event_id, receipt.version))

    threads = [
        threading.Thread(target=worker, args=(first, "a")),
        threading.Thread(target=worker, args=(second, "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    history = first.history(t.trajectory_id)  # type: ignore[arg-type]
    stored = {e.event_id: e.originator_version for e in history[start:]}  # type: ignore[attr-defined]
    assert stored == dict(accepted)
    assert [e.originator_version for e in history] == list(range(1, len(history) + 1))
    assert not set(refused) & set(stored)
    assert len(accepted) + len(refused) == 16
