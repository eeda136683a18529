"""Ledger integrity for auditors (RFC 9162 style): signed checkpoints, inclusion proofs of
one event and consistency proofs between two tree sizes, and the access log of who read a
learner's record; publicly, the ledger key's DID document at ``/ledger/did.json``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from api.http.deps import AuditorPrincipal, FreshServicesDep
from api.http.problems import ApiProblemError
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from ledger import NotFoundError

MAX_POSITION = 2**63 - 1

audit_router = APIRouter(
    prefix="/v1/audit",
    tags=["audit"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(401, 403, 404, 422),
)
public_router = APIRouter(
    tags=["public"], dependencies=[requires(Scope.PUBLIC)], responses=problem_responses(404)
)
router = APIRouter()


def _tree_number(description: str) -> Any:
    """A query parameter naming an event's position or a tree size (positions from 1)."""
    return Query(ge=1, le=MAX_POSITION, description=description)


@contextmanager
def _provable() -> Iterator[None]:
    """A proof the tree cannot give (a position past the tree, sizes in the wrong order)
    answers 422 ``not-provable``."""
    try:
        yield
    except ValueError as error:
        raise ApiProblemError(422, "not-provable", "No such proof", str(error)) from None


@audit_router.get("/checkpoints")
def checkpoints(principal: AuditorPrincipal, services: FreshServicesDep) -> dict[str, Any]:
    """Every signed checkpoint (tree size, root hash, signing time, key id, Ed25519
    signature), oldest first, with the number of events committed so far."""
    view = services.integrity.view
    return {
        "log": services.ledger_key.did,
        "tree_size": view.leaf_count(),
        "checkpoints": [c.as_json() for c in view.checkpoints()],
    }


@audit_router.post("/checkpoints", status_code=201)
def sign_checkpoint(principal: AuditorPrincipal, services: FreshServicesDep) -> dict[str, Any]:
    """Commits every new event and signs a checkpoint of the whole tree now (returns the
    existing one when nothing changed since)."""
    with services.lock:
        signed = services.integrity.checkpoint()
    if signed is None:
        raise NotFoundError("the ledger is empty: nothing to sign")
    return signed.as_json()


@audit_router.get("/proofs/inclusion")
def inclusion_proof(
    principal: AuditorPrincipal,
    services: FreshServicesDep,
    position: Annotated[int, _tree_number("The event's position.")],
    tree_size: Annotated[int, _tree_number("A tree size.")],
) -> dict[str, Any]:
    """The audit path (RFC 9162 §2.1.3) of the event at ``position`` in the tree of
    ``tree_size`` leaves; hashes are hex."""
    with _provable():
        return services.integrity.inclusion(position, tree_size)


@audit_router.get("/proofs/consistency")
def consistency_proof(
    principal: AuditorPrincipal,
    services: FreshServicesDep,
    first: Annotated[int, _tree_number("The older tree size.")],
    second: Annotated[int, _tree_number("The newer tree size.")],
) -> dict[str, Any]:
    """The consistency proof (RFC 9162 §2.1.4) that the tree of ``first`` leaves is a
    prefix of the tree of ``second`` leaves; hashes are hex."""
    with _provable():
        return services.integrity.consistency(first, second)


@audit_router.get("/access-log")
def access_log(
    principal: AuditorPrincipal,
    services: FreshServicesDep,
    learner_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> list[dict[str, Any]]:
    """Who read a learner's record (or anyone's), newest first."""
    return services.access_log.entries(learner_id, limit)


@public_router.get("/ledger/did.json")
def ledger_did_document(services: FreshServicesDep) -> dict[str, Any]:
    """The did:web document of the key that signs the ledger's checkpoints."""
    services.ledger_key.signer()  # creates the key on first use
    document = services.ledger_key.did_document()
    if document is None:
        raise NotFoundError("the ledger has no key yet")
    return document


router.include_router(audit_router)
router.include_router(public_router)
