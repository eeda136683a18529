"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents with pyld.

Owns the limits applied before canonicalisation and the strict-expansion guard.
Always passes our pinned loader and ``algorithm="URDNA2015"`` (RDFC-1.0): pyld's
``normalize`` defaults to URGNA2012 and its default loader uses the network.
"""

from __future__ import annotations

import json
from typing import Any

from pyld import jsonld
from pyld.context_resolver import ContextResolver

from badges.errors import DocumentError, DocumentTooLargeError, UnsafeExpansionError
from badges.loader import PinnedLoader, default_loader, require_pinned

MAX_DOCUMENT_BYTES = 256 * 1024
MAX_DEPTH = 32
# private options carried through pyld's normalize → to_rdf → expand (pyld ignores them)
_KEY, _KEY_FOR = "leerspoorCacheKey", "leerspoorCacheKeyFor"


def check_limits(document: object) -> str:
    """Refuse documents that are too large or too deeply nested to canonicalise safely.

    Returns the document's sorted-key JSON text, which also keys the caches below.

    Raises:
        DocumentTooLargeError: over ``MAX_DOCUMENT_BYTES`` serialised or ``MAX_DEPTH`` deep.
    """
    _check_depth(document, 0)
    try:
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise DocumentError(f"document is not plain JSON: {error}") from error
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentTooLargeError(f"document is {size} bytes; limit {MAX_DOCUMENT_BYTES}")
    return text


def _check_depth(value: object, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise DocumentTooLargeError(f"document nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_depth(item, depth + 1)


def _refuse_dropped(term: str | None) -> None:
    raise UnsafeExpansionError(f"JSON-LD expansion would drop the term {term!r}")


class _StrictProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor with a strict, cached ``expand``.

    ``normalize`` expands through ``self.expand``, so overriding that one public method
    puts the guard and the cache on the single expansion canonicalisation needs.
    """

    def __init__(self, loader: PinnedLoader) -> None:
        super().__init__(on_property_dropped=_refuse_dropped)
        self._loader = loader

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set[str] | None = None,
    ) -> Any:
        def process() -> Any:
            return super(_StrictProcessor, self)._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )

        if cycles:  # inside a chain of remote contexts being resolved: leave it to pyld
            return process()
        flags = (
            f"o{int(override_protected)}p{int(propagate)}v{int(validate_scoped)}",
            str(options.get("base")),
            str(options.get("processingMode")),
        )
        initial = self._get_initial_context(options)
        return self._loader.contexts.process(process, active_ctx, local_ctx, initial, flags)

    def expand(self, input_: Any, options: dict[str, Any]) -> list[Any]:
        # canonize() already computed the key of this very document: reuse it
        known = options.get(_KEY_FOR) is input_
        key = options[_KEY] if known else check_limits(input_)
        cached = self._loader.expanded_cache.get(key)
        if cached is not None:
            return cached
        require_pinned(input_, self._loader)
        # no base IRI: a relative @id or @type must stay relative so the guard sees it
        expanded: list[Any] = super().expand(input_, {**options, "base": None})
        _refuse_relative(expanded)
        self._loader.expanded_cache[key] = expanded
        return expanded


def _options(loader: PinnedLoader) -> dict[str, Any]:
    return {
        "documentLoader": loader,
        "contextResolver": ContextResolver(loader.resolved_cache, loader),
        "processingMode": "json-ld-1.1",
    }


def expand_strict(document: dict[str, Any], loader: PinnedLoader | None = None) -> list[Any]:
    """Expand a document, failing instead of silently dropping anything.

    pyld lacks a safe mode (jsonld.js has one): this strict policy is hand-written on
    pyld's ``on_property_dropped`` hook, plus a walk that refuses ``@type``/``@id``
    values left relative, which RDF conversion would drop without a word. The result
    is cached by the document's JSON text and shared: do not mutate it.

    Raises:
        DocumentTooLargeError, UnknownContextError, UnsafeExpansionError, DocumentError.
    """
    loader = loader or default_loader()
    try:
        return _StrictProcessor(loader).expand(document, _options(loader))
    except jsonld.JsonLdError as error:
        raise _unwrap(error) from error


def canonize(document: dict[str, Any], loader: PinnedLoader | None = None) -> str:
    """Return the RDFC-1.0 canonical N-Quads of a JSON-LD document.

    Expands once, strictly (see :func:`expand_strict`). Results are cached by the
    document's JSON text, so verifying the same credential again (the public verify
    page, a status list) costs no JSON-LD processing.

    Raises:
        DocumentTooLargeError, UnknownContextError, UnsafeExpansionError, DocumentError.
    """
    loader = loader or default_loader()
    key = check_limits(document)
    cached = loader.canonical_cache.get(key)
    if cached is not None:
        return cached
    options = {**_options(loader), "algorithm": "URDNA2015", "format": "application/n-quads"}
    options[_KEY], options[_KEY_FOR] = key, document
    try:
        canonical: str = _StrictProcessor(loader).normalize(document, options)
    except jsonld.JsonLdError as error:
        raise _unwrap(error) from error
    loader.canonical_cache[key] = canonical
    return canonical


def _unwrap(error: BaseException) -> DocumentError:
    """Find our own error inside pyld's wrapping, or describe pyld's."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DocumentError):
            return cause
        cause = cause.__cause__ or getattr(cause, "cause", None)
    return DocumentError(f"JSON-LD processing failed: {error}")


def _is_absolute(iri: str) -> bool:
    return iri.startswith("_:") or (":" in iri and not iri.startswith(":"))


def _refuse_relative(value: object) -> None:
    if isinstance(value, list):
        for item in value:
            _refuse_relative(item)
        return
    if not isinstance(value, dict):
        return
    if "@value" in value:
        return
    node_id = value.get("@id")
    if isinstance(node_id, str) and not _is_absolute(node_id):
        raise UnsafeExpansionError(f"identifier {node_id!r} is not an absolute IRI")
    for type_iri in value.get("@type", []):
        if isinstance(type_iri, str) and not _is_absolute(type_iri):
            raise UnsafeExpansionError(f"type {type_iri!r} is not defined by the context")
    for key, item in value.items():
        if key not in ("@id", "@type"):
            _refuse_relative(item)
