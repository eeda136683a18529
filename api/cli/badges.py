"""Badge files on the command line: ``leerspoor verify`` and ``leerspoor badge bake``.

Verification is offline: did:key and did:jwk resolve locally; did:web documents, https
controller documents and status lists come only from ``--trust DIR``. Neither needs a
setting, a key or the database: only the clock, which is passed to the library. A file the
safe loader refuses (too deep, too large, invalid Unicode) is unreadable: exit 2.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape

from api.cli.options import console
from api.credential_facts import facts_of, parse_instant
from api.settings import utc_now
from api.verification import Verdict, proof_holds, verdict_of
from badges import (
    Outcome,
    TrustDirectory,
    TrustPolicy,
    UnreadableInputError,
    VerificationResult,
    bake_png,
    bake_svg,
    default_png,
    default_svg,
    load_json,
    parse_payload,
    read_badge,
    verify_credential,
)

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
MAX_FILE_BYTES = 8 * 1024 * 1024
BRUSSELS = ZoneInfo("Europe/Brussels")

badge_app = typer.Typer(help="Badge files: bake a credential into a PNG or SVG image.")

TrustDir = Annotated[
    Path | None,
    typer.Option("--trust", help="Directory of DID documents and status lists (offline)."),
]
TrustedFile = Annotated[
    Path | None,
    typer.Option(
        "--trusted",
        help="JSON file {issuer DID: name} of issuers you vouch for "
        "(`leerspoor trust list --json` writes one).",
    ),
]
_ICONS = {
    Outcome.PASSED: "[green]✔[/]",
    Outcome.FAILED: "[red]✘[/]",
    Outcome.SKIPPED: "[yellow]–[/]",
}
VERDICT_WORDS = {
    Verdict.VALID: ("[green bold]", "GELDIG / VALID"),
    Verdict.EXPIRED: ("[red bold]", "VERLOPEN / EXPIRED"),
    Verdict.REVOKED: ("[red bold]", "INGETROKKEN / REVOKED"),
    Verdict.SUSPENDED: ("[red bold]", "GESCHORST / SUSPENDED"),
    Verdict.TAMPERED: ("[red bold]", "GEWIJZIGD OF VERVALST / TAMPERED"),
    Verdict.ISSUER_UNKNOWN: ("[yellow bold]", "UITGEVER HIER ONBEKEND / ISSUER UNKNOWN"),
    Verdict.UNCHECKABLE: ("[yellow bold]", "NIET TE CONTROLEREN / CANNOT BE CHECKED"),
    Verdict.INVALID: ("[red bold]", "ONGELDIG / INVALID"),
}


def _trusted_names(path: Path | None) -> dict[str, str]:
    """The ``--trusted`` file: a JSON object of issuer id → name."""
    if path is None:
        return {}
    try:
        names = load_json(path.read_bytes())
    except (OSError, UnreadableInputError) as error:
        console.print(f"[red]--trusted {escape(str(path))}:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_UNREADABLE) from error
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in names.items()
    ):
        console.print(f"[red]--trusted {escape(str(path))}:[/] expected {{issuer: name}}")
        raise typer.Exit(EXIT_UNREADABLE)
    return names


def verify_command(
    file: Annotated[Path, typer.Argument(help="Credential as JSON, JWT, PNG or SVG.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    trust: TrustDir = None,
    trusted: TrustedFile = None,
    recipient: Annotated[
        str | None,
        typer.Option(help="The holder's identifier, DID or name: is the badge issued to them?"),
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
            console.print(f"[red]Onleesbaar / unreadable:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_UNREADABLE) from error
    documents = TrustDirectory.load(trust)
    now = utc_now()
    result = verify_credential(
        badge,
        now=now,
        did_documents=documents.resolve,
        status_lists=documents.status_list,
        recipient=recipient,
        # Offline this verifier is not the server: whom it vouches for is only what the
        # person running it says, with --trusted.
        trust=TrustPolicy(trusted=_trusted_names(trusted)),
    )
    if json_output:
        body = {**result.to_json(), "verdict": verdict_of(result).value}
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        _print_result(file, badge, result, documents, now)
    raise typer.Exit(EXIT_VALID if result.verified else EXIT_INVALID)


def _line(text: str, style: str = "") -> None:
    # soft_wrap: long DIDs and reasons are never cut or ellipsed at the console's width.
    console.print(f"{style}{escape(text)}{'[/]' if style else ''}", soft_wrap=True)


def _print_result(
    file: Path,
    badge: object,
    result: VerificationResult,
    documents: TrustDirectory,
    now: datetime,
) -> None:
    facts = facts_of(badge if isinstance(badge, (dict, str)) else {})
    holds = proof_holds(result)
    _line(f"{file.name} ({result.format})", "[bold]")
    if not holds:
        _line("Inhoud niet bevestigd / content not confirmed (the signature does not hold):")
    issuer = result.issuer
    claimed = f", noemt zich / calls itself {issuer.claimed_name!r}" if issuer.claimed_name else ""
    vouched = {
        "this-server": f"{issuer.name} (deze server / this server)",
        "trusted": f"{issuer.name} (vertrouwd / trusted)",
    }.get(str(issuer.trust), f"onbekend hier / unknown here{claimed}")
    _line(f"  Wat / what:          {facts.name}{f' ({facts.code})' if facts.code else ''}")
    _line(f"  Door / issued by:    {vouched}")
    _line(f"                       {facts.issuer_id or issuer.id}")
    whom = facts.recipient_did or (
        "een gezouten hash / a salted hash (check with --recipient)"
        if facts.hashed_identities
        else "niet vermeld / not stated"
    )
    _line(f"  Aan / to whom:       {whom}")
    until = f", tot / until {_local(facts.valid_until)}" if facts.valid_until else ""
    _line(f"  Wanneer / when:      {_local(facts.valid_from)}{until}")
    for url, issued in _status_lists(badge, documents):
        age = humanised_age(now - issued) if issued else "?"
        _line(f"  Statuslijst / status list: {url}, {age} oud / old")
    for check in result.checks:
        reason = (
            "" if check.outcome is Outcome.PASSED else f": {check.reason_nl} / {check.reason_en}"
        )
        console.print(
            f"  {_ICONS[check.outcome]} {escape(str(check.name))} "
            f"[dim]{escape(check.code)}[/]{escape(reason)}",
            soft_wrap=True,
        )
    style, words = VERDICT_WORDS[verdict_of(result)]
    _line(words, style)


def _local(moment: str | None) -> str:
    parsed = parse_instant(moment)
    return parsed.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M") if parsed else "?"


def _status_lists(badge: object, documents: TrustDirectory) -> list[tuple[str, datetime | None]]:
    """The status lists the credential names that the trust folder holds, with the moment
    each was issued (how fresh the revocation check is)."""
    document = badge if isinstance(badge, dict) else {}
    entries = document.get("credentialStatus")
    found = []
    for entry in entries if isinstance(entries, list) else [entries]:
        url = entry.get("statusListCredential") if isinstance(entry, dict) else None
        listed = documents.status_list(url) if isinstance(url, str) else None
        if listed is not None:
            found.append((str(url), parse_instant(listed.get("validFrom"))))
    return found


def humanised_age(age: timedelta) -> str:
    """An age in the largest whole unit: "3 d", "5 h", "12 min"."""
    seconds = max(int(age.total_seconds()), 0)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


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
