"""Organisations and their recognitions: the KBO/BCE number with its check digits, workplace
accreditation granted and withdrawn by a sector partnership per opleiding (rule 4), and the
condition of a trained mentor."""

from __future__ import annotations

from datetime import date

import pytest

from ledger import (
    Actor,
    InvalidEnterpriseNumberError,
    InvalidEventError,
    Ledger,
    NotPermittedError,
    Organisation,
    Role,
    Stamp,
    WorkplaceNotAccreditedError,
)
from ledger.organisation import formatted_enterprise_number, normalise_enterprise_number
from tests.builders import ADMIN, DAY_ONE, admin_stamp, an_open_trajectory, nothing_appended, org_id
from tests.catalogue_data import a_programme_trajectory, with_test_programme

PARTNERSHIP = "partnerschap-zorg"


@pytest.mark.parametrize("written", ["0403.170.701", "0403170701", "BE 0403 170 701", "403170701"])
def test_a_valid_enterprise_number_is_kept_as_its_ten_digits(written: str) -> None:
    assert normalise_enterprise_number(written) == "0403170701"
    assert formatted_enterprise_number("0403170701") == "0403.170.701"


@pytest.mark.parametrize("written", ["0403.170.702", "12345", "04031707010", "abcdefghij"])
def test_an_enterprise_number_with_wrong_check_digits_or_form_is_refused(written: str) -> None:
    with pytest.raises(InvalidEnterpriseNumberError):
        normalise_enterprise_number(written)


def a_testcentrum(ledger: Ledger, kind: str, enterprise_number: str) -> None:
    ledger.register_organisation(
        "test-provider",
        name="Testcentrum",
        kind=kind,
        enterprise_number=enterprise_number,
        stamp=admin_stamp(ledger, DAY_ONE),
    )


def test_an_organisation_registers_with_its_enterprise_number(ledger: Ledger) -> None:
    a_testcentrum(ledger, "test_centre", "0403.170.701")
    registered = ledger.organisation(Organisation.id_for("test-provider"))
    assert registered.enterprise_number == "0403170701"


