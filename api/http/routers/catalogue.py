"""The published catalogue, for every signed-in role: qualifications with their versions,
one version in full, the difference between two versions; programmes (opleidingsprofielen)
and concordance tables likewise. The public page ``/catalogue`` shows the same to anyone."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import operations
from api.http.deps import FreshServicesDep, LedgerDep, SignedInPrincipal
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires

router = APIRouter(
    prefix="/v1/catalogue",
    tags=["catalogue"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(401, 403, 404, 422),
)


@router.get("/qualifications")
def list_qualifications(
    principal: SignedInPrincipal, services: FreshServicesDep
) -> list[dict[str, Any]]:
    """Every qualification with a published version: code, kind, titles, VKS level and the
    latest version."""
    return operations.summaries(services.read_models.registry, "qualification")


@router.get("/qualifications/{code}")
def read_qualification(code: str, principal: SignedInPrincipal, ledger: LedgerDep) -> Any:
    """A qualification: each published version's headline, and the latest in full."""
    return operations.qualification_document(ledger, code)


@router.get("/qualifications/{code}/versions/{version}")
def read_qualification_version(
    code: str, version: int, principal: SignedInPrincipal, ledger: LedgerDep
) -> Any:
    """One version in full: kind, titles, VKS (= EQF) level, competences (generic or
    technical, with indicators), partial certificates and, for an onderwijskwalificatie,
    the beroepskwalificaties and general education it is composed of."""
    return operations.qualification_version(ledger, code, version)


@router.get("/qualifications/{code}/diff")
def diff_qualification(
    code: str,
    principal: SignedInPrincipal,
    ledger: LedgerDep,
    from_version: Annotated[int, Query(alias="from", ge=1)],
    to_version: Annotated[int, Query(alias="to", ge=1)],
) -> Any:
    """What changed between two versions: competences and partial certificates added,
    removed and changed (with the fields that differ), and the version's own headline."""
    return operations.qualification_diff(ledger, code, from_version, to_version)


@router.get("/programmes")
def list_programmes(
    principal: SignedInPrincipal, services: FreshServicesDep
) -> list[dict[str, Any]]:
    """Every published programme (opleidingsprofiel or standaardtraject): its provider,
    the qualification it is for, the latest version."""
    return operations.summaries(services.read_models.registry, "programme")


@router.get("/programmes/{code}")
def read_programme(code: str, principal: SignedInPrincipal, ledger: LedgerDep) -> Any:
    return operations.programme_document(ledger, code)


@router.get("/programmes/{code}/versions/{version}")
def read_programme_version(
    code: str, version: int, principal: SignedInPrincipal, ledger: LedgerDep
) -> Any:
    """One programme version: modules, where each competence is learnt (rule 2), the
    workplace policy, choice rules, study points and what its credits count toward."""
    return operations.programme_version(ledger, code, version)


@router.get("/concordance-tables")
def list_tables(principal: SignedInPrincipal, services: FreshServicesDep) -> list[dict[str, Any]]:
    """Every published exemption concordance table."""
    return operations.summaries(services.read_models.registry, "concordance_table")


@router.get("/concordance-tables/{code}")
def read_table(code: str, principal: SignedInPrincipal, ledger: LedgerDep) -> Any:
    return operations.table_document(ledger, code)


@router.get("/concordance-tables/{code}/versions/{version}")
def read_table_version(
    code: str, version: int, principal: SignedInPrincipal, ledger: LedgerDep
) -> Any:
    """One table version: where its exemptions are valid and what each earlier
    certificate exempts (competences, modules, module hours)."""
    return operations.table_version(ledger, code, version)
