"""The badge-issuing process: one badge per earning fact, exactly once across replays, and
revocation (ledger event + status list bit) when a correction or retraction takes the basis
away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

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


@pytest.fixture
def setup(database_url: str, tmp_path: Path) -> Iterator[tuple[Ledger, BadgeIssuance]]:
    clock = TickingClock()
    ledger = Ledger(env=ledger_env(database_url), clock=clock)
    load_demo(ledger)
    models = ReadModels(database_url, ledger)
    factory = BadgeFactory(
        Keystore(tmp_path / "keys", "a-test-secret-of-some-length"), "https://leerspoor.test", clock
    )
    issuance = BadgeIssuance(CredentialView(models.engine, BadgeIssuance.name), ledger, factory)
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    yield ledger, issuance
    models.close()
    ledger.close()


def badge_events(ledger: Ledger, name: str) -> list[Trajectory.Event]:
    notifications = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    events = [ledger.mapper.to_domain_event(n) for n in notifications]
    return [e for e in events if type(e).__name__ == name]  # type: ignore[misc]


def test_every_issued_credential_is_recorded_once_in_the_ledger(
    setup: tuple[Ledger, BadgeIssuance],
) -> None:
    ledger, issuance = setup
    issued = badge_events(ledger, "BadgeIssued")
    credentials = issuance.view.all()
    assert len(credentials) > 20
    assert sorted(e.badge_id for e in issued) == sorted(c["badge_id"] for c in credentials)  # type: ignore[attr-defined]


def test_replaying_the_issuance_from_zero_appends_nothing_and_issues_the_same_badges(
    setup: tuple[Ledger, BadgeIssuance],
) -> None:
    ledger, issuance = setup
    before = {c["badge_id"] for c in issuance.view.all()}
    head = ledger.recorder.max_notification_id()
    issuance.view.clear()
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    assert ledger.recorder.max_notification_id() == head
    assert {c["badge_id"] for c in issuance.view.all()} == before


def test_a_retracted_module_revokes_its_badge_in_the_ledger_and_the_status_list(
    setup: tuple[Ledger, BadgeIssuance],
) -> None:
    ledger, issuance = setup
    t = a_demo_dual_trajectory(ledger)
    module = t.complete_module("DU-AREI")
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    badge = next(c for c in issuance.view.for_trajectory(t.trajectory_id) if c["kind"] == "module")
    t.retract(module.event_id)
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    revoked = issuance.view.get(badge["badge_id"])
    assert revoked is not None
    assert revoked["status"] == "revoked"
    assert [e.badge_id for e in badge_events(ledger, "BadgeRevoked")] == [badge["badge_id"]]  # type: ignore[attr-defined]
    status_list = read_status_list(issuance.status_list(badge["issuer_org"]))
    assert status_list.status(badge["status_index"]) is True


def test_a_correction_that_keeps_the_fact_counting_keeps_the_badge(
    setup: tuple[Ledger, BadgeIssuance],
) -> None:
    ledger, issuance = setup
    t = a_demo_dual_trajectory(ledger)
    assessment = t.assess("EI-02")
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    t.correct(assessment.event_id, evidence=["urn:example:better-photo"])
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    (badge,) = issuance.view.for_trajectory(t.trajectory_id)
    assert badge["status"] == "active"
    assert badge_events(ledger, "BadgeRevoked") == []


def test_a_positive_recognition_decision_earns_a_competentiebewijs_revoked_with_its_retraction(
    setup: tuple[Ledger, BadgeIssuance],
) -> None:
    ledger, issuance = setup
    t = a_demo_dual_trajectory(ledger)
    decision = t.decide_recognition(["EI-01", "EI-03"])
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    (badge,) = issuance.view.for_trajectory(t.trajectory_id)
    achievement = badge["credential"]["credentialSubject"]["achievement"]
    assert (badge["kind"], badge["code"], badge["status"]) == ("recognition", "evc-1", "active")
    assert achievement["name"].startswith("Competentiebewijs ")
    assert {a["targetCode"] for a in achievement["alignment"]} >= {"EI-01", "EI-03"}
    t.retract(decision.event_id)
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    assert issuance.view.get(badge["badge_id"])["status"] == "revoked"  # type: ignore[index]


@pytest.mark.parametrize(
    "fact",
    [
        pytest.param(lambda t: t.complete_module("DU-AREI", result="failed"), id="a_failed_module"),
        pytest.param(lambda t: t.decide_recognition([]), id="a_decision_recognising_nothing"),
    ],
)
def test_a_fact_that_achieves_nothing_earns_no_badge(
    setup: tuple[Ledger, BadgeIssuance], fact: Callable[[TrajectoryBuilder], object]
) -> None:
    ledger, issuance = setup
    t = a_demo_dual_trajectory(ledger)
    fact(t)
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    assert issuance.view.for_trajectory(t.trajectory_id) == []


def test_a_badge_says_what_the_ledger_held_when_it_was_earned_also_when_issued_again(
    setup: tuple[Ledger, BadgeIssuance],
) -> None:
    ledger, issuance = setup
    t = a_demo_dual_trajectory(ledger)
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
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    (first,) = issuance.view.for_trajectory(t.trajectory_id)
    narrative = first["credential"]["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert "300 geregistreerde uren leren op de werkplek" in narrative
    assert "(erkend) en 200 uren bij de aanbieder" in narrative
    hours(100, 50)  # after the module: not part of what its badge says
    issuance.view.clear()
    catch_up([issuance], ledger, limit=ISSUANCE_BATCH)
    (again,) = issuance.view.for_trajectory(t.trajectory_id)
    assert again["credential"]["credentialSubject"]["achievement"]["criteria"] == {
        "narrative": narrative
    }
