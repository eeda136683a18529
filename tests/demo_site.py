"""The app's settings on a SQLite file in a test's folder, the demo loaded into the app's
parts, and what a live server over that demo hands the HTTP and browser tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from api.bootstrap import Components
from api.demo import load_demo
from api.settings import Settings
from api.stores import TokenStore
from ledger import Ledger


def sqlite_settings(folder: Path, database: str = "leerspoor.db", **settings: Any) -> Settings:
    """Settings for a store in the SQLite file ``folder / database``, keys in ``folder / keys``."""
    return Settings(
        database_url=f"sqlite:///{folder / database}", keys_dir=folder / "keys", **settings
    )


@dataclass
class DemoParts:
    """The app's parts built from ``settings`` with the demo loaded into their ledger."""

    settings: Settings
    parts: Components
    trajectories: dict[str, UUID]
    """The demo's trajectory ids by scenario key."""


def demo_parts(folder: Path, **settings: Any) -> DemoParts:
    configured = sqlite_settings(folder, **settings)
    parts = Components(configured)
    return DemoParts(configured, parts, dict(load_demo(parts.ledger).trajectories))


@dataclass
class LiveDemo:
    """A live server over the demo: where it listens, its ledger, the demo's trajectory ids,
    tokens by the name the tests use, and the token store to make more."""

    base_url: str
    ledger: Ledger
    trajectories: dict[str, UUID]
    tokens: dict[str, str]
    store: TokenStore
