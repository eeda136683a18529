"""The outer ring: the HTTP API (``api.http``), the pages (``api.pages``), the command line
(``api.cli``), the API's own stores (``api.stores``), the demo (``api.demo``), with one
composition root (``api.bootstrap``) building every part from one ``api.settings.Settings``.

Imports ``ledger``, ``badges`` and ``projections`` only through their faces; nothing imports
``api``. This face exports nothing itself, so ``leerspoor verify`` loads no web framework.
"""

from __future__ import annotations

__all__: list[str] = []
