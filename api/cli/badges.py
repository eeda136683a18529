"""Badge files on the command line: ``leerspoor verify`` and ``leerspoor badge bake``.

Verification is offline: did:key and did:jwk resolve locally; did:web documents, https
controller documents and status lists come only from ``--trust DIR``. Neither needs a
setting, a key or the database: only the clock, which is passed to the library. A file the
safe loader refuses (too deep, too large, invalid Unicode) is unreadable: exit 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.cli.options import console
from api.settings import utc_now
from badges import (
    Outcome,
    TrustDirectory,
    UnreadableInputError,
    VerificationResult,
    bake_png,
    bake_svg,
    default_png,
    default_svg,
    parse_payload,
    read_badge,
    verify_credential,
)

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
MAX_FILE_BYTES = 8 * 1024 * 1024

badge_app = typer.Typer(help="Badge files: bake a credential into a PNG or SVG image.")

TrustDir = Annotated[
    Path | None,
    typer.Option("--trust", help="Directory of DID documents and status lists (offline)."),
]
_ICONS = {
    Outcome.PASSED: "[green]✔[/]",
    Outcome.FAILED: "[red]✘[/]",
    Outcome.SKIPPED: "[yellow]–[/]",
}


def verify_command(
    file: Annotated[Path, typer.Argument(help="Credential as JSON, JWT, PNG or SVG.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    trust: TrustDir = None,
    recipient: Annotated[
        str | None, typer.Option(help="Identifier or DID the badge should be issued to.")
    ] = None,
) -> None:
    """Verify a badge offline. Exit 0 valid, 1 invalid, 2 unreadable."""
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableInputError("file larger than 8 MiB")
        badge = read_badge(file.read_bytes())
    except (OSError, UnreadableInputError) as error:
        if json_output:
            typer.echo(json.dumps({"verified": False, "unreadable": str(error)}))
        else:
            console.print(f"[red]Onleesbaar / unreadable:[/] {error}")
        raise typer.Exit(EXIT_UNREADABLE) from error
    documents = TrustDirectory.load(trust)
    result = verify_credential(
        badge,
        now=utc_now(),
        did_documents=documents.resolve,
        status_lists=documents.status_list,
        recipient=recipient,
    )
    if json_output:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_result(file, result)
    raise typer.Exit(EXIT_VALID if result.verified else EXIT_INVALID)


def _print_result(file: Path, result: VerificationResult) -> None:
    table = Table(title=f"{file.name} ({result.format})")
    for column in ("", "Controle / check", "Code", "Reden", "Reason"):
        table.add_column(column)
    for check in result.checks:
        table.add_row(
            _ICONS[check.outcome], str(check.name), check.code, check.reason_nl, check.reason_en
        )
    console.print(table)
    issuer = result.issuer
    if issuer.id:
        # offline, nobody vouches for an issuer here: say so, never show a claim as fact
        claimed = issuer.claimed_name
        claim = f" (noemt zich / calls itself {claimed!r})" if claimed else ""
        trust = issuer.name or "onbekend hier / unknown here"
        console.print(escape(f"Uitgever / issuer: {issuer.id}: {trust}{claim}"))
    if result.verified:
        console.print("[green bold]GELDIG / VALID[/]")
    else:
        console.print("[red bold]ONGELDIG / INVALID[/]")


class ImageFormat(StrEnum):
    PNG = "png"
    SVG = "svg"


@badge_app.command("bake")
def bake_command(
    credential: Annotated[Path, typer.Argument(help="Signed credential: JSON file or JWT.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Baked file (.png or .svg).")],
    image: Annotated[
        Path | None, typer.Option(help="Badge image to bake into; default: drawn.")
    ] = None,
) -> None:
    """Bake a signed credential into a PNG (iTXt) or SVG (openbadges:credential)."""
    try:
        payload = parse_payload(credential.read_text(encoding="utf-8"))
        kind = ImageFormat(output.suffix.lstrip(".").lower())
    except (OSError, UnicodeDecodeError, UnreadableInputError, ValueError) as error:
        console.print(f"[red]Cannot bake:[/] {error}")
        raise typer.Exit(EXIT_UNREADABLE) from error
    title = _title(payload)
    try:
        if kind is ImageFormat.PNG:
            picture = image.read_bytes() if image else default_png(title)
            output.write_bytes(bake_png(picture, payload))
        else:
            drawing = image.read_text(encoding="utf-8") if image else default_svg(title)
            output.write_text(bake_svg(drawing, payload), encoding="utf-8")
    except (OSError, UnicodeDecodeError, UnreadableInputError) as error:
        console.print(f"[red]Cannot bake:[/] {error}")
        raise typer.Exit(EXIT_UNREADABLE) from error
    console.print(f"Baked into {output}")


def _title(payload: dict[str, Any] | str) -> str:
    if isinstance(payload, dict):
        return str(payload.get("name") or "Leerspoor")
    return "Leerspoor"
