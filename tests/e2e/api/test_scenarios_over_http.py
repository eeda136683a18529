"""Acceptance (issue 16): from an empty store, the demo's organisations, catalogue,
recognitions, accreditations, learners and all six seed scenarios go in through the HTTP
API alone (``demo_over_http.OverHttp``: the routes, tokens made through the admin token
route); each scenario reaches its expected end state and its awards end in badges that
verify. Then each refusal issue 16 names is tried over HTTP, naming its rule, with nothing
appended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.demo import (
    Expected,
    Scenario,
    load_demo,
    reference,
    seed_scenarios,
    trajectory_ids,
)
from tests.contract_checks import a_posted_event
from tests.e2e.api.conftest import FreshApi
from tests.e2e.api.demo_over_http import Loaded, open_for, opening, refused

PROBLEM = "https://leerspoor.be/problems/"
SCENARIOS = seed_scenarios()
IDS = trajectory_ids(SCENARIOS)
CASES = [(s, key) for s in SCENARIOS for key in s.expected]
AWARD_KINDS = ("partial_certificate", "qualification")


@pytest.fixture(scope="module")
def loaded(fresh_api: FreshApi) -> Loaded:
    """The whole demo loaded over HTTP into a server on an empty store."""
    return Loaded(fresh_api.api, fresh_api.ledger, load_demo(fresh_api.api))


def lead_of(scenario: Scenario, key: str) -> str:
    return next(
        s.actor.organisation
        for s in scenario.steps
        if s.trajectory == key and s.event_type == "TrajectoryOpened"
    )


def test_the_whole_demo_goes_in_over_http_from_an_empty_store(loaded: Loaded) -> None:
    registry = (
        len(reference.organisations())
        + 1  # the catalogue, one import
        + len(reference.recognitions())
        + len(reference.accreditations())
        + len(reference.mentor_trainings())
        + len(reference.learners())
    )
    steps = sum(len(s.steps) for s in SCENARIOS)
    assert (loaded.result.appended, loaded.result.duplicates) == (registry + steps, 0)


@dataclass
class EndState:
    """One trajectory of a seed scenario: what the scenario expects and what the API says."""

    scenario: Scenario
    key: str
    expected: Expected
    state: dict[str, Any]


@pytest.fixture(params=CASES, ids=[k for _, k in CASES])
def end_state(request: pytest.FixtureRequest, loaded: Loaded) -> EndState:
    scenario, key = request.param
    state = loaded.api.trajectory(IDS[key], lead_of(scenario, key))
    return EndState(scenario, key, scenario.expected[key], state)


def test_each_scenario_reaches_its_end_state_over_http(end_state: EndState) -> None:
    expected, state = end_state.expected, end_state.state
    assert state["status"] == expected.status
    assert state["outcome"] == expected.outcome
    assert tuple(state["missing"]) == expected.missing
    awarded = {a.get("certificate_code") or a["qualification_code"] for a in state["awards"]}
    assert awarded == expected.awards


def test_each_award_ends_in_an_active_badge_that_verifies(
    loaded: Loaded, end_state: EndState
) -> None:
    badges = {
        b["achievement_code"]: b
        for b in end_state.state["badges"]
        if b["achievement_kind"] in AWARD_KINDS and b["status"] == "active"
    }
    assert set(badges) == set(end_state.expected.awards)
    learner = end_state.scenario.learners[end_state.key]
    held = {c["badge_id"]: c for c in loaded.api.credentials(learner)}
    with httpx.Client(base_url=str(loaded.api.client.base_url), timeout=60) as public:
        for badge in badges.values():
            credential = held[badge["badge_id"]]["credential"]
            verdict = public.post("/v1/verify", json=credential).json()
            assert verdict["verified"] is True, (badge, verdict)


def credential_of(loaded: Loaded, learner: str, code: str) -> dict[str, Any]:
    return next(c for c in loaded.api.credentials(learner) if c["code"] == code)["credential"]


# The badge content issue 16 asks for: badges named by the kind of what is awarded.
KIND_WORDS = [
    ("kobe", "BK-ELEKTRISCH-INSTALLATEUR", "beroepskwalificatie"),
    ("emre", "BK-MACHINAAL-HOUTBEWERKER", "beroepskwalificatie"),
    ("fien", "DK-ZAGEN-SCHAVEN", "deelkwalificatie"),
    pytest.param("amina", "CVO-HULPKELNER", "certificaat"),
    pytest.param("ilias", "OK-ELEKTRICITEIT-DUAAL", "onderwijskwalificatie"),
    pytest.param("ilias", "BK-ELEKTRISCH-INSTALLATEUR", "beroepskwalificatie"),
    pytest.param("jana", "MD-KRACHTIG-LERAARSCHAP", "getuigschrift"),
    pytest.param("gilles", "OK-BACHELOR-SOCIAAL-WERK", "onderwijskwalificatie"),
]


@pytest.mark.parametrize(("learner", "code", "kind"), KIND_WORDS)
def test_each_award_badge_is_named_by_the_kind_of_what_is_awarded(
    loaded: Loaded, learner: str, code: str, kind: str
) -> None:
    achievement = credential_of(loaded, learner, code)["credentialSubject"]["achievement"]
    name = str(achievement["name"]).lower()
    assert kind in name
    if kind != "beroepskwalificatie":
        assert "beroepskwalificatie" not in name


@pytest.mark.parametrize("key", ["sociaal-werk-gilles", "hout-emre"])
def test_a_positive_recognition_decision_earns_a_competentiebewijs_badge(
    loaded: Loaded, key: str
) -> None:
    scenario = next(s for s in SCENARIOS if key in s.expected)
    state = loaded.api.trajectory(IDS[key], lead_of(scenario, key))
    assert any(
        b["achievement_kind"] == "recognition" and b["status"] == "active" for b in state["badges"]
    )


# -- badge content an employer can read (issue 16) ---------------------------------------------


def achievement_of(loaded: Loaded, learner: str, code: str) -> dict[str, Any]:
    achievement: dict[str, Any] = credential_of(loaded, learner, code)["credentialSubject"][
        "achievement"
    ]
    return achievement


def test_a_badge_names_its_learning_outcomes_in_dutch_and_english_with_the_generic_apart(
    loaded: Loaded,
) -> None:
    achievement = achievement_of(loaded, "amina", "CVO-HULPKELNER")
    assert achievement["nameTranslations"] == {
        "nl": "Certificaat Hulpkelner",
        "en": "Assistant waiter (certificate)",
    }
    nl, en = (
        achievement["descriptionTranslations"]["nl"],
        achievement["descriptionTranslations"]["en"],
    )
    assert achievement["description"] == nl
    assert "Leerresultaten: zaal en terras klaarzetten;" in nl
    assert "Generieke competenties: samenwerken in de ploeg;" in nl
    assert "Generic competences: working in the team;" in en
    assert "VKS 2" in nl


def test_a_badge_names_the_issuers_recognition_for_the_award(loaded: Loaded) -> None:
    criteria = achievement_of(loaded, "amina", "CVO-HULPKELNER")["criteria"]["narrative"]
    assert "CVO HIK is erkend om CVO-HULPKELNER uit te reiken" in criteria
    assert "CVO HIK is recognised to award CVO-HULPKELNER" in criteria


def test_a_route_a_award_says_it_was_earned_at_a_recognised_test_centre(loaded: Loaded) -> None:
    credential = credential_of(loaded, "emre", "BK-MACHINAAL-HOUTBEWERKER")
    criteria = credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert credential["issuer"]["name"].startswith("CVO Qrios")
    assert "EVC-procedure bij een erkend testcentrum tegen de EVC-standaard" in criteria
    assert "quickscan; portfolio; praktijkproef" in criteria
    assert "is erkend als EVC-testcentrum voor EVC-MACHINAAL-HOUTBEWERKER" in criteria


def test_a_dual_learning_award_states_its_registered_hours_at_an_accredited_workplace(
    loaded: Loaded,
) -> None:
    criteria = achievement_of(loaded, "ilias", "OK-ELEKTRICITEIT-DUAAL")["criteria"]["narrative"]
    assert "600 geregistreerde uren leren op de werkplek bij Elektro Peeters" in criteria
    assert "(erkend) en 350 uren bij de aanbieder" in criteria
    assert "600 registered hours of learning at the workplace" in criteria


def test_an_award_on_exemptions_states_each_exemption_and_its_basis(loaded: Loaded) -> None:
    criteria = achievement_of(loaded, "fien", "DK-ZAGEN-SCHAVEN")["criteria"]["narrative"]
    assert (
        "Vrijgesteld van Veilig werken met houtbewerkingsmachines; MH-01 op basis van een eerder "
        "behaald certificaat of studiebewijs (EVK), concordantietabel WW-EVK: VCA-basisattest"
    ) in criteria
    assert "concordantietabel WW-EVK: studiebewijs secundair onderwijs houtbewerking" in criteria
    assert "Die vrijstelling geldt enkel binnen: Woodwize." in criteria  # S4 L2597-2609


def test_a_competentiebewijs_states_the_procedure_and_its_limited_validity(loaded: Loaded) -> None:
    achievement = achievement_of(loaded, "gilles", "odisee-evc-2022-044")
    criteria = achievement["criteria"]["narrative"]
    assert achievement["name"] == "Competentiebewijs Bachelor in het sociaal werk"
    assert "geïntegreerde opdracht ter plekke" in criteria
    assert "Geldig enkel binnen: Odisee hogeschool; ODISEE-BSW." in criteria
    assert {a["targetCode"] for a in achievement["alignment"]} >= {"SW-01", "SW-03", "SW-05"}


def test_a_microdegree_states_its_study_points_and_what_they_count_toward(loaded: Loaded) -> None:
    achievement = achievement_of(loaded, "jana", "MD-KRACHTIG-LERAARSCHAP")
    assert achievement["creditsAvailable"] == 12
    assert achievement["achievementType"] == "MicroCredential"
    description = achievement["descriptionTranslations"]
    assert "12 studiepunten" in description["nl"]
    assert "BANABA-ZORGVERBREDING; BANABA-SCHOOLONTWIKKELING" in description["en"]
    # A course of a programme counted in study points ends in a creditbewijs (S4 L6634).
    assert achievement_of(loaded, "jana", "KL-HGW")["name"].startswith("Creditbewijs")


def test_every_badge_describes_its_evidence_in_words_and_matches_the_ob3_schema(
    loaded: Loaded,
) -> None:
    from badges.schema import schema_errors
    from ledger import TRAJECTORY_EVENT_TYPES

    held = [
        c
        for learner in ("amina", "emre", "fien", "gilles", "ilias", "jana")
        for c in loaded.api.credentials(learner)
    ]
    assert len(held) > 20
    for row in held:
        credential = row["credential"]
        assert schema_errors(credential) == [], row["code"]
        for evidence in credential["evidence"]:
            assert not any(t in evidence["name"] for t in TRAJECTORY_EVENT_TYPES), evidence


def test_a_competentiebewijs_verifies(loaded: Loaded) -> None:
    credential = credential_of(loaded, "gilles", "odisee-evc-2022-044")
    with httpx.Client(base_url=str(loaded.api.client.base_url), timeout=60) as public:
        verdict = public.post("/v1/verify", json=credential).json()
    assert verdict["verified"] is True, verdict


# -- the refusals of issue 16, over HTTP, each naming its rule ---------------------------------


def test_the_entry_profile_refuses_dual_learning_for_a_learner_not_yet_arbeidsrijp(
    loaded: Loaded,
) -> None:
    body = opening(
        "kobe",
        "cdl-elektro",
        "OK-ELEKTRICITEIT-DUAAL",
        pathway="duaal_leren",
        arbeidsbereid=True,
        arbeidsrijp="niet_arbeidsrijp",
    )
    problem = refused(loaded, loaded.api.token("provider", "cdl-elektro"), "/v1/trajectories", body)
    assert problem["type"] == PROBLEM + "entry-profile-not-met"


def test_rule_10_refuses_an_award_by_a_provider_not_recognised_for_the_qualification(
    loaded: Loaded,
) -> None:
    # VIVES is recognised for its microdegree only; it opens a trajectory toward the
    # hulpkelner certificate and tries to award it.
    trajectory = open_for(
        loaded, "vives", opening("jana", "vives", "CVO-HULPKELNER", pathway="volwassenenonderwijs")
    )
    award = a_posted_event("QualificationAwarded", "award", "2026-09-02T09:00:00+02:00", {})
    problem = refused(
        loaded,
        loaded.api.token("provider", "vives"),
        f"/v1/trajectories/{trajectory}/events",
        award,
    )
    assert (problem["type"], problem["rule"]) == (PROBLEM + "rule-10-awarder-not-recognised", 10)


def test_rule_3_refuses_an_exemption_outside_its_concordance_tables_scope(
    loaded: Loaded,
) -> None:
    # Woodwize's table is valid only within Woodwize (S4 L2608-2609): CVO Qrios following
    # Woodwize's programme may not use it.
    from api.demo.scenarios import org

    body = opening(
        "emre",
        "cvo-qrios",
        "BK-MACHINAAL-HOUTBEWERKER",
        pathway="kwalificerend_traject_werkenden",
        programme_code="WW-MHB-WERKPLEK",
    )
    body["data"]["partners"] = [org("woodwize")]
    trajectory = open_for(loaded, "cvo-qrios", body)
    exemption = a_posted_event(
        "ExemptionGranted",
        "exempt",
        "2026-09-02T09:00:00+02:00",
        {
            "competences": ["MH-01"],
            "modules": ["WW-VEILIG"],
            "basis": "prior_certificate",
            "evidence": ["VCA-basisattest"],
            "decided_by": "assessor CVO Qrios",
            "concordance_table": "WW-EVK",
            "concordance_row": "VCA",
        },
    )
    token = loaded.api.token("provider", "cvo-qrios")
    problem = refused(loaded, token, f"/v1/trajectories/{trajectory}/events", exemption)
    assert (problem["type"], problem["rule"]) == (PROBLEM + "rule-3-exemption-out-of-scope", 3)


def test_rule_5_refuses_a_coach_scoring(loaded: Loaded) -> None:
    fien = IDS["hout-fien"]  # still open at Woodwize
    assessment = a_posted_event(
        "CompetenceAssessed",
        "coach",
        "2026-09-02T09:00:00+02:00",
        {
            "competence_code": "MH-04",
            "indicators_met": [],
            "level": "mastered",
            "setting": "school",
            "assessor_role": "coach",
            "assessor_id": "competentiecoach-woodwize",
            "evidence": ["gesprek met de coach"],
        },
    )
    token = loaded.api.token("provider", "woodwize")
    problem = refused(loaded, token, f"/v1/trajectories/{fien}/events", assessment)
    assert (problem["type"], problem["rule"]) == (PROBLEM + "rule-5-assessor-not-entitled", 5)


# -- monitoring over HTTP (docs/monitoring.md) -------------------------------------------------


def test_an_auditor_exports_the_outflow_figures_as_csv(loaded: Loaded) -> None:
    token = loaded.api.token("auditor")
    response = loaded.api.client.get(
        "/v1/monitoring/outflow.csv", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "period_kind,period,measure,group_kind,group,count,denominator,rate"
    # the hand count of tests/integration/projections/test_outflow_figures.py
    assert "school_year,2023-2024,qualified_outflow,all,all,3,3,1.0" in lines
    assert "school_year,2025-2026,vdab_handovers,all,all,1,," in lines
    assert "all,all,workplace_share,pathway,duaal_leren,600,950,0.6316" in lines


def test_a_provider_may_not_read_the_monitoring_export(loaded: Loaded) -> None:
    token = loaded.api.token("provider", "cvo-hik")
    response = loaded.api.client.get(
        "/v1/monitoring/outflow", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
    assert response.json()["type"] == PROBLEM + "forbidden-role"
