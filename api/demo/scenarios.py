"""The six seed scenarios of PRODUCT.md as scripts of posted events, with their expected end
states. The same scripts drive the demo, the acceptance tests and (later) the HTTP tests, so
each is data: who posts which event (in its contract form) on which day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledger import Learner, Organisation


@dataclass(frozen=True)
class ActorSpec:
    role: str
    organisation: str
    person: str


@dataclass(frozen=True)
class Step:
    trajectory: str
    actor: ActorSpec
    event_type: str
    event_id: str
    occurred_at: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Expected:
    status: str
    outcome: str | None
    awards: frozenset[str]
    missing: tuple[str, ...] = ()


@dataclass
class Script:
    """Builds one trajectory's steps with deterministic event ids."""

    key: str
    steps: list[Step] = field(default_factory=list)

    def post(self, actor: ActorSpec, event_type: str, day: str, **fields: Any) -> str:
        event_id = f"{self.key}-{len(self.steps) + 1:03d}"
        self.steps.append(
            Step(self.key, actor, event_type, event_id, f"{day}T10:00:00+01:00", fields)
        )
        return event_id


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    steps: tuple[Step, ...]
    expected: dict[str, Expected]


def org(key: str) -> str:
    return str(Organisation.id_for(key))


def learner(key: str) -> str:
    return str(Learner.id_for(key))


def provider(key: str, person: str) -> ActorSpec:
    return ActorSpec("provider", key, person)


def workplace(key: str, person: str) -> ActorSpec:
    return ActorSpec("workplace", key, person)


def opened(
    script: Script,
    actor: ActorSpec,
    day: str,
    *,
    who: str,
    qualification: str,
    pathway: str,
    partners: list[str],
    **extra: Any,
) -> None:
    script.post(
        actor,
        "TrajectoryOpened",
        day,
        learner_id=learner(who),
        pathway=pathway,
        qualification_code=qualification,
        lead_provider=org(actor.organisation),
        partners=[org(p) for p in partners],
        **extra,
    )


def module_done(script: Script, actor: ActorSpec, day: str, code: str, points: int) -> str:
    return script.post(
        actor,
        "ModuleCompleted",
        day,
        module_code=code,
        result="passed",
        score="14.5",
        study_points=points,
        competences=[],
        assessed_by=actor.person,
    )


def assessed(
    script: Script,
    actor: ActorSpec,
    day: str,
    code: str,
    *,
    setting: str,
    role: str,
    level: str = "mastered",
) -> str:
    return script.post(
        actor,
        "CompetenceAssessed",
        day,
        competence_code=code,
        indicators_met=[],
        level=level,
        setting=setting,
        assessor_role=role,
        assessor_id=actor.person,
        evidence=[f"urn:leerspoor:evidence:{script.key}:{code}"],
    )


def agreement(
    script: Script,
    actor: ActorSpec,
    day: str,
    workplace_key: str,
    mentor: str,
    ends: str | None,
    kind: str = "stage",
) -> None:
    dual = kind == "dual_contract"
    script.post(
        actor,
        "LearningAgreementSigned",
        day,
        agreement_id=f"{script.key}-agreement",
        workplace_id=org(workplace_key),
        mentor_id=mentor,
        hours_workplace=24,
        hours_school=12,
        starts_on=day,
        ends_on=ends,
        kind=kind,
        signatories=["learner", "workplace", "provider"] if dual else [],
    )


