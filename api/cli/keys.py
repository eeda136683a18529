"""``leerspoor keys create|list|rotate``: the issuers' signing keys per organisation, sealed
at rest under the key secret; built through the composition root like every command."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.cli.badges import EXIT_INVALID, TrustDir
from api.cli.options import KeysDir, components, console
from badges import BadgeError, did_web, write_trust_document

keys_app = typer.Typer(help="Issuer keys per organisation (encrypted at rest).")


@keys_app.command("list")
def list_keys(keys: KeysDir = None) -> None:
    """List every organisation's keys: DID, verification method, created, retired."""
    parts = components(keys_dir=keys)
    records = parts.keystore.records()
    table = Table(title=f"Keys in {parts.settings.keys_dir}")
    for column in ("Organisation", "Verification method", "Created", "Retired"):
        table.add_column(column)
    for record in records:
        table.add_row(
            record.organisation, record.method_id, record.created, record.retired_at or "active"
        )
    console.print(table if records else "No keys yet.")


@keys_app.command("create")
def create_key(
    organisation: Annotated[str, typer.Argument(help="Organisation slug, e.g. cvo-vitant.")],
    web_host: Annotated[
        str | None, typer.Option(help="Use did:web on this host instead of did:key.")
    ] = None,
    keys: KeysDir = None,
) -> None:
    """Create an organisation's first signing key."""
    parts = components(keys_dir=keys)
    web_did = did_web(web_host) if web_host else None
    try:
        record = parts.keystore.create(organisation, now=parts.settings.clock(), web_did=web_did)
    except BadgeError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(EXIT_INVALID) from error
    console.print(f"Created {record.method_id}")


@keys_app.command("rotate")
def rotate_key(
    organisation: Annotated[str, typer.Argument(help="Organisation slug.")],
    keys: KeysDir = None,
    trust: TrustDir = None,
) -> None:
    """Retire the active key and create a new one; old credentials keep verifying."""
    parts = components(keys_dir=keys)
    store = parts.keystore
    try:
        record = store.rotate(organisation, now=parts.settings.clock())
    except BadgeError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(EXIT_INVALID) from error
    if trust is not None:
        for document in store.did_documents(organisation).values():
            write_trust_document(trust, document)
    console.print(f"Rotated: new key {record.method_id}")
