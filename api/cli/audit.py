"""``leerspoor audit verify|checkpoint``: verify the ledger's integrity from the raw store,
and sign a checkpoint on demand."""

from __future__ import annotations

import typer

from api.cli.options import Db, KeysDir, components, console
from projections import verify_ledger

audit_app = typer.Typer(help="Ledger integrity: verify the hash tree, sign checkpoints.")


@audit_app.command()
def verify(db: Db = None, keys_dir: KeysDir = None) -> None:
    """Recompute every event's leaf from the store, compare with the committed hash tree
    and every signed checkpoint; exit 0 when all match, 1 naming the first that does not."""
    parts = components(db, keys_dir)
    report = verify_ledger(parts.engine, parts.ledger, parts.ledger_key.public_keys())
    if report.finding is not None:
        console.print(f"[red]MISMATCH[/] at {report.finding}", soft_wrap=True)
        raise typer.Exit(1)
    pending = report.events - report.committed
    console.print(
        f"[green]OK[/]: {report.committed} events match the hash tree, "
        f"{report.checkpoints} signed checkpoints verify"
        + (f"; {pending} newer events not yet committed" if pending > 0 else "")
    )


@audit_app.command()
def checkpoint(db: Db = None, keys_dir: KeysDir = None) -> None:
    """Commit every new event into the hash tree and sign a checkpoint of it."""
    signed = components(db, keys_dir).integrity.checkpoint()
    if signed is None:
        console.print("the ledger is empty: nothing to sign")
        return
    console.print(f"checkpoint: tree size {signed.tree_size}, root {signed.root_hash}")
