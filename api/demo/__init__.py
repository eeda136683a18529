"""The demo: the catalogue and the seed scenarios of PRODUCT.md, data files in ``data/``,
loaded through the same public operations a deployment uses (the ledger's commands; never
rows written directly)."""

from __future__ import annotations

from api.demo.export import export_demo
from api.demo.loader import DemoResult, load_demo, load_reference_data, trajectory_ids
from api.demo.scenarios import Scenario, Step
from api.demo.scenarios import scenarios as seed_scenarios

__all__ = [
    "DemoResult",
    "Scenario",
    "Step",
    "export_demo",
    "load_demo",
    "load_reference_data",
    "seed_scenarios",
    "trajectory_ids",
]
