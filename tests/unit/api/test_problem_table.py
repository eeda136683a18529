"""Every refusal the ledger can raise has its HTTP status in the one problem table and its
problem type documented (docs/api.md, docs/ledger-rules.md), so a new domain error cannot
reach clients as an unlisted type or a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

import ledger
from api.http.problems import problem_for
from ledger import LedgerError

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTED = (ROOT / "docs" / "api.md").read_text() + (
    ROOT / "docs" / "ledger-rules.md"
).read_text()
ERRORS = sorted(
    (
        value
        for value in vars(ledger).values()
        if isinstance(value, type) and issubclass(value, LedgerError)
    ),
    key=lambda cls: cls.__name__,
)
# Bases that are never raised themselves.
ABSTRACT = {"LedgerError", "ConflictError", "RuleViolationError", "UnknownReferenceError"}


def make(cls: type[LedgerError]) -> LedgerError:
    if cls.__name__ in ("CatalogueInvalidError", "CatalogueVersionConflictError"):
        return cls("problems", [("$.documents[0].version", "not the next one")])  # type: ignore[call-arg]
    return cls("detail")


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
def test_every_domain_error_answers_a_client_error_with_its_own_type(
    cls: type[LedgerError],
) -> None:
    problem = problem_for(make(cls))
    assert 400 <= problem["status"] < 500
    assert problem["type"] == f"https://leerspoor.be/problems/{cls.code}"


@pytest.mark.parametrize(
    "cls", [c for c in ERRORS if c.__name__ not in ABSTRACT], ids=lambda cls: cls.__name__
)
def test_every_problem_type_is_documented(cls: type[LedgerError]) -> None:
    assert f"`{cls.code}`" in DOCUMENTED


def test_a_catalogue_problem_lists_every_error_and_an_unknown_reference_names_what_is_missing() -> (
    None
):
    invalid = problem_for(make(ledger.CatalogueInvalidError))
    missing = problem_for(ledger.UnknownWorkplaceError("no workplace x is registered"))
    assert invalid["problems"] == [
        {"path": "$.documents[0].version", "message": "not the next one"}
    ]
    assert (missing["status"], missing["missing"]) == (422, "workplace")
