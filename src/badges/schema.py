"""Validation against the Open Badges 3.0 AchievementCredential JSON Schema.

The schema ships in ``badges/schemas`` (1EdTech build of 2024-07-30, draft 2019-09).
At verification time it runs compiled by fastjsonschema (about 13x faster than the
jsonschema package here); it uses only keywords that mean the same in draft-07, which
fastjsonschema implements. The conformance tests still validate with jsonschema's
Draft201909Validator against the reference copy. That build types ``proof`` as an
array only and ``credentialStatus`` as one object, while VC Data Model 2.0 allows a
single proof object and several status entries; both are normalised before
validation, as the reference notes advise.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema

_DRAFT_07 = "http://json-schema.org/draft-07/schema#"


@cache
def _schema() -> dict[str, Any]:
    text = (resources.files("badges") / "schemas" / "achievementcredential.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Callable[[object], object]:
    validate: Callable[[object], object] = fastjsonschema.compile(
        {**_schema(), "$schema": _DRAFT_07}
    )
    return validate


@cache
def _status_validator() -> Callable[[object], object]:
    schema = {"$ref": "#/$defs/CredentialStatus", "$defs": _schema()["$defs"]}
    validate: Callable[[object], object] = fastjsonschema.compile({**schema, "$schema": _DRAFT_07})
    return validate


def _first_error(validate: Callable[[object], object], document: object) -> str | None:
    try:
        validate(document)
    except fastjsonschema.JsonSchemaValueException as error:
        return str(error.message)[:200]
    except fastjsonschema.JsonSchemaException as error:
        return str(error)[:200]
    return None


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
