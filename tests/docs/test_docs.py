"""The documentation's examples run (as eventsourcing tests its docs): every fenced block
marked ``sh test`` in README.md and docs/*.md, in order, one fresh environment per file.

The convention (docs/README.md): a ``leerspoor`` command runs in-process through typer's
CliRunner and must exit 0; a ``curl`` command runs the real curl against a live server on
127.0.0.1 serving the same database (``$API``) and must get a 2xx answer (``--fail-with-body``
is added); ``NAME=value``, ``NAME=$(leerspoor ... | tail -1)`` and
``NAME=$(curl ... | jq -r .field)`` set variables (``jq`` filters of keys and indexes only,
applied here); a ``| python3 -m json.tool`` tail asks for a JSON answer; arguments with
``*`` are globbed.
Anything else in a ``sh test`` block is an error, so the convention cannot rot silently.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.http import create_app
from api.settings import Settings
from tests.live_server import serving

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```", re.M | re.S)
CAPTURE = re.compile(r"^(\w+)=\$\((.*?)(\s*\|\s*tail -1)?\)$", re.S)
ASSIGN = re.compile(r"^(export\s+)?(\w+)=(.*)$")
VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
JSON_TOOL = re.compile(r"\s*\|\s*python3 -m json\.tool\s*$")
JQ = re.compile(r"\s*\|\s*jq -r ('?)(\.[^\s']*)\1\s*$")
JQ_STEP = re.compile(r"\.(\w+)|\[(-?\d+)\]|\.\[(-?\d+)\]")


def jq(output: str, path: str) -> str:
    """``jq -r PATH`` for paths of keys and indexes (``.secret``, ``.[-1].downloads.json``):
    all the docs need, so the examples run without jq installed."""
    value = json.loads(output)
    consumed = 0
    for step in JQ_STEP.finditer(path):
        assert step.start() == consumed, f"jq path {path!r} is more than keys and indexes"
        key, index, dotted = step.groups()
        value = value[key] if key is not None else value[int(index if index else dotted)]
        consumed = step.end()
    assert consumed == len(path), f"jq path {path!r} is more than keys and indexes"
    return value if isinstance(value, str) else json.dumps(value)


def runnable_blocks(path: Path) -> list[tuple[int, str]]:
    """(line number, body) of every ``sh test`` block of the file."""
    text = path.read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 1, m.group(3))
        for m in FENCE.finditer(text)
        if m.group(1) == "sh" and m.group(2).split() == ["test"]
    ]


def commands(body: str) -> Iterator[str]:
    """The block's commands, as a shell reads them: a newline ends a command unless it is
    quoted or escaped with a backslash; a ``#`` after a blank starts a comment."""
    command, quote, comment = [], "", False
    characters = iter(body)
    for char in characters:
        if comment:
            comment = char != "\n"
            if comment:
                continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "\\":
            following = next(characters, "")
            command.append(" " if following == "\n" else char + following)
            continue
        elif char == "#" and (not command or command[-1].isspace()):
            comment = True
            continue
        if char == "\n" and not quote:
            if "".join(command).strip():
                yield "".join(command).strip()
            command = []
        else:
            command.append(char)
    if "".join(command).strip():
        yield "".join(command).strip()


@dataclass
class Shell:
    """The environment one file's examples run in."""

    folder: Path
    stack: ExitStack
    variables: dict[str, str] = field(default_factory=dict)
    exported: set[str] = field(default_factory=set)
    api: str | None = None

    @property
    def settings(self) -> Settings:
        return Settings(
            database_url=f"sqlite:///{self.folder / 'docs.db'}", keys_dir=self.folder / "keys"
        )

    def environment(self) -> dict[str, str]:
        return {
            "LEERSPOOR_DATABASE_URL": self.settings.database_url,
            "LEERSPOOR_KEYS_DIR": str(self.settings.keys_dir),
            **{name: self.variables[name] for name in self.exported},
        }

    def expand(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            if name == "API":
                return self.server()
            if name not in self.variables:
                raise AssertionError(f"${name} is used before it is set")
            return self.variables[name]

        return VARIABLE.sub(value, text)

    def server(self) -> str:
        if self.api is None:
            self.api = self.stack.enter_context(serving(create_app(self.settings)))
        return self.api

    def run(self, command: str) -> str:
        captured = CAPTURE.match(command)
        if captured:
            output = self.run(captured.group(2))
            lines = output.strip().splitlines()
            self.variables[captured.group(1)] = lines[-1] if captured.group(3) else output.strip()
            return output
        assigned = ASSIGN.match(command)
        if assigned:
            export, name, value = assigned.groups()
            if name != "API":  # the live server's address stands in for the one shown
                self.variables[name] = self.expand(" ".join(shlex.split(value)))
                if export:
                    self.exported.add(name)
            return ""
        wants_json = bool(JSON_TOOL.search(command))
        filtered = JQ.search(command)
        command = JQ.sub("", JSON_TOOL.sub("", command))
        words = [self.expand(word) for word in shlex.split(command)]
        words = [match for word in words for match in (sorted(glob.glob(word)) or [word])]
        if words[0].endswith("leerspoor"):
            output = self.leerspoor(words[1:])
        elif words[0] == "curl":
            output = self.curl(words[1:])
        else:
            raise AssertionError(f"not a command the docs test runs: {command}")
        if wants_json:
            json.loads(output)
        if filtered:
            output = jq(output, filtered.group(2)) + "\n"
        return output

    def leerspoor(self, arguments: list[str]) -> str:
        result = CliRunner().invoke(app, arguments, env={**self.environment(), "COLUMNS": "200"})
        assert result.exit_code == 0, f"leerspoor {' '.join(arguments)}:\n{result.output}"
        return result.output

    def curl(self, arguments: list[str]) -> str:
        done = subprocess.run(
            ["curl", "--fail-with-body", "--silent", "--show-error", *arguments],
            cwd=self.folder,
            env={**os.environ, **{name: self.variables[name] for name in self.exported}},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"curl {' '.join(arguments)}:\n{done.stdout}{done.stderr}"
        return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", [d for d in DOCS if runnable_blocks(d)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_examples_of_a_document_run(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = runnable_blocks(path)
    monkeypatch.chdir(tmp_path)
    with ExitStack() as stack:
        shell = Shell(tmp_path, stack)
        for line, body in blocks:
            for command in commands(body):
                try:
                    shell.run(command)
                except AssertionError as error:
                    raise AssertionError(f"{path.name}, block at line {line}: {error}") from None


def test_the_front_door_and_the_api_manual_have_examples_that_run() -> None:
    assert runnable_blocks(ROOT / "README.md")
    assert runnable_blocks(ROOT / "docs" / "api.md")


def test_every_document_names_only_known_block_kinds() -> None:
    """A typo in the marker (``sh tset``) would silently skip an example."""
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            extra = match.group(2).split()
            assert extra in ([], ["test"]), f"{path.name}: unknown fence marker {extra}"