def hulpkelner() -> Scenario:
    """A worker in a social-economy enterprise; mentor assesses at work, the adult-education
    centre teaches modules. A second worker leaves early: unqualified outflow."""
    centre, mentor = (
        provider("cvo-horeca", "docent-els"),
        workplace("maatwerk-restaurant", "mentor-rik"),
    )
    amina = Script("hulpkelner-amina")
    opened(
        amina,
        centre,
        "2025-09-01",
        who="amina",
        qualification="BK-HULPKELNER",
        pathway="kwalificerend_traject_werkenden",
        partners=["maatwerk-restaurant"],
    )
    agreement(amina, centre, "2025-09-01", "maatwerk-restaurant", "mentor-rik", "2026-06-30")
    module_done(amina, centre, "2025-11-20", "M-HK-BEDIENING", 6)
    module_done(amina, centre, "2025-12-15", "M-HK-HACCP", 2)
    assessed(amina, mentor, "2026-01-20", "HK-02", setting="workplace", role="mentor")
    assessed(amina, mentor, "2026-02-10", "HK-05", setting="workplace", role="mentor")
    amina.post(centre, "QualificationAwarded", "2026-02-28")
    amina.post(
        centre,
        "TrajectoryClosed",
        "2026-03-01",
        outcome="qualified",
        reason="kwalificatie behaald",
        exit="completed",
    )

    bart = Script("hulpkelner-bart")
    opened(
        bart,
        centre,
        "2025-09-01",
        who="bart",
        qualification="BK-HULPKELNER",
        pathway="kwalificerend_traject_werkenden",
        partners=["maatwerk-restaurant"],
    )
    module_done(bart, centre, "2025-12-15", "M-HK-HACCP", 2)
    bart.post(
        centre,
        "TrajectoryClosed",
        "2026-01-10",
        outcome="unqualified",
        reason="werk gevonden buiten de sector",
        exit="entered_job",
    )
    return Scenario(
        "hulpkelner",
        "Hulpkelner in een maatwerkbedrijf",
        (*amina.steps, *bart.steps),
        {
            amina.key: Expected("closed", "qualified", frozenset({"BK-HULPKELNER"})),
            bart.key: Expected(
                "closed", "unqualified", frozenset(), ("HK-01", "HK-02", "HK-03", "HK-05")
            ),
        },
    )


def zorgkundige() -> Scenario:
    """The care ladder over three semester modules with care-home placements; one learner
    climbs to zorgkundige, one stops after the first rung (partially qualified)."""
    centre, home = provider("cvo-zorg", "docent-an"), workplace("wzc-zonnehof", "mentor-lies")
    chloe = Script("zorg-chloe")
    opened(
        chloe,
        centre,
        "2025-02-01",
        who="chloe",
        qualification="BK-ZORGKUNDIGE",
        pathway="volwassenenonderwijs",
        partners=["wzc-zonnehof"],
    )
    agreement(chloe, centre, "2025-02-01", "wzc-zonnehof", "mentor-lies", "2026-07-31")
    module_done(chloe, centre, "2025-06-20", "SEM-1", 20)
    chloe.post(
        centre, "PartialCertificateAwarded", "2025-06-25", certificate_code="DK-HUISHOUDHULP"
    )
    chloe.post(centre, "PartialCertificateAwarded", "2025-06-25", certificate_code="DK-LOGISTIEK")
    wrong = assessed(
        chloe,
        home,
        "2025-11-05",
        "ZK-03",
        setting="workplace",
        role="mentor",
        level="in_development",
    )
    chloe.post(
        centre,
        "EventCorrected",
        "2025-11-06",
        original_event_id=wrong,
        changes={"level": "mastered"},
        reason="mentor meldde een verkeerd aangeklikt niveau",
    )
    module_done(chloe, centre, "2026-01-25", "SEM-2", 20)
    chloe.post(centre, "PartialCertificateAwarded", "2026-01-30", certificate_code="DK-VERZORGENDE")
    assessed(chloe, home, "2026-05-12", "ZK-04", setting="workplace", role="mentor")
    module_done(chloe, centre, "2026-06-20", "SEM-3", 20)
    chloe.post(centre, "QualificationAwarded", "2026-06-30")
    chloe.post(
        centre,
        "TrajectoryClosed",
        "2026-07-01",
        outcome="qualified",
        reason="zorgkundige behaald",
        exit="completed",
    )

    dirk = Script("zorg-dirk")
    opened(
        dirk,
        centre,
        "2025-02-01",
        who="dirk",
        qualification="BK-ZORGKUNDIGE",
        pathway="volwassenenonderwijs",
        partners=["wzc-zonnehof"],
    )
    module_done(dirk, centre, "2025-06-20", "SEM-1", 20)
    dirk.post(centre, "PartialCertificateAwarded", "2025-06-25", certificate_code="DK-LOGISTIEK")
    dirk.post(
        centre,
        "TrajectoryClosed",
        "2025-09-01",
        outcome="partially_qualified",
        reason="aan de slag als logistiek assistent",
        exit="entered_job",
    )
    return Scenario(
        "zorgkundige",
        "Zorgkundige ladder",
        (*chloe.steps, *dirk.steps),
        {
            chloe.key: Expected(
                "closed",
                "qualified",
                frozenset({"DK-HUISHOUDHULP", "DK-LOGISTIEK", "DK-VERZORGENDE", "BK-ZORGKUNDIGE"}),
            ),
            dirk.key: Expected(
                "closed",
                "partially_qualified",
                frozenset({"DK-LOGISTIEK"}),
                ("ZK-03", "ZK-04", "ZK-06"),
            ),
        },
    )


