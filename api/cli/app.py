"""The ``leerspoor`` command line, assembled: top-level ``demo``, ``serve`` and ``verify``,
and one sub-app per noun, each in its own module. Every command that needs a part builds it
through ``api.cli.options.components`` (the composition root) and takes ``--db``."""

from __future__ import annotations

import typer

from api.cli.audit import audit_app
from api.cli.badges import badge_app, verify_command
from api.cli.catalogue import catalogue_app
from api.cli.contracts import contracts_app
from api.cli.demo import demo
from api.cli.keys import keys_app
from api.cli.learners import learners_app
from api.cli.monitoring import monitoring_app
from api.cli.orgs import orgs_app
from api.cli.projections import projections_app
from api.cli.serve import serve
from api.cli.tokens import tokens_app
from api.cli.trust import trust_app

app = typer.Typer(help="Leerspoor: a ledger of learning trajectories with signed badges.")
app.command()(demo)
app.command()(serve)
app.command("verify")(verify_command)
app.add_typer(contracts_app, name="contracts")
app.add_typer(tokens_app, name="tokens")
app.add_typer(badge_app, name="badge")
app.add_typer(keys_app, name="keys")
app.add_typer(projections_app, name="projections")
app.add_typer(audit_app, name="audit")
app.add_typer(learners_app, name="learners")
app.add_typer(trust_app, name="trust")
app.add_typer(catalogue_app, name="catalogue")
app.add_typer(orgs_app, name="orgs")
app.add_typer(monitoring_app, name="monitoring")
