"""Which facts earn which badge, named by kind (for the issuance process): a passed module a
moduleattest, a positive recognition decision a competentiebewijs, a partial certificate or
a qualification the kind of what is awarded; the badge events' old topics still resolve."""

from __future__ import annotations

import pytest
from eventsourcing.utils import resolve_topic

from ledger import (
    TRAJECTORY_COMMANDS,
    Ledger,
    QualificationKind,
    Trajectory,
    earned_by,
    topics_of,
)
from ledger.earning import EARNING_EVENTS
from ledger.values import AchievementKind
from tests.builders import an_open_trajectory
from tests.catalogue_data import (
    a_programme_trajectory,
    import_docs,
    programme_doc,
    qualification_doc,
    recognise,
)


def test_a_passed_module_earns_a_moduleattest(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    module = t.complete_module("M-EI-BASIS")
    trajectory = t.trajectory
    q = ledger.pinned_qualification(trajectory)
    bases = {b.event_id for b in trajectory.bases(q)}
    earned = earned_by(trajectory.fact(module.event_id), q, bases)
    assert earned is not None
    assert (earned.achievement, earned.credential_kind) == (
        AchievementKind.MODULE,
        QualificationKind.MODULEATTEST,
    )


def test_a_colleagues_judgement_earns_nothing(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    assessed = t.assess("EI-02", assessor_role="colleague")
    trajectory = t.trajectory
    q = ledger.pinned_qualification(trajectory)
    assert (
        earned_by(trajectory.fact(assessed.event_id), q, {b.event_id for b in trajectory.bases(q)})
        is None
    )


def test_a_provider_procedures_positive_decision_earns_a_competentiebewijs(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger, pathway="evc_traject")
    t.post(
        "RecognitionStepRecorded",
        procedure_id="evc-1",
        step="integrated_assignment",
        outcome="geslaagd",
        notes="twee geïntegreerde opdrachten ter plekke (S4 L2329)",
    )
    decision = t.decide_recognition(["EI-01", "EI-03"])
    trajectory = t.trajectory
    earned = earned_by(
        trajectory.fact(decision.event_id), ledger.pinned_qualification(trajectory), set()
    )
    assert earned is not None
    assert earned.credential_kind is QualificationKind.COMPETENTIEBEWIJS


def test_a_beroepskwalificatie_confirmed_within_an_onderwijskwalificatie_is_named_as_such(
    ledger: Ledger,
) -> None:
    import_docs(
        ledger,
        qualification_doc("T-BK"),
        qualification_doc(
            "T-OK",
            kind="onderwijskwalificatie",
            beroepskwalificaties=[
                {"code": "T-BK", "title": {"nl": "BK", "en": "BK"}, "competences": ["T-01", "T-02"]}
            ],
        ),
    )
    recognise(ledger, "cvo-zorg", "T-OK")
    t = a_programme_trajectory(ledger, programme=None, qualification="T-OK", agreement_kind="stage")
    t.exempt(["T-01"])
    t.assess("T-02", assessor_id="mentor-lies")
    award = t.award("T-BK")
    trajectory = t.trajectory
    earned = earned_by(
        trajectory.fact(award.event_id), ledger.pinned_qualification(trajectory), set()
    )
    assert earned is not None
    assert (earned.credential_kind, earned.code) == (QualificationKind.BEROEPSKWALIFICATIE, "T-BK")


def test_the_earning_events_are_event_classes_with_commands() -> None:
    assert set(EARNING_EVENTS) <= set(TRAJECTORY_COMMANDS)
    assert TRAJECTORY_COMMANDS[Trajectory.GuidanceRecorded] == "record_guidance"


def test_a_badge_events_old_topic_still_resolves_to_its_class() -> None:
    current, old = topics_of(Trajectory.BadgeIssued)
    assert old == "ledger.trajectory:Trajectory.BadgeIssued"
    assert resolve_topic(old) is Trajectory.BadgeIssued
    assert resolve_topic(current) is Trajectory.BadgeIssued


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("study_points", QualificationKind.CREDITBEWIJS),
        ("lestijden", QualificationKind.MODULEATTEST),
    ],
)
def test_a_course_of_a_programme_counted_in_study_points_earns_a_creditbewijs(
    ledger: Ledger, unit: str, kind: QualificationKind
) -> None:
    import_docs(ledger, qualification_doc("T-BK"), programme_doc(unit=unit))
    t = a_programme_trajectory(ledger)
    module = t.complete_module("T-M3", competences=["T-03"])
    trajectory = t.trajectory
    q = ledger.pinned_qualification(trajectory)
    earned = earned_by(
        trajectory.fact(module.event_id), q, {b.event_id for b in trajectory.bases(q)}
    )
    assert earned is not None
    assert earned.credential_kind is kind  # S4 L6634-6636
