"""A learner shares a badge from the wallet; whoever opens the link sees it verified."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import Site, accessible_and_pictured, sign_in


def test_a_share_link_made_in_the_wallet_opens_a_valid_verdict(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    badge = page.locator("[data-kind=module][data-status=active]").first
    expect(badge).to_be_visible()
    accessible_and_pictured(page, "wallet-badges")
    badge.get_by_role("button", name="Deellink maken").click()
    link = badge.locator("a.sharelink").first
    expect(link).to_be_visible()
    share_url = link.get_attribute("href")
    assert share_url is not None
    assert "/s/" in share_url

    page.context.clear_cookies()  # an employer, not signed in
    page.goto(share_url)
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-verdict", "valid")
    expect(page.get_by_test_id("shared-by")).to_contain_text("Gedeeld door Amina El Idrissi")
    expect(page.get_by_test_id("shared-by")).to_contain_text("geldig tot")
    accessible_and_pictured(page, "verify-share-link")


def test_a_revoked_share_link_no_longer_opens(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    badge = page.locator("[data-kind=module][data-status=active]").first
    badge.get_by_role("button", name="Deellink maken").click()
    share_url = page.locator("[data-badge] a.sharelink").first.get_attribute("href")
    assert share_url is not None
    page.locator("[data-kind=module][data-status=active]").first.get_by_role(
        "button", name="Deellink intrekken"
    ).first.click()
    expect(page.locator(f"a.sharelink[href='{share_url}']")).to_have_count(0)
    response = page.goto(share_url)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("bestaat niet (meer)")


def test_the_linkedin_link_names_the_certification(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    link = page.locator("[data-kind=module][data-status=active]").first.get_by_role(
        "link", name="Toevoegen aan LinkedIn"
    )
    href = link.get_attribute("href") or ""
    assert href.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME")
    assert "certId=" in href
    assert "organizationName=" in href


def test_the_employer_checks_the_holder_of_a_shared_badge(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["amina"])
    badge = page.locator("[data-kind=qualification][data-status=active]").first
    badge.get_by_role("button", name="Deellink maken").first.click()
    share_url = badge.locator(":scope > ul.shares a.sharelink").first.get_attribute("href")
    assert share_url is not None
    page.context.clear_cookies()
    page.goto(share_url)
    # The hulpkelner certificate stacks her two module and five competence badges.
    expect(page.get_by_test_id("stacks").locator("[data-status=active]")).to_have_count(7)
    expect(page.get_by_test_id("catalogue-link")).to_have_attribute(
        "href", "/catalogue/CVO-HULPKELNER/v/1"
    )
    page.get_by_label("Naam of e-mailadres van de kandidaat", exact=True).fill(
        "  amina el IDRISSI "
    )
    page.get_by_role("button", name="Houder controleren").click()
    expect(page.get_by_test_id("holder-result")).to_have_attribute("data-holder", "match")
    page.get_by_label("Naam of e-mailadres van de kandidaat", exact=True).fill("Bart Vermeulen")
    page.get_by_role("button", name="Houder controleren").click()
    expect(page.get_by_test_id("holder-result")).to_have_attribute("data-holder", "mismatch")
    page.goto(f"{share_url}?lang=en")
    expect(page.get_by_test_id("achievement")).to_have_text("Assistant waiter")
    expect(page.get_by_test_id("shared-by")).to_contain_text("Shared by Amina El Idrissi")
    accessible_and_pictured(page, "verify-share-holder-en")
