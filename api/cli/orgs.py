"""``leerspoor orgs``: organisations and what they are recognised for, through the same
operations as the admin and partnership routes — register, list, show, recognise (rule 10),
accredit and withdraw (rule 4), mentor-trained."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.table import Table

from api import operations
from api.cli.options import Db, components, console
from api.operations import (
    AccreditationIn,
    AccreditationWithdrawalIn,
    MentorTrainingIn,
    OrganisationIn,
    RecognitionIn,
)
from ledger import Actor, LedgerError, OrganisationKind, Receipt, RecognitionKind, Role

orgs_app = typer.Typer(help="Organisations, recognitions, workplace accreditation.")
CLI_ADMIN = Actor(id="cli", role=Role.ADMIN)
Org = Annotated[str, typer.Argument(help="Organisation id or key.")]
Opleidingen = Annotated[
    list[str] | None,
    typer.Option("--opleiding", help="A programme or qualification code (repeatable; none: all)."),
]


def _done(receipt: Receipt, what: str) -> None:
    state = "already recorded" if receipt.duplicate else "recorded"
    console.print(f"{what}: {state} (version {receipt.version}, event {receipt.event_id})")


def _refuse(error: Exception) -> NoReturn:
    console.print(f"[red]{error}[/]")
    raise typer.Exit(2) from None


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
    valid_from: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    kind: Annotated[RecognitionKind, typer.Option(help="award or evc_standard.")] = (
        RecognitionKind.AWARD
    ),
    evc_standard: Annotated[str | None, typer.Option(help="The EVC standard.")] = None,
    valid_until: Annotated[str | None, typer.Option("--until", help="Last day.")] = None,
    reference: Annotated[str, typer.Option(help="The decision it rests on.")] = "",
    db: Db = None,
) -> None:
    """Recognise a provider to award a qualification, or a test centre to assess an EVC
    standard (rule 10)."""
    try:
        body = RecognitionIn(
            kind=kind,
            qualification_code=qualification,
            evc_standard=evc_standard,
            valid_from=date.fromisoformat(valid_from),
            valid_until=date.fromisoformat(valid_until) if valid_until else None,
            reference=reference,
        )
        ledger = components(db).ledger
        target = operations.find_organisation(ledger, operations.organisation_id(org)).id
        receipt = operations.grant_recognition(ledger, target, body, actor=CLI_ADMIN)
    except (ValidationError, ValueError, LedgerError) as error:
        _refuse(error)
    _done(receipt, f"{org} recognised ({kind.value} {qualification})")


@orgs_app.command("accredit")
def accredit(
    workplace: Org,
    valid_from: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    opleiding: Opleidingen = None,
    granted_by: Annotated[
        str | None, typer.Option(help="The sector partnership (id or key); none: admin.")
    ] = None,
    valid_until: Annotated[str | None, typer.Option("--until", help="Last day.")] = None,
    trained_mentor: Annotated[
        bool, typer.Option("--requires-trained-mentor", help="Only with a trained mentor.")
    ] = False,
    db: Db = None,
) -> None:
    """Accredit a workplace (rule 4), for the opleidingen named."""
    try:
        body = AccreditationIn(
            valid_from=date.fromisoformat(valid_from),
            valid_until=date.fromisoformat(valid_until) if valid_until else None,
            opleidingen=opleiding or [],
            granted_by=granted_by,
            requires_trained_mentor=trained_mentor,
        )
        ledger = components(db).ledger
        target = operations.find_organisation(ledger, operations.organisation_id(workplace)).id
        receipt = operations.grant_accreditation(ledger, target, body, actor=CLI_ADMIN)
    except (ValidationError, ValueError, LedgerError) as error:
        _refuse(error)
    _done(receipt, f"{workplace} accredited")


@orgs_app.command("withdraw")
def withdraw(
    workplace: Org,
    effective_on: Annotated[str, typer.Option("--on", help="First day without (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option(help="Why (kept in the ledger).")],
    opleiding: Opleidingen = None,
    withdrawn_by: Annotated[
        str | None, typer.Option(help="The sector partnership (id or key); none: admin.")
    ] = None,
    db: Db = None,
) -> None:
    """Withdraw a workplace's accreditation (rule 4: earlier assessments still count)."""
    try:
        body = AccreditationWithdrawalIn(
            effective_on=date.fromisoformat(effective_on),
            reason=reason,
            opleidingen=opleiding or [],
            withdrawn_by=withdrawn_by,
        )
        ledger = components(db).ledger
        target = operations.find_organisation(ledger, operations.organisation_id(workplace)).id
        receipt = operations.withdraw_accreditation(ledger, target, body, actor=CLI_ADMIN)
    except (ValidationError, ValueError, LedgerError) as error:
        _refuse(error)
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
    try:
        body = MentorTrainingIn(
            mentor_id=mentor, completed_on=date.fromisoformat(completed_on), course=course
        )
        ledger = components(db).ledger
        target = operations.find_organisation(ledger, operations.organisation_id(workplace)).id
        receipt = operations.record_mentor_training(ledger, target, body, actor=CLI_ADMIN)
    except (ValidationError, ValueError, LedgerError) as error:
        _refuse(error)
    _done(receipt, f"{mentor} at {workplace} trained")