def houtbewerker() -> Scenario:
    """Wood sector: a recognition assessment at the test centre leads one learner straight to
    the qualification; another gets partial exemptions from earlier certificates (the
    competence matrix) and is still training."""
    sector, centre = (
        provider("woodwize", "consulent-jo"),
        provider("testcentrum-hout", "assessor-wim"),
    )
    emre = Script("hout-emre")
    opened(
        emre,
        sector,
        "2025-10-01",
        who="emre",
        qualification="BK-HOUTBEWERKER",
        pathway="evc_traject",
        partners=["testcentrum-hout"],
    )
    emre.post(
        centre,
        "RecognitionStepRecorded",
        "2025-10-15",
        procedure_id="evc-emre",
        step="quickscan",
        outcome="positief",
        notes="15 jaar ervaring in schrijnwerkerij",
    )
    emre.post(
        centre,
        "RecognitionStepRecorded",
        "2025-11-04",
        procedure_id="evc-emre",
        step="practical_test",
        outcome="geslaagd",
        notes="proef op de machinepark-opstelling",
    )
    codes = ["HB-01", "HB-02", "HB-03", "HB-04", "HB-05", "HB-06"]
    decision = emre.post(
        centre,
        "RecognitionDecided",
        "2025-11-10",
        procedure_id="evc-emre",
        competences_recognised=codes,
        decided_by="assessor-wim",
    )
    emre.post(
        sector,
        "ExemptionGranted",
        "2025-11-12",
        competences=codes,
        modules=[],
        basis="recognition_decision",
        evidence=[f"urn:leerspoor:event:{decision}"],
        decided_by="consulent-jo",
    )
    emre.post(sector, "PartialCertificateAwarded", "2025-11-12", certificate_code="DK-ZAGEN")
    emre.post(sector, "QualificationAwarded", "2025-11-12")
    emre.post(
        sector,
        "TrajectoryClosed",
        "2025-11-13",
        outcome="qualified",
        reason="rechtstreeks gekwalificeerd via EVC",
        exit="completed",
    )

    fien = Script("hout-fien")
    opened(
        fien,
        sector,
        "2025-10-01",
        who="fien",
        qualification="BK-HOUTBEWERKER",
        pathway="kwalificerend_traject_werkenden",
        partners=["syntra-hout"],
    )
    fien.post(
        sector,
        "ExemptionGranted",
        "2025-10-05",
        competences=["HB-01", "HB-02"],
        modules=[],
        basis="prior_certificate",
        evidence=["attest VCA-basis 2021", "getuigschrift BSO hout"],
        decided_by="consulent-jo",
    )
    fien.post(
        sector,
        "ExemptionRefused",
        "2025-10-05",
        competences=["HB-04"],
        modules=[],
        basis="prior_certificate",
        reason="attest CNC ouder dan 10 jaar",
        decided_by="consulent-jo",
    )
    trainer = provider("syntra-hout", "docent-karel")
    assessed(fien, trainer, "2025-12-02", "HB-03", setting="simulated_workplace", role="assessor")
    module_done(fien, trainer, "2026-02-20", "M-HB-CNC", 8)
    return Scenario(
        "houtbewerker",
        "Machinaal houtbewerker (Woodwize)",
        (*emre.steps, *fien.steps),
        {
            emre.key: Expected("closed", "qualified", frozenset({"DK-ZAGEN", "BK-HOUTBEWERKER"})),
            fien.key: Expected("open", None, frozenset(), ("HB-05", "HB-06")),
        },
    )


