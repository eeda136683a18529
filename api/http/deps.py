"""Dependencies as ``Annotated`` aliases: the services, the ledger, and each role check.

Those that only read the app's state are ``async``: FastAPI runs a plain ``def``
dependency on a worker thread, and each such hop cost a post about as much CPU as the
ledger's own checks (issue 19). The token lookup queries the store: on the event loop when
the store is the embedded SQLite file (a read there takes tens of microseconds and, in WAL
mode, never waits on a writer; the worker-thread hop costs about 0.1 ms of CPU),
on a worker thread when it is a database server, whose answer may be slow to come."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security.utils import get_authorization_scheme_param
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from api.http.problems import forbidden_role, unauthenticated
from api.services import Services
from api.stores import Principal, TokenStore
from ledger import Ledger, Role


async def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_fresh_services(request: Request) -> Services:
    """The services with read models, badges and hash tree caught up to the ledger's head:
    for reads of anything derived, so a reader sees every write acknowledged before."""
    services: Services = request.app.state.services
    services.refresh()
    return services


LedgerDep = Annotated[Ledger, Depends(get_ledger)]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="The client event id."),
]
FreshServicesDep = Annotated[Services, Depends(get_fresh_services)]
ServicesDep = Annotated[Services, Depends(get_services)]


PRINCIPAL = "leerspoor.principal"  # where a request keeps its principal once looked up


async def principal_of(connection: HTTPConnection) -> Principal:
    """Who the bearer token speaks for: an own token (``TokenStore``) or an OAuth access
    token (``OAuthStore``, which carries its client's id; ``api.http.scopes`` holds it to
    its scopes). Looked up once per request and kept in the request's own scope: the
    route's scope declaration and its role dependency both ask for it.

    Both call this rather than depend on a principal dependency: FastAPI solves every
    dependency of every request anew, a dependency it has already solved included, and the
    four that a principal dependency and its bearer scheme added to each route were a tenth
    of a post's Python calls (issue 19). The stores come from the app's state for the same
    reason."""
    known: Principal | None = connection.scope.get(PRINCIPAL)
    if known is not None:
        return known
    scheme, secret = get_authorization_scheme_param(connection.headers.get("Authorization"))
    if scheme.lower() != "bearer" or not secret:
        raise unauthenticated()
    tokens: TokenStore = connection.app.state.tokens
    services: Services = connection.app.state.services

    def authenticate() -> Principal | None:
        return tokens.authenticate(secret) or services.oauth.authenticate(secret)

    embedded = tokens.embedded and services.oauth.embedded
    principal = authenticate() if embedded else await run_in_threadpool(authenticate)
    if principal is None:
        raise unauthenticated()
    connection.scope[PRINCIPAL] = principal
    return principal


def require_roles(*roles: Role) -> Callable[[Request], Coroutine[Any, Any, Principal]]:
    async def check(request: Request) -> Principal:
        principal = await principal_of(request)
        if principal.actor.role not in roles:
            raise forbidden_role(principal.actor.role.value)
        return principal

    return check


WriterPrincipal = Annotated[Principal, Depends(require_roles(Role.PROVIDER, Role.WORKPLACE))]
ReaderPrincipal = Annotated[
    Principal, Depends(require_roles(Role.PROVIDER, Role.WORKPLACE, Role.AUDITOR, Role.LEARNER))
]
LearnerPrincipal = Annotated[Principal, Depends(require_roles(Role.LEARNER))]
AuditorPrincipal = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]
AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
MonitorPrincipal = Annotated[Principal, Depends(require_roles(Role.AUDITOR, Role.ADMIN))]
ProviderPrincipal = Annotated[Principal, Depends(require_roles(Role.PROVIDER))]
# Every role a token can hold (the ledger's own SYSTEM role has none).
SIGNED_IN = tuple(role for role in Role if role is not Role.SYSTEM)
SignedInPrincipal = Annotated[Principal, Depends(require_roles(*SIGNED_IN))]
AccreditorPrincipal = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNERSHIP))]
LearnerReaderPrincipal = Annotated[
    Principal, Depends(require_roles(Role.PROVIDER, Role.AUDITOR, Role.ADMIN))
]
