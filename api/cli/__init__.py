"""The ``leerspoor`` command line: one sub-app per noun (see ``api.cli.app``)."""

from api.cli.app import app

__all__ = ["app"]