def sociaal_werk() -> Scenario:
    """A side-entrant into social work: portfolio, home assignments, a STARR jury interview and
    a simulation lead to recognised competences, exemptions and a shortened trajectory."""
    evc, school = (
        provider("evc-sociaal", "begeleider-mia"),
        provider("hogeschool-sociaal", "docent-tom"),
    )
    gilles = Script("sociaal-gilles")
    opened(
        gilles,
        school,
        "2025-09-15",
        who="gilles",
        qualification="BK-SOCIAALWERK",
        pathway="evc_traject",
        partners=["evc-sociaal", "oca-welzijn"],
    )
    for day, step in [
        ("2025-09-20", "portfolio"),
        ("2025-10-01", "home_assignment"),
        ("2025-10-12", "jury"),
        ("2025-10-20", "simulation"),
    ]:
        gilles.post(
            evc,
            "RecognitionStepRecorded",
            day,
            procedure_id="evc-gilles",
            step=step,
            outcome="voldoende",
            notes="STARR" if step == "jury" else "",
        )
    decision = gilles.post(
        evc,
        "RecognitionDecided",
        "2025-10-25",
        procedure_id="evc-gilles",
        competences_recognised=["SW-01", "SW-02", "SW-03"],
        decided_by="jury-sociaal-werk",
    )
    gilles.post(
        school,
        "ExemptionGranted",
        "2025-11-01",
        competences=["SW-01", "SW-02", "SW-03"],
        modules=[],
        basis="recognition_decision",
        evidence=[f"urn:leerspoor:event:{decision}"],
        decided_by="docent-tom",
    )
    agreement(gilles, school, "2026-02-01", "oca-welzijn", "mentor-sara", "2026-05-31")
    module_done(gilles, school, "2026-01-20", "M-SW-RECHT", 6)
    module_done(gilles, school, "2026-03-15", "M-SW-REFLECTIE", 3)
    assessed(
        gilles,
        workplace("oca-welzijn", "mentor-sara"),
        "2026-05-20",
        "SW-06",
        setting="workplace",
        role="mentor",
    )
    gilles.post(school, "QualificationAwarded", "2026-06-01")
    gilles.post(
        school,
        "TrajectoryClosed",
        "2026-06-02",
        outcome="qualified",
        reason="verkort traject afgerond",
        exit="completed",
    )
    return Scenario(
        "sociaal-werk",
        "Zij-instromer sociaal werk via EVC",
        tuple(gilles.steps),
        {gilles.key: Expected("closed", "qualified", frozenset({"BK-SOCIAALWERK"}))},
    )


