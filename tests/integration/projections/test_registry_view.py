"""The registry view lists what the catalogue and the organisations hold, and which
providers know a learner: the one that registered them and the lead and partners of their
trajectories, including one a learner was handed over to."""

from __future__ import annotations

from api.demo import DemoResult, learner_id
from api.demo.reference import catalogue, organisations
from ledger import Organisation
from projections import ReadModels


def test_the_registry_lists_every_published_catalogue_entry_and_organisation(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    registry = read_models.registry
    documents = catalogue()["documents"]
    for entry_type in ("qualification", "programme", "concordance_table"):
        listed = [row["code"] for row in registry.catalogue(entry_type)]
        assert listed == sorted(d["code"] for d in documents if d["type"] == entry_type)
    assert {row["key"] for row in registry.organisations()} == {o.key for o in organisations()}
    (qrios,) = registry.organisations("test_centre")
    assert qrios["key"] == "cvo-qrios"


def test_a_provider_knows_the_learners_it_registered_or_has_a_trajectory_for(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    registry = read_models.registry
    bart = str(learner_id("bart"))
    assert registry.learners_of(Organisation.id_for("cvo-hik")) == sorted(
        [str(learner_id("amina")), bart]
    )
    # Bart was handed over to CVO MIRAS, which opened his new trajectory.
    assert bart in registry.learners_of(Organisation.id_for("cvo-miras"))
    assert Organisation.id_for("cvo-miras") in registry.trajectory_providers(learner_id("bart"))
    assert registry.learners_of(Organisation.id_for("vives")) == [str(learner_id("jana"))]
