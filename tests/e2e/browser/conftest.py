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
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from uuid import UUID

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine

from api import pages
from api.bootstrap import build_ledger, utc_now
from api.demo.loader import load_demo
from api.http import problems
from api.http.routers import audit, trajectories
from api.settings import Settings
from api.stores.tokens import TokenStore
from ledger import Learner, Ledger, Organisation, Role
from tests.e2e.browser.badge_files import BadgeFiles
from tests.live_server import serving

playwright_sync = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
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


def build_app(url: str, ledger: Ledger) -> FastAPI:
    """The real app factory; while it is mid-change (it does not import), the pages on the
    ledger and token store alone, so the pages stay testable on their own."""
    try:
        from api.http.app import create_app
    except ImportError as error:
        warnings.warn(f"api.http.app does not import ({error}); pages on a bare app", stacklevel=1)
        app = FastAPI()
        app.state.settings = Settings(database_url=url)
        app.state.ledger = ledger
        app.state.tokens = TokenStore(create_engine(url), utc_now)
        problems.install(app)
        app.get("/health")(lambda: {"status": "ok"})
        app.include_router(trajectories.router)
        app.include_router(audit.router)
        return app
    return create_app(Settings(database_url=url), ledger=ledger)


@dataclass
class Site:
    base_url: str
    ledger: Ledger
    trajectories: dict[str, UUID]
    tokens: dict[str, str]
    badges: BadgeFiles


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'leerspoor.db'}"
    ledger = build_ledger(url)
    ids = dict(load_demo(ledger).trajectories)
    store = TokenStore(create_engine(url), utc_now)

    def token(role: Role, org: str | None = None, learner: str | None = None) -> str:
        return store.create(
            role,
            organisation_id=Organisation.id_for(org) if org else None,
            subject=str(Learner.id_for(learner)) if learner else None,
        ).secret

    tokens = {
        "fien": token(Role.LEARNER, learner="fien"),
        "amina": token(Role.LEARNER, learner="amina"),
        "auditor": token(Role.AUDITOR),
        "provider": token(Role.PROVIDER, "cvo-horeca"),
    }
    badges = BadgeFiles()
    app = build_app(url, ledger)
    # The test issuer's status list beside whatever the app itself publishes.
    own = getattr(app.state, "trust", None)

    def status_lists(url: str) -> object:
        found = badges.fetch_status_list(url)
        return found if found is not None or own is None else own.status_lists(url)

    documents = dict(own.did_documents) if own is not None else {}
    app.state.trust = SimpleNamespace(did_documents=documents, status_lists=status_lists)
    app.include_router(pages.router)
    with serving(app) as base:
        yield Site(base, ledger, ids, tokens, badges)


@pytest.fixture
def page(browser: object, site: Site) -> Iterator[object]:
    """A fresh page; any Content-Security-Policy violation on it fails the test (the pages'
    own scripts, styles and images must all pass the policy the server sends)."""
    context = browser.new_context(base_url=site.base_url)  # type: ignore[attr-defined]
    context.set_default_timeout(10_000)
    opened = context.new_page()
    refused: list[str] = []
    opened.on(  # type: ignore[attr-defined]
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened
    context.close()
    assert refused == [], refused


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
