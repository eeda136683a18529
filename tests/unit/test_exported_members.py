"""Each package and each room of ``api`` states its public face in ``__all__`` (as httpx's
``tests/test_exported_members.py`` does): every public name it holds is exported, nothing
else is, and the list is in ruff's ``RUF022`` order (constants, classes, the rest)."""

from __future__ import annotations

import importlib
import re
from types import ModuleType

import pytest

FACES = [
    "ledger",
    "badges",
    "projections",
    "projections.integrity",
    "projections.tracking",
    "api",
    "api.cli",
    "api.demo",
    "api.http",
    "api.operations",
    "api.pages",
    "api.stores",
]
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


def public_names(module: ModuleType) -> set[str]:
    """Names a reader of the package sees: not private, not a submodule, not the
    ``__future__`` feature."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
        if name != "annotations"
    }


def ruf022_key(name: str) -> tuple[int, str]:
    if CONSTANT.match(name):
        return (0, name)
    return (1, name) if name[0].isupper() else (2, name)


@pytest.mark.parametrize("name", FACES)
def test_the_face_exports_exactly_its_public_names(name: str) -> None:
    module = importlib.import_module(name)
    assert set(module.__all__) == public_names(module)


@pytest.mark.parametrize("name", FACES)
def test_the_face_lists_its_exports_once_in_order(name: str) -> None:
    exported = importlib.import_module(name).__all__
    assert exported == sorted(set(exported), key=ruf022_key)
