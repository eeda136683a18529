"""The ``leerspoor`` command line: one sub-app per noun, every command takes ``--db``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from api.bootstrap import build_ledger
from api.settings import DEFAULT_DATABASE_URL

app = typer.Typer(help="Leerspoor: a ledger of learning trajectories with signed badges.")
contracts_app = typer.Typer(help="The JSON Schemas of every event (contracts/events).")
app.add_typer(contracts_app, name="contracts")
console = Console()

Db = Annotated[
    str,
    typer.Option("--db", envvar="LEERSPOOR_DATABASE_URL", help="SQLAlchemy URL of the stores."),
]
CONTRACTS_DIR = Path("contracts/events")


@app.command()
def demo(db: Db = DEFAULT_DATABASE_URL) -> None:
    """Load the catalogue and the six seed scenarios through the ledger (idempotent)."""
    from api.demo import load_demo
    from api.demo_scenarios import scenarios

    ledger = build_ledger(db)
    total = sum(len(s.steps) for s in scenarios())
    with Progress(console=console) as progress:
        task = progress.add_task("seed scenarios", total=total)
        result = load_demo(ledger, progress=lambda step: progress.advance(task))
    console.print(
        f"[green]demo loaded[/]: {result.appended} events appended, "
        f"{result.duplicates} already present, {len(result.trajectories)} trajectories"
    )
    for key, trajectory_id in result.trajectories.items():
        console.print(f"  {key:22} {trajectory_id}")


@app.command()
def serve(
    db: Db = DEFAULT_DATABASE_URL,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the HTTP API."""
    import uvicorn

    from api.main import create_app
    from api.settings import Settings

    uvicorn.run(create_app(Settings(database_url=db)), host=host, port=port)


def generated_contracts() -> dict[str, dict[str, object]]:
    from ledger.contracts import event_schema, event_types

    schemas = {}
    for name in event_types():
        schema = event_schema(name)
        version = schema["properties"]["schema_version"]["const"]  # type: ignore[index]
        schemas[f"{name}.v{version}.json"] = schema
    return schemas


@contracts_app.command("write")
def contracts_write(directory: Path = CONTRACTS_DIR) -> None:
    """(Re)write the current version of every event's JSON Schema; older versions stay."""
    directory.mkdir(parents=True, exist_ok=True)
    for filename, schema in generated_contracts().items():
        (directory / filename).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    console.print(f"wrote {len(generated_contracts())} schemas to {directory}")


@contracts_app.command("check")
def contracts_check(directory: Path = CONTRACTS_DIR) -> None:
    """Exit 1 when a committed schema differs from what the code generates."""
    stale = [
        name
        for name, schema in generated_contracts().items()
        if not (directory / name).exists() or json.loads((directory / name).read_text()) != schema
    ]
    for name in stale:
        console.print(f"[red]stale or missing[/]: {name}")
    raise typer.Exit(1 if stale else 0)
