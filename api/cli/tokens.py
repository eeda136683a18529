"""``leerspoor tokens create|list|revoke``: bearer tokens for the HTTP API, stored hashed;
``POST /v1/admin/tokens`` does the same over HTTP (this command makes the first admin
token)."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from api import operations
from api.cli.options import Db, components, console
from api.operations import TokenIn
from api.stores import TokenError
from ledger import LedgerError, Role

tokens_app = typer.Typer(help="Bearer tokens for the HTTP API (stored hashed).")


@tokens_app.command("create")
def tokens_create(
    role: Annotated[
        Role, typer.Option(help="provider, workplace, partnership, learner, auditor or admin.")
    ],
    org: Annotated[
        str | None,
        typer.Option(
            help="Organisation id or key (provider, workplace, partnership); for a learner "
            "token, the provider whose reference --learner is."
        ),
    ] = None,
    learner: Annotated[
        str | None,
        typer.Option(help="Learner id (or, with --org, that provider's reference)."),
    ] = None,
    days: Annotated[int, typer.Option(help="Days until the token expires.")] = 90,
    label: Annotated[str, typer.Option(help="A note on who holds it.")] = "",
    db: Db = None,
) -> None:
    """Create a token and print it once; only its hash is stored. The organisation or
    learner must be registered (an organisation of the kind the role acts for)."""
    parts = components(db)
    try:
        body = TokenIn(role=role, organisation=org, learner=learner, label=label, days=days)
        issued = operations.create_token(parts.ledger, parts.tokens, body)
    except (LedgerError, TokenError, ValidationError) as error:
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