def test_an_organisation_with_a_bad_enterprise_number_appends_nothing(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(InvalidEnterpriseNumberError) as e:
        a_testcentrum(ledger, "provider", "0403.170.702")
    assert e.value.code == "invalid-enterprise-number"


def test_an_unknown_organisation_kind_is_refused(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(InvalidEventError):
        ledger.register_organisation(
            "x", name="X", kind="school", stamp=admin_stamp(ledger, DAY_ONE)
        )


def with_partnership(ledger: Ledger) -> Ledger:
    ledger.register_organisation(
        PARTNERSHIP,
        name="Sectoraal partnerschap zorg",
        kind="sector_partnership",
        stamp=admin_stamp(ledger, DAY_ONE),
    )
    return ledger


def accredit(
    ledger: Ledger,
    *,
    opleidingen: tuple[str, ...] = (),
    mentor: bool = False,
    granted_by: str = PARTNERSHIP,
    stamp: Stamp | None = None,
) -> None:
    """wzc-zonnehof accredited from 2024-01-01, open-ended, in ``granted_by``'s name (by
    ``stamp``'s actor; the admin when None)."""
    ledger.grant_accreditation(
        org_id("wzc-zonnehof"),
        valid_from=date(2024, 1, 1),
        valid_until=None,
        opleidingen=opleidingen,
        granted_by=org_id(granted_by),
        requires_trained_mentor=mentor,
        stamp=stamp or admin_stamp(ledger, DAY_ONE),
    )


def policy_requiring_accreditation(ledger: Ledger) -> Ledger:
    return with_test_programme(
        with_partnership(ledger), policy={"requires_accredited_workplace": True}
    )


def test_a_programme_requiring_accreditation_refuses_an_unaccredited_workplace(
    ledger: Ledger,
) -> None:
    policy_requiring_accreditation(ledger)
    with pytest.raises(WorkplaceNotAccreditedError) as e:
        a_programme_trajectory(ledger)
    assert e.value.rule == 4


def test_accreditation_for_the_opleiding_lets_the_agreement_through(ledger: Ledger) -> None:
    policy_requiring_accreditation(ledger)
    accredit(ledger, opleidingen=("T-PROG",))
    t = a_programme_trajectory(ledger)
    assert t.trajectory.counting_facts("LearningAgreementSigned")


def test_accreditation_for_another_opleiding_does_not_count(ledger: Ledger) -> None:
    policy_requiring_accreditation(ledger)
    accredit(ledger, opleidingen=("BK-ZORGKUNDIGE",))
    with pytest.raises(WorkplaceNotAccreditedError):
        a_programme_trajectory(ledger)


def test_an_accreditation_conditional_on_a_trained_mentor_needs_one(ledger: Ledger) -> None:
    policy_requiring_accreditation(ledger)
    accredit(ledger, opleidingen=("T-PROG",), mentor=True)
    with pytest.raises(WorkplaceNotAccreditedError) as e:
        a_programme_trajectory(ledger)
    assert "trained mentor" in e.value.detail


def test_a_trained_mentor_fulfils_the_condition(ledger: Ledger) -> None:
    policy_requiring_accreditation(ledger)
    accredit(ledger, opleidingen=("T-PROG",), mentor=True)
    ledger.record_mentor_training(
        org_id("wzc-zonnehof"),
        mentor_id="mentor-lies",
        completed_on=date(2024, 5, 1),
        course="mentoropleiding",
        stamp=admin_stamp(ledger, DAY_ONE),
    )
    assert a_programme_trajectory(ledger).trajectory.counting_facts("LearningAgreementSigned")


def test_a_withdrawal_for_one_opleiding_keeps_the_others(ledger: Ledger) -> None:
    with_partnership(ledger)
    accredit(ledger, opleidingen=("T-PROG", "BK-ZORGKUNDIGE"))
    ledger.withdraw_accreditation(
        org_id("wzc-zonnehof"),
        effective_on=date(2025, 1, 1),
        reason="geen mentor",
        opleidingen=("T-PROG",),
        withdrawn_by=org_id(PARTNERSHIP),
        stamp=admin_stamp(ledger, DAY_ONE),
    )
    home = ledger.organisation(org_id("wzc-zonnehof"))
    assert home.accredited_on(date(2024, 12, 31), ["T-PROG"])
    assert not home.accredited_on(date(2025, 1, 1), ["T-PROG"])
    assert home.accredited_on(date(2025, 1, 1), ["BK-ZORGKUNDIGE"])


def test_only_a_sector_partnership_grants_in_its_name(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(InvalidEventError):
        accredit(ledger, granted_by="cvo-zorg")


def test_a_provider_cannot_accredit_a_workplace(ledger: Ledger) -> None:
    with_partnership(ledger)
    stamp = ledger.stamp("accredit-1", DAY_ONE, an_open_trajectory(ledger).lead)
    with nothing_appended(ledger), pytest.raises(NotPermittedError):
        accredit(ledger, stamp=stamp)


def test_a_sector_partnership_accredits_in_its_own_name(ledger: Ledger) -> None:
    with_partnership(ledger)
    partnership = Actor("partnerschap-zorg", Role.PARTNERSHIP, org_id(PARTNERSHIP))
    accredit(
        ledger, opleidingen=("T-PROG",), stamp=ledger.stamp("accredit-own", DAY_ONE, partnership)
    )
    home = ledger.organisation(org_id("wzc-zonnehof"))
    assert home.accreditation_on(date(2024, 6, 1), ["T-PROG"]).granted_by == org_id(PARTNERSHIP)


def test_a_sector_partnership_cannot_accredit_in_another_ones_name(ledger: Ledger) -> None:
    with_partnership(ledger)
    ledger.register_organisation(
        "partnerschap-hout",
        name="Partnerschap hout",
        kind="sector_partnership",
        stamp=admin_stamp(ledger, DAY_ONE),
    )
    other = Actor("partnerschap-hout", Role.PARTNERSHIP, org_id("partnerschap-hout"))
    with nothing_appended(ledger), pytest.raises(NotPermittedError):
        accredit(ledger, stamp=ledger.stamp("accredit-other", DAY_ONE, other))


def test_only_workplaces_are_accredited(ledger: Ledger) -> None:
    with pytest.raises(InvalidEventError):
        ledger.grant_accreditation(
            org_id("cvo-zorg"),
            valid_from=date(2024, 1, 1),
            valid_until=None,
            stamp=ledger.stamp("acc-x", DAY_ONE, ADMIN),
        )
