"""What an employer sees of a badge: one verdict, who issued it as far as we vouch, and
what it means (title in the page's language, description, criteria, level, competences,
the badges it stacks with their own status), shown as fact only when its signature holds.

Builds a ``BadgeView`` from the ``badges`` library's result, our catalogue and our issued
credentials; no HTTP here. The verdict is ``api.verification.verdict_of``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from api.credential_facts import CredentialFacts, artwork_of, facts_of
from api.pages.catalogue_text import achievement_titles, competence_titles, kind_word
from api.pages.formatting import when
from api.pages.i18n import Lang, translate
from api.verification import proof_holds, verdict_of
from badges import CheckName, Outcome, VerificationResult, badge_svg
from ledger import Ledger, LedgerError
from projections import CredentialView

URN_UUID = "urn:uuid:"


@dataclass(frozen=True)
class StackedBadge:
    title: str
    status: str  # active, revoked, suspended, or "unknown" (not one of ours)


@dataclass(frozen=True)
class BadgeView:
    verdict: str
    confirmed: bool  # the signature holds with the issuer's key: content shown as fact
    facts: CredentialFacts
    title: str
    kind: str  # a key under "kind." in the pages' words
    image: str  # a data: URI, safe inside <img>
    issuer_trust: str
    issuer_name: str | None
    issuer_profile: str | None = None
    catalogue_url: str | None = None
    competences: list[tuple[str, str]] = field(default_factory=list)
    stacks: list[StackedBadge] = field(default_factory=list)
    revoked_on: str | None = None
    revoked_reason: str | None = None
    holder: str | None = None  # "match", "mismatch", or None (not asked)
    checks: list[dict[str, str]] = field(default_factory=list)


def _data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def picture(title: str, kind: str, facts: CredentialFacts, lang: Lang) -> str:
    """The badge drawn for its kind and level, its full title on it."""
    label = translate(lang, f"kind.{kind}") if kind else ""
    art = artwork_of(facts, title=title, label="" if label.startswith("kind.") else label)
    return _data_uri("image/svg+xml", badge_svg(art).encode())


def badge_id_of(credential_id: str) -> str | None:
    """Our badge id from a credential id ``urn:uuid:<badge id>``."""
    if not credential_id.startswith(URN_UUID):
        return None
    try:
        return str(UUID(credential_id.removeprefix(URN_UUID)))
    except ValueError:
        return None


def revocation(ledger: Ledger, issued: CredentialView, badge_id: str) -> tuple[str, str] | None:
    """(when, why) our ledger revoked or suspended one of our badges; None otherwise."""
    row = issued.get(badge_id)
    if row is None or row["status"] == "active":
        return None
    try:
        events = ledger.history(UUID(row["trajectory_id"]))
    except LedgerError:
        return None
    for event in reversed(events):
        if (
            type(event).__name__ in ("BadgeRevoked", "BadgeSuspended")
            and getattr(event, "badge_id", None) == badge_id
        ):
            return event.occurred_at.isoformat(), str(getattr(event, "reason", ""))
    return None


def readable_reason(reason: str, lang: Lang) -> str:
    """The issuance process's reason in words ("basis removed by EventRetracted …")."""
    if reason.startswith("basis removed by EventRetracted"):
        return translate(lang, "revoked.retracted")
    if reason.startswith("basis removed by EventCorrected"):
        return translate(lang, "revoked.corrected")
    return reason


ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")


def check_rows(result: VerificationResult, lang: Lang) -> list[dict[str, str]]:
    """One row per check, the reason in the page's language (an instant in it written in
    Brussels time, as people read it); skipped checks stay visible."""
    return [
        {
            "name": str(check.name),
            "outcome": str(check.outcome),
            "code": check.code,
            "reason": ISO_INSTANT.sub(
                lambda found: when(found.group(0), lang),
                check.reason_nl if lang is Lang.NL else check.reason_en,
            ),
        }
        for check in result.checks
        if check.name is not CheckName.RECIPIENT or check.outcome is not Outcome.SKIPPED
    ]


def badge_view(
    credential: Mapping[str, Any] | str,
    result: VerificationResult,
    lang: Lang,
    *,
    ledger: Ledger,
    issued: CredentialView,
    holder_asked: bool = False,
) -> BadgeView:
    """Everything the Verify page shows of one verified credential."""
    facts = facts_of(credential)
    confirmed = proof_holds(result)
    ours = confirmed and str(result.issuer.trust) == "this-server"
    titles = achievement_titles(ledger, facts) if ours else None
    title = titles(lang) if titles else facts.name
    kind = kind_word(ledger, facts) if ours else facts.kind
    names = competence_titles(ledger, facts) if ours else {}
    badge_id = badge_id_of(facts.credential_id) if ours else None
    revoked = revocation(ledger, issued, badge_id) if badge_id else None
    stacks = []
    for stacked in facts.stacks:
        row = (
            issued.get(stacked_id)
            if ours and (stacked_id := badge_id_of(stacked.credential_id))
            else None
        )
        stacked_facts = facts_of(row["credential"]) if row else None
        stacked_titles = achievement_titles(ledger, stacked_facts) if stacked_facts else None
        stacks.append(
            StackedBadge(
                stacked_titles(lang) if stacked_titles else stacked.name,
                str(row["status"]) if row else "unknown",
            )
        )
    recipient = result.check(CheckName.RECIPIENT)
    holder = None
    if holder_asked:
        holder = "match" if recipient.outcome is Outcome.PASSED else "mismatch"
    return BadgeView(
        verdict=verdict_of(result).value,
        confirmed=confirmed,
        facts=facts,
        title=title,
        kind=kind,
        image=picture(title, kind, facts, lang),
        issuer_trust=str(result.issuer.trust),
        issuer_name=result.issuer.name,
        issuer_profile=urlsplit(facts.issuer_url).path or None
        if ours and facts.issuer_url
        else None,
        catalogue_url=(
            f"/catalogue/{facts.qualification_code}/v/{facts.qualification_version}"
            if ours and facts.qualification_code and facts.qualification_version
            else None
        ),
        competences=[
            (code, names[code](lang) if code in names else name) for code, name in facts.competences
        ],
        stacks=stacks,
        revoked_on=revoked[0] if revoked else None,
        revoked_reason=readable_reason(revoked[1], lang) if revoked else None,
        holder=holder,
        checks=check_rows(result, lang),
    )
