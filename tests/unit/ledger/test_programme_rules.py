"""Rule 2 per programme: where each competence is learnt decides what covers it; workplace
learning is exempted only where the programme allows it; the learner's own job counts only
where and in the modules the programme says; a stage is shortened only on a portfolio. And
the programme's choice rules (rule 1) and its pinned version (rule 7)."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import (
    Ledger,
    QualificationNotCoveredError,
    QualificationVersionError,
    WorkplaceLearningExemptedError,
)
from tests.builders import nothing_appended
from tests.catalogue_data import (
    a_programme_trajectory,
    import_docs,
    module,
    programme_doc,
    qualification_doc,
    recognise,
    with_test_programme,
)


def assessed(t: Any, code: str, setting: str, role: str = "mentor") -> None:
    if role == "mentor":
        t.assess(code, setting=setting, assessor_id="mentor-lies")
    else:
        t.assess(code, t.lead, setting=setting, assessor_role=role, assessor_id="docent-an")


def test_a_simulated_workplace_competence_is_covered_by_a_simulated_assessment(
    ledger: Ledger,
) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    assessed(t, "T-03", "simulated_workplace", role="assessor")
    assert "T-03" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_workplace_competence_is_not_covered_by_a_simulated_assessment(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    assessed(t, "T-02", "simulated_workplace", role="assessor")
    assert "T-02" in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_workplace_competence_is_covered_by_the_mentor_at_the_workplace(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    assessed(t, "T-02", "workplace")
    assert "T-02" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_school_competence_is_covered_by_its_module(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    t.complete_module("T-M1")
    assert ledger.coverage(t.trajectory_id).missing == ("T-02", "T-03")  # type: ignore[arg-type]


def test_the_programme_places_a_competence_the_qualification_leaves_to_school(
    ledger: Ledger,
) -> None:
    # T-01 has no workplace_required flag in the qualification; the programme puts it at work.
    places = {"T-01": "workplace", "T-02": "workplace", "T-03": "school", "T-04": "school"}
    t = a_programme_trajectory(with_test_programme(ledger, places=places))
    t.complete_module("T-M1")
    assert "T-01" in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_workplace_learning_is_not_exempted_by_default(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    with t.refuses(WorkplaceLearningExemptedError) as e:
        t.exempt(["T-02"])
    assert e.value.rule == 2


def test_a_programme_may_make_workplace_learning_exemptible(ledger: Ledger) -> None:
    policy = {"workplace_learning_exemptible": True}
    t = a_programme_trajectory(with_test_programme(ledger, policy=policy))
    t.exempt(["T-02"])
    assert "T-02" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_competence_marked_never_exemptible_refuses_an_exemption(ledger: Ledger) -> None:
    policy = {"workplace_learning_exemptible": True, "never_exemptible": ["T-01"]}
    t = a_programme_trajectory(with_test_programme(ledger, policy=policy))
    with t.refuses(WorkplaceLearningExemptedError):
        t.exempt(["T-01"])


def own_job_trajectory(ledger: Ledger, policy: dict[str, Any]) -> Any:
    return a_programme_trajectory(
        with_test_programme(ledger, policy=policy), agreement_kind="article_60"
    )


def test_an_assessment_under_the_own_job_does_not_count_without_the_policy(
    ledger: Ledger,
) -> None:
    t = own_job_trajectory(ledger, {})
    assessed(t, "T-02", "workplace")
    assert "T-02" in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_an_assessment_under_the_own_job_counts_where_the_programme_says(ledger: Ledger) -> None:
    t = own_job_trajectory(ledger, {"own_employment_counts": True})
    assessed(t, "T-02", "workplace")
    assert "T-02" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_the_own_job_counts_only_in_the_modules_the_programme_names(ledger: Ledger) -> None:
    # IN-Z: the art. 60 job counts as stage in the first semester's module only (S4 L1709-1729).
    t = own_job_trajectory(
        ledger, {"own_employment_counts": True, "own_employment_modules": ["T-M3"]}
    )
    assessed(t, "T-02", "workplace")
    assessed(t, "T-03", "workplace")
    missing = ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]
    assert "T-02" in missing
    assert "T-03" not in missing


def test_an_assessment_under_a_stage_beside_the_own_job_counts(ledger: Ledger) -> None:
    t = own_job_trajectory(ledger, {})
    t.sign_agreement("wzc-zonnehof", kind="stage", mentor="mentor-lies")
    assessed(t, "T-02", "workplace")
    assert "T-02" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def hours_exemption(t: Any, module_code: str, hours: int, basis: str) -> Any:
    return t.post(
        "ExemptionGranted",
        competences=[],
        modules=[],
        basis=basis,
        evidence=["stageportfolio"],
        decided_by="docent-an",
        module_hours={module_code: hours},
    )


def test_a_stage_is_shortened_on_a_portfolio_where_the_programme_allows(ledger: Ledger) -> None:
    policy = {"portfolio_may_shorten_stage": True, "max_stage_reduction_hours": 30}
    t = a_programme_trajectory(with_test_programme(ledger, policy=policy))
    hours_exemption(t, "T-M2", 30, "workplace_portfolio")
    (fact,) = t.trajectory.counting_facts("ExemptionGranted")
    assert fact.fields["module_hours"] == {"T-M2": 30}


def test_a_stage_is_not_shortened_beyond_the_programme_maximum(ledger: Ledger) -> None:
    policy = {"portfolio_may_shorten_stage": True, "max_stage_reduction_hours": 30}
    t = a_programme_trajectory(with_test_programme(ledger, policy=policy))
    with t.refuses(WorkplaceLearningExemptedError):
        hours_exemption(t, "T-M2", 31, "workplace_portfolio")


def test_a_stage_is_not_shortened_where_the_programme_does_not_allow_it(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    with t.refuses(WorkplaceLearningExemptedError):
        hours_exemption(t, "T-M2", 10, "workplace_portfolio")


def test_hours_of_a_school_module_may_be_exempted_on_a_prior_certificate(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    hours_exemption(t, "T-M1", 16, "prior_certificate")
    # fewer hours, but the module's competences are still to be shown
    assert "T-01" in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


# -- choice rules (a microdegree) -----------------------------------------------------------


def with_choice_package(ledger: Ledger) -> Ledger:
    import_docs(
        ledger,
        qualification_doc("T-MD", kind="microdegree_getuigschrift"),
        programme_doc(
            "T-MD-PROG",
            qualification=("T-MD", 1),
            unit="study_points",
            places=dict.fromkeys(("T-01", "T-02", "T-03", "T-04"), "school"),
            modules=[
                module("MD-COMMON", ["T-01"], 4),
                module("MD-A", ["T-02"], 4),
                module("MD-B", ["T-03"], 4),
                module("MD-C", ["T-04"], 3),
            ],
            choice_rules=[
                {"common": ["MD-COMMON"], "choose": 2, "package": ["MD-A", "MD-B", "MD-C"]}
            ],
            total_study_points={"min": 11, "max": 12},
        ),
    )
    recognise(ledger, "cvo-zorg", "T-MD")
    return ledger


def microdegree(ledger: Ledger) -> Any:
    return a_programme_trajectory(
        with_choice_package(ledger),
        programme="T-MD-PROG",
        qualification="T-MD",
        pathway="microdegree",
        agreement_kind=None,
    )


def test_a_microdegree_needs_only_the_competences_of_the_modules_chosen(ledger: Ledger) -> None:
    t = microdegree(ledger)
    for code in ("MD-COMMON", "MD-A", "MD-C"):
        t.complete_module(code)
    assert ledger.coverage(t.trajectory_id).complete  # type: ignore[arg-type]
    t.award()
    assert t.trajectory.counting_facts("QualificationAwarded")


def test_a_microdegree_with_one_choice_too_few_is_not_awarded(ledger: Ledger) -> None:
    t = microdegree(ledger)
    t.complete_module("MD-COMMON")
    t.complete_module("MD-A")
    with t.refuses(QualificationNotCoveredError) as e:
        t.award()
    assert e.value.rule == 1


def test_a_microdegree_without_its_common_course_is_not_awarded(ledger: Ledger) -> None:
    t = microdegree(ledger)
    for code in ("MD-A", "MD-B", "MD-C"):
        t.complete_module(code)
    with pytest.raises(QualificationNotCoveredError):
        t.award()


# -- rule 7 with a programme ----------------------------------------------------------------


def test_a_trajectory_pins_the_programme_version_it_opened_with(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    assert (t.trajectory.programme_code, t.trajectory.programme_version) == ("T-PROG", 1)
    assert ledger.pinned_qualification(t.trajectory).programme is not None


def test_opening_with_a_programme_not_written_for_the_version_in_force_is_refused(
    ledger: Ledger,
) -> None:
    with_test_programme(ledger)
    import_docs(ledger, qualification_doc(version=2))
    with nothing_appended(ledger), pytest.raises(QualificationVersionError) as e:
        a_programme_trajectory(ledger)
    assert e.value.rule == 7


def test_a_migration_moves_the_trajectory_to_the_programme_version_for_the_new_version(
    ledger: Ledger,
) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    import_docs(
        ledger,
        qualification_doc(version=2, competences=("T-01", "T-02", "T-03", "T-04", "T-05")),
        programme_doc(
            version=2,
            qualification=("T-BK", 2),
            places={
                "T-01": "school",
                "T-02": "workplace",
                "T-03": "school",
                "T-04": "school",
                "T-05": "school",
            },
            modules=[
                module("T-M1", ["T-01", "T-04", "T-05"], 40),
                module("T-M2", ["T-02"], 120),
                module("T-M3", ["T-03"], 60),
            ],
        ),
    )
    assert t.trajectory.qualification_version == 1  # running: pinned
    t.post("TrajectoryMigrated", to_version=2, reason="herziening")
    assert (t.trajectory.qualification_version, t.trajectory.programme_version) == (2, 2)
    assert "T-05" in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_migration_without_a_programme_version_for_the_new_version_is_refused(
    ledger: Ledger,
) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    import_docs(ledger, qualification_doc(version=2))
    with t.refuses(QualificationVersionError):
        t.post("TrajectoryMigrated", to_version=2, reason="herziening")
