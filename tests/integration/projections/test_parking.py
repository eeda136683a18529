"""Parking: an event a follower cannot process is kept with its error, the follower and every
other one go on, later events of the same trajectory wait behind it, and a retry after the
fix applies them in log order, a badge still exactly once. On SQLite and on PostgreSQL.

The failing event is issue 15's incident: a badge earned on a trajectory whose learner the
ledger does not know. Today's ledger refuses such an opening at the write, so the trajectory
is one a release before that check stored (``a_trajectory_opened_before_reference_checks``);
its new events are posted through today's ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from api.bootstrap import Components, build_ledger, utc_now
from api.services import Services
from api.settings import Settings
from api.stores import LedgerKey
from ledger import Learner, Ledger, UnknownLearnerError
from projections import retry, verify_ledger
from tests.builders import ADMIN, TrajectoryBuilder, an_open_trajectory
from tests.earlier_releases import a_trajectory_opened_before_reference_checks
from tests.reference_data import CATALOGUE_DAY, load_reference_data


@pytest.fixture
def services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    ledger = build_ledger(database_url)
    load_reference_data(ledger)
    parts = Components(
        Settings(database_url=database_url, keys_dir=tmp_path / "keys"), ledger=ledger
    )
    built = parts.services
    built.refresh()
    yield built
    parts.close()


def badge_events(ledger: Ledger, trajectory_id: UUID, kind: str) -> list[str]:
    events = ledger.history(trajectory_id)
    return [e.badge_id for e in events if type(e).__name__ == kind]  # type: ignore[attr-defined]


def of_nobody(ledger: Ledger) -> TrajectoryBuilder:
    """A trajectory, stored before the referential checks, of a learner the ledger does not
    know (``register(ledger, "nobody")`` is the fix)."""
    return a_trajectory_opened_before_reference_checks(ledger, learner_id=Learner.id_for("nobody"))


def with_parked_badges(services: Services, *modules: str) -> TrajectoryBuilder:
    """A trajectory of nobody (``of_nobody``) whose completed ``modules`` have their badges
    parked by the catch-up that follows."""
    unknown = of_nobody(services.ledger)
    for module in modules:
        unknown.complete_module(module)
    services.refresh()
    return unknown


def register(ledger: Ledger, key: str) -> None:
    ledger.register_learner(
        key,
        given_name="Niemand",
        family_name="Gekend",
        birth_date=date(2004, 5, 1),
        did=None,
        stamp=ledger.stamp(f"learner-{key}", CATALOGUE_DAY, ADMIN),
    )


def test_todays_ledger_refuses_the_opening_the_incident_began_with(services: Services) -> None:
    """The door the referential checks closed; the trajectories below came in before."""
    with pytest.raises(UnknownLearnerError):
        an_open_trajectory(services.ledger, learner="nobody")


def test_a_badge_for_a_learner_who_does_not_exist_is_parked_and_everything_else_goes_on(
    services: Services,
) -> None:
    ledger = services.ledger
    unknown = of_nobody(ledger)
    unknown.complete_module("M-EI-BASIS")
    known = an_open_trajectory(ledger)
    known.complete_module("M-EI-BASIS")

    services.refresh()  # what raised NotFoundError on every catch-up before

    (parked,) = services.followers.parked()
    assert (parked.follower, parked.event_type, parked.error_class) == (
        "badge_issuance",
        "Trajectory.ModuleCompleted",
        "NotFoundError",
    )
    assert parked.originator_id == str(unknown.trajectory_id)
    assert "no learner" in parked.error_message
    assert [c["kind"] for c in services.credentials.for_trajectory(known.trajectory_id)] == [
        "module"
    ]
    assert services.read_models.trajectories.get(unknown.trajectory_id) is not None
    assert services.followers.health() == {
        "status": "degraded",
        "parked": 1,
        "parked_by_follower": {"badge_issuance": 1},
    }
    head = ledger.recorder.max_notification_id()
    assert {s.name: s.position for s in services.followers.status()}["badge_issuance"] == head


def test_later_events_of_a_trajectory_wait_behind_its_parked_event_and_follow_it_in_order(
    services: Services,
) -> None:
    ledger = services.ledger
    unknown = of_nobody(ledger)
    module = unknown.complete_module("M-EI-BASIS")
    services.refresh()  # parks the module's badge
    unknown.assess("EI-02")
    unknown.retract(module.event_id)  # would revoke that badge, were it issued
    services.refresh()
    parked = services.followers.parked()
    assert [(p.event_type, p.error_class) for p in parked] == [
        ("Trajectory.ModuleCompleted", "NotFoundError"),
        ("Trajectory.CompetenceAssessed", "HeldBackError"),
        ("Trajectory.EventRetracted", "HeldBackError"),
    ]
    assert f"parked at position {parked[0].position}" in parked[1].error_message

    register(ledger, "nobody")  # the fix
    report = retry(services.followers)
    services.refresh()

    assert [p.position for p in report.retried] == [p.position for p in parked]
    assert report.still_parked == []
    assert services.followers.parked() == []
    assert services.followers.health()["status"] == "ok"
    # The module was retracted before its badge could be issued: only the competence badge.
    issued = badge_events(ledger, unknown.trajectory_id, "BadgeIssued")
    assert [c["kind"] for c in services.credentials.for_trajectory(unknown.trajectory_id)] == [
        "competence"
    ]
    assert len(issued) == 1
    assert badge_events(ledger, unknown.trajectory_id, "BadgeRevoked") == []
    held = services.read_models.trajectories.get(unknown.trajectory_id)
    assert held is not None
    assert [(b["badge_id"], b["status"]) for b in held["badges"]] == [(issued[0], "active")]


def test_a_retry_that_fails_again_keeps_the_event_parked_with_one_more_attempt(
    services: Services,
) -> None:
    with_parked_badges(services, "M-EI-BASIS", "M-EI-KLANT")
    first, behind = services.followers.parked()

    report = retry(services.followers)

    assert [p.position for p in report.still_parked] == [first.position, behind.position]
    again = services.followers.parked()
    assert [(p.position, p.attempts) for p in again] == [(first.position, 2), (behind.position, 1)]
    assert again[1].error_class == "HeldBackError"


def test_retrying_one_position_takes_the_events_parked_behind_it_and_issues_exactly_once(
    services: Services,
) -> None:
    ledger = services.ledger
    unknown = with_parked_badges(services, "M-EI-BASIS", "M-EI-KLANT")
    first, _ = services.followers.parked()
    register(ledger, "nobody")

    report = retry(services.followers, follower="badge_issuance", position=first.position)
    services.refresh()
    again = retry(services.followers)

    assert len(report.retried) == 2
    assert again.retried == again.still_parked == []
    assert len(badge_events(ledger, unknown.trajectory_id, "BadgeIssued")) == 2
    assert len(services.credentials.for_trajectory(unknown.trajectory_id)) == 2


def test_a_server_starting_on_a_ledger_with_a_parked_event_comes_up_and_serves_reads(
    services: Services, database_url: str, tmp_path: Path
) -> None:
    unknown = with_parked_badges(services, "M-EI-BASIS")
    from api.http.app import create_app

    app = create_app(
        Settings(database_url=database_url, keys_dir=tmp_path / "keys"), ledger=services.ledger
    )
    restarted: Services = app.state.services
    assert restarted.health()["parked"] == 1
    assert restarted.read_models.trajectories.get(unknown.trajectory_id) is not None
    restarted.read_models.close()


def test_a_checkpoint_the_ledger_key_cannot_sign_is_parked_while_the_tree_goes_on(
    services: Services, tmp_path: Path
) -> None:
    ledger, tree = services.ledger, services.integrity
    keys, secret, base = tmp_path / "ledger-keys", "a-test-secret-of-some-length", "https://x.test"
    LedgerKey(keys, secret, base, utc_now).signer()
    key_file = next((keys / "ledger").glob("*.json"))
    intact = key_file.read_bytes()
    key_file.write_bytes(b'{"organisation": "ledger", "keys": [{"trunc')
    tree.view.clear()
    tree.signer, tree.every = LedgerKey(keys, secret, base, utc_now).signer, 7
    head = ledger.recorder.max_notification_id() or 0

    tree.catch_up()

    assert tree.view.leaf_count() == head
    assert tree.view.checkpoints() == []
    parked = services.followers.parked("integrity")
    sizes = list(range(7, head + 1, 7))
    assert [p.event_type for p in parked] == [f"checkpoint at tree size {n}" for n in sizes]
    assert {(p.holds_back, p.error_class) for p in parked} == {(False, "JSONDecodeError")}

    key_file.write_bytes(intact)  # the fix
    fixed = LedgerKey(keys, secret, base, utc_now)
    tree.signer = fixed.signer
    report = retry(services.followers, follower="integrity")

    assert len(report.retried) == len(parked)
    assert [c.tree_size for c in tree.view.checkpoints()] == sizes
    assert services.followers.parked("integrity") == []
    verified = verify_ledger(services.read_models.engine, ledger, fixed.public_keys())
    assert verified.ok, verified.finding
    assert verified.checkpoints == len(sizes)
