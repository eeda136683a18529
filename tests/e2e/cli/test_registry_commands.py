"""``leerspoor catalogue import`` and ``leerspoor orgs`` through the real CLI, on the same
operations as the admin routes; and ``leerspoor tokens create`` for the new roles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.bootstrap import Components
from api.cli import app
from api.settings import Settings
from ledger import Organisation
from tests.catalogue_data import catalogue, qualification_doc

runner = CliRunner()


def cli(db: str, *arguments: str) -> Any:
    return runner.invoke(app, [*arguments, "--db", db], env={"COLUMNS": "200"})


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    for key, kind in (("cvo-zorg", "provider"), ("wzc-zonnehof", "workplace")):
        assert cli(url, "orgs", "register", key, "--name", key, "--kind", kind).exit_code == 0
    assert (
        cli(
            url,
            "orgs",
            "register",
            "partnerschap-zorg",
            "--name",
            "Partnerschap zorg",
            "--kind",
            "sector_partnership",
            "--kbo",
            "0403.170.701",
        ).exit_code
        == 0
    )
    return url


def write(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_catalogue_import_publishes_a_file_and_says_so_again_as_a_no_op(
    db: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "catalogue.json", catalogue(qualification_doc()))
    first = cli(db, "catalogue", "import", str(path))
    again = cli(db, "catalogue", "import", str(path))
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert "published T-BK v1" in first.output
    assert "nothing new; 1 already published unchanged" in " ".join(again.output.split())


def test_catalogue_import_lists_every_problem_with_its_path_and_publishes_nothing(
    db: str, tmp_path: Path
) -> None:
    broken = qualification_doc("BROKEN", version=2)
    del broken["title"]["en"]
    path = write(tmp_path, "broken.json", catalogue(broken))
    result = cli(db, "catalogue", "import", str(path))
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "$.documents[0].title" in output
    assert "nothing published" in output


def test_catalogue_check_publishes_nothing(db: str, tmp_path: Path) -> None:
    path = write(tmp_path, "catalogue.json", catalogue(qualification_doc("CHECKED")))
    result = cli(db, "catalogue", "import", "--check", str(path))
    assert result.exit_code == 0
    assert "would publish CHECKED v1" in " ".join(result.output.split())
    ledger = Components(Settings(database_url=db)).ledger
    assert ledger.check_catalogue(json.loads(path.read_text())).publications  # still new


def test_orgs_register_refuses_a_wrong_enterprise_number(db: str) -> None:
    result = cli(
        db, "orgs", "register", "x", "--name", "X", "--kind", "provider", "--kbo", "0403.170.702"
    )
    assert result.exit_code == 2
    assert "not a valid enterprise number" in " ".join(result.output.split())


def test_orgs_recognise_accredit_mentor_trained_and_withdraw_show_in_orgs_show(
    db: str, tmp_path: Path
) -> None:
    cli(db, "catalogue", "import", str(write(tmp_path, "c.json", catalogue(qualification_doc()))))
    steps = [
        ("orgs", "recognise", "cvo-zorg", "--qualification", "T-BK", "--from", "2020-01-01"),
        (
            "orgs", "accredit", "wzc-zonnehof", "--from", "2024-01-01", "--opleiding", "T-BK",
            "--granted-by", "partnerschap-zorg", "--requires-trained-mentor",
        ),
        ("orgs", "mentor-trained", "wzc-zonnehof", "--mentor", "mentor-lies", "--on", "2024-02-01"),
        (
            "orgs", "withdraw", "wzc-zonnehof", "--on", "2025-01-01", "--reason", "geen mentor",
            "--opleiding", "T-BK",
        ),
    ]  # fmt: skip
    for step in steps:
        result = cli(db, *step)
        assert result.exit_code == 0, result.output
    provider = json.loads(cli(db, "orgs", "show", "cvo-zorg").output)
    workplace = json.loads(cli(db, "orgs", "show", "wzc-zonnehof").output)
    assert provider["recognitions"][0]["qualification_code"] == "T-BK"
    (period,) = workplace["accreditations"]
    assert (period["valid_until"], period["granted_by"]) == (
        "2024-12-31",
        str(Organisation.id_for("partnerschap-zorg")),
    )
    assert workplace["trained_mentors"] == [
        {"mentor_id": "mentor-lies", "completed_on": "2024-02-01"}
    ]


def test_orgs_list_shows_the_organisations_of_a_kind(db: str) -> None:
    result = cli(db, "orgs", "list", "--kind", "sector_partnership")
    assert result.exit_code == 0
    assert "partnerschap-zorg" in result.output
    assert "0403.170.701" in result.output
    assert "wzc-zonnehof" not in result.output


def test_tokens_create_for_a_partnership_and_refuses_the_wrong_kind(db: str) -> None:
    made = cli(db, "tokens", "create", "--role", "partnership", "--org", "partnerschap-zorg")
    wrong = cli(db, "tokens", "create", "--role", "provider", "--org", "wzc-zonnehof")
    assert made.exit_code == 0
    assert made.output.strip().splitlines()[-1].startswith("lsp_")
    assert wrong.exit_code == 2
    assert "workplace" in wrong.output
