"""Anyone reads what a qualification contains on the public catalogue page, in Dutch or
English, without signing in."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import Site, accessible_and_pictured


def test_anyone_finds_a_qualification_and_reads_its_competences(page: Page, site: Site) -> None:
    page.goto("/catalogue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kwalificaties en wat ze inhouden")
    accessible_and_pictured(page, "catalogue")
    page.get_by_role("link", name="Elektrische installaties (duaal)").click()
    expect(page).to_have_url(f"{site.base_url}/catalogue/OK-ELEKTRICITEIT-DUAAL")
    expect(page.locator("#EI-02")).to_contain_text("technisch")
    expect(page.locator("#AV-01")).to_contain_text("generiek")
    expect(page.get_by_text("Onderwijskwalificatie").first).to_be_visible()
    accessible_and_pictured(page, "catalogue-qualification")


def test_the_catalogue_page_speaks_english_and_links_the_composition(
    page: Page, site: Site
) -> None:
    page.goto("/catalogue/OK-ELEKTRICITEIT-DUAAL/v/1?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Electrical installations (dual)")
    page.get_by_role("link", name="Residential electrical installer").click()
    expect(page).to_have_url(f"{site.base_url}/catalogue/BK-ELEKTRISCH-INSTALLATEUR")


def test_an_unknown_qualification_answers_not_found(page: Page, site: Site) -> None:
    response = page.goto("/catalogue/BESTAAT-NIET")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
