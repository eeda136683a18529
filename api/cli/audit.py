"""``leerspoor audit``: verify the ledger's integrity from the raw store, and sign a
checkpoint on demand. Mounted by ``api.cli`` as a sub-app; every command takes ``--db``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.bootstrap import build_ledger, utc_now
from api.settings import DEFAULT_DATABASE_URL, Settings
from api.stores.ledger_key import LedgerKey
from badges import master_secret
from projections import read_model_engine, upgrade
from projections.integrity import LedgerIntegrity, verify_ledger

audit_app = typer.Typer(help="Ledger integrity: verify the hash tree, sign checkpoints.")
console = Console()

Db = Annotated[
    str,
    typer.Option("--db", envvar="LEERSPOOR_DATABASE_URL", help="SQLAlchemy URL of the stores."),
]
KeysDir = Annotated[
    Path | None,
    typer.Option("--keys-dir", envvar="LEERSPOOR_KEYS_DIR", help="Where the ledger key lives."),
]


def _ledger_key(keys_dir: Path | None) -> LedgerKey:
    settings = Settings()
    return LedgerKey(
        keys_dir or settings.keys_dir,
        master_secret(os.environ),
        settings.public_base_url,
        utc_now,
    )


@audit_app.command()
def verify(db: Db = DEFAULT_DATABASE_URL, keys_dir: KeysDir = None) -> None:
    """Recompute every event's leaf from the store, compare with the committed hash tree
    and every signed checkpoint; exit 0 when all match, 1 naming the first that does not."""
    engine = read_model_engine(db)
    upgrade(engine)
    report = verify_ledger(engine, build_ledger(db), _ledger_key(keys_dir).public_keys())
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
def checkpoint(db: Db = DEFAULT_DATABASE_URL, keys_dir: KeysDir = None) -> None:
    """Commit every new event into the hash tree and sign a checkpoint of it."""
    engine = read_model_engine(db)
    upgrade(engine)
    key = _ledger_key(keys_dir)
    integrity = LedgerIntegrity(engine, build_ledger(db), signer=key.signer, clock=utc_now)
    signed = integrity.checkpoint()
    if signed is None:
        console.print("the ledger is empty: nothing to sign")
        return
    console.print(f"checkpoint: tree size {signed.tree_size}, root {signed.root_hash}")
