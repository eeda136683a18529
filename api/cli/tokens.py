"""``leerspoor tokens create|list|revoke``: bearer tokens for the HTTP API, stored hashed."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from uuid import UUID

import typer
from rich.table import Table

from api.cli.options import Db, components, console
from api.stores import TokenError
from ledger import Learner, Ledger, LedgerError, Organisation, Role

tokens_app = typer.Typer(help="Bearer tokens for the HTTP API (stored hashed).")


def _organisation_id(ledger: Ledger, reference: str) -> UUID:
    """An organisation by UUID or by its key (as in the demo: ``cdo-elektro``)."""
    try:
        organisation_id = UUID(reference)
    except ValueError:
        organisation_id = Organisation.id_for(reference)
    return ledger.organisation(organisation_id).id


def _learner_id(ledger: Ledger, reference: str) -> UUID:
    """A learner by UUID or by key."""
    try:
        learner_id = UUID(reference)
    except ValueError:
        learner_id = Learner.id_for(reference)
    return ledger.learner(learner_id).id


@tokens_app.command("create")
def tokens_create(
    role: Annotated[Role, typer.Option(help="provider, workplace, learner, auditor or admin.")],
    org: Annotated[
        str | None, typer.Option(help="Organisation id or key (provider, workplace).")
    ] = None,
    learner: Annotated[str | None, typer.Option(help="Learner id or key (learner tokens).")] = None,
    days: Annotated[int, typer.Option(help="Days until the token expires.")] = 90,
    label: Annotated[str, typer.Option(help="A note on who holds it.")] = "",
    db: Db = None,
) -> None:
    """Create a token and print it once; only its hash is stored."""
    parts = components(db)
    try:
        organisation_id = _organisation_id(parts.ledger, org) if org else None
        subject = str(_learner_id(parts.ledger, learner)) if learner else None
        issued = parts.tokens.create(
            role,
            organisation_id=organisation_id,
            subject=subject,
            label=label,
            valid_for=timedelta(days=days),
        )
    except (LedgerError, TokenError) as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    console.print(f"token {issued.token_id} ({role.value}), expires {issued.expires_at:%Y-%m-%d}")
    typer.echo(issued.secret)


@tokens_app.command("list")
def tokens_list(db: Db = None) -> None:
    """Every token: id, role, organisation, subject, expiry, revoked."""
    table = Table("id", "role", "organisation", "subject", "label", "expires", "revoked")
    for info in components(db).tokens.list():
        table.add_row(
            info.token_id,
            info.role,
            info.organisation_id or "",
            info.subject,
            info.label,
            f"{info.expires_at:%Y-%m-%d}",
            "yes" if info.revoked else "",
        )
    console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(token_id: str, db: Db = None) -> None:
    """Revoke a token at once."""
    if not components(db).tokens.revoke(token_id):
        console.print(f"[red]no active token {token_id}[/]")
        raise typer.Exit(1)
    console.print(f"revoked {token_id}")
