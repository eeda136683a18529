"""The six seed scenarios, rewritten after the sources, reach their expected end states
when the demo loads them through the public operations."""

from __future__ import annotations

import pytest

from api.demo import Expected, load_demo
from api.demo import seed_scenarios as scenarios
from ledger import Ledger
from tests.builders import TickingClock

CASES = [(s.key, key, exp) for s in scenarios() for key, exp in s.expected.items()]


@pytest.fixture(scope="module")
def demo_ledger() -> tuple[Ledger, dict[str, object]]:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=TickingClock())
    result = load_demo(ledger)
    return ledger, dict(result.trajectories)


@pytest.mark.parametrize(("scenario", "trajectory", "expected"), CASES)
def test_scenario_reaches_its_expected_end_state(
    demo_ledger: tuple[Ledger, dict[str, object]],
    scenario: str,
    trajectory: str,
    expected: Expected,
) -> None:
    ledger, ids = demo_ledger
    state = ledger.trajectory(ids[trajectory])  # type: ignore[arg-type]
    coverage = ledger.coverage(state.id)
    awards = {
        f.fields.get("certificate_code") or f.fields["qualification_code"]
        for f in state.active_awards()
    }
    assert state.status.value == expected.status
    assert (state.outcome.value if state.outcome else None) == expected.outcome
    assert (state.exit.value if state.exit else None) == expected.exit
    assert awards == expected.awards
    assert coverage.missing == expected.missing


def test_loading_the_demo_twice_appends_nothing_new() -> None:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=TickingClock())
    first = load_demo(ledger)
    position = ledger.recorder.max_notification_id()
    second = load_demo(ledger)
    assert first.appended > 0
    assert second.appended == 0
    assert ledger.recorder.max_notification_id() == position


def test_every_scenario_cites_its_sources() -> None:
    for scenario in scenarios():
        assert scenario.sources, scenario.key
        assert all(source.startswith(("S0", "S1", "S2", "S3", "S4")) for source in scenario.sources)
