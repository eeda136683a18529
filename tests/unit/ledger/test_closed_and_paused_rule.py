"""Rule 6: nothing is posted to a closed trajectory except corrections by the lead provider;
a paused trajectory accepts no assessments but other events."""

from __future__ import annotations

from ledger import Ledger, Receipt, TrajectoryClosedError, TrajectoryPausedError
from tests.builders import TrajectoryBuilder, an_open_trajectory, provider


def a_closed_trajectory_with_a_module(ledger: Ledger) -> tuple[TrajectoryBuilder, Receipt]:
    t = an_open_trajectory(ledger, partners=("elektro-peeters", "syntra-hout"))
    module = t.complete_module("M-EI-BASIS")
    t.close()
    return t, module


def test_a_closed_trajectory_refuses_new_facts(ledger: Ledger) -> None:
    t, _ = a_closed_trajectory_with_a_module(ledger)
    with t.refuses(TrajectoryClosedError) as e:
        t.complete_module("M-EI-KLANT")
    assert e.value.rule == 6
    assert e.value.code == "rule-6-trajectory-closed"


def test_a_closed_trajectory_refuses_assessments(ledger: Ledger) -> None:
    t, _ = a_closed_trajectory_with_a_module(ledger)
    with t.refuses(TrajectoryClosedError):
        t.assess("EI-02")


def test_a_closed_trajectory_cannot_be_closed_again(ledger: Ledger) -> None:
    t, _ = a_closed_trajectory_with_a_module(ledger)
    with t.refuses(TrajectoryClosedError):
        t.close()


def test_the_lead_provider_may_correct_a_closed_trajectory(ledger: Ledger) -> None:
    t, module = a_closed_trajectory_with_a_module(ledger)
    t.correct(module.event_id, assessed_by="docent-bram")
    assert t.trajectory.fact(module.event_id).fields["assessed_by"] == "docent-bram"


def test_the_lead_provider_may_retract_on_a_closed_trajectory(ledger: Ledger) -> None:
    t, module = a_closed_trajectory_with_a_module(ledger)
    t.retract(module.event_id)
    assert not t.trajectory.fact(module.event_id).counts


def test_a_partner_provider_may_not_correct_a_closed_trajectory(ledger: Ledger) -> None:
    t, module = a_closed_trajectory_with_a_module(ledger)
    with t.refuses(TrajectoryClosedError):
        t.correct(module.event_id, provider("syntra-hout"), assessed_by="docent-bram")


def test_a_partner_provider_may_correct_an_open_trajectory(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, partners=("elektro-peeters", "syntra-hout"))
    module = t.complete_module("M-EI-BASIS")
    t.correct(module.event_id, provider("syntra-hout"), assessed_by="docent-bram")
    assert t.trajectory.fact(module.event_id).corrected_by


def test_a_paused_trajectory_refuses_assessments(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.post("TrajectoryPaused", reason="ziekte")
    with t.refuses(TrajectoryPausedError) as e:
        t.assess("EI-02")
    assert e.value.rule == 6
    assert e.value.code == "rule-6-trajectory-paused"


def test_a_paused_trajectory_accepts_other_events(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.post("TrajectoryPaused", reason="ziekte")
    module = t.complete_module("M-EI-BASIS")
    assert t.trajectory.fact(module.event_id).counts
    assert t.trajectory.status == "paused"


def test_a_resumed_trajectory_accepts_assessments_again(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.post("TrajectoryPaused", reason="ziekte")
    t.post("TrajectoryResumed", reason="hersteld")
    t.assess("EI-02")
    assert "EI-02" not in ledger.coverage(t.trajectory_id).missing
