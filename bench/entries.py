"""An entry of ``bench/results.json``: one figure, as the bench scripts print and merge it
(``name``, ``value``, ``unit``, ``baseline_value``, ``ratio``...)."""

from __future__ import annotations

Entry = dict[str, object]


def numeric(value: object) -> float:
    """A number of an entry (JSON gives int or float); anything else means a broken entry."""
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"not a number: {value!r}")
