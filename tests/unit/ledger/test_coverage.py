"""compute_coverage: a pure function over competences and bases (rules 1 and 2)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ledger import Basis, Competence, CoverageKind, QualificationVersion, compute_coverage
from ledger.values import Setting
from tests.strategies import bases_for, qualification_versions

SAFETY = Competence("EI-01", "Veilig werken", "Safe work")
INSTALL = Competence("EI-02", "Installatie aanleggen", "Installing", workplace_required=True)
SCHEMES = Competence("EI-03", "Schema's lezen", "Reading diagrams")


def assessment(event_id: str, code: str, setting: Setting) -> Basis:
    return Basis(CoverageKind.ASSESSMENT, event_id, frozenset({code}), setting)


def test_a_workplace_required_competence_counts_only_with_a_workplace_assessment() -> None:
    bases = [
        assessment("school", "EI-02", Setting.SCHOOL),
        assessment("simulated", "EI-02", Setting.SIMULATED_WORKPLACE),
        Basis(CoverageKind.MODULE, "module", frozenset({"EI-02"})),
        Basis(CoverageKind.EXEMPTION, "exemption", frozenset({"EI-02"})),
        assessment("work", "EI-02", Setting.WORKPLACE),
    ]
    (install,) = compute_coverage([INSTALL], bases).competences
    assert [b.event_id for b in install.covered_by] == ["work"]


def test_a_workplace_required_competence_without_a_workplace_assessment_is_missing() -> None:
    bases = [Basis(CoverageKind.EXEMPTION, "exemption", frozenset({"EI-02"}))]
    assert compute_coverage([INSTALL], bases).missing == ("EI-02",)


def test_a_school_competence_counts_with_any_kind_of_basis() -> None:
    for kind, setting in [
        (CoverageKind.ASSESSMENT, Setting.SCHOOL),
        (CoverageKind.MODULE, None),
        (CoverageKind.EXEMPTION, None),
    ]:
        coverage = compute_coverage([SAFETY], [Basis(kind, "b", frozenset({"EI-01"}), setting)])
        assert coverage.complete


def test_an_exempted_module_covers_its_competences_through_its_basis() -> None:
    module_exemption = Basis(CoverageKind.EXEMPTION, "exempt-m", frozenset({"EI-01", "EI-03"}))
    coverage = compute_coverage([SAFETY, SCHEMES], [module_exemption])
    assert coverage.basis_event_ids() == {"EI-01": ["exempt-m"], "EI-03": ["exempt-m"]}


def test_missing_competences_are_listed_in_the_order_of_the_qualification() -> None:
    required = [SCHEMES, INSTALL, SAFETY]
    coverage = compute_coverage(required, [assessment("a", "EI-02", Setting.WORKPLACE)])
    assert coverage.missing == ("EI-03", "EI-01")


def test_a_basis_for_an_unknown_competence_counts_for_nothing() -> None:
    coverage = compute_coverage([SAFETY], [Basis(CoverageKind.MODULE, "m", frozenset({"X"}))])
    assert coverage.missing == ("EI-01",)
    assert coverage.progress == 0.0


def test_progress_is_the_share_of_covered_competences() -> None:
    bases = [Basis(CoverageKind.MODULE, "m", frozenset({"EI-01"}))]
    assert compute_coverage([SAFETY, SCHEMES], bases).progress == 0.5


def test_nothing_required_is_complete() -> None:
    coverage = compute_coverage([], [])
    assert coverage.complete
    assert coverage.progress == 1.0


@given(st.data())
def test_a_competence_is_covered_iff_some_basis_counts_for_it(data: st.DataObject) -> None:
    qualification: QualificationVersion = data.draw(qualification_versions())
    bases = data.draw(bases_for(qualification))
    coverage = compute_coverage(qualification.competences, bases)
    for item in coverage.competences:
        expected = [
            b.event_id
            for b in bases
            if item.competence.code in b.competences
            and (
                not item.competence.workplace_required
                or (b.kind is CoverageKind.ASSESSMENT and b.setting is Setting.WORKPLACE)
                # a route-(a) recognition is the qualification's own workplace-realistic test
                or b.kind is CoverageKind.RECOGNITION
            )
        ]
        assert [b.event_id for b in item.covered_by] == expected
    assert coverage.complete == (not coverage.missing)


@given(st.data())
def test_adding_a_basis_never_uncovers_a_competence(data: st.DataObject) -> None:
    qualification: QualificationVersion = data.draw(qualification_versions())
    bases = data.draw(bases_for(qualification))
    extra = data.draw(bases_for(qualification))
    before = set(compute_coverage(qualification.competences, bases).missing)
    after = set(compute_coverage(qualification.competences, [*bases, *extra]).missing)
    assert after <= before
