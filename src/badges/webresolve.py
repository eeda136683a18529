"""Resolving foreign issuers online: did:web and ``https://`` controller documents, safely.

An ``OnlineResolver`` is a document source (see ``badges.did``) for issuers that are not
ours. A credential names the URL, so the fetch is an SSRF risk; the guard is:

* HTTPS only, no user info in the URL, redirects followed by hand and each hop
  checked again like the first;
* the host is resolved first and *every* address must be public (not private,
  loopback, link-local, shared, reserved, multicast or unspecified, IPv4-mapped
  included), unless ``ResolverSettings.allowed_networks`` lists it; the connection is
  then pinned to the checked address (URL rewritten to the IP, ``Host`` header and TLS
  SNI/certificate check kept on the name), so a second DNS answer cannot differ;
* no proxies from the environment (they would undo the pinning); a size limit read
  as the body streams in and an overall deadline, not just per-read timeouts;
* a cache that follows ``Cache-Control`` (``no-store``/``no-cache`` not kept,
  ``s-maxage``/``max-age`` less ``Age``; a short default when absent).

Every refusal is a ``DidResolutionError`` whose message says why. Nothing here runs
unless a caller builds a resolver: verification stays offline by default.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from cachetools import LRUCache

from badges.did import did_web_url
from badges.errors import BadgeError, DidResolutionError
from badges.safejson import load_json

AddressLookup = Callable[[str, int], list[str]]
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "application/did+json, application/did+ld+json, application/ld+json, application/json"


@dataclass(frozen=True)
class ResolverSettings:
    """Limits of the online resolver; ``allowed_networks`` opens non-public ranges."""

    allowed_networks: tuple[str, ...] = ()
    max_bytes: int = 256 * 1024
    timeout_s: float = 5.0
    max_redirects: int = 3
    default_ttl_s: float = 300.0
    max_ttl_s: float = 24 * 3600.0
    cache_entries: int = 1024


def system_addresses(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (the default lookup)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise DidResolutionError(f"{host} does not resolve: {error}") from None
    return sorted({str(answer[4][0]) for answer in answers})


def document_url(identifier: str) -> str:
    """Where the document of a did:web DID or an ``https://`` controller id lives."""
    if identifier.startswith("did:web:"):
        return did_web_url(identifier)
    if identifier.startswith("https://"):
        return identifier.split("#", 1)[0]
    raise DidResolutionError(f"{identifier[:60]!r} is not resolvable online")


