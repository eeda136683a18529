"""Every signed-in page in Dutch and English at 1280 and 390 px: nothing wider than the
window, no serious accessibility violation, and a screenshot of each to look at."""

from __future__ import annotations

import pytest

from tests.e2e.browser.conftest import (
    WIDTHS,
    Site,
    a_page,
    fits_accessible_and_pictured,
    sign_in,
)

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
    with a_page(browser, site, WIDTHS[width]) as page:
        sign_in(page, site.tokens[who])
        target = path.format(hulpkelner=site.trajectories["hulpkelner-amina"])
        answer = page.goto(f"{target}?lang={lang}")
        assert answer is not None
        assert answer.status == 200
        fits_accessible_and_pictured(page, f"{name}-{lang}-{WIDTHS[width]['width']}")
