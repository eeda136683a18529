"""Rule 7: a trajectory is judged against the qualification version pinned when it opened;
only an explicit TrajectoryMigrated moves it to a newer one."""

from __future__ import annotations

import pytest

from ledger import (
    Ledger,
    NotFoundError,
    QualificationNotCoveredError,
    QualificationVersionError,
)
from ledger.rules import require_forward_migration
from tests.builders import (
    TrajectoryBuilder,
    an_open_trajectory,
    publish_next_version,
)
from tests.reference_data import competence

NEW_COMPETENCE = competence("EI-06", "Domotica installeren", "programmeert een sturing")


def a_fully_covered_electrical_trajectory(ledger: Ledger) -> TrajectoryBuilder:
    t = an_open_trajectory(ledger)
    t.complete_module("M-EI-BASIS")
    t.complete_module("M-EI-KLANT")
    t.assess("EI-02")
    t.assess("EI-04")
    return t


def test_a_trajectory_pins_the_version_in_force_when_it_opened(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    publish_next_version(ledger, "BK-ELEKTRO", extra_competences=(NEW_COMPETENCE,))
    assert t.trajectory.qualification_version == 1
    assert [c.competence.code for c in ledger.coverage(t.trajectory_id).competences] == [
        "EI-01",
        "EI-02",
        "EI-03",
        "EI-04",
        "EI-05",
    ]


def test_a_newer_version_does_not_change_the_award_of_a_running_trajectory(
    ledger: Ledger,
) -> None:
    t = a_fully_covered_electrical_trajectory(ledger)
    publish_next_version(ledger, "BK-ELEKTRO", extra_competences=(NEW_COMPETENCE,))
    t.award()
    (award,) = t.trajectory.active_awards()
    assert award.fields["qualification_version"] == 1
    assert "EI-06" not in award.fields["basis"]


def test_a_trajectory_opened_after_a_revision_pins_the_new_version(ledger: Ledger) -> None:
    publish_next_version(ledger, "BK-ELEKTRO", extra_competences=(NEW_COMPETENCE,))
    t = an_open_trajectory(ledger)
    assert t.trajectory.qualification_version == 2
    assert "EI-06" in ledger.coverage(t.trajectory_id).missing


def test_a_competence_of_a_later_version_cannot_be_assessed_on_the_pinned_one(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    publish_next_version(ledger, "BK-ELEKTRO", extra_competences=(NEW_COMPETENCE,))
    with t.refuses(NotFoundError):
        t.assess("EI-06", t.lead, setting="school", assessor_role="teacher")


def test_migration_moves_the_trajectory_to_the_new_version_explicitly(ledger: Ledger) -> None:
    t = a_fully_covered_electrical_trajectory(ledger)
    publish_next_version(ledger, "BK-ELEKTRO", extra_competences=(NEW_COMPETENCE,))
    t.post("TrajectoryMigrated", to_version=2, reason="nieuwe beroepskwalificatie")
    assert t.trajectory.qualification_version == 2
    assert ledger.coverage(t.trajectory_id).missing == ("EI-06",)


def test_after_migration_the_award_needs_the_new_versions_competences(ledger: Ledger) -> None:
    t = a_fully_covered_electrical_trajectory(ledger)
    publish_next_version(ledger, "BK-ELEKTRO", extra_competences=(NEW_COMPETENCE,))
    t.post("TrajectoryMigrated", to_version=2, reason="nieuwe beroepskwalificatie")
    with pytest.raises(QualificationNotCoveredError):
        t.award()
    t.assess("EI-06", t.lead, setting="school", assessor_role="teacher")
    t.award()
    assert t.trajectory.active_awards()[0].fields["qualification_version"] == 2


def test_migration_to_an_unpublished_version_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(QualificationVersionError):
        t.post("TrajectoryMigrated", to_version=2, reason="te vroeg")


def test_migration_to_the_pinned_version_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    publish_next_version(ledger, "BK-ELEKTRO")
    with t.refuses(QualificationVersionError) as e:
        t.post("TrajectoryMigrated", to_version=1, reason="terug")
    assert e.value.rule == 7


def test_rule_7_refuses_a_migration_backwards_or_beyond_the_published_versions() -> None:
    for target in (1, 0, 4):
        with pytest.raises(QualificationVersionError):
            require_forward_migration(pinned=1, target=target, latest=3)
    require_forward_migration(pinned=1, target=3, latest=3)
    with pytest.raises(QualificationVersionError) as e:
        require_forward_migration(pinned=2, target=1, latest=2)
    assert e.value.rule == 7
    assert e.value.code == "rule-7-qualification-version"
