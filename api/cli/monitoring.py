"""``leerspoor monitoring export``: the outflow and monitoring figures (docs/monitoring.md)
as CSV or JSON, for auditors and statisticians working from the database itself.

Mounted by ``api.cli.app``; builds its parts through the composition root like the rest of
the CLI, and brings the read models up to the ledger's head before it counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.cli.options import Db, components, console, id_of
from ledger import Organisation
from projections import as_csv, monitoring_figures

monitoring_app = typer.Typer(help="Outflow and monitoring figures as policy makers count them.")


@monitoring_app.command()
def export(
    db: Db = None,
    csv: Annotated[bool, typer.Option("--csv/--json", help="CSV (default) or JSON.")] = True,
    provider: Annotated[
        str | None,
        typer.Option(help="Only this provider's figures (its id or key, e.g. cvo-hik)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """Every figure: per school year and calendar year, with counts, denominators and
    rates (one a line in CSV)."""
    models = components(db).read_models
    models.catch_up_all()
    chosen = id_of(provider, Organisation.id_for) if provider else None
    found = monitoring_figures(models.outflow, models.ledger, chosen)
    if csv:
        text = as_csv(found)
    else:
        text = json.dumps({"figures": [f.as_row() for f in found]}, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"{len(found)} figures written to {out}")
