"""Rule 10: only a provider recognised for the qualification (on the award date) awards it;
a test centre recognised for the EVC standard awards the beroepskwalificatie directly on
route (a), or labour-market-relevant partial results when the learner does not pass it all.
A positive recognition decision earns a competentiebewijs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger import (
    AwarderNotRecognisedError,
    Learner,
    Ledger,
    QualificationKind,
    earned_by,
)
from ledger.values import AchievementKind
from tests.builders import (
    TrajectoryBuilder,
    admin_stamp,
    an_open_trajectory,
    org_id,
    provider,
)
from tests.catalogue_data import a_programme_trajectory, import_docs, qualification_doc, recognise

WOOD = ["HB-01", "HB-02", "HB-03", "HB-04", "HB-05", "HB-06"]
STANDARD = "EVC-MACHINAAL-HOUTBEWERKER"


def covered_school_trajectory(ledger: Ledger) -> TrajectoryBuilder:
    import_docs(ledger, qualification_doc())
    t = a_programme_trajectory(ledger, programme=None)
    t.exempt(["T-01", "T-02", "T-03", "T-04"])
    return t


def test_a_provider_not_recognised_for_the_qualification_cannot_award_it(ledger: Ledger) -> None:
    t = covered_school_trajectory(ledger)
    with t.refuses(AwarderNotRecognisedError) as e:
        t.award()
    assert (e.value.rule, e.value.code) == (10, "rule-10-awarder-not-recognised")


def test_a_recognised_provider_awards_the_qualification(ledger: Ledger) -> None:
    t = covered_school_trajectory(ledger)
    recognise(ledger, "cvo-zorg", "T-BK")
    t.award()
    assert t.trajectory.counting_facts("QualificationAwarded")


def test_a_recognition_that_ended_before_the_award_date_does_not_count(ledger: Ledger) -> None:
    t = covered_school_trajectory(ledger)
    recognise(ledger, "cvo-zorg", "T-BK", valid_until=date(2025, 1, 1))
    with pytest.raises(AwarderNotRecognisedError):
        t.award()


def test_a_withdrawn_recognition_does_not_count_after_its_withdrawal(ledger: Ledger) -> None:
    t = covered_school_trajectory(ledger)
    recognise(ledger, "cvo-zorg", "T-BK")
    ledger.withdraw_recognition(
        org_id("cvo-zorg"),
        kind="award",
        qualification_code="T-BK",
        effective_on=date(2025, 1, 1),
        reason="kwaliteitstoezicht",
        stamp=admin_stamp(ledger, datetime(2025, 1, 1, 9, tzinfo=UTC)),
    )
    with pytest.raises(AwarderNotRecognisedError):
        t.award()


def test_a_partner_recognised_for_another_qualification_cannot_award_this_one(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger, partners=("elektro-peeters", "syntra-hout"))
    t.complete_module("M-EI-BASIS")
    t.complete_module("M-EI-KLANT")
    t.assess("EI-02")
    t.assess("EI-04")
    with t.refuses(AwarderNotRecognisedError):
        t.award(actor=provider("syntra-hout"))
    t.award()  # the lead is recognised for BK-ELEKTRO


# -- route (a): a recognised test centre ------------------------------------------------------


def evc_at_test_centre(ledger: Ledger, *, recognised: bool = True) -> TrajectoryBuilder:
    if recognised:
        recognise(
            ledger,
            "testcentrum-hout",
            "BK-HOUTBEWERKER",
            kind="evc_standard",
            evc_standard=STANDARD,
        )
    t = TrajectoryBuilder(ledger, provider("testcentrum-hout", "assessor-wim"))
    t.trajectory_id = t.post(
        "TrajectoryOpened",
        learner_id=str(Learner.id_for("emre")),
        pathway="evc_traject",
        qualification_code="BK-HOUTBEWERKER",
        lead_provider=str(org_id("testcentrum-hout")),
        partners=[str(org_id("woodwize"))],
    ).aggregate_id
    t.post(
        "RecognitionStepRecorded",
        procedure_id="evc-emre",
        step="practical_test",
        outcome="geslaagd",
        notes="proef in het eigen bedrijf",
    )
    return t


def route_a(t: TrajectoryBuilder, competences: list[str]) -> Any:
    return t.post(
        "RecognitionDecided",
        procedure_id="evc-emre",
        competences_recognised=competences,
        decided_by="assessor-wim",
        route="test_centre",
        evc_standard=STANDARD,
    )


def test_a_recognised_test_centre_awards_the_beroepskwalificatie_directly(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger)
    route_a(t, WOOD)
    t.award()
    assert t.trajectory.counting_facts("QualificationAwarded")
    assert not t.trajectory.counting_facts("ExemptionGranted")  # no detour through exemptions


def test_a_failed_test_still_awards_its_labour_market_relevant_part(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger)
    route_a(t, ["HB-01", "HB-02", "HB-03"])
    t.award("DK-ZAGEN")
    assert [f.fields["certificate_code"] for f in t.trajectory.active_awards()] == ["DK-ZAGEN"]


def test_a_test_centre_not_recognised_for_the_standard_cannot_decide_on_it(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger, recognised=False)
    with t.refuses(AwarderNotRecognisedError) as e:
        route_a(t, WOOD)
    assert e.value.rule == 10


def test_a_test_centre_awards_only_on_its_own_route_a_decision(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger)
    t.post(
        "RecognitionDecided",
        procedure_id="evc-emre",
        competences_recognised=WOOD,
        decided_by="assessor-wim",
    )  # route (b): exemptions only
    with pytest.raises(AwarderNotRecognisedError):
        t.award()


def test_a_positive_recognition_decision_earns_a_competentiebewijs(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger)
    decision = route_a(t, WOOD)
    trajectory = t.trajectory
    earned = earned_by(
        trajectory.fact(decision.event_id), ledger.pinned_qualification(trajectory), set()
    )
    assert earned is not None
    assert (earned.achievement, earned.credential_kind, earned.code) == (
        AchievementKind.RECOGNITION,
        QualificationKind.COMPETENTIEBEWIJS,
        "evc-emre",
    )


def test_the_award_earns_a_badge_named_by_the_qualifications_kind(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger)
    route_a(t, WOOD)
    award = t.award()
    trajectory = t.trajectory
    earned = earned_by(
        trajectory.fact(award.event_id), ledger.pinned_qualification(trajectory), set()
    )
    assert earned is not None
    assert earned.credential_kind is QualificationKind.BEROEPSKWALIFICATIE


def test_a_negative_recognition_decision_earns_nothing(ledger: Ledger) -> None:
    t = evc_at_test_centre(ledger)
    decision = route_a(t, [])
    trajectory = t.trajectory
    assert (
        earned_by(
            trajectory.fact(decision.event_id), ledger.pinned_qualification(trajectory), set()
        )
        is None
    )
