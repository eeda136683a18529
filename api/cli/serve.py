"""``leerspoor serve``: the HTTP API and the pages, on uvicorn.

The public base URL (the host of the issuers' did:web, status lists and share links)
follows ``--port`` when it was left at its default, so ``--port 8001`` does not publish
addresses on 8000. A port already taken is said in one line, before anything starts.
"""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from api.cli.options import Db, KeysDir, console, settings
from api.settings import Settings

DEFAULT_BASE_URL = Settings.model_fields["public_base_url"].default
EXIT_PORT_TAKEN = 1


def port_taken(host: str, port: int) -> bool:
    """Whether ``host:port`` cannot be bound now (another server holds it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    keys_dir: KeysDir = None,
) -> None:
    """Serve the HTTP API and the pages."""
    import uvicorn

    from api.http import create_app

    if port_taken(host, port):
        console.print(
            f"[red]Port {port} on {host} is already in use[/]: stop the other server, or "
            f"choose another port (leerspoor serve --port {port + 1}, PORT={port + 1} make run).",
            soft_wrap=True,  # one line, however narrow the terminal
        )
        raise typer.Exit(EXIT_PORT_TAKEN)
    chosen = settings(db, keys_dir)
    if chosen.public_base_url == DEFAULT_BASE_URL and port != 8000:
        chosen = chosen.model_copy(update={"public_base_url": f"http://{host}:{port}"})
    # Forwarded headers are believed only as LEERSPOOR_FORWARDED_ALLOW_IPS says (in the app).
    app = create_app(chosen)
    uvicorn.run(app, host=host, port=port, proxy_headers=False)
