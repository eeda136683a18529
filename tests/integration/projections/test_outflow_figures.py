"""The monitoring figures on the demo against a hand count (issue 16; docs/monitoring.md).

The hand count below is written out from the scenario files (api/demo/data/scenarios) and
the learners' birth dates (api/demo/data/learners.json), not computed:

- Amina: CVO-HULPKELNER 2021-09-01 to 2022-06-30, entered a job; leaves 2022-06-30 holding
  CVO-HULPKELNER (VKS 2); 34; werkende (maatwerk), laaggeschoold.
- Bart: CVO-HULPKELNER closed 2021-12-17, reoriented; ZORG-HUISHOUDHULP-DC open since
  2022-01-10: has not left.
- Chloë: three rungs, 2022-01-17 to 2022-04-01, 2022-04-25 to 2022-12-23, 2023-01-09 to
  2023-06-30; leaves 2023-06-30 holding ZORG-VERZORGENDE (VKS 3); 28; werkende (own job),
  laaggeschoold. Exemption 2023-01-09 of MIR-LOG-1, 120 lestijden.
- Dirk: ZORG-ZORGKUNDIGE 2022-09-05 to 2024-01-31; leaves holding it (VKS 4); 40; werkende
  and art60 (art. 60 job), werkzoekende (VDAB training contract), laaggeschoold.
- Emre: BK-MACHINAAL-HOUTBEWERKER 2023-02-13 to 2023-03-31, EVC route (a) 2023-03-27; leaves
  holding it (VKS 3); 39; werkende (EVC), laaggeschoold.
- Fien: BK-MACHINAAL-HOUTBEWERKER open since 2024-09-09: has not left. Exemptions
  2024-09-09 of WW-VEILIG (16 h) and WW-HOUT (24 h).
- Gilles: OK-BACHELOR-SOCIAAL-WERK 2022-09-19 to 2024-02-02, EVC route (b) 2022-12-05,
  exemption 2022-12-12 of 6 + 6 + 3 study points; leaves holding it (VKS 6); 37; werkende.
- Ilias: OK-ELEKTRICITEIT-DUAAL 2025-09-01 to 2026-06-30, 600 h at the workplace and 350 h at
  school registered; leaves holding it (VKS 3); 17; laaggeschoold.
- Kobe: BK-ELEKTRISCH-INSTALLATEUR 2025-09-01 to 2026-06-12, handed over to VDAB 2026-06-05;
  leaves holding it (VKS 3); 16; laaggeschoold.
- Jana: MD-KRACHTIG-LERAARSCHAP 2023-09-25 to 2024-06-28; leaves holding it (VKS 6); 25.
- Amina's registered hours: 960 at the workplace, 150 at school.

Chloë's rungs follow each other within 92 days, and Bart's reorientation opens a new
trajectory: neither leaves in between. Every leaver holds a qualification, so the
qualified outflow is 8 of 8; the demo has no dropout.
"""

from __future__ import annotations

from datetime import UTC

import pytest

from api.demo.loader import DemoResult
from projections import Figure, ReadModels, birth_dates, leavers, monitoring_figures

Key = tuple[str, str, str, str, str]

