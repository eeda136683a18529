"""``leerspoor learners erase``: erase a learner's personal data (crypto-shredding)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.options import CLI_ADMIN, Db, components, console, id_of
from ledger import Learner, LedgerError

learners_app = typer.Typer(help="Learners: erase personal data.")


@learners_app.command()
def erase(
    learner: Annotated[str, typer.Argument(help="Learner id or key.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the ledger).")] = "erasure request",
    db: Db = None,
) -> None:
    """Destroy the learner's data key: names, birth date and DID become unreadable in the
    store, the read models and every export; trajectories, statistics, badges and the hash
    tree stay valid. Idempotent."""
    learner_id = id_of(learner, Learner.id_for)
    ledger = components(db).ledger
    try:
        stamp = ledger.stamp(f"learner-erased:{learner_id}", ledger.clock(), CLI_ADMIN)
        receipt = ledger.erase_learner(learner_id, reason=reason, stamp=stamp)
    except LedgerError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    state = "was already erased" if receipt.duplicate else "erased"
    console.print(f"learner {learner_id} {state}")
