"""A provider reads its cohorts and monitoring figures as charts and tables."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ledger import Role
from tests.e2e.browser.conftest import Site, accessible_and_pictured, sign_in
from tests.tokens import a_token


def test_a_provider_sees_its_learners_per_state_as_a_chart_and_a_table(
    page: Page, site: Site
) -> None:
    sign_in(page, site.tokens["provider"])
    expect(page).to_have_url(f"{site.base_url}/cohorts")
    row = page.locator("[data-qualification=CVO-HULPKELNER]")
    expect(row.locator("[data-state=closed]")).to_have_text("2")
    expect(page.get_by_role("img", name="Staafdiagram: lerenden per toestand")).to_be_visible()
    expect(page.get_by_test_id("table-outflow")).to_contain_text(
        "kwalificerend traject voor werkenden"
    )
    accessible_and_pictured(page, "cohorts")


def test_a_provider_reads_its_person_level_outflow_with_the_definitions_beside(
    page: Page, site: Site
) -> None:
    sign_in(page, site.tokens["provider"])
    people = page.get_by_test_id("table-people")
    qualified = people.locator("[data-measure='outflow.qualified_outflow']")
    expect(qualified.locator("[data-year='2021-2022']")).to_have_text("1 / 1 (100 %)")  # Amina
    expect(qualified).to_contain_text("Uitstromers met minstens één volledige kwalificatie")
    reoriented = people.locator("[data-measure='outflow.closings.reoriented']")
    expect(reoriented.locator("[data-year='2021-2022']")).to_have_text("1 / 2 (50 %)")  # Bart
    expect(page.get_by_test_id("workplace-shares")).to_contain_text("960 / 1110 (86 %)")
    page.goto("/cohorts?lang=en")
    qualified = page.get_by_test_id("table-people").locator(
        "[data-measure='outflow.qualified_outflow']"
    )
    expect(qualified).to_contain_text("Leavers holding at least one full qualification")


def test_a_learner_may_not_see_the_cohort_page(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["fien"])
    response = page.goto("/cohorts")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")


def test_the_cohort_page_names_the_provider_and_drills_down_to_what_each_misses(
    page: Page, site: Site
) -> None:
    sign_in(page, site.tokens["provider"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorten van CVO HIK")
    row = page.locator("[data-qualification=CVO-HULPKELNER]")
    row.get_by_role("link", name="Hulpkelner").click()
    expect(page).to_have_url(f"{site.base_url}/cohorts/CVO-HULPKELNER")
    learners = page.get_by_test_id("cohort").locator(":scope > li")
    expect(learners).to_have_count(2)
    expect(page.get_by_test_id("cohort")).to_contain_text("Amina El Idrissi")
    unqualified = learners.filter(has_not=page.get_by_test_id("missing-none"))
    expect(unqualified.get_by_test_id("missing").first).to_contain_text("HK-")
    accessible_and_pictured(page, "cohort-drill-down")


def test_a_provider_whose_learners_are_all_under_way_reads_that_there_is_no_outflow_yet(
    page: Page, site: Site
) -> None:
    # Woodwize's only learner in the demo (Fien) is still on her way to the qualification.
    sign_in(page, a_token(site.store, Role.PROVIDER, "woodwize"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorten van Woodwize")
    row = page.locator("[data-qualification=BK-MACHINAAL-HOUTBEWERKER]")
    expect(row.locator("[data-state=open]")).to_have_text("1")
    outflow = page.get_by_test_id("outflow")
    expect(outflow.get_by_test_id("no-outflow")).to_have_text(
        "Nog geen enkel traject is afgesloten: er is nog geen uitstroom."
    )
    expect(outflow.locator("table")).to_have_count(0)
    expect(outflow.get_by_role("img")).to_have_count(0)
    accessible_and_pictured(page, "cohorts-no-outflow")
