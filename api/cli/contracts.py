"""``leerspoor contracts write|check``: the JSON Schemas of every event (``contracts/events``)
and the OpenAPI document beside them, generated from the code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.cli.options import console
from api.settings import Settings
from ledger import event_schema, event_types

contracts_app = typer.Typer(help="The JSON Schemas of every event (contracts/events).")
CONTRACTS_DIR = Path("contracts/events")
ContractsDir = Annotated[Path, typer.Argument(help="Folder of the event schemas.")]


def generated_contracts() -> dict[str, dict[str, object]]:
    schemas = {}
    for name in event_types():
        schema = event_schema(name)
        version = schema["properties"]["schema_version"]["const"]
        schemas[f"{name}.v{version}.json"] = schema
    return schemas


def openapi_document() -> dict[str, object]:
    from api.http import create_app

    return create_app(Settings(database_url="sqlite://")).openapi()


def dump(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@contracts_app.command("write")
def contracts_write(directory: ContractsDir = CONTRACTS_DIR) -> None:
    """(Re)write every event's current JSON Schema (older versions stay) and, next to the
    events folder, the OpenAPI document of the HTTP API."""
    directory.mkdir(parents=True, exist_ok=True)
    contracts = generated_contracts()
    for filename, schema in contracts.items():
        (directory / filename).write_text(dump(schema))
    (directory.parent / "openapi.json").write_text(dump(openapi_document()))
    console.print(f"wrote {len(contracts)} schemas and openapi.json")


@contracts_app.command("check")
def contracts_check(directory: ContractsDir = CONTRACTS_DIR) -> None:
    """Exit 1 when a committed schema differs from what the code generates."""
    stale = [
        name
        for name, schema in generated_contracts().items()
        if not (directory / name).exists() or json.loads((directory / name).read_text()) != schema
    ]
    openapi = directory.parent / "openapi.json"
    if not openapi.exists() or json.loads(openapi.read_text()) != openapi_document():
        stale.append("openapi.json")
    for name in stale:
        console.print(f"[red]stale or missing[/]: {name}")
    raise typer.Exit(1 if stale else 0)
