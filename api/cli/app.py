"""The ``leerspoor`` command line: one sub-app per noun, every command takes ``--db``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from api.bootstrap import build_ledger, utc_now
from api.cli.audit import audit_app
from api.cli.badges import badge_app, keys_app, verify_command
from api.cli.learners import learners_app
from api.cli.projections import projections_app
from api.settings import DEFAULT_DATABASE_URL
from api.stores.tokens import TokenError, TokenStore
from ledger import Learner, Ledger, LedgerError, Organisation, Role

app = typer.Typer(help="Leerspoor: a ledger of learning trajectories with signed badges.")
contracts_app = typer.Typer(help="The JSON Schemas of every event (contracts/events).")
tokens_app = typer.Typer(help="Bearer tokens for the HTTP API (stored hashed).")
app.add_typer(contracts_app, name="contracts")
app.add_typer(tokens_app, name="tokens")
app.command("verify")(verify_command)
app.add_typer(badge_app, name="badge")
app.add_typer(keys_app, name="keys")
app.add_typer(projections_app, name="projections")
app.add_typer(audit_app, name="audit")
app.add_typer(learners_app, name="learners")
console = Console()

Db = Annotated[
    str,
    typer.Option("--db", envvar="LEERSPOOR_DATABASE_URL", help="SQLAlchemy URL of the stores."),
]
CONTRACTS_DIR = Path("contracts/events")
ContractsDir = Annotated[Path, typer.Argument(help="Folder of the event schemas.")]


@app.command()
def demo(
    db: Db = DEFAULT_DATABASE_URL,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Also write every credential issued (JSON, PNG, SVG) and each "
            "issuer's DID document here."
        ),
    ] = None,
) -> None:
    """Load the catalogue and the six seed scenarios through the ledger (idempotent), bring
    the read models up to date and issue the badges the scenarios earn."""
    from api.demo.loader import load_demo
    from api.demo.scenarios import scenarios
    from api.services import Services
    from api.settings import Settings

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
    services = Services(Settings(database_url=db), ledger, utc_now)
    services.refresh()
    credentials = services.credentials.all()
    console.print(f"[green]badges[/]: {len(credentials)} credentials issued")
    if out is not None:
        from api.demo.export import export_demo

        written = export_demo(services, out)
        console.print(f"wrote {written} files to {out}")


@app.command()
def serve(
    db: Db = DEFAULT_DATABASE_URL,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the HTTP API."""
    import uvicorn

    from api.http.app import create_app
    from api.settings import Settings

    # Forwarded headers are believed only as LEERSPOOR_FORWARDED_ALLOW_IPS says (in the app).
    uvicorn.run(create_app(Settings(database_url=db)), host=host, port=port, proxy_headers=False)


def generated_contracts() -> dict[str, dict[str, object]]:
    from ledger.contracts import event_schema, event_types

    schemas = {}
    for name in event_types():
        schema = event_schema(name)
        version = schema["properties"]["schema_version"]["const"]  # type: ignore[index]
        schemas[f"{name}.v{version}.json"] = schema
    return schemas


def openapi_document() -> dict[str, object]:
    from api.http.app import create_app
    from api.settings import Settings

    return create_app(Settings(database_url="sqlite://")).openapi()


def dump(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@contracts_app.command("write")
def contracts_write(directory: ContractsDir = CONTRACTS_DIR) -> None:
    """(Re)write every event's current JSON Schema (older versions stay) and, next to the
    events folder, the OpenAPI document of the HTTP API."""
    directory.mkdir(parents=True, exist_ok=True)
    for filename, schema in generated_contracts().items():
        (directory / filename).write_text(dump(schema))
    (directory.parent / "openapi.json").write_text(dump(openapi_document()))
    console.print(f"wrote {len(generated_contracts())} schemas and openapi.json")


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


def _token_store(db: str) -> TokenStore:
    from sqlalchemy import create_engine

    from api.bootstrap import ledger_env, utc_now

    ledger_env(db)  # creates the folder of a SQLite file
    return TokenStore(create_engine(db), utc_now)


def _organisation_id(ledger: Ledger, reference: str) -> UUID:
    """An organisation by UUID or by its key (as in the demo: ``cdo-elektro``)."""
    try:
        organisation_id = UUID(reference)
    except ValueError:
        organisation_id = Organisation.id_for(reference)
    return ledger.organisation(organisation_id).id


@tokens_app.command("create")
def tokens_create(
    role: Annotated[Role, typer.Option(help="provider, workplace, learner, auditor or admin.")],
    org: Annotated[
        str | None, typer.Option(help="Organisation id or key (provider, workplace).")
    ] = None,
    learner: Annotated[str | None, typer.Option(help="Learner id or key (learner tokens).")] = None,
    days: Annotated[int, typer.Option(help="Days until the token expires.")] = 90,
    label: Annotated[str, typer.Option(help="A note on who holds it.")] = "",
    db: Db = DEFAULT_DATABASE_URL,
) -> None:
    """Create a token and print it once; only its hash is stored."""
    ledger = build_ledger(db)
    try:
        organisation_id = _organisation_id(ledger, org) if org else None
        subject = None
        if learner:
            try:
                learner_id = UUID(learner)
            except ValueError:
                learner_id = Learner.id_for(learner)
            subject = str(ledger.learner(learner_id).id)
        issued = _token_store(db).create(
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
def tokens_list(db: Db = DEFAULT_DATABASE_URL) -> None:
    """Every token: id, role, organisation, subject, expiry, revoked."""
    table = Table("id", "role", "organisation", "subject", "label", "expires", "revoked")
    for info in _token_store(db).list():
        table.add_row(
            info.token_id,
            info.role,
            info.organisation_id or "",
            info.subject,
            info.label,
            f"{info.expires_at:%Y-%m-%d}",
            "yes" if info.revoked else "",
        )
    console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(token_id: str, db: Db = DEFAULT_DATABASE_URL) -> None:
    """Revoke a token at once."""
    if not _token_store(db).revoke(token_id):
        console.print(f"[red]no active token {token_id}[/]")
        raise typer.Exit(1)
    console.print(f"revoked {token_id}")
