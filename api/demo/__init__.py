"""The demo: the organisations, catalogue and learners of the six seed scenarios and the
scenarios themselves, data files (``api/demo_data``, ``data/``) loaded through the public
operations a deployment uses (``api.operations``; never the ledger's internals or rows
written directly). ``DemoTarget`` lets the same walk run over HTTP."""

from __future__ import annotations

from api.demo.export import export_demo
from api.demo.loader import DemoResult, load_demo, load_reference_data
from api.demo.reference import learner_id
from api.demo.scenarios import ActorSpec, Expected, Scenario, Step, trajectory_ids
from api.demo.scenarios import scenarios as seed_scenarios
from api.demo.target import DemoTarget, InProcess

__all__ = [
    "ActorSpec",
    "DemoResult",
    "DemoTarget",
    "Expected",
    "InProcess",
    "Scenario",
    "Step",
    "export_demo",
    "learner_id",
    "load_demo",
    "load_reference_data",
    "seed_scenarios",
    "trajectory_ids",
]
