"""Dutch and English words for the ledger's vocabularies as badges say them, and each kind of
ledger fact described as evidence (``projections.badge_content``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from badges import Text
from ledger import QualificationVersion, Trajectory


def join_words(items: Iterable[str]) -> str:
    return "; ".join(items)


def day_words(value: date) -> str:
    return value.strftime("%d/%m/%Y")


STEPS = {
    "quickscan": Text("quickscan", "quick scan"),
    "portfolio": Text("portfolio", "portfolio"),
    "home_assignment": Text("thuisopdracht", "home assignment"),
    "competence_interview": Text("competentiegesprek", "competence interview"),
    "practical_test": Text("praktijkproef", "practical test"),
    "simulation": Text("simulatie", "simulation"),
    "integrated_assignment": Text("geïntegreerde opdracht ter plekke", "integrated assignment"),
    "jury": Text("jurygesprek", "jury interview"),
}
BASES = {
    "recognition_decision": Text("een EVC-beslissing", "a recognition (EVC) decision"),
    "prior_certificate": Text(
        "een eerder behaald certificaat of studiebewijs (EVK)", "an earlier certificate (EVK)"
    ),
    "workplace_portfolio": Text("een portfolio van de werkplek", "a workplace portfolio"),
    "exemption_test": Text("een vrijstellingsproef", "an exemption test"),
}
ROLES = {
    "mentor": "de mentor",
    "assessor": "een assessor",
    "teacher": "een leraar",
    "jury": "een jury",
}
SETTINGS = {
    "workplace": "op de werkplek",
    "school": "bij de aanbieder",
    "simulated_workplace": "op een gesimuleerde werkplek",
}


def describe_evidence(
    trajectory: Trajectory, q: QualificationVersion, event_id: str
) -> tuple[str, str, str]:
    """A ledger fact as evidence in words: (event id, what it is, its details)."""
    fact = trajectory.facts.get(event_id)
    if fact is None:
        return event_id, "Feit in de ledger", ""
    f = fact.fields
    day = day_words(fact.occurred_at.date())
    kind = fact.event_type
    if kind == "ModuleCompleted":
        title = q.module(f["module_code"]).title_nl if q.has_module(f["module_code"]) else ""
        score = f" met {f['score']}" if f.get("score") is not None else ""
        return (
            event_id,
            f"Module {title or f['module_code']} behaald op {day}",
            f"Beoordeeld door {f['assessed_by']}{score}.",
        )
    if kind == "CompetenceAssessed":
        title = q.competence(f["competence_code"]).title_nl
        who = ROLES.get(f["assessor_role"], f["assessor_role"])
        where = SETTINGS.get(f["setting"], f["setting"])
        return (
            event_id,
            f"Competentie {title.lower()} beheerst, beoordeeld door {who} {where} op {day}",
            join_words([*f["indicators_met"], *f["evidence"]]),
        )
    if kind == "ExemptionGranted":
        basis = BASES.get(f["basis"], Text(f["basis"], f["basis"]))
        return (
            event_id,
            f"Vrijstelling op basis van {basis.nl}, beslist door {f['decided_by']} op {day}",
            join_words(f["evidence"]),
        )
    if kind == "RecognitionDecided":
        n = len(f["competences_recognised"])
        return (
            event_id,
            f"EVC-beslissing van {f['decided_by']} op {day}: {n} competenties erkend",
            join_words(f["competences_recognised"]),
        )
    if kind == "PartialCertificateAwarded":
        cert = q.partial_certificate(f["certificate_code"])
        return event_id, f"{cert.title_nl} toegekend op {day}", ""
    if kind == "QualificationAwarded":
        return event_id, f"{q.title_nl} toegekend op {day}", ""
    return event_id, f"{kind} op {day}", ""
