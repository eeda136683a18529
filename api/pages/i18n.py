"""The pages' words, Dutch and English side by side, and how a request picks its language.

Dutch is the default; ``?lang=en`` switches and is remembered in a cookie. Imports nothing
from the rest of the project, so every page module can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from fastapi import Request

LANG_COOKIE = "leerspoor_lang"


class Lang(StrEnum):
    NL = "nl"
    EN = "en"


MESSAGES: dict[str, tuple[str, str]] = {
    # shell
    "site": ("Leerspoor", "Leerspoor"),
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav": ("Hoofdmenu", "Main menu"),
    "nav.home": ("Start", "Home"),
    "nav.verify": ("Badge controleren", "Verify a badge"),
    "nav.wallet": ("Mijn badges", "My wallet"),
    "nav.timeline": ("Tijdlijn", "Timeline"),
    "nav.cohorts": ("Cohorten", "Cohorts"),
    "nav.signin": ("Aanmelden", "Sign in"),
    "nav.signout": ("Afmelden", "Sign out"),
    "lang.switch": ("Taal", "Language"),
    "signed_in_as": ("Aangemeld als {role}", "Signed in as {role}"),
    "home.title": ("Leerspoor: leertrajecten en badges", "Leerspoor: learning paths and badges"),
    "home.intro": (
        "Elk leermoment wordt vastgelegd en nooit gewijzigd. Lerenden bewaren ondertekende "
        "Open Badges; werkgevers controleren ze hier, zonder account.",
        "Every learning event is recorded and never changed. Learners keep signed Open "
        "Badges; employers check them here, without an account.",
    ),
    "home.verify": ("Een badge controleren (werkgevers)", "Verify a badge (employers)"),
    "home.wallet": ("Mijn traject en badges (lerenden)", "My trajectory and badges (learners)"),
    "home.timeline": ("Tijdlijn van een traject (auditors)", "Trajectory timeline (auditors)"),
    "home.cohorts": ("Cohorten en monitoring (opleidingsverstrekkers)", "Cohorts (providers)"),
    # sign-in
    "signin.title": ("Aanmelden", "Sign in"),
    "signin.help": (
        "Plak het toegangstoken dat je van de beheerder kreeg. Het wordt bewaard in een "
        "cookie die alleen deze site kan lezen.",
        "Paste the access token you received from the administrator. It is kept in a "
        "cookie only this site can read.",
    ),
    "signin.token": ("Toegangstoken", "Access token"),
    "signin.submit": ("Aanmelden", "Sign in"),
    "signin.failed": (
        "Dit token is onbekend, verlopen of ingetrokken.",
        "This token is unknown, expired or revoked.",
    ),
    "signin.needed": ("Meld je aan om deze pagina te zien.", "Sign in to see this page."),
    "forbidden.title": ("Geen toegang", "No access"),
    "forbidden.body": (
        "Deze pagina is voor een andere rol ({roles}).",
        "This page is for another role ({roles}).",
    ),
    "notfound.title": ("Niet gevonden", "Not found"),
    "notfound.body": ("Dit traject bestaat niet of je mag het niet zien.", "No such trajectory."),
    # roles
    "role.learner": ("lerende", "learner"),
    "role.auditor": ("auditor", "auditor"),
    "role.provider": ("opleidingsverstrekker", "provider"),
    "role.workplace": ("werkplek", "workplace"),
    "role.admin": ("beheerder", "administrator"),
    # verify
    "verify.title": ("Een badge controleren", "Verify a badge"),
    "verify.intro": (
        "Kies een badgebestand (PNG, SVG of JSON) of sleep het hierheen. Het bestand "
        "wordt alleen gecontroleerd, niet bewaard.",
        "Choose a badge file (PNG, SVG or JSON) or drop it here. The file is only "
        "checked, never stored.",
    ),
    "verify.file": ("Badgebestand", "Badge file"),
    "verify.drop": ("Of sleep het bestand in dit vak.", "Or drop the file in this box."),
    "verify.submit": ("Controleren", "Verify"),
    "verify.unreadable": (
        "Dit bestand bevat geen leesbare badge: {detail}",
        "This file holds no readable badge: {detail}",
    ),
    "verify.no_file": ("Kies eerst een bestand.", "Choose a file first."),
    "verify.share_missing": (
        "Deze deellink bestaat niet (meer) of is ingetrokken.",
        "This share link does not exist (any more) or was revoked.",
    ),
    "verdict.valid": ("Geldig", "Valid"),
    "verdict.valid.body": (
        "Deze badge is echt, ongewijzigd, niet ingetrokken en niet verlopen.",
        "This badge is genuine, unchanged, not revoked and not expired.",
    ),
    "verdict.expired": ("Verlopen", "Expired"),
    "verdict.revoked": ("Ingetrokken", "Revoked"),
    "verdict.suspended": ("Geschorst", "Suspended"),
    "verdict.tampered": ("Gewijzigd of vervalst", "Tampered with or forged"),
    "verdict.invalid": ("Ongeldig", "Not valid"),
    "verdict.invalid.body": (
        "Vertrouw deze badge niet: zie de controles hieronder.",
        "Do not rely on this badge: see the checks below.",
    ),
    "badge.achievement": ("Behaald", "Achievement"),
    "badge.issuer": ("Uitgegeven door", "Issued by"),
    "badge.learner": ("Lerende (zoals gedeeld)", "Learner (as shared)"),
    "badge.learner_hidden": (
        "niet gedeeld (alleen een versleutelde verwijzing)",
        "not shared (only a hashed reference)",
    ),
    "badge.issued": ("Uitgereikt op", "Issued on"),
    "badge.expires": ("Geldig tot", "Valid until"),
    "badge.no_expiry": ("geen einddatum", "no expiry date"),
    "badge.image": ("Badge-afbeelding: {name}", "Badge image: {name}"),
    "checks.title": ("Controles", "Checks"),
    "check.schema": ("Formaat", "Format"),
    "check.context": ("Betekenis (context)", "Meaning (context)"),
    "check.proof": ("Handtekening", "Signature"),
    "check.issuer": ("Uitgever", "Issuer"),
    "check.validity": ("Geldigheid", "Validity"),
    "check.status": ("Intrekking", "Revocation"),
    "check.recipient": ("Ontvanger", "Recipient"),
    "outcome.passed": ("in orde", "passed"),
    "outcome.failed": ("mislukt", "failed"),
    "outcome.skipped": ("niet gecontroleerd", "not checked"),
    # trajectory words
    "status.open": ("lopend", "open"),
    "status.paused": ("gepauzeerd", "paused"),
    "status.closed": ("afgesloten", "closed"),
    "outcome.qualified": ("gekwalificeerd", "qualified"),
    "outcome.partially_qualified": ("deels gekwalificeerd", "partially qualified"),
    "outcome.unqualified": ("ongekwalificeerd", "unqualified"),
    "traj.status": ("Status", "Status"),
    "traj.progress": ("Voortgang", "Progress"),
    "traj.qualification": ("Beoogde kwalificatie", "Target qualification"),
    "traj.competence": ("Competentie", "Competence"),
    "traj.covered": ("Gedekt", "Covered"),
    "traj.missing": ("Ontbreekt nog", "Still missing"),
    "traj.how": ("Hoe", "How"),
    "traj.workplace": ("moet op de werkplek", "must be shown at work"),
    "cover.assessment": ("beoordeling", "assessment"),
    "cover.module": ("module", "module"),
    "cover.exemption": ("vrijstelling", "exemption"),
    "cover.recognition": ("erkenning (EVC)", "recognition (RPL)"),
    # wallet
    "wallet.title": ("Mijn traject en badges", "My trajectory and badges"),
    "wallet.none": ("Je hebt nog geen traject.", "You have no trajectory yet."),
    "wallet.badges": ("Mijn badges", "My badges"),
    "wallet.no_badges": (
        "Nog geen badges. Ze verschijnen hier zodra je opleiding ze uitreikt.",
        "No badges yet. They appear here as soon as your provider issues them.",
    ),
    "wallet.download": ("Downloaden", "Download"),
    "wallet.share": ("Deellink maken", "Create share link"),
    "wallet.unshare": ("Deellink intrekken", "Revoke share link"),
    "wallet.shared_at": ("Deellink", "Share link"),
    "wallet.linkedin": ("Toevoegen aan LinkedIn-profiel", "Add to LinkedIn profile"),
    "wallet.badge_status": ("Status", "Status"),
    "wallet.live": (
        "Deze pagina werkt zichzelf bij wanneer er iets nieuws is.",
        "This page updates itself when something new arrives.",
    ),
    "wallet.share_failed": (
        "Dat lukte niet ({status}). Probeer later opnieuw.",
        "That did not work ({status}). Try again later.",
    ),
    "badge.status.active": ("geldig", "valid"),
    "badge.status.revoked": ("ingetrokken", "revoked"),
    "badge.status.suspended": ("geschorst", "suspended"),
    # timeline
    "timeline.title": ("Tijdlijn van een traject", "Trajectory timeline"),
    "timeline.pick": ("Traject", "Trajectory"),
    "timeline.open": ("Tijdlijn tonen", "Show timeline"),
    "timeline.asof": ("Toestand op dit moment", "State as of this moment"),
    "timeline.axis": ("Tijdas", "Time axis"),
    "timeline.axis.recorded": (
        "wat het grootboek toen wist (geregistreerd)",
        "what the ledger knew then (recorded)",
    ),
    "timeline.axis.occurred": (
        "wat toen gebeurd was (zoals we nu weten)",
        "what had happened then (as we know now)",
    ),
    "timeline.slider": ("Schuif door de gebeurtenissen", "Slide through the events"),
    "timeline.show": ("Toon", "Show"),
    "timeline.now": ("Nu", "Now"),
    "timeline.state": ("Toestand op {moment}", "State as of {moment}"),
    "timeline.state_now": ("Toestand nu", "State now"),
    "timeline.not_open": (
        "Het traject bestond op dat moment nog niet.",
        "The trajectory did not exist at that moment.",
    ),
    "timeline.events": ("Gebeurtenissen", "Events"),
    "timeline.counted": ("{shown} van {total} gebeurtenissen", "{shown} of {total} events"),
    "timeline.after": ("na dit moment", "after this moment"),
    "timeline.type": ("Soort", "Type"),
    "timeline.occurred": ("Gebeurd", "Occurred"),
    "timeline.recorded": ("Geregistreerd", "Recorded"),
    "timeline.actor": ("Door", "By"),
    "timeline.data": ("Gegevens", "Data"),
    "timeline.retracted_by": ("Ingetrokken door #{n}", "Retracted by #{n}"),
    "timeline.corrected_by": ("Gecorrigeerd door #{n}", "Corrected by #{n}"),
    "timeline.retracts": ("Trekt #{n} in ({type})", "Retracts #{n} ({type})"),
    "timeline.corrects": ("Corrigeert #{n} ({type})", "Corrects #{n} ({type})"),
    "timeline.change": ("{field}: {old} → {new}", "{field}: {old} → {new}"),
    "timeline.reason": ("Reden", "Reason"),
    "integrity.title": ("Integriteit", "Integrity"),
    "integrity.ok": ("Keten intact", "Chain intact"),
    "integrity.broken": ("Keten verbroken", "Chain broken"),
    # cohorts
    "cohorts.title": ("Cohorten en monitoring", "Cohorts and monitoring"),
    "cohorts.none": ("Nog geen trajecten.", "No trajectories yet."),
    "cohorts.states": ("Lerenden per toestand", "Learners per state"),
    "cohorts.qualification": ("Kwalificatie", "Qualification"),
    "cohorts.count": ("Aantal lerenden", "Number of learners"),
    "cohorts.outflow": ("Uitstroom per leerweg", "Outflow per pathway"),
    "cohorts.pathway": ("Leerweg", "Pathway"),
    "cohorts.median": ("Mediaan dagen tot kwalificatie", "Median days to qualification"),
    "cohorts.dropouts": ("Ongekwalificeerde uitstroom", "Unqualified outflow"),
    "cohorts.exemption_share": ("Aandeel via vrijstelling", "Share by exemption"),
    "cohorts.recognition_share": ("Aandeel via erkenning (EVC)", "Share by recognition"),
    "cohorts.chart_states": (
        "Staafdiagram: lerenden per toestand en kwalificatie. Dezelfde cijfers staan in de "
        "tabel eronder.",
        "Bar chart: learners per state and qualification. The same figures are in the table below.",
    ),
    "cohorts.chart_outflow": (
        "Staafdiagram: uitstroom per leerweg. Dezelfde cijfers staan in de tabel eronder.",
        "Bar chart: outflow per pathway. The same figures are in the table below.",
    ),
    "none": ("—", "—"),
}


def translate(lang: Lang, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in; the key itself when
    missing, so a forgotten entry shows up on the page instead of crashing it."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[0] if lang is Lang.NL else pair[1]
    return text.format(**values) if values else text


def translator(lang: Lang) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    return t


def requested_language(request: Request) -> Lang | None:
    """The language asked for with ``?lang=``, if it is one we have."""
    asked = request.query_params.get("lang")
    return Lang(asked) if asked in (Lang.NL, Lang.EN) else None


def language(request: Request) -> Lang:
    """``?lang=`` first, then the cookie, then Dutch."""
    asked = requested_language(request)
    if asked is not None:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    return Lang(remembered) if remembered in (Lang.NL, Lang.EN) else Lang.NL