SY, CY = "school_year", "calendar_year"
HAND_COUNT: dict[Key, tuple[int, int | None]] = {
    # leavers, and the qualified among them (count, denominator)
    (SY, "2021-2022", "leavers", "all", "all"): (1, None),
    (SY, "2021-2022", "qualified_outflow", "all", "all"): (1, 1),
    (SY, "2022-2023", "leavers", "all", "all"): (2, None),
    (SY, "2022-2023", "qualified_outflow", "all", "all"): (2, 2),
    (SY, "2023-2024", "leavers", "all", "all"): (3, None),
    (SY, "2023-2024", "qualified_outflow", "all", "all"): (3, 3),
    (SY, "2025-2026", "leavers", "all", "all"): (2, None),
    (SY, "2025-2026", "qualified_outflow", "all", "all"): (2, 2),
    (CY, "2022", "leavers", "all", "all"): (1, None),
    (CY, "2023", "leavers", "all", "all"): (2, None),
    (CY, "2024", "leavers", "all", "all"): (3, None),
    (CY, "2026", "leavers", "all", "all"): (2, None),
    # by age band
    (SY, "2021-2022", "leavers", "age_band", "25-49"): (1, None),
    (SY, "2022-2023", "leavers", "age_band", "25-49"): (2, None),
    (SY, "2023-2024", "leavers", "age_band", "25-49"): (3, None),
    (SY, "2025-2026", "leavers", "age_band", "<18"): (2, None),
    (SY, "2021-2022", "qualified_outflow", "age_band", "25-49"): (1, 1),
    (SY, "2022-2023", "qualified_outflow", "age_band", "25-49"): (2, 2),
    (SY, "2023-2024", "qualified_outflow", "age_band", "25-49"): (3, 3),
    (SY, "2025-2026", "qualified_outflow", "age_band", "<18"): (2, 2),
    # by target group
    (SY, "2021-2022", "leavers", "target_group", "werkende"): (1, None),
    (SY, "2021-2022", "leavers", "target_group", "laaggeschoold"): (1, None),
    (SY, "2022-2023", "leavers", "target_group", "werkende"): (2, None),
    (SY, "2022-2023", "leavers", "target_group", "laaggeschoold"): (2, None),
    (SY, "2023-2024", "leavers", "target_group", "werkende"): (2, None),
    (SY, "2023-2024", "leavers", "target_group", "art60"): (1, None),
    (SY, "2023-2024", "leavers", "target_group", "werkzoekende"): (1, None),
    (SY, "2023-2024", "leavers", "target_group", "laaggeschoold"): (1, None),
    (SY, "2025-2026", "leavers", "target_group", "laaggeschoold"): (2, None),
    (SY, "2021-2022", "qualified_outflow", "target_group", "werkende"): (1, 1),
    (SY, "2021-2022", "qualified_outflow", "target_group", "laaggeschoold"): (1, 1),
    (SY, "2022-2023", "qualified_outflow", "target_group", "werkende"): (2, 2),
    (SY, "2022-2023", "qualified_outflow", "target_group", "laaggeschoold"): (2, 2),
    (SY, "2023-2024", "qualified_outflow", "target_group", "werkende"): (2, 2),
    (SY, "2023-2024", "qualified_outflow", "target_group", "art60"): (1, 1),
    (SY, "2023-2024", "qualified_outflow", "target_group", "werkzoekende"): (1, 1),
    (SY, "2023-2024", "qualified_outflow", "target_group", "laaggeschoold"): (1, 1),
    (SY, "2025-2026", "qualified_outflow", "target_group", "laaggeschoold"): (2, 2),
    # leavers by why they left (denominator: the period's leavers)
    (SY, "2021-2022", "leavers_by_exit", "exit", "entered_job"): (1, 1),
    (SY, "2022-2023", "leavers_by_exit", "exit", "completed"): (2, 2),
    (SY, "2023-2024", "leavers_by_exit", "exit", "completed"): (3, 3),
    (SY, "2025-2026", "leavers_by_exit", "exit", "completed"): (2, 2),
    # closings by why the learner left (denominator: all closings of the period)
    (SY, "2021-2022", "closings", "exit", "reoriented"): (1, 3),
    (SY, "2021-2022", "closings", "exit", "completed"): (1, 3),
    (SY, "2021-2022", "closings", "exit", "entered_job"): (1, 3),
    (SY, "2022-2023", "closings", "exit", "completed"): (3, 3),
    (SY, "2023-2024", "closings", "exit", "completed"): (3, 3),
    (SY, "2025-2026", "closings", "exit", "completed"): (2, 2),
    (CY, "2021", "closings", "exit", "reoriented"): (1, 1),
    # VDAB handovers, EVC use, exemptions and the time they saved
    (SY, "2025-2026", "vdab_handovers", "all", "all"): (1, None),
    (SY, "2022-2023", "evc_decisions", "route", "provider_procedure"): (1, None),
    (SY, "2022-2023", "evc_decisions", "route", "test_centre"): (1, None),
    (SY, "2022-2023", "evc_learners", "all", "all"): (2, None),
    (SY, "2022-2023", "exemptions", "all", "all"): (2, None),
    (SY, "2022-2023", "time_saved", "unit", "study_points"): (15, None),
    (SY, "2022-2023", "time_saved", "unit", "lestijden"): (120, None),
    (SY, "2024-2025", "exemptions", "all", "all"): (2, None),
    (SY, "2024-2025", "time_saved", "unit", "hours"): (40, None),
    # registered hours at the workplace over all registered hours
    ("all", "all", "workplace_share", "pathway", "duaal_leren"): (600, 950),
    ("all", "all", "workplace_share", "pathway", "kwalificerend_traject_werkenden"): (960, 1110),
}
COUNTED = {
    "leavers",
    "qualified_outflow",
    "partially_qualified_outflow",
    "unqualified_outflow",
    "leavers_by_exit",
    "closings",
    "vdab_handovers",
    "evc_decisions",
    "evc_learners",
    "exemptions",
    "time_saved",
    "workplace_share",
}


