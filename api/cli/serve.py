"""``leerspoor serve``: the HTTP API and the pages, on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.options import Db, KeysDir, settings


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    keys_dir: KeysDir = None,
) -> None:
    """Serve the HTTP API."""
    import uvicorn

    from api.http import create_app

    # Forwarded headers are believed only as LEERSPOOR_FORWARDED_ALLOW_IPS says (in the app).
    app = create_app(settings(db, keys_dir))
    uvicorn.run(app, host=host, port=port, proxy_headers=False)
