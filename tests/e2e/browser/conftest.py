"""Browser tests: Debian's chromium driven by Playwright (no browser download), a live
uvicorn server with the demo loaded and the pages router included, an axe-core check and a
screenshot for every page looked at.

Chromium is installed with apt when missing; if that is impossible the whole folder is
skipped with the reason printed, never silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from api.http import create_app
from ledger import Role
from tests.demo_site import LiveDemo, demo_parts
from tests.e2e.browser.badge_files import BadgeFiles
from tests.live_server import serving
from tests.tokens import a_token

playwright_sync = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
TEST_ISSUER_NAME = "CVO Horeca (test)"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# axe-core rule tags for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _install_chromium() -> str | None:
    """Installs Debian's chromium when missing; returns why it could not, or None."""
    if os.path.exists(CHROMIUM):
        return None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return "chromium is missing and apt-get cannot run here (not root, or no apt)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}"
    return None if os.path.exists(CHROMIUM) else "apt installed chromium but not at /usr/bin"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    problem = _install_chromium()
    if problem:
        message = f"BROWSER TESTS SKIPPED: {problem}"
        warnings.warn(message, stacklevel=1)
        print(f"\n*** {message} ***\n")  # noqa: T201 - a skip must be loud
        pytest.skip(message)
    with playwright_sync.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@dataclass
class Site(LiveDemo):
    """The demo served with its pages, and the Verify page's badge files."""

    badges: BadgeFiles


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    demo = demo_parts(tmp_path_factory.mktemp("pages"))
    parts = demo.parts
    store = parts.tokens

    tokens = {
        "fien": a_token(store, Role.LEARNER, learner="fien"),
        "amina": a_token(store, Role.LEARNER, learner="amina"),
        "auditor": a_token(store, Role.AUDITOR),
        "provider": a_token(store, Role.PROVIDER, "cvo-hik"),
    }
    badges = BadgeFiles()
    app = create_app(demo.settings, ledger=parts.ledger)
    # The test issuer's status list beside what the app itself publishes, and the test
    # issuer trusted as an administrator would (its DID on the trusted list).
    own = app.state.trust
    parts.stores.trusted_issuers.put(badges.issuer_did, TEST_ISSUER_NAME, added_by="test")

    def status_lists(url: str) -> object:
        found = badges.fetch_status_list(url)
        return found if found is not None else own.status_lists(url)

    app.state.trust = SimpleNamespace(
        did_documents=dict(own.did_documents), status_lists=status_lists, policy=own.policy
    )
    with serving(app) as base:
        yield Site(base, parts.ledger, demo.trajectories, tokens, store, badges)


@contextmanager
def a_page(browser: object, site: Site, viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A fresh page in its own context (at ``viewport``; Playwright's default when None); any
    Content-Security-Policy violation on it fails the test (the pages' own scripts, styles
    and images must all pass the policy the server sends)."""
    context = browser.new_context(base_url=site.base_url, viewport=viewport)  # type: ignore[attr-defined]
    opened = context.new_page()
    refused: list[str] = []
    opened.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield opened
    finally:
        context.close()
    assert refused == [], refused


@pytest.fixture
def page(browser: object, site: Site) -> Iterator[object]:
    """A fresh page at the default viewport (see ``a_page``), waiting 10 s at most."""
    with a_page(browser, site) as opened:
        opened.context.set_default_timeout(10_000)
        yield opened


def sign_in(page: object, token: str) -> None:
    page.goto("/signin")  # type: ignore[attr-defined]
    page.get_by_label("Toegangstoken").fill(token)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Aanmelden").click()  # type: ignore[attr-defined]


def accessible_and_pictured(page: object, name: str) -> None:
    """Saves a full-page screenshot, then fails on any WCAG 2.x A/AA axe violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = axe_module.Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def no_overflow(page: object) -> None:
    """Fails when the page is wider than its viewport (a horizontal scroll bar)."""
    widths = page.evaluate(  # type: ignore[attr-defined]
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px window"


def fits_accessible_and_pictured(page: object, name: str) -> None:
    """A page checked at a set width: ``no_overflow``, then ``accessible_and_pictured``."""
    no_overflow(page)
    accessible_and_pictured(page, name)
