"""``python -m api.cli``: the same command line as the ``leerspoor`` script."""

from api.cli.app import app

app()
