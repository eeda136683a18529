"""An entry of ``bench/results.json``: one figure, as the bench scripts print and merge it
(``name``, ``value``, ``unit``, ``baseline_value``, ``ratio``...)."""

from __future__ import annotations

Entry = dict[str, object]


def numeric(value: object) -> float:
    """A number of an entry (JSON gives int or float); anything else means a broken entry."""
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def figure(
    name: str,
    value: float,
    unit: str,
    baseline: str,
    base: float,
    *,
    higher: bool = True,
    digits: int = 1,
    **context: object,
) -> Entry:
    """One figure beside its baseline, both rounded to ``digits``; ``context`` (the size,
    the runs) follows the fields every entry has."""
    return {
        "name": name,
        "value": round(value, digits),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(base, digits),
        "ratio": round(value / base, 3),
        "higher_is_better": higher,
        **context,
    }
