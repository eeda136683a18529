"""A cache of processed JSON-LD active contexts, keyed by what they are made of.

pyld caches a processed context under the ``_uuid`` of the active context it was
processed against, and mints a fresh uuid for every clone, so across documents (and
for every type- or property-scoped context within one) its cache never hits: about
half of a Data Integrity verification went into re-processing the VC 2.0 and OB 3.0
contexts (issue 19). Hand-written because pyld offers no content-keyed cache.

Soundness: a processed context is a pure function of the active context it starts
from, the local context, the processing flags and the loader's (immutable) documents.
Every active context this cache hands out gets a *fingerprint*: a hash of the chain of
(local context content, flags) that produced it from pyld's initial context. A lookup
is keyed by (fingerprint of the active context, content of the local context, flags),
never by object identity; an active context without a fingerprint (made by pyld
outside this cache) is processed by pyld itself and not cached. Results are frozen
(``frozendict``) and never mutated by pyld, so sharing them between documents and
threads is safe. Local contexts are keyed by their JSON text; the pinned documents'
own sub-objects have that text computed once per loader (they are never mutated: no
pinned context uses ``@import`` or relative context URLs, the two things pyld writes
into a context, and a test holds that).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from cachetools import LRUCache
from frozendict import frozendict

Processor = Callable[..., Any]
_INITIAL = "initial"


def _plain(value: object) -> object:
    if isinstance(value, frozendict):
        return dict(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def context_text(value: object) -> str:
    """Canonical JSON text of a local context (sorted keys, compact)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=_plain)


class ContextCache:
    """Processed active contexts by content, for one loader's documents."""

    def __init__(self, documents: Mapping[str, Any], maxsize: int = 1024) -> None:
        self._results: LRUCache[tuple[str, ...], Any] = LRUCache(maxsize=maxsize)
        # fingerprint of every context this cache returned, by its pyld _uuid
        self._fingerprints: LRUCache[str, str] = LRUCache(maxsize=4 * maxsize)
        self._pinned_text = _subobject_texts(documents)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def fingerprint(self, active_ctx: Mapping[str, Any], initial: Mapping[str, Any]) -> str | None:
        if active_ctx is initial:
            return f"{_INITIAL}:{initial.get('processingMode')}"
        uuid = active_ctx.get("_uuid")
        if not isinstance(uuid, str):
            return None
        with self._lock:
            return self._fingerprints.get(uuid)

    def local_key(self, local_ctx: object) -> str:
        if isinstance(local_ctx, str):
            return "url:" + local_ctx
        pinned = self._pinned_text.get(id(local_ctx))
        if pinned is not None and pinned[0] is local_ctx:
            return pinned[1]
        return context_text(local_ctx)

    def process(
        self,
        process: Processor,
        active_ctx: Mapping[str, Any],
        local_ctx: object,
        initial: Mapping[str, Any],
        flags: tuple[str, ...],
    ) -> Any:
        """The processed context, from the cache or from ``process()`` (then cached)."""
        fingerprint = self.fingerprint(active_ctx, initial)
        if fingerprint is None:
            return process()
        key = (fingerprint, self.local_key(local_ctx), *flags)
        with self._lock:
            cached = self._results.get(key)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        result = process()
        uuid = result.get("_uuid") if isinstance(result, frozendict) else None
        if isinstance(uuid, str):
            digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()
            with self._lock:
                self._results[key] = result
                self._fingerprints[uuid] = digest
        return result


def _subobject_texts(documents: Mapping[str, Any]) -> dict[int, tuple[object, str]]:
    """Canonical text of every object and array inside the documents, by identity.

    The entry keeps the object itself, so its id cannot be reused while the entry
    lives (the loader keeps the documents for its lifetime anyway).
    """
    found: dict[int, tuple[object, str]] = {}
    stack: list[object] = list(documents.values())
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            continue
        found[id(item)] = (item, context_text(item))
    return found
