"""The badges library's errors (its ``__all__`` is held by ``tests/unit/test_exported_members``)."""

from __future__ import annotations

import badges


def test_every_error_has_a_distinct_stable_code() -> None:
    errors = [getattr(badges, n) for n in badges.__all__ if n.endswith("Error")]
    codes = [error.code for error in errors]
    assert len(codes) == len(set(codes))
