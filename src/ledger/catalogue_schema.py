"""The JSON Schema (2020-12) of a catalogue file, version 1: qualification versions,
programmes (opleidingsprofielen) and exemption concordance tables in one file.

Kept here as data so the ledger validates with it and ``contracts/catalogue/catalogue.v1.json``
is written from it (``python -m ledger.catalogue_schema``; a test compares the two). The
format is described in ``docs/catalogue.md``; what a schema cannot say (codes that must
exist, versions that must be next) is checked by ``ledger.catalogue_file``.
"""

from __future__ import annotations

import json
from typing import Any

from ledger.vocabulary import CompetenceType, ModuleUnit, QualificationKind, Setting

SCHEMA_ID = "https://leerspoor.be/contracts/catalogue/catalogue.v1.json"
CODE = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"}
KEY = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,79}$"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 500}
CODES = {"type": "array", "items": {"$ref": "#/$defs/code"}, "uniqueItems": True}
SOURCE = {
    "description": "Where the data comes from (e.g. S4 L2499-2502); free text.",
    "anyOf": [TEXT, {"type": "array", "items": TEXT}],
}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": {**properties, "source": SOURCE, "note": TEXT},
    }


TITLE = _object(["nl", "en"], {"nl": TEXT, "en": TEXT})
COMPETENCE = _object(
    ["code", "title", "type"],
    {
        "code": {"$ref": "#/$defs/code"},
        "title": {"$ref": "#/$defs/title"},
        "type": {"enum": [t.value for t in CompetenceType]},
        "indicators": {"type": "array", "items": TEXT},
        "workplace_required": {"type": "boolean"},
    },
)
PART = _object(
    ["code", "title", "competences"],
    {
        "code": {"$ref": "#/$defs/code"},
        "title": {"$ref": "#/$defs/title"},
        "competences": {**CODES, "minItems": 1},
    },
)
QUALIFICATION = _object(
    ["type", "code", "version", "kind", "title", "vks_level", "competences"],
    {
        "type": {"const": "qualification"},
        "code": {"$ref": "#/$defs/code"},
        "version": {"type": "integer", "minimum": 1},
        "kind": {"enum": [k.value for k in QualificationKind]},
        "title": {"$ref": "#/$defs/title"},
        "vks_level": {"type": "integer", "minimum": 1, "maximum": 8},
        "competences": {"type": "array", "minItems": 1, "items": COMPETENCE},
        "partial_certificates": {"type": "array", "items": PART},
        "beroepskwalificaties": {"type": "array", "items": PART},
        "general_education": _object(
            ["title", "competences"],
            {"title": {"$ref": "#/$defs/title"}, "competences": {**CODES, "minItems": 1}},
        ),
    },
)
POLICY = _object(
    [],
    {
        "workplace_learning_exemptible": {"type": "boolean"},
        "never_exemptible": CODES,
        "own_employment_counts": {"type": "boolean"},
        "own_employment_modules": CODES,
        "portfolio_may_shorten_stage": {"type": "boolean"},
        "max_stage_reduction_hours": {"type": "integer", "minimum": 0},
        "requires_accredited_workplace": {"type": "boolean"},
        "minimum_workplace_share": {"type": "number", "minimum": 0, "maximum": 1},
    },
)
PROGRAMME = _object(
    [
        "type",
        "code",
        "version",
        "provider",
        "kind",
        "title",
        "qualification",
        "unit",
        "modules",
        "places",
    ],
    {
        "type": {"const": "programme"},
        "code": {"$ref": "#/$defs/code"},
        "version": {"type": "integer", "minimum": 1},
        "provider": {"$ref": "#/$defs/key"},
        "kind": {"enum": ["opleidingsprofiel", "standaardtraject"]},
        "title": {"$ref": "#/$defs/title"},
        "qualification": _object(
            ["code", "version"],
            {"code": {"$ref": "#/$defs/code"}, "version": {"type": "integer", "minimum": 1}},
        ),
        "unit": {"enum": [u.value for u in ModuleUnit]},
        "modules": {
            "type": "array",
            "minItems": 1,
            "items": _object(
                ["code", "title", "size", "competences"],
                {
                    "code": {"$ref": "#/$defs/code"},
                    "title": {"$ref": "#/$defs/title"},
                    "size": {"type": "integer", "minimum": 0},
                    "competences": {**CODES, "minItems": 1},
                },
            ),
        },
        "places": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/code"},
            "additionalProperties": {"enum": [s.value for s in Setting]},
        },
        "workplace_policy": POLICY,
        "choice_rules": {
            "type": "array",
            "items": _object(
                ["common", "choose", "package"],
                {
                    "common": CODES,
                    "choose": {"type": "integer", "minimum": 1},
                    "package": {**CODES, "minItems": 1},
                },
            ),
        },
        "total_study_points": _object(
            ["min", "max"],
            {"min": {"type": "integer", "minimum": 0}, "max": {"type": "integer", "minimum": 0}},
        ),
        "counts_toward": CODES,
    },
)
ROW = _object(
    ["id", "prior", "programme"],
    {
        "id": {"$ref": "#/$defs/code"},
        "prior": _object(
            ["code", "title"],
            {"code": {"$ref": "#/$defs/code"}, "title": {"$ref": "#/$defs/title"}, "issuer": TEXT},
        ),
        "programme": {"$ref": "#/$defs/code"},
        "competences": CODES,
        "modules": CODES,
        "module_hours": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/code"},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
    },
)
CONCORDANCE_TABLE = _object(
    ["type", "code", "version", "provider", "title", "scope", "rows"],
    {
        "type": {"const": "concordance_table"},
        "code": {"$ref": "#/$defs/code"},
        "version": {"type": "integer", "minimum": 1},
        "provider": {"$ref": "#/$defs/key"},
        "title": {"$ref": "#/$defs/title"},
        "scope": _object(
            [],
            {
                "providers": {"type": "array", "items": {"$ref": "#/$defs/key"}},
                "programmes": CODES,
            },
        ),
        "rows": {"type": "array", "minItems": 1, "items": ROW},
    },
)
DOCUMENT_TYPES = {
    "qualification": "qualification",
    "programme": "programme",
    "concordance_table": "concordance_table",
}

CATALOGUE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Leerspoor catalogue file, version 1",
    "description": "Qualification versions, providers' programmes (opleidingsprofielen) and "
    "exemption concordance tables. See docs/catalogue.md.",
    "type": "object",
    "required": ["format", "documents"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "leerspoor-catalogue/1"},
        "description": TEXT,
        "source": SOURCE,
        "documents": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": list(DOCUMENT_TYPES)}},
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                        "then": {"$ref": f"#/$defs/{name}"},
                    }
                    for name in DOCUMENT_TYPES
                ],
            },
        },
    },
    "$defs": {
        "code": CODE,
        "key": KEY,
        "title": TITLE,
        "qualification": QUALIFICATION,
        "programme": PROGRAMME,
        "concordance_table": CONCORDANCE_TABLE,
    },
}


if __name__ == "__main__":
    print(json.dumps(CATALOGUE_SCHEMA, indent=2, ensure_ascii=False))
