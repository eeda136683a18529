"""The pathway's entry profile, checked when a trajectory opens: dual learning for learners
who are arbeidsbereid and arbeidsrijp, the aanloopfase for quasi-arbeidsrijp ones, the
beroepskwalificerende leerweg for arbeidsbereid learners who are not arbeidsrijp and have no
welfare issues (S0 L72-92, L128-133, L274-294). The intake that led to the enrolment states
the readiness in the opening; later intakes are recorded, never re-judged."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import EntryProfileNotMetError, Ledger
from ledger.rules import require_entry_profile
from ledger.values import Pathway, WorkReadiness
from tests.builders import an_open_trajectory, nothing_appended


def opening(ledger: Ledger, pathway: str, **readiness: Any) -> Any:
    return an_open_trajectory(ledger, pathway=pathway, with_agreement=False, **readiness)


@pytest.mark.parametrize(
    ("pathway", "bereid", "rijp", "welfare"),
    [
        ("duaal_leren", True, "arbeidsrijp", False),
        ("aanloopfase", True, "quasi_arbeidsrijp", False),
        ("beroepskwalificerende_leerweg", True, "niet_arbeidsrijp", False),
    ],
)
def test_a_learner_fitting_the_entry_profile_enters_the_pathway(
    ledger: Ledger, pathway: str, bereid: bool, rijp: str, welfare: bool
) -> None:
    t = opening(ledger, pathway, arbeidsbereid=bereid, arbeidsrijp=rijp, welfare_issues=welfare)
    assert t.trajectory.pathway == pathway


@pytest.mark.parametrize(
    ("pathway", "bereid", "rijp", "welfare"),
    [
        ("duaal_leren", True, "niet_arbeidsrijp", False),
        ("duaal_leren", True, "quasi_arbeidsrijp", False),
        ("duaal_leren", False, "arbeidsrijp", False),
        ("beroepskwalificerende_leerweg", True, "arbeidsrijp", False),
        ("beroepskwalificerende_leerweg", False, "niet_arbeidsrijp", False),
        ("beroepskwalificerende_leerweg", True, "niet_arbeidsrijp", True),
        ("aanloopfase", True, "arbeidsrijp", False),
    ],
)
def test_a_learner_outside_the_entry_profile_is_refused(
    ledger: Ledger, pathway: str, bereid: bool, rijp: str, welfare: bool
) -> None:
    with nothing_appended(ledger), pytest.raises(EntryProfileNotMetError) as e:
        opening(ledger, pathway, arbeidsbereid=bereid, arbeidsrijp=rijp, welfare_issues=welfare)
    assert e.value.code == "entry-profile-not-met"


def test_a_pathway_with_an_entry_profile_needs_the_intakes_readiness(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(EntryProfileNotMetError) as e:
        opening(ledger, "beroepskwalificerende_leerweg")
    assert "arbeidsbereid, arbeidsrijp" in e.value.detail


def test_a_pathway_without_an_entry_profile_opens_without_readiness(ledger: Ledger) -> None:
    t = opening(ledger, "volwassenenonderwijs")
    assert t.trajectory.facts[t.receipts[0].event_id].fields["arbeidsbereid"] is None


def test_every_other_pathway_has_no_entry_profile() -> None:
    for pathway in set(Pathway) - {
        Pathway.DUAL_LEARNING,
        Pathway.VOCATIONAL,
        Pathway.STARTING_PHASE,
    }:
        require_entry_profile(pathway, None, None, None)


def test_a_later_intake_records_readiness_without_re_judging_the_entry(ledger: Ledger) -> None:
    t = opening(ledger, "duaal_leren", arbeidsbereid=True, arbeidsrijp="arbeidsrijp")
    t.post(
        "IntakeHeld",
        outcome="tussentijdse evaluatie",
        arbeidsbereid=True,
        arbeidsrijp=WorkReadiness.QUASI_READY.value,
        consent_to_share=False,
        welfare_issues=True,
        advised_by=["klassenraad", "trajectbegeleider"],
        advice="aanloopfase overwegen",
    )
    (intake,) = t.trajectory.counting_facts("IntakeHeld")
    assert intake.fields["advised_by"] == ["klassenraad", "trajectbegeleider"]
    assert t.trajectory.status == "open"
