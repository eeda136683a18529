"""Creating a bearer token for what the ledger holds: an organisation token only for a
registered organisation of the kind its role acts for, a learner token only for a
registered learner. ``leerspoor tokens create`` and the admin token route both call this."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from api.operations.inputs import TokenIn
from api.operations.organisations import organisation_id
from api.stores import IssuedToken, TokenError, TokenStore
from ledger import Learner, Ledger, NotFoundError, OrganisationKind, Role

# Which kinds of organisation a role's token may act for.
ACTS_FOR: dict[Role, tuple[OrganisationKind, ...]] = {
    Role.PROVIDER: (OrganisationKind.PROVIDER, OrganisationKind.TEST_CENTRE),
    Role.WORKPLACE: (OrganisationKind.WORKPLACE,),
    Role.PARTNERSHIP: (OrganisationKind.SECTOR_PARTNERSHIP,),
}


def _learner(ledger: Ledger, body: TokenIn) -> UUID:
    assert body.learner is not None
    try:
        if body.organisation is not None:
            # The provider's own reference for the learner (its idempotency key).
            return ledger.learner_by_reference(organisation_id(body.organisation), body.learner).id
        try:
            learner_id = UUID(body.learner)
        except ValueError:
            learner_id = Learner.id_for(body.learner)  # an admin's key
        return ledger.learner(learner_id).id
    except NotFoundError:
        raise TokenError(f"no learner {body.learner!r} is registered") from None


def create_token(ledger: Ledger, store: TokenStore, body: TokenIn) -> IssuedToken:
    """Creates a token; its secret is in the answer only. Raises TokenError when the role
    needs an organisation or a learner that is not there, or one of another kind."""
    if body.role is Role.LEARNER:
        if body.learner is None:
            raise TokenError("a learner token needs a learner")
        subject, organisation = str(_learner(ledger, body)), None
    else:
        if body.learner is not None:
            raise TokenError(f"a {body.role.value} token names no learner")
        kinds = ACTS_FOR.get(body.role)
        if kinds is None and body.organisation is not None:
            raise TokenError(f"a {body.role.value} token acts for no organisation")
        if kinds is not None and body.organisation is None:
            raise TokenError(f"a {body.role.value} token needs an organisation")
        subject, organisation = None, None
        if kinds is not None:
            assert body.organisation is not None
            try:
                found = ledger.organisation(organisation_id(body.organisation))
            except NotFoundError:
                raise TokenError(f"no organisation {body.organisation!r} is registered") from None
            if found.kind not in kinds:
                raise TokenError(
                    f"{found.name} is a {found.kind.value}; a {body.role.value} token acts "
                    f"for a {' or '.join(k.value for k in kinds)}"
                )
            organisation = found.id
    return store.create(
        body.role,
        organisation_id=organisation,
        subject=subject,
        label=body.label,
        valid_for=timedelta(days=body.days),
    )
