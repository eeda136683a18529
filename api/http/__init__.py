"""The HTTP side: the app factory (``create_app``), its dependencies, problem answers and
one router per area. Imports no CLI."""

from __future__ import annotations

from api.http.app import create_app

__all__ = ["create_app"]
