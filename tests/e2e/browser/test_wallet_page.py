"""A learner follows their wallet: whose it is, progress per competence and how it was
covered, badges as a stack, revoked badges greyed with nothing to share, share links with
expiry, and an empty wallet that says so."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import Page, expect

from ledger import Actor, Learner, Organisation, Role, Submission
from tests.builders import a_demo_dual_trajectory, admin_stamp
from tests.e2e.browser.conftest import Site, accessible_and_pictured, sign_in
from tests.tokens import a_token


def test_the_wallet_shows_each_competence_covered_or_missing(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    expect(page).to_have_url(f"{site.base_url}/wallet")
    expect(page.get_by_test_id("owner")).to_have_text("Wallet van Fien Janssens")
    expect(page.locator("[data-competence=MH-01]")).to_contain_text("vrijstelling")
    expect(page.locator("[data-competence=MH-05]")).to_have_attribute("data-covered", "no")
    accessible_and_pictured(page, "wallet")


def test_the_how_column_names_the_module_and_the_assessment(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    trajectory = page.locator(f"[data-trajectory='{site.trajectories['hulpkelner-amina']}']")
    expect(trajectory.locator("[data-competence=HK-T2]")).to_contain_text(
        "module HK-M-BEDIENING Bediening"
    )
    expect(trajectory.locator("[data-competence=HK-G1]")).to_contain_text(
        "beoordeeld als beheerst door de mentor, op de werkplek"
    )
    expect(trajectory.get_by_test_id("trajectory-origin")).to_contain_text(
        "Bij CVO HIK, gestart op 1 september 2021"
    )


def test_badges_stand_as_a_stack_under_the_qualification(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    stack = page.locator(
        f"[data-trajectory='{site.trajectories['hulpkelner-amina']}'] [data-testid=stack]"
    )
    qualification = stack.locator(":scope > [data-kind=qualification]")
    expect(qualification).to_have_count(1)
    expect(qualification.locator("[data-kind=module]")).to_have_count(2)
    # Her five workplace assessments (HK-G1, HK-G2, HK-G3, HK-T1, HK-T4) each earned one.
    expect(qualification.locator("[data-kind=competence]")).to_have_count(5)
    expect(qualification.locator("img").first).to_be_visible()


def test_a_share_link_shows_its_expiry_and_a_copy_button(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    badge = page.locator("[data-kind=competence][data-status=active]").first
    badge.get_by_role("button", name="Deellink maken").click()
    share = page.locator("[data-kind=competence][data-status=active]").first.locator(".share").first
    expect(share).to_contain_text("geldig tot")
    expect(share.get_by_role("button", name="Kopieer link")).to_be_visible()


def test_a_revoked_badge_is_greyed_with_date_and_reason_and_cannot_be_shared(
    page: Page, site: Site
) -> None:
    learner_token = a_token(site.store, Role.LEARNER, learner="dirk")
    trajectory = a_demo_dual_trajectory(site.ledger, learner="dirk", with_agreement=False)
    module = trajectory.complete_module("DU-AREI")
    sign_in(page, learner_token)  # reading the wallet issues the module badge
    mine = f"[data-trajectory='{trajectory.trajectory_id}'] [data-kind=module]"
    card = page.locator(mine)
    expect(card).to_have_attribute("data-status", "active")
    trajectory.retract(
        site.ledger.trajectory(trajectory.trajectory_id)
        .facts[next(e for e in trajectory.trajectory.facts if e.startswith("ModuleCompleted"))]
        .event_id
    )
    assert module.version > 0
    page.reload()
    card = page.locator(mine)
    expect(card).to_have_attribute("data-status", "revoked")
    expect(card.get_by_test_id("badge-ended")).to_contain_text("Ingetrokken op")
    expect(card.get_by_test_id("badge-ended")).to_contain_text("werd ingetrokken")
    expect(card.get_by_role("button", name="Deellink maken")).to_have_count(0)
    expect(card.get_by_role("link", name="Toevoegen aan LinkedIn-profiel")).to_have_count(0)
    accessible_and_pictured(page, "wallet-revoked")


def test_an_empty_wallet_says_what_will_appear(page: Page, site: Site) -> None:
    site.ledger.register_learner(
        "browser-empty",
        stamp=admin_stamp(site.ledger, datetime.fromisoformat("2026-01-01T10:00:00+01:00")),
        given_name="Noor",
        family_name="Leeg",
        birth_date="2001-01-01",
    )
    store = site.store
    token = store.create(Role.LEARNER, subject=str(Learner.id_for("browser-empty"))).secret
    sign_in(page, token)
    expect(page.get_by_test_id("owner")).to_have_text("Wallet van Noor Leeg")
    expect(page.get_by_test_id("empty-wallet")).to_contain_text("Je wallet is nog leeg")
    accessible_and_pictured(page, "wallet-empty")


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
    expect(afwerking).to_contain_text("beoordeeld als beheerst door de mentor, op de werkplek")
    accessible_and_pictured(page, "wallet-after-new-event")


def test_the_wallet_speaks_english_after_the_switch(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My trajectory and badges")
    expect(page.get_by_role("heading", level=2, name="Assistant waiter")).to_be_visible()
    page.goto("/wallet")  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_signing_out_ends_the_wallet_session(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    page.get_by_role("button", name="Afmelden").click()
    page.goto("/wallet")
    expect(page.get_by_label("Toegangstoken")).to_be_visible()
