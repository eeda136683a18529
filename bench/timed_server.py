"""The API server the HTTP benchmark measures: exactly what ``leerspoor serve`` runs (the
same ``create_app`` on uvicorn, same settings), wrapped in one outermost ASGI layer that
adds ``Server-Timing: app;dur=<ms>`` to every response: the time from the moment uvicorn
hands the request to the app until the app starts its response (routing, auth, validation,
the ledger, waiting for a worker thread and the GIL). Load-generator queueing and the
loopback are outside it. Used only by ``bench/api.py``; the product never adds the header.

    .venv/bin/python bench/timed_server.py --db sqlite:///var/bench/api.db --port 8123
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The script's own folder holds bench/badges.py, which would shadow the badges package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402
from starlette.types import ASGIApp, Message, Receive, Scope, Send  # noqa: E402

from api.cli.options import settings  # noqa: E402
from api.cli.serve import pin_to_cpu  # noqa: E402
from api.http import create_app  # noqa: E402


class ServerTiming:
    """Adds the app's own time to each HTTP response as a ``Server-Timing`` header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                header = (b"server-timing", f"app;dur={took:.3f}".encode())
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cpu", type=int, help="keep the server on this CPU (serve --cpu)")
    args = parser.parse_args()
    if args.cpu is not None:
        pin_to_cpu(args.cpu)  # as leerspoor serve does: before the app starts its threads
    app = create_app(settings(args.db))  # the keys folder from LEERSPOOR_KEYS_DIR
    uvicorn.run(ServerTiming(app), host="127.0.0.1", port=args.port, proxy_headers=False)


if __name__ == "__main__":
    main()
