"""``leerspoor tokens create|list|revoke``: bearer tokens for the HTTP API, stored hashed."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from api.cli.options import Db, components, console, id_of
from api.stores import TokenError
from ledger import Learner, LedgerError, Organisation, Role

tokens_app = typer.Typer(help="Bearer tokens for the HTTP API (stored hashed).")


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
        ledger = parts.ledger  # an unknown organisation or learner is refused here
        organisation_id = ledger.organisation(id_of(org, Organisation.id_for)).id if org else None
        subject = str(ledger.learner(id_of(learner, Learner.id_for)).id) if learner else None
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
    """Every token: id, role, organisation, subject, expiry, revoked. The id, which ``tokens
    revoke`` takes, is never cut; the long columns fold onto more lines instead."""
    table = Table()
    table.add_column("id", no_wrap=True, min_width=12)
    table.add_column("role", no_wrap=True)
    for name in ("organisation", "subject", "label"):
        table.add_column(name, overflow="fold")
    table.add_column("expires", no_wrap=True, min_width=10)
    table.add_column("revoked", no_wrap=True)
    for info in components(db).tokens.list():
        table.add_row(
            info.token_id,
            info.role,
            info.organisation_id or "",
            "" if info.subject == f"token-{info.token_id}" else info.subject,  # no person
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
