"""The badge-issuing process: one badge per earning fact, exactly once across replays, and
revocation (ledger event + status list bit) when a correction or retraction takes the basis
away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.bootstrap import ledger_env
from api.demo.loader import load_demo
from badges import Keystore, read_status_list
from ledger import Ledger, Trajectory
from projections import ReadModels, catch_up
from projections.badge_factory import BadgeFactory
from projections.credentials import CredentialView
from projections.issuance import ISSUANCE_BATCH, BadgeIssuance
from tests.builders import TickingClock, TrajectoryBuilder, a_demo_dual_trajectory


@dataclass
class IssuingDemo:
    """The demo ledger and the process that issues its badges."""

    ledger: Ledger
    issuance: BadgeIssuance

    def catch_up(self) -> None:
        """Issues and revokes what the facts appended since the last catch-up call for."""
        catch_up([self.issuance], self.ledger, limit=ISSUANCE_BATCH)

    def badges(self, t: TrajectoryBuilder) -> list[dict[str, Any]]:
        return self.issuance.view.for_trajectory(t.trajectory_id)


@pytest.fixture
def demo(database_url: str, tmp_path: Path) -> Iterator[IssuingDemo]:
    clock = TickingClock()
    ledger = Ledger(env=ledger_env(database_url), clock=clock)
    load_demo(ledger)
    models = ReadModels(database_url, ledger)
    factory = BadgeFactory(
        Keystore(tmp_path / "keys", "a-test-secret-of-some-length"), "https://leerspoor.test", clock
    )
    demo = IssuingDemo(
        ledger, BadgeIssuance(CredentialView(models.engine, BadgeIssuance.name), ledger, factory)
    )
    demo.catch_up()
    yield demo
    models.close()
    ledger.close()


def badge_events(ledger: Ledger, name: str) -> list[Trajectory.Event]:
    notifications = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    events = [ledger.mapper.to_domain_event(n) for n in notifications]
    return [e for e in events if type(e).__name__ == name]  # type: ignore[misc]


def test_every_issued_credential_is_recorded_once_in_the_ledger(
    demo: IssuingDemo,
) -> None:
    issued = badge_events(demo.ledger, "BadgeIssued")
    credentials = demo.issuance.view.all()
    assert len(credentials) > 20
    assert sorted(e.badge_id for e in issued) == sorted(c["badge_id"] for c in credentials)  # type: ignore[attr-defined]


def test_replaying_the_issuance_from_zero_appends_nothing_and_issues_the_same_badges(
    demo: IssuingDemo,
) -> None:
    before = {c["badge_id"] for c in demo.issuance.view.all()}
    head = demo.ledger.recorder.max_notification_id()
    demo.issuance.view.clear()
    demo.catch_up()
    assert demo.ledger.recorder.max_notification_id() == head
    assert {c["badge_id"] for c in demo.issuance.view.all()} == before


def test_a_retracted_module_revokes_its_badge_in_the_ledger_and_the_status_list(
    demo: IssuingDemo,
) -> None:
    t = a_demo_dual_trajectory(demo.ledger)
    module = t.complete_module("DU-AREI")
    demo.catch_up()
    badge = next(c for c in demo.badges(t) if c["kind"] == "module")
    t.retract(module.event_id)
    demo.catch_up()
    revoked = demo.issuance.view.get(badge["badge_id"])
    assert revoked is not None
    assert revoked["status"] == "revoked"
    assert [e.badge_id for e in badge_events(demo.ledger, "BadgeRevoked")] == [badge["badge_id"]]  # type: ignore[attr-defined]
    status_list = read_status_list(demo.issuance.status_list(badge["issuer_org"]))
    assert status_list.status(badge["status_index"]) is True


def test_a_correction_that_keeps_the_fact_counting_keeps_the_badge(
    demo: IssuingDemo,
) -> None:
    t = a_demo_dual_trajectory(demo.ledger)
    assessment = t.assess("EI-02")
    demo.catch_up()
    t.correct(assessment.event_id, evidence=["urn:example:better-photo"])
    demo.catch_up()
    (badge,) = demo.badges(t)
    assert badge["status"] == "active"
    assert badge_events(demo.ledger, "BadgeRevoked") == []


def test_a_positive_recognition_decision_earns_a_competentiebewijs_revoked_with_its_retraction(
    demo: IssuingDemo,
) -> None:
    t = a_demo_dual_trajectory(demo.ledger)
    decision = t.decide_recognition(["EI-01", "EI-03"])
    demo.catch_up()
    (badge,) = demo.badges(t)
    achievement = badge["credential"]["credentialSubject"]["achievement"]
    assert (badge["kind"], badge["code"], badge["status"]) == ("recognition", "evc-1", "active")
    assert achievement["name"].startswith("Competentiebewijs ")
    assert {a["targetCode"] for a in achievement["alignment"]} >= {"EI-01", "EI-03"}
    t.retract(decision.event_id)
    demo.catch_up()
    assert demo.issuance.view.get(badge["badge_id"])["status"] == "revoked"  # type: ignore[index]


@pytest.mark.parametrize(
    "fact",
    [
        pytest.param(lambda t: t.complete_module("DU-AREI", result="failed"), id="a_failed_module"),
        pytest.param(lambda t: t.decide_recognition([]), id="a_decision_recognising_nothing"),
    ],
)
def test_a_fact_that_achieves_nothing_earns_no_badge(
    demo: IssuingDemo, fact: Callable[[TrajectoryBuilder], object]
) -> None:
    t = a_demo_dual_trajectory(demo.ledger)
    fact(t)
    demo.catch_up()
    assert demo.badges(t) == []


def test_a_badge_says_what_the_ledger_held_when_it_was_earned_also_when_issued_again(
    demo: IssuingDemo,
) -> None:
    t = a_demo_dual_trajectory(demo.ledger)
    agreement = t.trajectory.counting_facts("LearningAgreementSigned")[0].fields["agreement_id"]

    def hours(workplace: int, school: int) -> None:
        t.post(
            "WorkplaceHoursRegistered",
            agreement_id=agreement,
            period_from="2025-09-01",
            period_until="2025-12-19",
            hours_workplace=workplace,
            hours_school=school,
        )

    hours(300, 200)
    t.complete_module("DU-AREI", competences=["EI-01", "EI-03"])
    demo.catch_up()
    (first,) = demo.badges(t)
    narrative = first["credential"]["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert "300 geregistreerde uren leren op de werkplek" in narrative
    assert "(erkend) en 200 uren bij de aanbieder" in narrative
    hours(100, 50)  # after the module: not part of what its badge says
    demo.issuance.view.clear()
    demo.catch_up()
    (again,) = demo.badges(t)
    assert again["credential"]["credentialSubject"]["achievement"]["criteria"] == {
        "narrative": narrative
    }
