"""Who may write to a trajectory (PRODUCT.md roles), enforced in the domain."""

from __future__ import annotations

import pytest

from ledger import (
    Actor,
    LeadProviderMismatchError,
    Learner,
    Ledger,
    NotPermittedError,
    Role,
    Submission,
)
from tests.builders import (
    DAY_ONE,
    an_auditor,
    an_open_trajectory,
    nothing_appended,
    org_id,
    provider,
    the_learner,
    workplace,
)


def test_a_provider_that_is_neither_lead_nor_partner_may_not_post(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotPermittedError) as e:
        t.post("ModuleEnrolled", provider("woodwize"), module_code="M-EI-BASIS")
    assert e.value.code == "not-permitted"


@pytest.mark.parametrize("actor", [the_learner("ilias"), an_auditor()], ids=["learner", "auditor"])
def test_learners_and_auditors_cannot_post(ledger: Ledger, actor: Actor) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotPermittedError):
        t.post("ModuleEnrolled", actor, module_code="M-EI-BASIS")


def test_a_workplace_may_post_only_assessments(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotPermittedError):
        t.post("ModuleEnrolled", workplace(), module_code="M-EI-BASIS")


def test_a_provider_cannot_post_badge_events(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    with t.refuses(NotPermittedError):
        t.post(
            "BadgeIssued",
            badge_id="urn:uuid:1",
            achievement_kind="module",
            achievement_code="M-EI-BASIS",
            basis_event_ids=[],
        )


def test_a_provider_opens_only_trajectories_it_leads(ledger: Ledger) -> None:
    submission = Submission(
        event_type="TrajectoryOpened",
        event_id="open-for-someone-else",
        occurred_at=DAY_ONE,
        fields={
            "learner_id": str(Learner.id_for("ilias")),
            "pathway": "duaal_leren",
            "qualification_code": "BK-ELEKTRO",
            "lead_provider": str(org_id("cdo-elektro")),
            "partners": [],
        },
    )
    with nothing_appended(ledger), pytest.raises(LeadProviderMismatchError):
        ledger.post(None, submission, actor=provider("woodwize"))


def test_an_admin_cannot_post_trajectory_events(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    admin = Actor(id="admin", role=Role.ADMIN)
    with t.refuses(NotPermittedError):
        t.post("ModuleEnrolled", admin, module_code="M-EI-BASIS")
