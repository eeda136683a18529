"""A trajectory's badges as a stack: each badge under the smallest badge that stacks it
(a module under its partial certificate rather than under the qualification), the
qualification on top. Pure; the wallet template draws the tree."""

from __future__ import annotations

from typing import Any

# Higher stacks lower: qualification > partial certificate > module and competence.
RANK = {"qualification": 3, "partial_certificate": 2, "module": 1, "competence": 1}


def stack_of(badges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The roots of the stack, highest first; each badge gets ``children`` (its own stack)."""
    by_id = {b["badge_id"]: b for b in badges}
    parent: dict[str, str] = {}
    for badge in badges:
        for child in badge.get("stacks") or []:
            if child not in by_id or child == badge["badge_id"]:
                continue
            current = parent.get(child)
            if current is None or RANK.get(by_id[current]["kind"], 0) > RANK.get(badge["kind"], 0):
                parent[child] = badge["badge_id"]
    for badge in badges:
        badge["children"] = [b for b in badges if parent.get(b["badge_id"]) == badge["badge_id"]]
    roots = [b for b in badges if b["badge_id"] not in parent]
    return sorted(roots, key=lambda b: (-RANK.get(b["kind"], 0), b.get("issued_at") or ""))
