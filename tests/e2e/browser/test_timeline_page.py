"""An auditor reads a trajectory's timeline and moves it back in time."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import Site, accessible_and_pictured, sign_in


def test_an_auditor_moves_the_timeline_back_and_sees_the_earlier_state(
    page: Page, site: Site
) -> None:
    sign_in(page, site.tokens["auditor"])
    page.goto(f"/timeline/{site.trajectories['duaal-ilias']}?axis=occurred")
    expect(page.get_by_test_id("status")).to_have_text("afgesloten — gekwalificeerd")
    expect(page.get_by_test_id("progress")).to_have_text("100%")
    expect(page.get_by_test_id("integrity")).to_contain_text("Keten intact")
    accessible_and_pictured(page, "timeline-now")

    page.get_by_label("Schuif door de gebeurtenissen").fill("1")

    expect(page.get_by_test_id("status")).to_have_text("lopend")
    expect(page.get_by_test_id("progress")).to_have_text("0%")
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
