"""``leerspoor trust add|list|remove``: the issuers this server vouches for besides its own
organisations. Verification (``/v1/verify``, the Verify page, share links) names such an
issuer as ``trusted`` with the name kept here; every other foreign issuer is "unknown here".
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from api.cli.options import Db, KeysDir, components, console
from api.stores import TrustedIssuerError

trust_app = typer.Typer(help="Issuers this server vouches for (besides its own organisations).")
CLI_ACTOR = "cli-admin"


@trust_app.command("add")
def trust_add(
    issuer: Annotated[str, typer.Argument(help="The issuer's DID (or https issuer URL).")],
    name: Annotated[str, typer.Option(help="The name this server shows for it.")],
    db: Db = None,
) -> None:
    """Trust an issuer under a name (again: rename it)."""
    try:
        entry, new = components(db).stores.trusted_issuers.put(issuer, name, added_by=CLI_ACTOR)
    except TrustedIssuerError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(2) from None
    verb = "trusted" if new else "renamed"
    console.print(escape(f"{verb} {entry.issuer_id} as {entry.name!r}"), soft_wrap=True)


@trust_app.command("list")
def trust_list(
    db: Db = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print {issuer: name}, the file `leerspoor verify --trusted` reads."
        ),
    ] = False,
    with_own: Annotated[
        bool, typer.Option("--with-own", help="Include this server's own organisations.")
    ] = False,
    keys_dir: KeysDir = None,
) -> None:
    """Every trusted issuer: id, name, who added it and when (one line each, never cut)."""
    services = components(db, keys_dir).services
    listed = services.trusted_issuers.list()
    own = services.trust.own_issuers() if with_own else {}
    if as_json:
        names = {**own, **{entry.issuer_id: entry.name for entry in listed}}
        typer.echo(json.dumps(names, ensure_ascii=False, indent=2))
        return
    for did, name in sorted(own.items()):
        console.print(escape(f"{did}  {name}  (this server)"), soft_wrap=True)
    for entry in listed:
        when = f"{entry.added_at:%Y-%m-%d}"
        line = f"{entry.issuer_id}  {entry.name}  (added by {entry.added_by}, {when})"
        console.print(escape(line), soft_wrap=True)
    if not listed and not own:
        console.print("no trusted issuers")


@trust_app.command("remove")
def trust_remove(
    issuer: Annotated[str, typer.Argument(help="The issuer's DID (or https issuer URL).")],
    db: Db = None,
) -> None:
    """Stop trusting an issuer."""
    if not components(db).stores.trusted_issuers.remove(issuer):
        console.print(escape(f"not trusted: {issuer}"), style="red", soft_wrap=True)
        raise typer.Exit(1)
    console.print(escape(f"no longer trusted: {issuer}"), soft_wrap=True)
