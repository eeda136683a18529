"""After the six demo scenarios, every view agrees with the ledger's own aggregates."""

from __future__ import annotations

from statistics import median
from uuid import UUID

import pytest

from api.demo.loader import DemoResult
from ledger import Ledger
from projections import ReadModels, document_of


@pytest.fixture
def trajectory_ids(demo: DemoResult, read_models: ReadModels) -> list[UUID]:
    """The demo's trajectories, with every view caught up on the demo's events."""
    read_models.catch_up_all()
    return list(demo.trajectories.values())


def test_trajectory_view_matches_each_aggregate_after_the_demo(
    trajectory_ids: list[UUID], file_ledger: Ledger, read_models: ReadModels
) -> None:
    for trajectory_id in trajectory_ids:
        trajectory = file_ledger.trajectory(trajectory_id)
        coverage = file_ledger.coverage(trajectory_id)
        view = read_models.trajectories.get(trajectory_id)
        assert view is not None
        assert view["status"] == trajectory.status.value
        assert view["outcome"] == (trajectory.outcome.value if trajectory.outcome else None)
        assert view["pathway"] == trajectory.pathway.value
        assert view["qualification"]["code"] == trajectory.qualification_code
        assert view["qualification"]["version"] == trajectory.qualification_version
        assert view["version"] == trajectory.version
        assert view["progress"] == round(coverage.progress, 4)
        assert view["missing"] == list(coverage.missing)
        assert [
            (c["code"], [(b["kind"], b["event_id"]) for b in c["covered_by"]])
            for c in view["competences"]
        ] == [
            (c.competence.code, [(b.kind.value, b.event_id) for b in c.covered_by])
            for c in coverage.competences
        ]
        held = sorted(b.badge_id for b in trajectory.badges.values() if b.status == "active")
        assert [b["badge_id"] for b in view["badges"] if b["status"] == "active"] == held
        awards = [f.event_id for f in trajectory.active_awards()]
        assert [a["event_id"] for a in view["awards"]] == awards


def test_the_view_and_the_aggregate_give_the_same_trajectory_document(
    trajectory_ids: list[UUID], file_ledger: Ledger, read_models: ReadModels
) -> None:
    """One shape for every reader: the document the view serves is the one the aggregate
    itself yields (the auditor's as-of read) for the same version."""
    for trajectory_id in trajectory_ids:
        trajectory = file_ledger.trajectory(trajectory_id)
        qualification = file_ledger.pinned_qualification(trajectory)
        assert read_models.trajectories.get(trajectory_id) == document_of(trajectory, qualification)


def test_timeline_lists_every_event_of_each_trajectory_in_order(
    trajectory_ids: list[UUID], file_ledger: Ledger, read_models: ReadModels
) -> None:
    for trajectory_id in trajectory_ids:
        history = file_ledger.history(trajectory_id)
        timeline = read_models.timeline.events(trajectory_id)
        assert [(e["version"], e["event_id"], e["event_type"]) for e in timeline] == [
            (e.originator_version, e.event_id, type(e).__name__) for e in history
        ]


def test_retracted_event_is_marked_on_the_timeline(
    trajectory_ids: list[UUID], file_ledger: Ledger, read_models: ReadModels
) -> None:
    retractions = [
        (trajectory_id, e)
        for trajectory_id in trajectory_ids
        for e in file_ledger.history(trajectory_id)
        if type(e).__name__ == "EventRetracted"
    ]
    assert retractions, "the demo retracts at least one event"
    for trajectory_id, retraction in retractions:
        timeline = {e["event_id"]: e for e in read_models.timeline.events(trajectory_id)}
        assert timeline[retraction.original_event_id]["retracted_by"] == retraction.event_id


def test_wallet_and_cohorts_list_each_learner_and_state(
    trajectory_ids: list[UUID], file_ledger: Ledger, read_models: ReadModels
) -> None:
    for trajectory_id in trajectory_ids:
        trajectory = file_ledger.trajectory(trajectory_id)
        wallet = read_models.wallet.for_learner(trajectory.learner_id)
        entry = next(t for t in wallet["trajectories"] if t["trajectory_id"] == str(trajectory_id))
        assert entry["status"] == trajectory.status.value
        cohorts = read_models.cohorts.for_provider(trajectory.lead_provider)
        state = trajectory.status.value
        assert str(trajectory.learner_id) in cohorts[trajectory.qualification_code][state]


def test_the_outflow_statistics_count_as_the_aggregates_closed_and_qualified(
    trajectory_ids: list[UUID], file_ledger: Ledger, read_models: ReadModels
) -> None:
    expected: dict[str, dict[str, int]] = {}
    dropouts, days = 0, []
    for trajectory_id in trajectory_ids:
        trajectory = file_ledger.trajectory(trajectory_id)
        opened = next(iter(trajectory.facts.values())).occurred_at.date()
        qualified = [
            fact.occurred_at.date()
            for fact in trajectory.facts.values()
            if fact.event_type == "QualificationAwarded" and fact.counts
        ]
        if qualified:
            days.append((qualified[0] - opened).days)
        if trajectory.outcome is None:
            continue
        by_pathway = expected.setdefault(trajectory.pathway.value, {})
        by_pathway[trajectory.outcome.value] = by_pathway.get(trajectory.outcome.value, 0) + 1
        dropouts += trajectory.outcome.value == "unqualified"
    statistics = read_models.outflow.statistics()
    assert statistics["outflow_by_pathway"] == expected
    assert statistics["dropouts"] == dropouts
    assert days, "the demo awards at least one qualification"
    assert statistics["median_days_to_qualification"] == median(days) > 0
    assert 0 < statistics["exemption_share"] < 1
