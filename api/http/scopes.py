"""What each route asks of its caller's token, declared once per router or route as a
dependency (``dependencies=[requires(Scope.X)]``), so no route can leave it to an ``if``.

Two kinds of token reach the API. A token made by an admin (``leerspoor tokens create``)
is bounded by its role; a learner's also carries the Open Badges scopes (all three unless
made with fewer), and an Open Badges route holds it to them. An OAuth access token
(``/oauth/token``) acts for a learner for an app, and reaches only routes whose scope the
learner granted to that app: the Open Badges API's scopes. Everything else an app may never
do with it: routes declared ``OWN_TOKEN`` answer 403 ``insufficient_scope`` to every access
token. Pages (``SESSION``) sign in with an own token only (``pages.session`` never accepts
an access token); the pages never import this module, so the app factory declares their
routers when it mounts them. ``PUBLIC`` routes take no token.

``tests/e2e/api/test_scopes.py`` enumerates the app's routes: a route without a
declaration, or whose declaration differs from the table there, fails it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import Depends, Request
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.routing import iter_route_contexts
from fastapi.security.base import SecurityBase
from starlette.routing import BaseRoute

from api.http.deps import principal_of
from api.http.problems import insufficient_scope
from api.stores import OB_SCOPES, Principal
from ledger import Role


class Scope(StrEnum):
    """The closed vocabulary of route declarations. Only the Open Badges scopes can be
    granted to an OAuth client (``GRANTABLE``)."""

    PUBLIC = "public"
    SESSION = "session"
    OWN_TOKEN = "own-token"  # noqa: S105 - a declaration's name, not a secret
    # An OpenID4VCI access token (pre-authorized code, or an OAuth token holding the
    # wallet scope), checked by the credential endpoint itself: it answers RFC 6750 and
    # OpenID4VCI errors, not problems.
    WALLET_TOKEN = "wallet-token"  # noqa: S105 - a declaration's name, not a secret
    CREDENTIAL_READONLY = OB_SCOPES["credential.readonly"]
    CREDENTIAL_UPSERT = OB_SCOPES["credential.upsert"]
    PROFILE_READONLY = OB_SCOPES["profile.readonly"]


GRANTABLE = frozenset({Scope.CREDENTIAL_READONLY, Scope.CREDENTIAL_UPSERT, Scope.PROFILE_READONLY})


class TokenScope(SecurityBase):
    """Refuses an OAuth access token that was not granted ``scope`` (RFC 6750 §3.1,
    ``insufficient_scope``). An own token passes: its role dependency decides.

    It is the route's bearer security scheme as well (a ``SecurityBase``: OpenAPI declares
    ``HTTPBearer`` on each route that has it), so a route's tree holds no scheme dependency
    of its own; ``deps.principal_of`` reads the token."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.model = HTTPBearerModel(description="A token from `leerspoor tokens create`.")
        self.scheme_name = "HTTPBearer"

    async def __call__(self, request: Request) -> Principal:  # no thread: no I/O
        principal = await principal_of(request)
        if self.scope in GRANTABLE:
            # The Open Badges API serves learners (the route's role dependency refuses the
            # rest); a learner's token, own or OAuth, is held to the scopes it carries.
            if principal.actor.role is Role.LEARNER and self.scope.value not in principal.scopes:
                raise insufficient_scope(self.scope.value)
        elif principal.client_id is not None:
            raise insufficient_scope(None)
        return principal


class NoBearerToken:
    """Declares a route that takes no bearer token of ours: public, a page whose signed-in
    person ``pages.shell.gate`` checks from the session cookie (own tokens only), or the
    OpenID4VCI credential endpoint, which checks its own access tokens."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    async def __call__(self) -> None:
        return None


def requires(scope: Scope) -> Any:
    """The dependency that declares (and, for bearer routes, enforces) ``scope``."""
    if scope in (Scope.PUBLIC, Scope.SESSION, Scope.WALLET_TOKEN):
        return Depends(NoBearerToken(scope))
    return Depends(TokenScope(scope))


def declared_scopes(route: Any) -> set[Scope]:
    """The scopes a route (an ``APIRoute`` or its effective context) declares, found in its
    dependency tree."""
    found: set[Scope] = set()
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        if isinstance(dependant.call, TokenScope | NoBearerToken):
            found.add(dependant.call.scope)
        pending.extend(dependant.dependencies)
    return found


def route_table(routes: list[BaseRoute]) -> dict[tuple[str, str], set[Scope]]:
    """(method, path) → declared scopes, for every route the app serves (HEAD aside)."""
    table: dict[tuple[str, str], set[Scope]] = {}
    for context in iter_route_contexts(routes):
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                table[(method, str(context.path))] = (
                    declared_scopes(context) if hasattr(context, "dependant") else set()
                )
    return table


__all__ = ["GRANTABLE", "Scope", "declared_scopes", "requires", "route_table"]
