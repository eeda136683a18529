"""Validation against the Open Badges 3.0 AchievementCredential JSON Schema.

The schema ships in ``badges/schemas`` (1EdTech build of 2024-07-30, draft 2019-09) and
runs on ``jsonschema_rs``, the project's one JSON Schema engine (drafts 2019-09 and 2020-12,
compiled once; offline: no reference is ever fetched). That build types ``proof`` as an
array only and ``credentialStatus`` as one object, while VC Data Model 2.0 allows a
single proof object and several status entries; both are normalised before
validation, as the reference notes advise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs


@cache
def _schema() -> dict[str, Any]:
    text = (resources.files("badges") / "schemas" / "achievementcredential.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _compiled(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft201909Validator(schema, validate_formats=True, offline=True)


@cache
def _validator() -> jsonschema_rs.Validator:
    return _compiled(_schema())


@cache
def _status_validator() -> jsonschema_rs.Validator:
    return _compiled({"$ref": "#/$defs/CredentialStatus", "$defs": _schema()["$defs"]})


def _first_error(validator: jsonschema_rs.Validator, document: object) -> str | None:
    if validator.is_valid(document):
        return None
    error = next(iter(validator.iter_errors(document)))
    where = "/".join(map(str, error.instance_path))
    return f"{where}: {error.message}"[:200] if where else error.message[:200]


def schema_errors(credential: Mapping[str, Any]) -> list[str]:
    """Schema violations of a credential (the first one found; empty when valid)."""
    document = dict(credential)
    if isinstance(document.get("proof"), dict):
        document["proof"] = [document["proof"]]
    status = document.get("credentialStatus")
    if isinstance(status, list):
        for entry in status[1:]:
            problem = _first_error(_status_validator(), entry)
            if problem:
                return [f"credentialStatus: {problem}"]
        document["credentialStatus"] = status[0] if status else {}
    problem = _first_error(_validator(), document)
    return [problem] if problem else []
