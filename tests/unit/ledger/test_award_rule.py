"""Rule 1: an award needs every required competence of the pinned version covered by a
counting basis; closing as (partially) qualified needs the award."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ledger import Ledger, QualificationNotCoveredError
from tests.builders import (
    TrajectoryBuilder,
    a_care_trajectory,
    an_open_trajectory,
)


def test_qualification_without_full_coverage_is_refused_and_nothing_is_appended(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    t.complete_module("M-EI-BASIS")
    with t.refuses(QualificationNotCoveredError) as e:
        t.award()
    assert e.value.rule == 1
    assert e.value.code == "rule-1-not-covered"
    assert "EI-02" in str(e.value)


def test_qualification_is_awarded_when_every_required_competence_is_covered(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    basics, klant = t.complete_module("M-EI-BASIS"), t.complete_module("M-EI-KLANT")
    installed, measured = t.assess("EI-02"), t.assess("EI-04")
    award = t.award()
    (fact,) = t.trajectory.active_awards()
    assert fact.event_id == award.event_id
    assert fact.fields["basis"] == {
        "EI-01": [basics.event_id],
        "EI-02": [installed.event_id],
        "EI-03": [basics.event_id],
        "EI-04": [measured.event_id],
        "EI-05": [klant.event_id],
    }


def test_partial_certificate_without_coverage_is_refused(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    t.assess("ZK-03")
    with t.refuses(QualificationNotCoveredError) as e:
        t.award("DK-LOGISTIEK")
    assert e.value.rule == 1
    assert "ZK-01" in str(e.value)


def test_partial_certificate_is_awarded_when_its_competences_are_covered(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    t.complete_module("SEM-1")
    t.award("DK-LOGISTIEK")
    assert [f.fields["certificate_code"] for f in t.trajectory.active_awards()] == ["DK-LOGISTIEK"]


def test_a_retracted_basis_does_not_count_towards_an_award(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    t.retract(semester.event_id)
    with t.refuses(QualificationNotCoveredError):
        t.award("DK-HUISHOUDHULP")


def test_an_assessment_below_mastered_does_not_cover(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    t.complete_module("M-EI-BASIS")
    t.complete_module("M-EI-KLANT")
    t.assess("EI-02")
    t.assess("EI-04", level="in_development")
    with t.refuses(QualificationNotCoveredError):
        t.award()


def test_a_failed_module_does_not_cover(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    t.complete_module("SEM-1", result="failed")
    with t.refuses(QualificationNotCoveredError):
        t.award("DK-HUISHOUDHULP")


@pytest.mark.parametrize(
    ("trajectory", "outcome"),
    [
        pytest.param(
            an_open_trajectory, "qualified", id="qualified_without_an_awarded_qualification"
        ),
        pytest.param(
            a_care_trajectory, "partially_qualified", id="partially_qualified_without_any_award"
        ),
    ],
)
def test_closing_as_qualified_without_the_award_is_refused(
    ledger: Ledger, trajectory: Callable[[Ledger], TrajectoryBuilder], outcome: str
) -> None:
    t = trajectory(ledger)
    with t.refuses(QualificationNotCoveredError) as e:
        t.close(outcome)
    assert e.value.rule == 1


def test_closing_as_partially_qualified_with_a_partial_certificate_is_accepted(
    ledger: Ledger,
) -> None:
    t = a_care_trajectory(ledger)
    t.complete_module("SEM-1")
    t.award("DK-HUISHOUDHULP")
    t.close("partially_qualified")
    assert t.trajectory.outcome == "partially_qualified"


def test_closing_as_qualified_after_the_award_was_revoked_is_refused(ledger: Ledger) -> None:
    t = a_care_trajectory(ledger)
    semester = t.complete_module("SEM-1")
    t.award("DK-HUISHOUDHULP")
    t.retract(semester.event_id)
    with t.refuses(QualificationNotCoveredError):
        t.close("partially_qualified")
