"""``leerspoor serve --cpu N`` (or ``LEERSPOOR_SERVE_CPU``) keeps the server, every thread of
it, on CPU N; a CPU the process may not use is said in one line and nothing starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from tests.live_server import free_port
from tests.processes import Child, answers_http, children, leerspoor

runner = CliRunner()
affinity = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity"), reason="this platform has no CPU affinity"
)


def cpus_of_threads(pid: int) -> dict[str, str]:
    """Each thread of ``pid`` and the CPUs it may run on (``Cpus_allowed_list``)."""
    found: dict[str, str] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith("Cpus_allowed_list:"):
                found[task.name] = line.split(":", 1)[1].strip()
    return found


@affinity
@pytest.mark.parametrize("given_by", ["option", "environment"])
def test_serve_keeps_every_thread_of_the_server_on_the_cpu_asked_for(
    tmp_path: Path, given_by: str
) -> None:
    # The last CPU this test may use: on a machine with several, not the one it runs on by
    # default, so a server left unpinned would list more than one.
    cpu = max(os.sched_getaffinity(0))
    port = free_port()
    command = ["serve", "--db", f"sqlite:///{tmp_path / 'l.db'}", "--port", str(port)]
    env = {"LEERSPOOR_KEYS_DIR": str(tmp_path / "keys")}
    if given_by == "option":
        command += ["--cpu", str(cpu)]
    else:
        env["LEERSPOOR_SERVE_CPU"] = str(cpu)
    base = f"http://127.0.0.1:{port}"
    with children() as started:
        server = Child(leerspoor(*command), tmp_path / "serve.log", env)
        started.append(server)
        server.wait_until(answers_http(f"{base}/health"), "the API server")
        # /health is a plain route: answering it started a worker thread after the pinning.
        threads = cpus_of_threads(server.pid)
    assert len(threads) > 1
    assert set(threads.values()) == {str(cpu)}


@affinity
def test_serve_on_a_cpu_the_process_may_not_use_says_so_and_starts_nothing(
    tmp_path: Path,
) -> None:
    missing = max(os.sched_getaffinity(0)) + 1
    result = runner.invoke(
        app,
        ["serve", "--cpu", str(missing), "--port", str(free_port())]
        + ["--db", f"sqlite:///{tmp_path / 'l.db'}"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert f"CPU {missing} is not one this process may use" in result.output
    assert not (tmp_path / "l.db").exists()


def test_a_negative_cpu_is_refused_as_a_setting() -> None:
    with pytest.raises(ValueError, match="serve_cpu"):
        Settings(serve_cpu=-1)
