"""Validation against the Open Badges 3.0 AchievementCredential JSON Schema.

The schema ships in ``badges/schemas`` (1EdTech build of 2024-07-30, draft 2019-09).
It runs in jsonschema-rs, which implements draft 2019-09 itself (formats asserted, no
network: ``offline``): about 15x faster here than fastjsonschema's draft-07 reading of
the same schema, which was 15% of a VC-JWT verification (issue 19). The conformance
tests still validate with jsonschema's Draft201909Validator against the reference
copy. That build types ``proof`` as an array only and ``credentialStatus`` as one
object, while VC Data Model 2.0 allows a single proof object and several status
entries; both are normalised before validation, as the reference notes advise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs

_DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"


@cache
def _schema() -> dict[str, Any]:
    text = (resources.files("badges") / "schemas" / "achievementcredential.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _compile(schema: Mapping[str, Any]) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(dict(schema), validate_formats=True, offline=True)


@cache
def _validator() -> jsonschema_rs.Validator:
    return _compile(_schema())


@cache
def _status_validator() -> jsonschema_rs.Validator:
    defs = _schema()["$defs"]
    return _compile({"$schema": _DRAFT_2019_09, "$ref": "#/$defs/CredentialStatus", "$defs": defs})


def _first_error(validator: jsonschema_rs.Validator, document: object) -> str | None:
    if validator.is_valid(document):
        return None
    error = next(iter(validator.iter_errors(document)))
    where = "/".join(str(step) for step in error.instance_path)
    return f"{where or '(root)'}: {error.message}"[:200]


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
