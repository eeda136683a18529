"""The JSON-LD document loader: serves only the contexts pinned in ``badges/contexts``.

An unknown URL is an error, never a network fetch (a verifier must run offline and
must not let a credential choose the vocabulary it is read with). Imports nothing
from the rest of the project.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from cachetools import LRUCache

from badges.contextcache import ContextCache
from badges.errors import UnknownContextError

RemoteDocument = dict[str, Any]
K = TypeVar("K")
V = TypeVar("V")


class SharedLRU(LRUCache[K, V]):
    """An LRU cache safe to share between threads (cachetools' is not: a read reorders).

    A verifier answering requests on several threads shares one loader and its caches.
    """

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self._lock = threading.RLock()

    def __getitem__(self, key: K) -> V:
        with self._lock:
            return super().__getitem__(key)

    def __setitem__(self, key: K, value: V) -> None:
        with self._lock:
            super().__setitem__(key, value)

    def __delitem__(self, key: K) -> None:
        with self._lock:
            super().__delitem__(key)

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        with self._lock:
            found: V | None = super().get(key, default)
            return found

    def pop(self, key: K, default: Any = None) -> Any:
        with self._lock:
            return super().pop(key, default)

    def popitem(self) -> tuple[K, V]:
        with self._lock:
            return super().popitem()


@cache
def pinned_contexts() -> Mapping[str, Any]:
    """Return every pinned context by URL, parsed once per process."""
    folder = resources.files("badges") / "contexts"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {
        url: json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
        for url, entry in manifest.items()
    }


class PinnedLoader:
    """A pyld ``documentLoader`` over the pinned contexts, plus optional extra documents.

    Each loader owns the cache of contexts pyld has resolved through it, the cache of
    active contexts processed with them (``ContextCache``, keyed by content), so no
    document re-processes a context, and the caches of documents already expanded and
    canonicalised through it (keyed by their JSON text).
    """

    def __init__(self, extra: Mapping[str, Any] | None = None) -> None:
        self._documents: dict[str, Any] = dict(pinned_contexts())
        if extra:
            self._documents.update(extra)
        self.resolved_cache: SharedLRU[str, Any] = SharedLRU(maxsize=128)
        self.expanded_cache: SharedLRU[str, list[Any]] = SharedLRU(maxsize=512)
        self.canonical_cache: SharedLRU[str, str] = SharedLRU(maxsize=1024)
        self.contexts = ContextCache(self._documents)
        # status lists whose proof held, by list text and key (see status_check)
        self.verified_lists: SharedLRU[tuple[str, ...], Any] = SharedLRU(maxsize=256)

    def __contains__(self, url: object) -> bool:
        return url in self._documents

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> RemoteDocument:
        try:
            document = self._documents[url]
        except KeyError:
            raise UnknownContextError(
                f"JSON-LD context {url!r} is not pinned; refusing to fetch it"
            ) from None
        # "static" lets pyld keep the resolved context in its shared cache (it caches
        # remote contexts only when tagged so); pinned contexts never change.
        return {"contextUrl": None, "documentUrl": url, "document": document, "tag": "static"}


@cache
def default_loader() -> PinnedLoader:
    """The process-wide loader over the pinned contexts only."""
    return PinnedLoader()


def context_urls(document: object) -> Iterator[str]:
    """Yield every context URL a document names, at any depth (scoped contexts too)."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "@context":
                yield from _urls_in_context(value)
            else:
                yield from context_urls(value)
    elif isinstance(document, list):
        for item in document:
            yield from context_urls(item)


def _urls_in_context(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _urls_in_context(item)
    elif isinstance(value, dict):
        # an embedded context may itself name contexts in scoped term definitions
        yield from context_urls(value)


def require_pinned(document: object, loader: PinnedLoader) -> None:
    """Fail closed on any context URL the loader does not serve.

    Checked before pyld runs because pyld's own caches could otherwise answer for a
    URL without asking our loader.

    Raises:
        UnknownContextError: a context URL is not pinned.
    """
    for url in context_urls(document):
        if url not in loader:
            raise UnknownContextError(f"JSON-LD context {url!r} is not pinned")
