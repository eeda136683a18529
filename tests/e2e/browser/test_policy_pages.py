"""The terms and privacy pages the Open Badges discovery document links to, in both
languages, accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import accessible_and_pictured


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/terms", "nl", "Gebruiksvoorwaarden"),
        ("/terms", "en", "Terms of use"),
        ("/privacy", "nl", "Privacyverklaring"),
        ("/privacy", "en", "Privacy statement"),
    ],
)
def test_a_policy_page_reads_in_either_language(
    page: Page, path: str, lang: str, heading: str
) -> None:
    page.goto(f"{path}?lang={lang}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    accessible_and_pictured(page, f"{path.strip('/')}-{lang}")
