"""``leerspoor catalogue import FILE... [--check]``: check and publish catalogue files
(``docs/catalogue.md``) through the same operation as ``POST /v1/admin/catalogue``. Each
file is checked as a whole and published in one step or not at all; ``--check`` publishes
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api import operations
from api.cli.options import CLI_ADMIN, Db, components, console
from ledger import CatalogueInvalidError, CatalogueVersionConflictError, LedgerError

catalogue_app = typer.Typer(help="The qualification catalogue: check and import files.")
EXIT_INVALID = 1
EXIT_UNREADABLE = 2


def _read(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        console.print(f"[red]{path}: cannot read it as JSON: {error}[/]")
        raise typer.Exit(EXIT_UNREADABLE) from None


def _problems(path: Path, problems: list[tuple[str, str]]) -> None:
    for where, message in problems:
        console.print(f"[red]{path}[/] {where}: {message}", highlight=False)


@catalogue_app.command("import")
def import_files(
    files: Annotated[list[Path], typer.Argument(help="Catalogue files, imported in order.")],
    check: Annotated[bool, typer.Option("--check", help="Only check; publish nothing.")] = False,
    db: Db = None,
) -> None:
    """Publish catalogue files (qualification versions, programmes, concordance tables).
    Every problem is listed with its JSON path; a file with any problem publishes nothing.
    A version already published with the same content is a no-op. Exit 1 when a file has
    problems, 2 when one cannot be read."""
    ledger = components(db).ledger
    failed = False
    for path in files:
        document = _read(path)
        if check:
            answer = operations.check_answer(ledger.check_catalogue(document))
            _problems(path, [(p["path"], p["message"]) for p in answer["problems"]])
            failed |= not answer["valid"]
            if answer["valid"]:
                would = ", ".join(f"{e['code']} v{e['version']}" for e in answer["would_publish"])
                console.print(f"{path}: valid; would publish {would or 'nothing new'}")
            continue
        try:
            result = operations.import_catalogue(ledger, document, actor=CLI_ADMIN)
        except (CatalogueInvalidError, CatalogueVersionConflictError) as error:
            _problems(path, error.problems)
            console.print(f"[red]{path}: nothing published[/] ({error.title.lower()})")
            failed = True
            continue
        except LedgerError as error:
            console.print(f"[red]{path}: {error}[/]")
            failed = True
            continue
        answer = operations.import_answer(result)
        published = ", ".join(f"{e['code']} v{e['version']}" for e in answer["published"])
        unchanged = len(answer["unchanged"])
        console.print(
            f"{path}: published {published or 'nothing new'}"
            + (f"; {unchanged} already published unchanged" if unchanged else "")
        )
    if failed:
        raise typer.Exit(EXIT_INVALID)
