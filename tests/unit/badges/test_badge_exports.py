"""The public API is re-exported from ``badges`` with a sorted ``__all__``."""

from __future__ import annotations

import badges


def test_all_is_sorted_and_complete() -> None:
    assert badges.__all__ == sorted(badges.__all__)
    public = {name for name in dir(badges) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(badges, name)).__name__ == "module"}
    assert set(badges.__all__) == public - modules - {"annotations"}


def test_every_error_has_a_distinct_stable_code() -> None:
    errors = [getattr(badges, n) for n in badges.__all__ if n.endswith("Error")]
    codes = [error.code for error in errors]
    assert len(codes) == len(set(codes))
