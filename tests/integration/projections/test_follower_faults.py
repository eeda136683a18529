"""The runner under a follower's own fault (a projection with a bug for one trajectory): it
parks that trajectory's events and nothing else, whether the fault is in handling an event
or in writing its rows; the hash tree, ordered by the whole log, stops at the event instead
of leaving a gap. After the fix a retry gives exactly the rows a rebuild gives.

The faulty followers are the real ones with one method overridden to fail, driven through
the real runner, views and database."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, Tracking

from api.demo.loader import DemoResult
from ledger import Ledger
from projections import Followers, ReadModels, Stage, catch_up, retry
from projections.cohorts import CohortProjection, CohortView
from projections.integrity import LedgerIntegrity, verify_ledger
from projections.runner import BATCH
from projections.trajectories import TrajectoryProjection, TrajectoryView
from tests.reference_data import ADMIN, CATALOGUE_DAY


class RefusingCohorts(CohortProjection):
    """The cohort view with a bug: every event of the refused trajectories raises."""

    name = "cohorts"

    def __init__(self, view: CohortView, refused: set[UUID]) -> None:
        super().__init__(view)
        self.refused = refused

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if domain_event.originator_id in self.refused:
            raise ValueError("no cohort for this trajectory")
        super().process_event(domain_event, tracking)


class UnwritableTrajectories(TrajectoryView):
    """The trajectory view with a bug that shows only when its rows are written."""

    def __init__(self, engine: Any, refused: set[UUID]) -> None:
        super().__init__(engine, "trajectories")
        self.refused = refused

    def prepare(self) -> None:
        if any(trajectory.id in self.refused for trajectory, _, _ in self._dirty.values()):
            raise ValueError("cannot derive these rows")
        super().prepare()


class RefusingTree(LedgerIntegrity):
    """The hash tree with a bug at one position."""

    name = "integrity"
    refused_at = 0

    def process_event(self, notification: Notification, tracking: Tracking) -> None:
        if notification.id == self.refused_at:
            raise ValueError("cannot hash this record")
        super().process_event(notification, tracking)


def dump(view: Any) -> str:
    return json.dumps(view.dump(), sort_keys=True, default=str)


def followers(ledger: Ledger, *projections: Any) -> Followers:
    return Followers(ledger, [Stage(tuple(projections), batch=7)])


def test_a_view_parks_only_the_trajectory_it_cannot_process_and_a_retry_equals_a_rebuild(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels
) -> None:
    refused = set(list(demo.trajectories.values())[:1])
    (tid,) = refused
    cohorts = RefusingCohorts(CohortView(read_models.engine, "cohorts"), refused)

    catch_up([cohorts], file_ledger, limit=7)

    parked = followers(file_ledger, cohorts).parked()
    assert {p.originator_id for p in parked} == {str(tid)}
    assert [p.error_class for p in parked] == ["ValueError"] + ["HeldBackError"] * (len(parked) - 1)
    members = {row[0] for row in cohorts.view.dump()["rm_cohort_member"]}
    assert str(tid) not in members
    assert len(members) == len(demo.trajectories) - 1

    refused.clear()  # the fix
    report = retry(followers(file_ledger, cohorts))

    assert [p.position for p in report.retried] == [p.position for p in parked]
    retried = dump(cohorts.view)
    read_models.rebuild("cohorts")
    assert dump(read_models.cohorts) == retried


def test_rows_that_cannot_be_written_park_their_trajectory_and_the_other_views_take_it(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels
) -> None:
    tid = list(demo.trajectories.values())[1]
    models = dict(read_models.projections)
    view = UnwritableTrajectories(read_models.engine, {tid})
    models["trajectories"] = TrajectoryProjection(view, models["trajectories"].states)  # type: ignore[attr-defined]

    catch_up(list(models.values()), file_ledger, limit=BATCH)

    parked = followers(file_ledger, *models.values()).parked()
    assert {(p.follower, p.originator_id) for p in parked} == {("trajectories", str(tid))}
    assert parked[0].error_class == "ValueError"
    assert view.get(tid) is None
    assert {view.get(t) is not None for t in demo.trajectories.values() if t != tid} == {True}
    assert str(tid) in {row[0] for row in read_models.cohorts.dump()["rm_cohort_member"]}
    head = file_ledger.recorder.max_notification_id()
    assert {s.position for s in followers(file_ledger, *models.values()).status()} == {head}


def test_the_hash_tree_stops_at_a_record_it_cannot_hash_and_goes_on_after_a_retry(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels, tmp_path: Any
) -> None:
    from api.bootstrap import utc_now
    from api.stores import LedgerKey

    key = LedgerKey(tmp_path, "a-test-secret-of-some-length", "https://x.test", utc_now)
    tree = RefusingTree(read_models.engine, file_ledger, signer=key.signer, every=10)
    tree.refused_at = 40
    stopped = followers(file_ledger, tree)

    tree.catch_up()
    file_ledger.register_learner(  # one more record after the demo
        "hash-tree-newcomer",
        given_name="Nieuw",
        family_name="Record",
        birth_date=date(2004, 5, 1),
        did=None,
        stamp=file_ledger.stamp("learner-hash-tree-newcomer", CATALOGUE_DAY, ADMIN),
    )
    tree.catch_up()

    (parked,) = stopped.parked()
    assert (parked.position, parked.holds_back) == (40, True)
    assert tree.view.leaf_count() == 39
    (status,) = stopped.status()
    assert (status.position, status.halted) == (39, True)

    tree.refused_at = 0  # the fix
    report = retry(stopped)

    assert [p.position for p in report.retried] == [40]
    assert stopped.parked() == []
    assert tree.view.leaf_count() == file_ledger.recorder.max_notification_id()
    assert verify_ledger(read_models.engine, file_ledger, key.public_keys()).ok


def test_a_follower_is_never_both_parked_and_applied_for_one_event(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels, db_url: str, tmp_path: Any
) -> None:
    """Parked rows and positions commit together: a second process catching up the same
    views after the first parked an event neither applies it nor parks it again."""
    from api.bootstrap import Components
    from api.settings import Settings

    refused = {list(demo.trajectories.values())[0]}
    cohorts = RefusingCohorts(CohortView(read_models.engine, "cohorts"), refused)
    catch_up([cohorts], file_ledger, limit=7)
    parked = followers(file_ledger, cohorts).parked()

    parts = Components(Settings(database_url=db_url, keys_dir=tmp_path / "keys"))
    other = parts.services
    other.refresh()

    assert other.followers.parked("cohorts") == parked
    (tid,) = refused
    assert str(tid) not in {row[0] for row in other.read_models.cohorts.dump()["rm_cohort_member"]}
    parts.close()
