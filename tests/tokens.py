"""Tokens for the HTTP and browser tests, created in the app's own token store."""

from __future__ import annotations

from datetime import timedelta

from api.demo import learner_id
from api.stores import TokenStore
from ledger import Organisation, Role


def a_token(
    store: TokenStore,
    role: Role,
    org: str | None = None,
    learner: str | None = None,
    *,
    valid_for: timedelta = timedelta(days=90),
) -> str:
    """The secret of a new token for ``role``, acting for the organisation ``org`` or
    belonging to the learner ``learner`` (keys as in the demo's data)."""
    return store.create(
        role,
        organisation_id=Organisation.id_for(org) if org else None,
        subject=str(learner_id(learner)) if learner else None,
        valid_for=valid_for,
    ).secret
