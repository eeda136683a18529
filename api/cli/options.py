"""The options every command shares, defined once, and the way every command gets its parts:
``components(db, keys_dir)`` builds ``Settings`` (the environment, ``.env`` and
``LEERSPOOR_CONFIG``, then the options given) and hands them to the composition root."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from pydantic import ValidationError
from rich.console import Console

from api.bootstrap import Components
from api.settings import Settings
from ledger import Actor, Role

# No emoji codes: a DID such as did:key:z6Mk... must never print as a picture of a key.
console = Console(emoji=False)

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="LEERSPOOR_DATABASE_URL",
        help="SQLAlchemy URL of the stores (default: from LEERSPOOR_CONFIG or .env, "
        "else sqlite:///var/leerspoor.db)",
        show_default=False,
    ),
]
KeysDir = Annotated[
    Path | None,
    typer.Option(
        "--keys-dir",
        "--keys",
        envvar="LEERSPOOR_KEYS_DIR",
        help="Where the issuer and ledger keys live (default: var/keys).",
        show_default=False,
    ),
]
EXIT_BAD_SETTINGS = 2
# Who the ledger records as acting when an admin works on the command line.
CLI_ADMIN = Actor(id="cli", role=Role.ADMIN)


def settings(db: str | None = None, keys_dir: Path | None = None) -> Settings:
    """The settings, with the options given on the command line winning."""
    given: dict[str, Any] = {"database_url": db, "keys_dir": keys_dir}
    try:
        return Settings(**{name: value for name, value in given.items() if value is not None})
    except ValidationError as error:
        for problem in error.errors():
            console.print(f"[red]setting {'.'.join(map(str, problem['loc']))}[/]: {problem['msg']}")
        raise typer.Exit(EXIT_BAD_SETTINGS) from None


def id_of(reference: str, id_for: Callable[[str], UUID]) -> UUID:
    """An id given as a UUID, or as the key it is derived from (``cdo-elektro``, ``ilias``)."""
    try:
        return UUID(reference)
    except ValueError:
        return id_for(reference)


def components(db: str | None = None, keys_dir: Path | None = None) -> Components:
    """The composition root for a command."""
    return Components(settings(db, keys_dir))
