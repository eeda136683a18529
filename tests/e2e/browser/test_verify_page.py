"""An employer verifies badge files on the public Verify page: one distinct verdict for
each state, in Dutch and English, at 1280 and 390 px, and what the badge means."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.badge_files import BadgeFiles, as_png, as_svg
from tests.e2e.browser.conftest import (
    WIDTHS,
    Site,
    a_page,
    accessible_and_pictured,
    fits_accessible_and_pictured,
)

# state → (the badge file, its verdict, words the verdict says in Dutch and English)
STATES: dict[str, tuple[Callable[[BadgeFiles], dict[str, Any]], str, str, str]] = {
    "valid": (BadgeFiles.valid, "valid", "Geldig", "Valid"),
    "expired": (
        BadgeFiles.expired,
        "expired",
        "verlopen op 1 juni 2025, 02:00",
        "expired on 1 June 2025, 02:00",
    ),
    "revoked": (BadgeFiles.revoked, "revoked", "Ingetrokken", "Revoked"),
    "tampered": (
        BadgeFiles.tampered,
        "tampered",
        "Gewijzigd of vervalst",
        "Tampered with or forged",
    ),
    "issuer-unknown": (
        BadgeFiles.by_a_stranger,
        "issuer-unknown",
        "Uitgever hier onbekend",
        "Issuer unknown here",
    ),
    "uncheckable": (BadgeFiles.unlisted, "uncheckable", "Niet te controleren", "Cannot be checked"),
}


def upload(page: Page, name: str, mime: str, data: bytes, lang: str = "nl") -> None:
    page.goto(f"/verify?lang={lang}")
    label = "Badgebestand" if lang == "nl" else "Badge file"
    page.get_by_label(label).set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_role("button", name="Controleren" if lang == "nl" else "Verify", exact=True).click()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("state", list(STATES))
def test_each_state_has_its_own_verdict_in_both_languages_and_widths(
    browser: object, site: Site, state: str, lang: str, width: str
) -> None:
    make, verdict, words_nl, words_en = STATES[state]
    with a_page(browser, site, WIDTHS[width]) as page:
        upload(page, "badge.png", "image/png", as_png(make(site.badges)), lang)
        shown = page.get_by_test_id("verdict")
        expect(shown).to_have_attribute("data-verdict", verdict)
        expect(shown).to_contain_text(words_nl if lang == "nl" else words_en)
        fits_accessible_and_pictured(page, f"verify-{state}-{lang}-{WIDTHS[width]['width']}")


def test_a_valid_badge_is_shown_with_its_trusted_issuer_and_meaning(page: Page, site: Site) -> None:
    upload(page, "hulpkelner.png", "image/png", as_png(site.badges.valid()))
    expect(page.get_by_test_id("issuer")).to_have_attribute("data-trust", "trusted")
    expect(page.get_by_test_id("issuer-name")).to_have_text("CVO Horeca (test)")
    expect(page.get_by_test_id("issuer-did")).to_have_text(site.badges.issuer_did)
    expect(page.get_by_test_id("achievement")).to_have_text("Hulpkelner")
    expect(page.get_by_test_id("level")).to_have_text("VKS 2 · EQF 2")
    expect(page.get_by_test_id("competences")).to_contain_text("HK-01 Tafels dekken")
    expect(page.locator("[data-check=status]")).to_have_attribute("data-outcome", "passed")
    expect(page.get_by_role("img", name="Badge-afbeelding: Hulpkelner")).to_be_visible()


def test_an_impersonating_issuer_is_named_only_as_a_claim_with_its_did(
    page: Page, site: Site
) -> None:
    forged = site.badges.by_a_stranger()
    upload(page, "badge.json", "application/json", json.dumps(forged).encode())
    issuer = page.get_by_test_id("issuer")
    expect(issuer).to_have_attribute("data-trust", "unknown")
    expect(issuer).to_contain_text("Onbekend op deze server.")
    expect(issuer).to_contain_text(
        "noemt de uitgever \u201cCVO Horeca\u201d; dat is niet bevestigd"
    )
    expect(page.get_by_test_id("issuer-did")).to_have_text(forged["issuer"]["id"])
    expect(page.get_by_test_id("issuer-name")).to_have_count(0)


def test_a_tampered_badge_never_shows_its_forged_content_as_fact(page: Page, site: Site) -> None:
    upload(page, "b.svg", "image/svg+xml", as_svg(site.badges.tampered()))
    expect(page.get_by_test_id("badge")).to_have_count(0)
    expect(page.get_by_test_id("achievement")).to_have_count(0)
    claims = page.get_by_test_id("claims")
    expect(claims).to_contain_text("Wat het bestand beweert (niet bevestigd)")
    expect(page.locator("[data-check=proof]")).to_contain_text("de inhoud is gewijzigd")


def test_an_expired_badge_says_when_in_local_time_not_iso(page: Page, site: Site) -> None:
    upload(page, "hulpkelner.svg", "image/svg+xml", as_svg(site.badges.expired()))
    body = page.get_by_test_id("verdict-body")
    expect(body).to_contain_text("verlopen op 1 juni 2025, 02:00")
    expect(body).to_contain_text("Verlopen is geen vervalsing")
    expect(page.locator("main")).not_to_contain_text("2025-06-01T")


def test_a_badge_whose_status_list_is_out_of_reach_is_not_called_invalid(
    page: Page, site: Site
) -> None:
    upload(page, "b.json", "application/json", json.dumps(site.badges.unlisted()).encode())
    expect(page.get_by_test_id("verdict-body")).to_contain_text(
        "betekent niet dat de badge ongeldig is"
    )
    expect(page.locator("[data-check=status]")).to_have_attribute("data-outcome", "skipped")


def test_a_file_without_a_badge_is_refused_with_a_reason(page: Page, site: Site) -> None:
    upload(page, "cat.png", "image/png", b"\x89PNG\r\n\x1a\nnot really")
    expect(page.get_by_role("alert")).to_contain_text("geen leesbare badge")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_empty_verify_page_is_accessible(page: Page, site: Site, lang: str) -> None:
    page.goto(f"/verify?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    accessible_and_pictured(page, f"verify-form-{lang}")
