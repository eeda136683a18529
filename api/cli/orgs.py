"""``leerspoor orgs``: organisations and what they are recognised for, through the same
operations as the admin and partnership routes — register, list, show, recognise (rule 10),
accredit and withdraw (rule 4), mentor-trained."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.table import Table

from api import operations
from api.cli.options import CLI_ADMIN, Db, components, console
from api.operations import (
    AccreditationIn,
    AccreditationWithdrawalIn,
    MentorTrainingIn,
    OrganisationChange,
    OrganisationIn,
    RecognitionIn,
)
from ledger import LedgerError, OrganisationKind, Receipt, RecognitionKind

orgs_app = typer.Typer(help="Organisations, recognitions, workplace accreditation.")
Org = Annotated[str, typer.Argument(help="Organisation id or key.")]
Opleidingen = Annotated[
    list[str] | None,
    typer.Option("--opleiding", help="A programme or qualification code (repeatable; none: all)."),
]
ValidFrom = Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")]
ValidUntil = Annotated[str | None, typer.Option("--until", help="Last day.")]
Partnership = Annotated[
    str | None, typer.Option(help="The sector partnership (id or key); none: admin.")
]
Body = TypeVar("Body")


def _done(receipt: Receipt, what: str) -> None:
    state = "already recorded" if receipt.duplicate else "recorded"
    console.print(f"{what}: {state} (version {receipt.version}, event {receipt.event_id})")


def _refuse(error: Exception) -> NoReturn:
    console.print(f"[red]{error}[/]")
    raise typer.Exit(2) from None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _change(
    db: str | None, org: str, operation: OrganisationChange[Body], body: Callable[[], Body]
) -> Receipt:
    """Builds the body, finds the organisation and records the change as the CLI admin; a
    bad date or body, an unknown organisation or a refused rule exits 2."""
    try:
        built = body()
        ledger = components(db).ledger
        target = operations.find_organisation(ledger, operations.organisation_id(org)).id
        return operation(ledger, target, built, actor=CLI_ADMIN)
    except (ValidationError, ValueError, LedgerError) as error:
        _refuse(error)


@orgs_app.command("register")
def register(
    key: Annotated[str, typer.Argument(help="A stable key (lower case, digits, dashes).")],
    name: Annotated[str, typer.Option(help="The organisation's name.")],
    kind: Annotated[OrganisationKind, typer.Option(help="What kind of organisation.")],
    enterprise_number: Annotated[
        str | None, typer.Option("--kbo", help="Enterprise number (KBO/BCE), checked.")
    ] = None,
    db: Db = None,
) -> None:
    """Register a provider, workplace, test centre, sector partnership or the employment
    service."""
    try:
        body = OrganisationIn(key=key, name=name, kind=kind, enterprise_number=enterprise_number)
        receipt = operations.register_organisation(components(db).ledger, body, actor=CLI_ADMIN)
    except (ValidationError, LedgerError) as error:
        _refuse(error)
    _done(receipt, f"{key} ({receipt.aggregate_id})")


@orgs_app.command("list")
def list_organisations(
    kind: Annotated[OrganisationKind | None, typer.Option(help="Only this kind.")] = None,
    db: Db = None,
) -> None:
    """Every registered organisation."""
    models = components(db).read_models
    models.catch_up_all()
    table = Table("id", "key", "name", "kind", "KBO/BCE")
    for row in models.registry.organisations(kind.value if kind else None):
        summary = operations.organisation_summary(row)
        table.add_row(
            summary["organisation_id"],
            summary["key"],
            summary["name"],
            summary["kind"],
            summary["enterprise_number"] or "",
        )
    console.print(table)


@orgs_app.command("show")
def show(org: Org, db: Db = None) -> None:
    """One organisation with its recognitions and accreditations, as JSON."""
    try:
        found = operations.find_organisation(components(db).ledger, operations.organisation_id(org))
    except LedgerError as error:
        _refuse(error)
    typer.echo(json.dumps(operations.organisation_document(found, CLI_ADMIN), indent=2))


@orgs_app.command("recognise")
def recognise(
    org: Org,
    qualification: Annotated[str, typer.Option(help="The qualification's code.")],
    valid_from: ValidFrom,
    kind: Annotated[RecognitionKind, typer.Option(help="award or evc_standard.")] = (
        RecognitionKind.AWARD
    ),
    evc_standard: Annotated[str | None, typer.Option(help="The EVC standard.")] = None,
    valid_until: ValidUntil = None,
    reference: Annotated[str, typer.Option(help="The decision it rests on.")] = "",
    db: Db = None,
) -> None:
    """Recognise a provider to award a qualification, or a test centre to assess an EVC
    standard (rule 10)."""
    receipt = _change(
        db,
        org,
        operations.grant_recognition,
        lambda: RecognitionIn(
            kind=kind,
            qualification_code=qualification,
            evc_standard=evc_standard,
            valid_from=date.fromisoformat(valid_from),
            valid_until=_day(valid_until),
            reference=reference,
        ),
    )
    _done(receipt, f"{org} recognised ({kind.value} {qualification})")


@orgs_app.command("accredit")
def accredit(
    workplace: Org,
    valid_from: ValidFrom,
    opleiding: Opleidingen = None,
    granted_by: Partnership = None,
    valid_until: ValidUntil = None,
    trained_mentor: Annotated[
        bool, typer.Option("--requires-trained-mentor", help="Only with a trained mentor.")
    ] = False,
    db: Db = None,
) -> None:
    """Accredit a workplace (rule 4), for the opleidingen named."""
    receipt = _change(
        db,
        workplace,
        operations.grant_accreditation,
        lambda: AccreditationIn(
            valid_from=date.fromisoformat(valid_from),
            valid_until=_day(valid_until),
            opleidingen=opleiding or [],
            granted_by=granted_by,
            requires_trained_mentor=trained_mentor,
        ),
    )
    _done(receipt, f"{workplace} accredited")


@orgs_app.command("withdraw")
def withdraw(
    workplace: Org,
    effective_on: Annotated[str, typer.Option("--on", help="First day without (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option(help="Why (kept in the ledger).")],
    opleiding: Opleidingen = None,
    withdrawn_by: Partnership = None,
    db: Db = None,
) -> None:
    """Withdraw a workplace's accreditation (rule 4: earlier assessments still count)."""
    receipt = _change(
        db,
        workplace,
        operations.withdraw_accreditation,
        lambda: AccreditationWithdrawalIn(
            effective_on=date.fromisoformat(effective_on),
            reason=reason,
            opleidingen=opleiding or [],
            withdrawn_by=withdrawn_by,
        ),
    )
    _done(receipt, f"{workplace} accreditation withdrawn")


@orgs_app.command("mentor-trained")
def mentor_trained(
    workplace: Org,
    mentor: Annotated[str, typer.Option(help="The mentor's id, as in agreements.")],
    completed_on: Annotated[str, typer.Option("--on", help="Day completed (YYYY-MM-DD).")],
    course: Annotated[str, typer.Option(help="The training followed.")] = "mentoropleiding",
    db: Db = None,
) -> None:
    """Record that a mentor of the workplace completed mentor training."""
    receipt = _change(
        db,
        workplace,
        operations.record_mentor_training,
        lambda: MentorTrainingIn(
            mentor_id=mentor, completed_on=date.fromisoformat(completed_on), course=course
        ),
    )
    _done(receipt, f"{mentor} at {workplace} trained")
