"""The published catalogue, for every signed-in role: qualifications with their versions,
one version in full, the difference between two versions; programmes (opleidingsprofielen)
and concordance tables likewise. The public page ``/catalogue`` shows the same to anyone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import operations
from api.http.deps import FreshServicesDep, LedgerDep, SignedInPrincipal
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from ledger import Ledger

router = APIRouter(
    prefix="/v1/catalogue",
    tags=["catalogue"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(401, 403, 404, 422),
)


def _entry_routes(
    path: str,
    entry_type: str,
    document: Callable[[Ledger, str], Any],
    version_document: Callable[[Ledger, str, int], Any],
    *,
    names: tuple[str, str, str],
    descriptions: tuple[str, str, str],
) -> None:
    """The three routes every kind of catalogue entry has, in this order: the list (from
    the registry view), one entry and one of its versions (from the ledger). ``names`` are
    the routes' names (and OpenAPI operation ids), ``descriptions`` their documentation."""

    def list_entries(
        principal: SignedInPrincipal, services: FreshServicesDep
    ) -> list[dict[str, Any]]:
        return operations.summaries(services.read_models.registry, entry_type)

    def read_entry(code: str, principal: SignedInPrincipal, ledger: LedgerDep) -> Any:
        return document(ledger, code)

    def read_version(
        code: str, version: int, principal: SignedInPrincipal, ledger: LedgerDep
    ) -> Any:
        return version_document(ledger, code, version)

    endpoints: tuple[tuple[str, Callable[..., Any]], ...] = (
        (path, list_entries),
        (f"{path}/{{code}}", read_entry),
        (f"{path}/{{code}}/versions/{{version}}", read_version),
    )
    for (route, endpoint), name, description in zip(endpoints, names, descriptions, strict=True):
        router.add_api_route(route, endpoint, methods=["GET"], name=name, description=description)


_entry_routes(
    "/qualifications",
    "qualification",
    operations.qualification_document,
    operations.qualification_version,
    names=("list_qualifications", "read_qualification", "read_qualification_version"),
    descriptions=(
        "Every qualification with a published version: code, kind, titles, VKS level and the\n"
        "latest version.",
        "A qualification: each published version's headline, and the latest in full.",
        "One version in full: kind, titles, VKS (= EQF) level, competences (generic or\n"
        "technical, with indicators), partial certificates and, for an onderwijskwalificatie,\n"
        "the beroepskwalificaties and general education it is composed of.",
    ),
)


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


_entry_routes(
    "/programmes",
    "programme",
    operations.programme_document,
    operations.programme_version,
    names=("list_programmes", "read_programme", "read_programme_version"),
    descriptions=(
        "Every published programme (opleidingsprofiel or standaardtraject): its provider,\n"
        "the qualification it is for, the latest version.",
        "",
        "One programme version: modules, where each competence is learnt (rule 2), the\n"
        "workplace policy, choice rules, study points and what its credits count toward.",
    ),
)
_entry_routes(
    "/concordance-tables",
    "concordance_table",
    operations.table_document,
    operations.table_version,
    names=("list_tables", "read_table", "read_table_version"),
    descriptions=(
        "Every published exemption concordance table.",
        "",
        "One table version: where its exemptions are valid and what each earlier\n"
        "certificate exempts (competences, modules, module hours).",
    ),
)