@pytest.fixture
def demo_figures(demo: DemoResult, read_models: ReadModels) -> list[Figure]:
    read_models.catch_up_all()
    return monitoring_figures(read_models.outflow, read_models.ledger)


def as_table(found: list[Figure]) -> dict[Key, tuple[float, int | None]]:
    return {
        (f.period_kind, f.period, f.measure, f.group_kind, f.group): (f.count, f.denominator)
        for f in found
    }


def test_the_demo_figures_match_the_hand_count(demo_figures: list[Figure]) -> None:
    table = as_table(demo_figures)
    assert {key: table.get(key) for key in HAND_COUNT} == HAND_COUNT
    # Per school year, every figure of these measures that is not zero is in the hand count.
    nonzero = {
        key for key, (count, _) in table.items() if count and key[2] in COUNTED and key[0] != CY
    }
    assert nonzero == {key for key, (count, _) in HAND_COUNT.items() if count and key[0] != CY}


def test_nobody_in_the_demo_leaves_unqualified_and_the_rates_have_their_denominators(
    demo_figures: list[Figure],
) -> None:
    table = {(f.period_kind, f.period, f.measure): f for f in demo_figures if f.group_kind == "all"}
    assert table[SY, "2023-2024", "qualified_outflow"].rate == 1.0
    assert table[SY, "2023-2024", "unqualified_outflow"].rate == 0.0
    assert table[SY, "2024-2025", "qualified_outflow"].rate is None  # nobody left
    shares = {f.group: f.rate for f in demo_figures if f.measure == "workplace_share"}
    assert shares["duaal_leren"] == pytest.approx(600 / 950, abs=1e-4)
    assert shares["duaal_leren"] > 0.6  # S2 L257


def test_each_leaver_holds_their_highest_qualification_and_is_of_an_age_band_at_exit(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    rows = read_models.outflow.rows()
    gone = leavers(rows, birth_dates(read_models.ledger, rows))
    highest = sorted((str(p.on), p.highest, p.exit, p.age_band) for p in gone)
    assert highest == [
        ("2022-06-30", "CVO-HULPKELNER", "entered_job", "25-49"),
        ("2023-03-31", "BK-MACHINAAL-HOUTBEWERKER", "completed", "25-49"),
        ("2023-06-30", "ZORG-VERZORGENDE", "completed", "25-49"),
        ("2024-01-31", "ZORG-ZORGKUNDIGE", "completed", "25-49"),
        ("2024-02-02", "OK-BACHELOR-SOCIAAL-WERK", "completed", "25-49"),
        ("2024-06-28", "MD-KRACHTIG-LERAARSCHAP", "completed", "25-49"),
        ("2026-06-12", "BK-ELEKTRISCH-INSTALLATEUR", "completed", "<18"),
        ("2026-06-30", "OK-ELEKTRICITEIT-DUAAL", "completed", "<18"),
    ]


def test_a_providers_figures_count_only_those_who_left_its_trajectories(
    demo: DemoResult, read_models: ReadModels
) -> None:
    from api.demo.scenarios import org

    read_models.catch_up_all()
    table = as_table(monitoring_figures(read_models.outflow, read_models.ledger, org("cvo-miras")))
    assert table[SY, "2022-2023", "leavers", "all", "all"] == (1, None)  # Chloë
    assert table[SY, "2021-2022", "leavers", "all", "all"] == (0, None)  # Amina left CVO HIK


def test_an_erased_learner_leaves_of_unknown_age(demo: DemoResult, read_models: ReadModels) -> None:
    from datetime import datetime

    from api.demo import learner_id
    from ledger import Actor, Role

    read_models.catch_up_all()
    ledger = read_models.ledger
    when = datetime(2026, 9, 1, tzinfo=UTC)
    stamp = ledger.stamp("erase-amina", when, Actor("admin", Role.ADMIN))
    ledger.erase_learner(learner_id("amina"), reason="AVG art. 17", stamp=stamp)
    table = as_table(monitoring_figures(read_models.outflow, ledger))
    assert table[SY, "2021-2022", "leavers", "age_band", "onbekend"] == (1, None)
    assert (SY, "2021-2022", "leavers", "age_band", "25-49") not in table