def duaal_leren() -> Scenario:
    """A 16-year-old in dual learning: intake, orientation, an agreement with an accredited
    company, modules and workplace assessments, the qualification before 18, and a warm
    handover to VDAB. A wrongly posted module result is retracted on the way."""
    school, company = (
        provider("cdo-elektro", "trajectbegeleider-ann"),
        workplace("elektro-peeters", "mentor-jef"),
    )
    ilias = Script("duaal-ilias")
    opened(
        ilias,
        school,
        "2025-09-01",
        who="ilias",
        qualification="BK-ELEKTRO",
        pathway="duaal_leren",
        partners=["elektro-peeters"],
        arbeidsbereid=True,
        arbeidsrijp="arbeidsrijp",
    )
    ilias.post(
        school,
        "IntakeHeld",
        "2025-09-03",
        outcome="start in duaal leren",
        arbeidsbereid=True,
        arbeidsrijp="arbeidsrijp",
        consent_to_share=True,
    )
    ilias.post(school, "OrientationCompleted", "2025-09-10", chosen_qualification_code="BK-ELEKTRO")
    agreement(
        ilias, school, "2025-09-15", "elektro-peeters", "mentor-jef", "2027-06-30", "dual_contract"
    )
    wrong = ilias.post(
        school,
        "ModuleCompleted",
        "2025-12-20",
        module_code="M-EI-KLANT",
        result="passed",
        score="12",
        study_points=3,
        competences=[],
        assessed_by="docent-bram",
    )
    ilias.post(
        school,
        "EventRetracted",
        "2025-12-21",
        original_event_id=wrong,
        reason="resultaat bij de verkeerde leerling ingevoerd",
    )
    module_done(ilias, school, "2026-01-30", "M-EI-BASIS", 10)
    assessed(ilias, company, "2026-03-10", "EI-02", setting="workplace", role="mentor")
    assessed(ilias, company, "2026-04-22", "EI-04", setting="workplace", role="mentor")
    module_done(ilias, school, "2026-05-30", "M-EI-KLANT", 3)
    ilias.post(school, "QualificationAwarded", "2026-06-20")
    ilias.post(
        school,
        "LearnerHandedOver",
        "2026-06-25",
        to_organisation=org("vdab"),
        kind="employment_service",
        becomes_lead=False,
        note="warme overdracht naar VDAB",
    )
    ilias.post(
        school,
        "TrajectoryClosed",
        "2026-06-30",
        outcome="qualified",
        reason="gekwalificeerd voor 18",
        exit="completed",
    )
    return Scenario(
        "duaal-leren",
        "Duaal leren, 16 jaar, beroepskwalificerende leerweg",
        tuple(ilias.steps),
        {ilias.key: Expected("closed", "qualified", frozenset({"BK-ELEKTRO"}))},
    )


def microdegree() -> Scenario:
    """A microdegree of three 4-point courses, stacked as a partial certificate toward the
    associate degree; the learner stops after the microdegree."""
    college = provider("hogeschool-data", "docent-noor")
    jana = Script("micro-jana")
    opened(
        jana,
        college,
        "2025-09-20",
        who="jana",
        qualification="GRAD-DATA",
        pathway="microdegree",
        partners=[],
    )
    for day, code in [
        ("2025-10-30", "MD-SQL"),
        ("2025-11-27", "MD-VIS"),
        ("2025-12-18", "MD-STAT"),
    ]:
        jana.post(college, "ModuleEnrolled", day[:8] + "01", module_code=code)
        module_done(jana, college, day, code, 4)
    jana.post(college, "PartialCertificateAwarded", "2025-12-20", certificate_code="MICRO-DATA")
    jana.post(
        college,
        "TrajectoryClosed",
        "2026-01-15",
        outcome="partially_qualified",
        reason="microdegree behaald; stapelt later verder",
        exit="completed",
    )
    return Scenario(
        "microdegree",
        "Microdegree data-analyse (12 studiepunten)",
        tuple(jana.steps),
        {
            jana.key: Expected(
                "closed", "partially_qualified", frozenset({"MICRO-DATA"}), ("DA-04", "DA-05")
            )
        },
    )


def scenarios() -> list[Scenario]:
    return [
        hulpkelner(),
        zorgkundige(),
        houtbewerker(),
        sociaal_werk(),
        duaal_leren(),
        microdegree(),
    ]
