"""Rule 2 (workplace learning is never exempted) and rule 3 (an exemption needs evidence and
a basis; a recognition basis needs a positive RecognitionDecided)."""

from __future__ import annotations

from ledger import ExemptionWithoutBasisError, Ledger, WorkplaceLearningExemptedError
from tests.builders import a_care_trajectory, an_open_trajectory


def test_exempting_a_workplace_required_competence_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(WorkplaceLearningExemptedError) as e:
        t.exempt(["EI-01", "EI-02"])
    assert e.value.rule == 2
    assert e.value.code == "rule-2-workplace-learning-exempted"
    assert "EI-02" in str(e.value)


def test_exempting_a_school_competence_is_accepted(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    exemption = t.exempt(["EI-01"])
    assert ledger.coverage(t.trajectory_id).competences[0].covered_by[0].event_id == (
        exemption.event_id
    )


def test_correcting_an_exemption_to_a_workplace_required_competence_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    exemption = t.exempt(["EI-01"])
    with t.refuses(WorkplaceLearningExemptedError) as e:
        t.correct(exemption.event_id, competences=["EI-01", "EI-04"])
    assert e.value.rule == 2


def test_an_exempted_module_never_covers_its_workplace_required_competences(
    ledger: Ledger,
) -> None:
    t = a_care_trajectory(ledger)
    t.exempt([], modules=["SEM-2"])
    missing = ledger.coverage(t.trajectory_id).missing
    assert "ZK-03" in missing
    assert "ZK-06" not in missing


def test_workplace_required_competences_count_only_with_a_workplace_assessment(
    ledger: Ledger,
) -> None:
    t = a_care_trajectory(ledger)
    t.assess("ZK-03", t.lead, setting="simulated_workplace", assessor_role="assessor")
    assert "ZK-03" in ledger.coverage(t.trajectory_id).missing
    t.assess("ZK-03")
    assert "ZK-03" not in ledger.coverage(t.trajectory_id).missing


def test_an_exemption_without_evidence_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(ExemptionWithoutBasisError) as e:
        t.exempt(["EI-01"], evidence=[])
    assert e.value.rule == 3
    assert e.value.code == "rule-3-exemption-without-basis"


def test_an_exemption_with_only_blank_evidence_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(ExemptionWithoutBasisError):
        t.exempt(["EI-01"], evidence=["  "])


def test_a_recognition_based_exemption_without_a_recognition_decision_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(ExemptionWithoutBasisError) as e:
        t.exempt(["EI-01"], basis="recognition_decision")
    assert e.value.rule == 3


def test_a_recognition_based_exemption_beyond_what_was_recognised_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    t.decide_recognition(["EI-01"])
    with t.refuses(ExemptionWithoutBasisError) as e:
        t.exempt(["EI-01", "EI-03"], basis="recognition_decision")
    assert "EI-03" in str(e.value)


def test_a_recognition_based_exemption_after_a_positive_decision_is_accepted(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    t.decide_recognition(["EI-01", "EI-03"])
    t.exempt(["EI-01", "EI-03"], basis="recognition_decision")
    assert ledger.coverage(t.trajectory_id).missing == ("EI-02", "EI-04", "EI-05")


def test_a_recognition_based_exemption_after_the_decision_was_retracted_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    decision = t.decide_recognition(["EI-01"])
    t.retract(decision.event_id)
    with t.refuses(ExemptionWithoutBasisError):
        t.exempt(["EI-01"], basis="recognition_decision")


def test_a_recognition_based_exemption_after_the_decision_was_corrected_away_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    decision = t.decide_recognition(["EI-01", "EI-03"])
    t.correct(decision.event_id, competences_recognised=["EI-03"])
    with t.refuses(ExemptionWithoutBasisError):
        t.exempt(["EI-01"], basis="recognition_decision")


def test_correcting_an_exemption_to_no_evidence_is_refused(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    exemption = t.exempt(["EI-01"])
    with t.refuses(ExemptionWithoutBasisError) as e:
        t.correct(exemption.event_id, evidence=[])
    assert e.value.rule == 3


def test_correcting_a_recognition_exemption_beyond_what_was_recognised_is_refused(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    t.decide_recognition(["EI-01"])
    exemption = t.exempt(["EI-01"], basis="recognition_decision")
    with t.refuses(ExemptionWithoutBasisError):
        t.correct(exemption.event_id, competences=["EI-01", "EI-03"])


def test_retracting_the_decision_takes_the_basis_of_its_exemptions_with_it(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    decision = t.decide_recognition(["EI-01", "EI-03"])
    t.exempt(["EI-01", "EI-03"], basis="recognition_decision")
    t.retract(decision.event_id)
    assert ledger.coverage(t.trajectory_id).missing == ("EI-01", "EI-02", "EI-03", "EI-04", "EI-05")


def test_a_prior_certificate_exemption_does_not_depend_on_a_recognition_decision(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    decision = t.decide_recognition(["EI-03"])
    t.exempt(["EI-01"], basis="prior_certificate")
    t.retract(decision.event_id)
    assert "EI-01" not in ledger.coverage(t.trajectory_id).missing
