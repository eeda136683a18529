"""Rule 3 with a scope: a concordance row is the basis of a prior-certificate exemption only
within its table's scope and for no more than it grants; a provider's own recognition
procedure (EVC route b) yields exemptions valid only where its decision says."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import (
    ExemptionOutOfScopeError,
    ExemptionWithoutBasisError,
    InvalidEventError,
    Ledger,
    UnknownConcordanceTableError,
)
from tests.builders import org_id
from tests.catalogue_data import (
    a_programme_trajectory,
    import_docs,
    programme_doc,
    table_doc,
    with_test_programme,
)


def by_row(t: Any, row: str, *, table: str = "T-EVK", **exempted: Any) -> Any:
    return t.post(
        "ExemptionGranted",
        competences=exempted.get("competences", []),
        modules=exempted.get("modules", []),
        basis="prior_certificate",
        evidence=["attest"],
        decided_by="consulent",
        module_hours=exempted.get("module_hours", {}),
        concordance_table=table,
        concordance_row=row,
    )


def with_table(ledger: Ledger, **table: Any) -> Ledger:
    with_test_programme(ledger)
    import_docs(ledger, table_doc(**table))
    return ledger


def test_the_rows_a_certificate_earns_in_a_programme_are_computed(ledger: Ledger) -> None:
    table = with_table(ledger).concordance_table("T-EVK").in_force()
    assert [r.id for r in table.exemptions_for({"VCA"}, "T-PROG")] == ["R1"]
    assert table.exemptions_for({"VCA"}, "OTHER") == ()


def test_an_exemption_on_its_concordance_row_is_granted(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_table(ledger))
    by_row(t, "R1", competences=["T-01"])
    by_row(t, "R2", module_hours={"T-M1": 16})
    assert "T-01" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_an_exemption_asking_more_than_its_row_grants_is_refused(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_table(ledger))
    with t.refuses(ExemptionWithoutBasisError) as e:
        by_row(t, "R2", module_hours={"T-M1": 17})
    assert e.value.rule == 3


def test_an_exemption_outside_the_tables_scope_is_refused(ledger: Ledger) -> None:
    # The table is valid within cvo-horeca only; the trajectory is cvo-zorg's.
    t = a_programme_trajectory(with_table(ledger, scope={"providers": ["cvo-horeca"]}))
    with t.refuses(ExemptionOutOfScopeError) as e:
        by_row(t, "R1", competences=["T-01"])
    assert (e.value.rule, e.value.code) == (3, "rule-3-exemption-out-of-scope")


def test_an_exemption_in_another_programme_than_the_rows_is_refused(ledger: Ledger) -> None:
    with_table(ledger)
    import_docs(ledger, programme_doc("T-PROG-2"))
    t = a_programme_trajectory(ledger, programme="T-PROG-2")
    with t.refuses(ExemptionOutOfScopeError):
        by_row(t, "R1", competences=["T-01"])


def test_an_exemption_naming_an_unknown_table_is_refused(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    with pytest.raises(UnknownConcordanceTableError):
        by_row(t, "R1", table="NOPE", competences=["T-01"])


def test_an_exemption_naming_an_unknown_row_is_refused(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_table(ledger))
    with pytest.raises(InvalidEventError):
        by_row(t, "R9", competences=["T-01"])


def decide(
    t: Any, *, providers: list[str] | None = None, programmes: list[str] | None = None
) -> Any:
    return t.post(
        "RecognitionDecided",
        procedure_id="evc-1",
        competences_recognised=["T-01"],
        decided_by="jury",
        route="provider_procedure",
        valid_for_providers=[str(org_id(p)) for p in providers or []],
        valid_for_programmes=programmes or [],
    )


def test_a_recognition_exemption_within_the_decisions_scope_is_granted(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    decide(t, programmes=["T-PROG"])
    t.exempt(["T-01"], basis="recognition_decision")
    assert "T-01" not in ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_a_recognition_exemption_outside_the_decisions_scope_is_refused(ledger: Ledger) -> None:
    t = a_programme_trajectory(with_test_programme(ledger))
    decide(t, providers=["hogeschool-sociaal"])
    with t.refuses(ExemptionOutOfScopeError):
        t.exempt(["T-01"], basis="recognition_decision")
