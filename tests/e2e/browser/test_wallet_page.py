"""A learner follows their wallet: progress per competence, and badges held."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import Page, expect

from ledger import Actor, Organisation, Role, Submission
from tests.e2e.browser.conftest import Site, accessible_and_pictured, sign_in


def test_the_wallet_shows_each_competence_covered_or_missing(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    expect(page).to_have_url(f"{site.base_url}/wallet")
    expect(page.locator("[data-competence=MH-01]")).to_contain_text("vrijstelling")
    expect(page.locator("[data-competence=MH-05]")).to_have_attribute("data-covered", "no")
    accessible_and_pictured(page, "wallet")


def test_the_open_wallet_follows_a_new_event(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    afwerking = page.locator("[data-competence=MH-05]")
    expect(afwerking).to_have_attribute("data-covered", "no")

    mentor = Actor(
        id="mentor-verhaeghe",
        role=Role.WORKPLACE,
        organisation_id=Organisation.id_for("schrijnwerkerij-illustratief"),
    )
    assessment = Submission(
        event_type="CompetenceAssessed",
        event_id="browser-test-fien-afwerking",
        occurred_at=datetime.fromisoformat("2025-04-04T10:00:00+02:00"),
        fields={
            "competence_code": "MH-05",
            "indicators_met": ["meet toleranties"],
            "level": "mastered",
            "setting": "workplace",
            "assessor_role": "mentor",
            "assessor_id": "mentor-verhaeghe",
            "evidence": ["eindcontrole van een reeks kasten"],
        },
    )
    site.ledger.post(site.trajectories["hout-fien"], assessment, actor=mentor)

    # No reload here: the page's own refresh picks the change up.
    expect(afwerking).to_have_attribute("data-covered", "yes", timeout=15_000)
    expect(afwerking).to_contain_text("beoordeling")
    accessible_and_pictured(page, "wallet-after-new-event")


def test_the_wallet_speaks_english_after_the_switch(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My trajectory and badges")
    page.goto("/wallet")  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_signing_out_ends_the_wallet_session(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    page.get_by_role("button", name="Afmelden").click()
    page.goto("/wallet")
    expect(page.get_by_label("Toegangstoken")).to_be_visible()
