"""An employer verifies badge files on the public Verify page and reads the verdict."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.badge_files import as_png, as_svg
from tests.e2e.browser.conftest import Site, accessible_and_pictured


def upload(page: Page, name: str, mime: str, data: bytes) -> None:
    page.goto("/verify")
    page.get_by_label("Badgebestand").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_role("button", name="Controleren").click()


def test_a_valid_png_badge_is_shown_valid_with_every_check_passed(page: Page, site: Site) -> None:
    upload(page, "hulpkelner.png", "image/png", as_png(site.badges.valid()))
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_have_attribute("data-verdict", "valid")
    expect(verdict).to_contain_text("Geldig")
    expect(page.get_by_test_id("achievement")).to_have_text("Hulpkelner")
    expect(page.locator("[data-check=proof]")).to_have_attribute("data-outcome", "passed")
    expect(page.locator("[data-check=status]")).to_have_attribute("data-outcome", "passed")
    expect(page.get_by_role("img", name="Badge-afbeelding: Hulpkelner")).to_be_visible()
    accessible_and_pictured(page, "verify-valid")


def test_an_expired_svg_badge_is_shown_expired_with_the_date(page: Page, site: Site) -> None:
    upload(page, "hulpkelner.svg", "image/svg+xml", as_svg(site.badges.expired()))
    expect(page.get_by_test_id("verdict")).to_contain_text("Verlopen")
    validity = page.locator("[data-check=validity]")
    expect(validity).to_have_attribute("data-outcome", "failed")
    expect(validity).to_contain_text("Verlopen op 2025-06-01")
    accessible_and_pictured(page, "verify-expired")


def test_a_revoked_json_badge_is_shown_revoked(page: Page, site: Site) -> None:
    import json

    upload(page, "badge.json", "application/json", json.dumps(site.badges.revoked()).encode())
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-verdict", "revoked")
    expect(page.locator("[data-check=status]")).to_contain_text("Ingetrokken door de uitgever.")
    accessible_and_pictured(page, "verify-revoked")


def test_a_tampered_badge_is_shown_tampered_in_english(page: Page, site: Site) -> None:
    page.goto("/verify?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Badge file").set_input_files(
        files=[{"name": "b.png", "mimeType": "image/png", "buffer": as_png(site.badges.tampered())}]
    )
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("Tampered with or forged")
    expect(page.locator("[data-check=proof]")).to_contain_text("the content was changed")
    accessible_and_pictured(page, "verify-tampered")


def test_a_file_without_a_badge_is_refused_with_a_reason(page: Page, site: Site) -> None:
    upload(page, "cat.png", "image/png", b"\x89PNG\r\n\x1a\nnot really")
    expect(page.get_by_role("alert")).to_contain_text("geen leesbare badge")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_empty_verify_page_is_accessible(page: Page, site: Site, lang: str) -> None:
    page.goto(f"/verify?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    accessible_and_pictured(page, f"verify-form-{lang}")
