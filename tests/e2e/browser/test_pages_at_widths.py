"""Every signed-in page in Dutch and English at 1280 and 390 px: nothing wider than the
window, no serious accessibility violation, and a screenshot of each to look at."""

from __future__ import annotations

import pytest

from tests.e2e.browser.conftest import Site, accessible_and_pictured, no_overflow, sign_in

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "wallet": ("amina", "/wallet"),
    "timeline-index": ("auditor", "/timeline"),
    "timeline": ("auditor", "/timeline/{hulpkelner}"),
    "cohorts": ("provider", "/cohorts"),
    "cohort": ("provider", "/cohorts/CVO-HULPKELNER"),
}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_and_is_accessible(
    browser: object, site: Site, name: str, lang: str, width: str
) -> None:
    who, path = PAGES[name]
    context = browser.new_context(base_url=site.base_url, viewport=WIDTHS[width])  # type: ignore[attr-defined]
    refused: list[str] = []
    page = context.new_page()
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    sign_in(page, site.tokens[who])
    target = path.format(hulpkelner=site.trajectories["hulpkelner-amina"])
    answer = page.goto(f"{target}?lang={lang}")
    assert answer is not None
    assert answer.status == 200
    no_overflow(page)
    accessible_and_pictured(page, f"{name}-{lang}-{WIDTHS[width]['width']}")
    context.close()
    assert refused == []
