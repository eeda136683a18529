"""``leerspoor demo``: load the organisations, catalogue, learners and the six seed
scenarios through the public operations (idempotent), bring the read models up to date and
issue the badges the scenarios earn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from api.cli.options import Db, KeysDir, components, console
from api.demo import export_demo, load_demo, seed_scenarios

Out = Annotated[
    Path | None,
    typer.Option(
        help="Also write every credential issued (JSON, PNG, SVG) and each "
        "issuer's DID document here."
    ),
]


def demo(db: Db = None, out: Out = None, keys_dir: KeysDir = None) -> None:
    """Load the organisations, catalogue, learners and six seed scenarios through the public
    operations (idempotent), bring the read models up to date and issue the badges the
    scenarios earn."""
    parts = components(db, keys_dir)
    total = sum(len(s.steps) for s in seed_scenarios())
    with Progress(console=console) as progress:
        task = progress.add_task("seed scenarios", total=total)
        result = load_demo(parts.ledger, progress=lambda step: progress.advance(task))
    console.print(
        f"[green]demo loaded[/]: {result.appended} events appended, "
        f"{result.duplicates} already present, {len(result.trajectories)} trajectories"
    )
    for key, trajectory_id in result.trajectories.items():
        console.print(f"  {key:24} {trajectory_id}")
    console.print("learners:")
    for key, learner_id in result.learners.items():
        console.print(f"  {key:24} {learner_id}")
    services = parts.services
    services.refresh()
    console.print(f"[green]badges[/]: {len(services.credentials.all())} credentials issued")
    if out is not None:
        written = export_demo(services, out)
        console.print(f"wrote {written} files to {out}")
