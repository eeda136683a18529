"""A throwaway HTTPS server on 127.0.0.1 for the online resolver's tests.

Serves DID and controller documents, redirects, an oversized and a slow document,
with a self-signed certificate for ``issuer.test`` (names reach 127.0.0.1 only
through the tests' stub address lookup). Also the transport guard: an httpx transport
that fails the test if a connection to anything but loopback is even attempted.
"""

from __future__ import annotations

import ipaddress
import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "issuer.test"


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate (and key) for issuer.test, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Site:
    """What the server answers, by path; ``hits`` counts requests per path."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    slow_paths: set[str] = field(default_factory=set)
    hits: dict[str, int] = field(default_factory=dict)
    port: int = 0

    def json(self, path: str, document: Any, **headers: str) -> None:
        body = json.dumps(document).encode()
        self.routes[path] = (200, {"Content-Type": "application/json", **headers}, body)

    def redirect(self, path: str, location: str) -> None:
        self.routes[path] = (302, {"Location": location}, b"")


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            if self.path in site.slow_paths:
                self._drip()
                return
            status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _drip(self) -> None:
            # a document that never finishes: one byte every 50 ms, for at most 10 s
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                return

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    return Handler


@contextmanager
def https_site(directory: Path) -> Iterator[tuple[Site, ssl.SSLContext]]:
    """Serve a ``Site`` over HTTPS on 127.0.0.1; yields it and a client SSL context."""
    cert, key = self_signed(directory)
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, ssl.create_default_context(cafile=str(cert))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class LoopbackOnlyTransport(httpx.HTTPTransport):
    """httpx's real transport, failing the test before any non-loopback connection."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.attempted: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.attempted.append(host)
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            pytest.fail(f"a connection to {host} was attempted")
        return super().handle_request(request)
