"""A mentor on a phone records an assessment: the learners with an agreement running at the
workplace, the competences still open with their indicators, a form that posts through the
API's own rules; refusals under rule 5 and rule 6 in plain words; the result in the
learner's wallet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from api.demo import learner_id
from ledger import Role
from tests.builders import TrajectoryBuilder, a_demo_dual_trajectory
from tests.e2e.browser.conftest import (
    WIDTHS,
    Site,
    a_page,
    accessible_and_pictured,
    fits_accessible_and_pictured,
    sign_in,
)
from tests.tokens import a_token


@dataclass
class Placement:
    trajectory: TrajectoryBuilder
    learner_name: str
    mentor_token: str
    learner_token: str


@pytest.fixture
def placement(site: Site, request: pytest.FixtureRequest) -> Iterator[Placement]:
    """A dual-learning trajectory with an agreement running today at a company whose mentor
    signs in with the workplace's own token: the demo's accredited company, where no
    other test leaves an agreement running."""
    learner = request.param if hasattr(request, "param") else "bart"
    trajectory = a_demo_dual_trajectory(site.ledger, learner=learner)
    store = site.store
    yield Placement(
        trajectory,
        site.ledger.learner(learner_id(learner)).display_name,
        a_token(store, Role.WORKPLACE, "elektro-peeters-illustratief"),
        a_token(store, Role.LEARNER, learner=learner),
    )
    if trajectory.trajectory.status != "closed":  # leave no open agreement for other tests
        trajectory.close()


def open_form(page: Page, placement: Placement, code: str) -> None:
    sign_in(page, placement.mentor_token)
    card = page.locator(f"[data-learner='{placement.trajectory.trajectory_id}']")
    expect(card.get_by_role("heading", level=2)).to_have_text(placement.learner_name)
    card.locator(f"[data-competence={code}]").get_by_role("link").click()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_mentor_sees_the_placed_learner_and_the_open_competences_at_390px(
    browser: object, site: Site, placement: Placement, lang: str
) -> None:
    with a_page(browser, site, WIDTHS["phone"]) as page:
        sign_in(page, placement.mentor_token)
        page.goto(f"/mentor?lang={lang}")
        card = page.locator(f"[data-learner='{placement.trajectory.trajectory_id}']")
        expect(card).to_contain_text(placement.learner_name)
        expect(card.locator("[data-competence=EI-01]")).to_contain_text("schakelt spanningsloos")
        fits_accessible_and_pictured(page, f"mentor-list-390-{lang}")
        card.locator("[data-competence=EI-01]").get_by_role("link").click()
        expect(
            page.get_by_role("group", name="Niveau" if lang == "nl" else "Level")
        ).to_be_visible()
        fits_accessible_and_pictured(page, f"mentor-form-390-{lang}")


def test_a_recorded_assessment_shows_in_the_learners_wallet(
    page: Page, site: Site, placement: Placement
) -> None:
    open_form(page, placement, "EI-01")
    page.get_by_label("schakelt spanningsloos").check()
    page.get_by_label("beheerst").check()
    page.get_by_label("op de werkplek").check()
    page.get_by_label("Bewijs (korte notitie)").fill("Dienst van 12 maart: bord vervangen")
    page.keyboard.press("Tab")  # the submit button is reachable by keyboard
    expect(page.get_by_role("button", name="Beoordeling vastleggen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("recorded")).to_contain_text("EI-01")
    card = page.locator(f"[data-learner='{placement.trajectory.trajectory_id}']")
    expect(card.locator("[data-competence=EI-01]")).to_have_count(0)  # no longer open

    fact = next(
        f
        for f in placement.trajectory.trajectory.facts.values()
        if f.event_type == "CompetenceAssessed"
    )
    assert fact.fields["indicators_met"] == ["schakelt spanningsloos"]
    assert fact.fields["evidence"] == ["Dienst van 12 maart: bord vervangen"]
    assert fact.actor["role"] == "workplace"

    page.context.clear_cookies()
    sign_in(page, placement.learner_token)
    row = page.locator(
        f"[data-trajectory='{placement.trajectory.trajectory_id}'] [data-competence=EI-01]"
    )
    expect(row).to_have_attribute("data-covered", "yes")
    expect(row).to_contain_text("beoordeeld als beheerst door de mentor, op de werkplek")


def test_an_assessment_at_school_is_refused_under_rule_5_in_plain_words(
    page: Page, site: Site, placement: Placement
) -> None:
    open_form(page, placement, "EI-03")
    page.get_by_label("op school").check()
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_have_attribute("data-code", "rule-5-assessor-not-entitled")
    expect(refusal).to_contain_text("Regel 5: een mentor beoordeelt alleen")
    expect(page.get_by_label("op school")).to_be_checked()  # what was typed is kept
    accessible_and_pictured(page, "mentor-refused-rule-5")
    assert not placement.trajectory.trajectory.counting_facts("CompetenceAssessed")


def test_an_assessment_of_a_trajectory_paused_meanwhile_is_refused_under_rule_6(
    page: Page, site: Site, placement: Placement
) -> None:
    open_form(page, placement, "EI-05")
    placement.trajectory.post("TrajectoryPaused", reason="ziekte")  # while the form is open
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_have_attribute("data-code", "rule-6-trajectory-paused")
    expect(refusal).to_contain_text("Regel 6: dit traject is gepauzeerd")
    assert not placement.trajectory.trajectory.counting_facts("CompetenceAssessed")


def test_a_provider_may_not_open_the_mentor_page(page: Page, site: Site) -> None:
    sign_in(page, site.tokens["provider"])
    answer = page.goto("/mentor")
    assert answer is not None
    assert answer.status == 403
