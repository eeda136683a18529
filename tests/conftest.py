"""Shared fixtures: a ledger on the in-memory store with a ticking clock, and Hypothesis
profiles (a derandomised ``ci`` profile keeps CI runs reproducible)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from ledger import Ledger
from tests.builders import TickingClock, a_ledger

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def ledger(clock: TickingClock) -> Ledger:
    """A ledger on the POPO store with the demo catalogue, organisations and learners."""
    return a_ledger(clock)
