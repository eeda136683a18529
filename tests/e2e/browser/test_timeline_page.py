"""An auditor reads a trajectory's timeline and moves it back in time."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.builders import a_demo_dual_trajectory
from tests.e2e.browser.conftest import Site, accessible_and_pictured, sign_in


def test_an_auditor_moves_the_timeline_back_and_sees_the_earlier_state(
    page: Page, site: Site
) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto(f"/timeline/{site.trajectories['duaal-ilias']}?axis=occurred")
    expect(page.get_by_test_id("status")).to_have_text("afgesloten — gekwalificeerd")
    expect(page.get_by_test_id("progress")).to_have_text("100 %")
    expect(page.get_by_test_id("integrity")).to_contain_text("Keten intact")
    accessible_and_pictured(page, "timeline-now")

    page.get_by_label("Schuif door de gebeurtenissen").fill("1")

    expect(page.get_by_test_id("status")).to_have_text("lopend")
    expect(page.get_by_test_id("progress")).to_have_text("0 %")
    expect(page.locator("[data-type=TrajectoryClosed]")).to_have_attribute("data-later", "yes")
    accessible_and_pictured(page, "timeline-earlier")


def test_a_retraction_is_shown_against_the_event_it_retracted(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto(f"/timeline/{site.trajectories['duaal-ilias']}?lang=en")
    retraction = page.locator("[data-type=EventRetracted]")
    expect(retraction).to_contain_text("Retracts #")
    expect(retraction).to_contain_text("ModuleCompleted")
    expect(page.locator(".event.retracted")).to_contain_text("Retracted by #")


def test_a_correction_shows_the_value_it_changed(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto(f"/timeline/{site.trajectories['zorg-dirk']}")
    expect(page.locator("[data-type=EventCorrected]")).to_contain_text(
        "level: in_development → mastered"
    )


def test_the_timeline_asks_a_signed_out_visitor_to_sign_in(page: Page, site: Site) -> None:
    page.goto(f"/timeline/{site.trajectories['duaal-ilias']}")
    expect(page.get_by_label("Toegangstoken")).to_be_visible()
    accessible_and_pictured(page, "signin")


def test_the_auditor_index_names_learners_and_searches(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto("/timeline")
    row = page.locator(f"[data-trajectory='{site.trajectories['hulpkelner-amina']}']")
    expect(row).to_contain_text("Amina El Idrissi")
    expect(row).to_contain_text("Hulpkelner")
    expect(row).to_contain_text("CVO HIK")
    expect(row).to_contain_text("afgesloten")
    page.get_by_label("Zoek op lerende, opleiding, kwalificatie of status").fill("amina hulpkelner")
    page.get_by_role("button", name="Zoeken").click()
    rows = page.get_by_test_id("trajectories").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id("trajectories")).not_to_contain_text("Ilias")
    accessible_and_pictured(page, "timeline-index-search")


def test_events_read_as_sentences_with_the_raw_event_behind_a_toggle(
    page: Page, site: Site
) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto(f"/timeline/{site.trajectories['duaal-ilias']}")
    assessed = page.locator("[data-type=CompetenceAssessed]").first
    expect(assessed.get_by_role("heading")).to_contain_text(
        "Mentor mentor-jef van Elektro Peeters bv (illustratief) beoordeelde EI-02"
    )
    expect(assessed.get_by_role("heading")).to_contain_text("als beheerst, op de werkplek")
    raw = page.locator("[data-type=TrajectoryOpened] details")
    expect(raw.locator("pre")).not_to_be_visible()
    raw.locator("summary").click()
    expect(raw.locator("pre")).to_contain_text('"qualification_code": "OK-ELEKTRICITEIT-DUAAL"')
    expect(raw.locator("pre")).not_to_contain_text("originator_topic")
    expect(page.get_by_test_id("integrity")).to_have_attribute("data-integrity", "ok")


def test_a_revoked_badge_is_marked_on_the_event_that_issued_it(page: Page, site: Site) -> None:
    trajectory = a_demo_dual_trajectory(site.ledger, learner="emre", with_agreement=False)
    trajectory.complete_module("DU-AREI")
    sign_in(page, site.tokens["auditor"])
    page.goto("/timeline")  # the index brings the badges up to date: the module's is issued
    completed = next(
        f for f in trajectory.trajectory.facts.values() if f.event_type == "ModuleCompleted"
    )
    trajectory.retract(completed.event_id)
    page.goto("/timeline")  # and now revoked
    page.goto(f"/timeline/{trajectory.trajectory_id}")
    issued = page.locator("[data-type=BadgeIssued]")
    expect(issued.get_by_test_id("badge-revoked")).to_contain_text(
        "Deze badge werd later ingetrokken"
    )
    expect(page.locator("[data-type=BadgeRevoked]")).to_contain_text("Leerspoor trok een badge in")


def test_recognition_steps_and_guidance_read_in_the_pages_language(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto(f"/timeline/{site.trajectories['sociaal-werk-gilles']}")
    steps = page.locator("[data-type=RecognitionStepRecorded]")
    expect(steps.nth(1)).to_contain_text("registreerde de EVC-stap thuisopdracht: voldoende")
    expect(steps.nth(4)).to_contain_text("de EVC-stap geïntegreerde opdracht: geslaagd")
    expect(page.locator("[data-type=GuidanceRecorded]")).to_contain_text(
        "registreerde begeleiding: een gesprek met de competentiecoach"
    )
    page.goto(f"/timeline/{site.trajectories['sociaal-werk-gilles']}?lang=en")
    expect(steps.nth(1)).to_contain_text("recorded the recognition step home assignment")
    expect(page.locator("[data-type=GuidanceRecorded]")).to_contain_text(
        "recorded guidance: a talk with the competence coach"
    )
    accessible_and_pictured(page, "timeline-recognition-en")
