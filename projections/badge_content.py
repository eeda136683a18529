"""What a badge says, in words an employer can read (issue 16): the achievement named by the
kind of what is awarded, the learning outcomes in Dutch and English with the generic
competences apart, the route by which it was earned (an EVC procedure at a test centre, a
provider's own procedure, training with registered hours at an accredited workplace,
exemptions and their bases), the issuer's recognition for the award, the validity scope
where a decision limits it, study points and the programmes they count toward, and each
piece of evidence described instead of named by its event URN.

The badges library takes the texts as arguments; this module assembles them from the ledger
(the trajectory's facts, its pinned version, the organisations and the programme)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from badges import Text
from ledger import (
    AchievementKind,
    Competence,
    Earned,
    Ledger,
    NotFoundError,
    QualificationKind,
    QualificationVersion,
    RecognitionKind,
    Trajectory,
    learning_time,
)
from projections.badge_words import BASES, STEPS, day_words, describe_evidence, join_words

KIND_WORDS: dict[QualificationKind | None, Text] = {
    QualificationKind.BEROEPSKWALIFICATIE: Text(
        "Beroepskwalificatie", "Professional qualification"
    ),
    QualificationKind.ONDERWIJSKWALIFICATIE: Text(
        "Onderwijskwalificatie", "Educational qualification"
    ),
    QualificationKind.DEELKWALIFICATIE: Text("Deelkwalificatie", "Partial qualification"),
    QualificationKind.CERTIFICAAT: Text("Certificaat", "Certificate"),
    QualificationKind.MICRODEGREE_GETUIGSCHRIFT: Text("Getuigschrift", "Microdegree certificate"),
    QualificationKind.CREDITBEWIJS: Text("Creditbewijs", "Credit certificate"),
    QualificationKind.COMPETENTIEBEWIJS: Text("Competentiebewijs", "Certificate of competence"),
    QualificationKind.MODULEATTEST: Text("Moduleattest", "Module certificate"),
    None: Text("Competentie", "Competence"),
}
# Open Badges 3.0 achievementType per kind (the spec's closed vocabulary).
ACHIEVEMENT_TYPES: dict[QualificationKind | None, str] = {
    QualificationKind.BEROEPSKWALIFICATIE: "Certification",
    QualificationKind.ONDERWIJSKWALIFICATIE: "Diploma",
    QualificationKind.DEELKWALIFICATIE: "Certificate",
    QualificationKind.CERTIFICAAT: "Certificate",
    QualificationKind.MICRODEGREE_GETUIGSCHRIFT: "MicroCredential",
    QualificationKind.CREDITBEWIJS: "Course",
    QualificationKind.COMPETENTIEBEWIJS: "Certificate",
    QualificationKind.MODULEATTEST: "Course",
    None: "Competency",
}


@dataclass(frozen=True)
class Content:
    """Everything a badge says besides who and when."""

    kind: QualificationKind | None
    code: str
    title: Text
    name: Text
    description: Text
    criteria: str
    achievement_type: str
    competences: tuple[Competence, ...]
    study_points: int | None
    evidence: tuple[tuple[str, str, str], ...]
    """(ledger event id, what it is in words, its details)."""


@dataclass(frozen=True)
class Award:
    """What a badge's content is read from: the trajectory as it was when the awarding fact
    was recorded, its pinned version, what was earned with the fact's fields, the ids of the
    events it rests on (``basis``), the issuing organisation and the day of the award."""

    trajectory: Trajectory
    q: QualificationVersion
    earned: Earned
    fields: dict[str, Any]
    basis: Sequence[str]
    issuer: UUID
    on: date


class ContentBuilder:
    """Reads the ledger to put a badge's content into words."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def _name(self, organisation: UUID | str) -> str:
        return self.ledger.organisation(UUID(str(organisation))).name

    def build(self, award: Award) -> Content:
        trajectory, q, earned = award.trajectory, award.q, award.earned
        competences, title, points = self._what(trajectory, q, earned, award.fields)
        words = KIND_WORDS[earned.credential_kind]
        name = Text(f"{words.nl} {title.nl}", f"{title.en} ({words.en.lower()})")
        description = self._outcomes(competences, q, earned, points)
        criteria = self._criteria(award)
        return Content(
            kind=earned.credential_kind,
            code=earned.code,
            title=title,
            name=name,
            description=description,
            criteria=criteria,
            achievement_type=ACHIEVEMENT_TYPES[earned.credential_kind],
            competences=competences,
            study_points=points,
            evidence=tuple(describe_evidence(trajectory, q, e) for e in award.basis),
        )

    # -- what is achieved ----------------------------------------------------------------------

    def _what(
        self,
        trajectory: Trajectory,
        q: QualificationVersion,
        earned: Earned,
        fields: dict[str, Any],
    ) -> tuple[tuple[Competence, ...], Text, int | None]:
        kind = earned.achievement
        if kind is AchievementKind.MODULE:
            module = q.module(earned.code)
            covered = tuple(q.competence(c) for c in fields["competences"])
            points = module.study_points or fields.get("study_points") or None
            return covered, Text(module.title_nl, module.title_en), points
        if kind is AchievementKind.COMPETENCE:
            c = q.competence(earned.code)
            return (c,), Text(c.title_nl, c.title_en), None
        if kind is AchievementKind.RECOGNITION:
            covered = tuple(q.competence(c) for c in fields["competences_recognised"])
            return covered, Text(q.title_nl, q.title_en), None
        if kind is AchievementKind.PARTIAL_CERTIFICATE:
            cert = q.partial_certificate(earned.code)
            covered = tuple(q.competence(c) for c in cert.competences)
            return covered, Text(cert.title_nl, cert.title_en), None
        points = None
        if earned.credential_kind is QualificationKind.MICRODEGREE_GETUIGSCHRIFT:
            points = sum(
                int(f.fields["study_points"]) or q.module(f.fields["module_code"]).study_points
                for f in trajectory.counting_facts("ModuleCompleted")
                if f.fields["result"] == "passed" and q.has_module(f.fields["module_code"])
            )
        # The modules the learner chose (choice rules): enrolled in, passed or exempted.
        started = [f.fields["module_code"] for f in trajectory.counting_facts("ModuleEnrolled")]
        started += [f.fields["module_code"] for f in trajectory.counting_facts("ModuleCompleted")]
        started += [
            m for f in trajectory.counting_facts("ExemptionGranted") for m in f.fields["modules"]
        ]
        required = q.required(started)
        return required, Text(q.title_nl, q.title_en), points or None

    def _outcomes(
        self,
        competences: Sequence[Competence],
        q: QualificationVersion,
        earned: Earned,
        points: int | None,
    ) -> Text:
        """The learning outcomes in plain words, generic competences apart (S0 L402)."""
        generic = [c for c in competences if c.type == "generic"]
        technical = [c for c in competences if c.type != "generic"]
        nl: list[str] = []
        en: list[str] = []
        if technical:
            nl.append(f"Leerresultaten: {join_words(c.title_nl.lower() for c in technical)}.")
            en.append(f"Learning outcomes: {join_words(c.title_en.lower() for c in technical)}.")
        if generic:
            nl.append(f"Generieke competenties: {join_words(c.title_nl.lower() for c in generic)}.")
            en.append(f"Generic competences: {join_words(c.title_en.lower() for c in generic)}.")
        if earned.achievement is AchievementKind.QUALIFICATION and q.general_education:
            nl.append(f"Met de algemene vorming: {q.general_education.title_nl}.")
            en.append(f"With general education: {q.general_education.title_en}.")
        if earned.achievement is not AchievementKind.QUALIFICATION:
            nl.append(f"Onderdeel van {q.title_nl}.")
            en.append(f"Part of {q.title_en}.")
        nl.append(f"Niveau: VKS {q.vks_level} (EQF {q.eqf_level}).")
        en.append(f"Level: VKS {q.vks_level} (EQF {q.eqf_level}).")
        if points:
            nl.append(f"{points} studiepunten.")
            en.append(f"{points} study points (ECTS credits).")
            toward = self._counts_toward(q)
            if toward:
                nl.append(f"De credits tellen mee voor: {join_words(toward)}.")
                en.append(f"The credits count toward: {join_words(toward)}.")
        return Text(" ".join(nl), " ".join(en))

    def _counts_toward(self, q: QualificationVersion) -> tuple[str, ...]:
        if q.programme is None:
            return ()
        programme = self.ledger.programme(q.programme.code).published(q.programme.version)
        return programme.counts_toward

    # -- how it was earned ---------------------------------------------------------------------

    def _criteria(self, award: Award) -> str:
        """Markdown (OB 3.0 criteria narrative): Dutch, then English."""
        trajectory, q, earned = award.trajectory, award.q, award.earned
        nl: list[str] = []
        en: list[str] = []
        if earned.achievement is AchievementKind.RECOGNITION:
            self._decision(trajectory, award.fields, nl, en)
        else:
            nl.append(
                "Toegekend wanneer elke vereiste competentie gedekt is: beheerst beoordeeld "
                "door wie daartoe bevoegd is, in een behaalde module, vrijgesteld op bewijs "
                "of erkend in een EVC-procedure."
            )
            en.append(
                "Awarded when every required competence is covered: mastered as judged by an "
                "entitled assessor, in a passed module, exempted on evidence or recognised in "
                "an EVC procedure."
            )
            facts = [trajectory.facts[e] for e in award.basis if e in trajectory.facts]
            for fact in facts:
                if fact.event_type == "RecognitionDecided":
                    self._decision(trajectory, fact.fields, nl, en)
                elif fact.event_type == "ExemptionGranted":
                    self._exemption(q, fact.fields, nl, en)
            self._training(trajectory, q, nl, en)
        self._recognition_of(award.issuer, q, earned, award.on, nl, en)
        lines = ["**Nederlands**", "", *[f"- {t}" for t in nl], "", "**English**", ""]
        return "\n".join([*lines, *[f"- {t}" for t in en]])

    def _decision(
        self, trajectory: Trajectory, decision: dict[str, Any], nl: list[str], en: list[str]
    ) -> None:
        steps = [
            STEPS.get(f.fields["step"], Text(f.fields["step"], f.fields["step"]))
            for f in trajectory.counting_facts("RecognitionStepRecorded")
            if f.fields["procedure_id"] == decision["procedure_id"]
        ]
        how_nl = f" ({join_words(s.nl for s in steps)})" if steps else ""
        how_en = f" ({join_words(s.en for s in steps)})" if steps else ""
        n = len(decision["competences_recognised"])
        if decision.get("route") == "test_centre":
            std = decision.get("evc_standard")
            nl.append(
                f"EVC-procedure bij een erkend testcentrum tegen de EVC-standaard {std}{how_nl}: "
                f"{n} competenties erkend; slagen leidt rechtstreeks tot de beroepskwalificatie."
            )
            en.append(
                f"Recognition of prior learning at a recognised test centre against the EVC "
                f"standard {std}{how_en}: {n} competences recognised; passing leads directly "
                "to the professional qualification."
            )
            return
        nl.append(
            f"EVC-procedure van de instelling{how_nl}, beslist door {decision['decided_by']}: "
            f"{n} competenties erkend."
        )
        en.append(
            f"The institution's own recognition procedure{how_en}, decided by "
            f"{decision['decided_by']}: {n} competences recognised."
        )
        providers = [self._name(p) for p in decision.get("valid_for_providers") or []]
        programmes = list(decision.get("valid_for_programmes") or [])
        if providers or programmes:
            where = join_words([*providers, *programmes])
            nl.append(f"Geldig enkel binnen: {where}.")
            en.append(f"Valid only within: {where}.")

    def _exemption(
        self, q: QualificationVersion, fields: dict[str, Any], nl: list[str], en: list[str]
    ) -> None:
        modules = [q.module(m) for m in fields["modules"] if q.has_module(m)]
        what_nl = join_words([*(m.title_nl for m in modules), *fields["competences"]])
        what_en = join_words([*(m.title_en for m in modules), *fields["competences"]])
        hours = fields.get("module_hours") or {}
        if hours:
            what_nl = join_words([what_nl, *(f"{h} uur van {m}" for m, h in hours.items())])
            what_en = join_words([what_en, *(f"{h} hours of {m}" for m, h in hours.items())])
        basis = BASES.get(fields["basis"], Text(fields["basis"], fields["basis"]))
        table = fields.get("concordance_table")
        row_nl = f", concordantietabel {table}" if table else ""
        row_en = f", concordance table {table}" if table else ""
        proof = join_words(fields["evidence"])
        nl.append(f"Vrijgesteld van {what_nl} op basis van {basis.nl}{row_nl}: {proof}.")
        en.append(f"Exempted from {what_en} on the basis of {basis.en}{row_en}: {proof}.")
        where = self._table_scope(table) if table else ""
        if where:
            nl.append(f"Die vrijstelling geldt enkel binnen: {where}.")
            en.append(f"That exemption is valid only within: {where}.")

    def _table_scope(self, code: str) -> str:
        """Where a concordance table's exemptions are valid, in words ("" where unlimited)."""
        try:
            scope = self.ledger.refs.concordance_table(code).scope
        except NotFoundError:
            return ""
        if scope.unlimited:
            return ""
        return join_words(
            [*sorted(self._name(p) for p in scope.providers), *sorted(scope.programmes)]
        )

    def _training(
        self, trajectory: Trajectory, q: QualificationVersion, nl: list[str], en: list[str]
    ) -> None:
        time = learning_time(trajectory.facts.values(), q)
        if not time.workplace_hours:
            return
        opleidingen = [c for c in (trajectory.programme_code, q.code) if c]
        places: list[str] = []
        for fact in trajectory.counting_facts("LearningAgreementSigned"):
            workplace = self.ledger.organisation(UUID(str(fact.fields["workplace_id"])))
            accredited = workplace.accredited_on(fact.fields["starts_on"], opleidingen)
            places.append(f"{workplace.name}{' (erkend)' if accredited else ''}")
        where = join_words(dict.fromkeys(places))
        nl.append(
            f"Opleiding met {time.workplace_hours} geregistreerde uren leren op de werkplek bij "
            f"{where} en {time.school_hours} uren bij de aanbieder."
        )
        en.append(
            f"Training with {time.workplace_hours} registered hours of learning at the "
            f"workplace ({where.replace('(erkend)', '(accredited)')}) and "
            f"{time.school_hours} hours at the provider."
        )

    def _recognition_of(
        self,
        issuer: UUID,
        q: QualificationVersion,
        earned: Earned,
        on: date,
        nl: list[str],
        en: list[str],
    ) -> None:
        """The issuer's recognition for this award (rule 10), in words."""
        organisation = self.ledger.organisation(issuer)
        codes = (earned.code, q.code)
        for code in codes:
            award = organisation.recognition_on(RecognitionKind.AWARD, code, on)
            if award is not None:
                since = day_words(award.valid_from)
                ref = f", {award.reference}" if award.reference else ""
                nl.append(
                    f"{organisation.name} is erkend om {code} uit te reiken (sinds {since}{ref})."
                )
                en.append(
                    f"{organisation.name} is recognised to award {code} (since {since}{ref})."
                )
                return
        evc = organisation.recognition_on(RecognitionKind.EVC_STANDARD, q.code, on)
        if evc is not None:
            since = day_words(evc.valid_from)
            ref = f", {evc.reference}" if evc.reference else ""
            nl.append(
                f"{organisation.name} is erkend als EVC-testcentrum voor {evc.evc_standard} "
                f"(sinds {since}{ref})."
            )
            en.append(
                f"{organisation.name} is a recognised test centre for {evc.evc_standard} "
                f"(since {since}{ref})."
            )