class OnlineResolver:
    """A document source that fetches did:web and ``https://`` controller documents.

    ``lookup`` resolves host names (default: the system resolver) and ``transport``
    is httpx's (default: its own); ``ssl_context`` verifies certificates (default: the
    system's CA store). Thread-safe; one instance keeps one cache.
    """

    def __init__(
        self,
        settings: ResolverSettings | None = None,
        *,
        lookup: AddressLookup = system_addresses,
        transport: httpx.BaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or ResolverSettings()
        self._allowed = tuple(ipaddress.ip_network(n) for n in self.settings.allowed_networks)
        self._lookup = lookup
        self._clock = clock
        self._client = httpx.Client(
            transport=transport,
            verify=ssl_context or True,
            trust_env=False,
            follow_redirects=False,
            timeout=self.settings.timeout_s,
        )
        self._cache: LRUCache[str, tuple[float, Mapping[str, Any]]] = LRUCache(
            maxsize=self.settings.cache_entries
        )
        self._lock = threading.Lock()

    def __call__(self, identifier: str) -> Mapping[str, Any] | None:
        """The document for a did:web DID or ``https://`` id (a ``DocumentSource``).

        Raises:
            DidResolutionError: refused (address, scheme, size, time) or not found,
                with the reason in the message.
        """
        url = document_url(identifier)
        now = self._clock()
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None and cached[0] > now:
            return cached[1]
        document, ttl = self._fetch(url, now + self.settings.timeout_s)
        if ttl > 0:
            with self._lock:
                self._cache[url] = (now + ttl, document)
        return document

    def close(self) -> None:
        self._client.close()

    def check_url(self, url: str) -> tuple[str, str, int, str]:
        """Refuse a URL before any connection; returns (host, checked address, port, path).

        Raises:
            DidResolutionError: not https, user info, or an address that is not allowed.
        """
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise DidResolutionError(f"refused {url[:80]}: only https:// is fetched")
        if parts.username or parts.password or not parts.hostname:
            raise DidResolutionError(f"refused {url[:80]}: no host, or user info in the URL")
        host = parts.hostname
        try:
            port = parts.port or 443
        except ValueError:
            raise DidResolutionError(f"refused {url[:80]}: invalid port") from None
        addresses = [host] if _is_ip(host) else self._lookup(host, port)
        if not addresses:
            raise DidResolutionError(f"refused {url[:80]}: {host} has no address")
        for address in addresses:
            reason = self._forbidden(address)
            if reason:
                raise DidResolutionError(
                    f"refused {url[:80]}: {host} resolves to {address}, {reason}"
                )
        path = parts.path or "/"
        return host, addresses[0], port, path + (f"?{parts.query}" if parts.query else "")

    def _forbidden(self, text: str) -> str:
        address: IpAddress = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in self._allowed):
            return ""
        for test, name in (
            (address.is_loopback, "a loopback address"),
            (address.is_link_local, "a link-local address"),
            (address.is_private, "a private address"),
            (address.is_multicast, "a multicast address"),
            (address.is_unspecified, "an unspecified address"),
            (address.is_reserved, "a reserved address"),
            (not address.is_global, "not a public address"),
        ):
            if test:
                return name
        return ""

    def _fetch(self, url: str, deadline: float) -> tuple[Mapping[str, Any], float]:
        for _hop in range(self.settings.max_redirects + 1):
            host, address, port, path = self.check_url(url)
            target = f"https://{_bracketed(address)}:{port}{path}"
            headers = {"Host": host if port == 443 else f"{host}:{port}", "Accept": _ACCEPT}
            try:
                with self._client.stream(
                    "GET", target, headers=headers, extensions={"sni_hostname": host}
                ) as response:
                    if response.status_code in _REDIRECTS:
                        location = response.headers.get("location", "")
                        url = urljoin(url, location)
                        continue
                    if response.status_code != 200:
                        raise DidResolutionError(f"{url[:80]} answered HTTP {response.status_code}")
                    body = self._read(response, url, deadline)
                    ttl = freshness(response.headers, self.settings)
            except httpx.TimeoutException:
                raise DidResolutionError(f"{url[:80]}: no answer within the time limit") from None
            except httpx.HTTPError as error:
                raise DidResolutionError(f"{url[:80]} cannot be fetched: {error}") from None
            return _document(body, url, self.settings.max_bytes), ttl
        raise DidResolutionError(f"{url[:80]}: more than {self.settings.max_redirects} redirects")

    def _read(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise DidResolutionError(f"{url[:80]}: document larger than {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_raw():
            size += len(chunk)
            if size > limit:
                raise DidResolutionError(f"{url[:80]}: document larger than {limit} bytes")
            if self._clock() > deadline:
                raise DidResolutionError(f"{url[:80]}: no answer within the time limit")
            chunks.append(chunk)
        return b"".join(chunks)


def _document(body: bytes, url: str, limit: int) -> Mapping[str, Any]:
    try:
        document = load_json(body, max_bytes=limit, max_depth=32)
    except BadgeError as error:
        raise DidResolutionError(f"{url[:80]}: not a JSON document ({error})") from None
    if not isinstance(document, dict):
        raise DidResolutionError(f"{url[:80]}: not a JSON object")
    return document


def freshness(headers: Mapping[str, str], settings: ResolverSettings) -> float:
    """Seconds a response may be reused, from ``Cache-Control`` (RFC 9111 §5.2)."""
    directives = _directives(headers.get("cache-control", "").split(","))
    if "no-store" in directives or "no-cache" in directives:
        return 0.0
    for name in ("s-maxage", "max-age"):  # we are a shared cache: s-maxage wins
        value = directives.get(name)
        if value is not None:
            if not value.isdigit():
                return 0.0
            age = headers.get("age", "0")
            lived = int(age) if age.isdigit() else 0
            return float(max(0, min(int(value), int(settings.max_ttl_s)) - lived))
    return settings.default_ttl_s


def _directives(parts: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in parts:
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value.strip().strip('"')
    return found


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address
