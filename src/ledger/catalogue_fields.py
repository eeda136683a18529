"""A catalogue file's documents as the event fields of the versions they publish (titles
``{nl, en}`` become ``title_nl`` / ``title_en``; defaults filled in, so the same document
always gives the same fields and a re-import of an unchanged version is recognised). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ledger.organisation import Organisation


def _title(data: Mapping[str, Any]) -> dict[str, str]:
    return {"title_nl": data["title"]["nl"], "title_en": data["title"]["en"]}


def _part(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"code": data["code"], **_title(data), "competences": list(data["competences"])}


def qualification_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    general = doc.get("general_education")
    return {
        "version": doc["version"],
        **_title(doc),
        "vks_level": doc["vks_level"],
        "kind": doc["kind"],
        "competences": [
            {
                "code": c["code"],
                **_title(c),
                "type": c["type"],
                "indicators": list(c.get("indicators", [])),
                "workplace_required": bool(c.get("workplace_required", False)),
            }
            for c in doc["competences"]
        ],
        "modules": [],
        "partial_certificates": [_part(p) for p in doc.get("partial_certificates", [])],
        "beroepskwalificaties": [_part(b) for b in doc.get("beroepskwalificaties", [])],
        "general_education": {**_title(general), "competences": list(general["competences"])}
        if general
        else None,
    }


def policy_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    share = data.get("minimum_workplace_share")
    return {
        "workplace_learning_exemptible": bool(data.get("workplace_learning_exemptible", False)),
        "never_exemptible": list(data.get("never_exemptible", [])),
        "own_employment_counts": bool(data.get("own_employment_counts", False)),
        "own_employment_modules": list(data.get("own_employment_modules", [])),
        "portfolio_may_shorten_stage": bool(data.get("portfolio_may_shorten_stage", False)),
        "max_stage_reduction_hours": data.get("max_stage_reduction_hours"),
        "requires_accredited_workplace": bool(data.get("requires_accredited_workplace", False)),
        "minimum_workplace_share": str(Decimal(str(share))) if share is not None else None,
    }


def programme_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "version": doc["version"],
        "kind": doc["kind"],
        **_title(doc),
        "qualification_code": doc["qualification"]["code"],
        "qualification_version": doc["qualification"]["version"],
        "unit": doc["unit"],
        "modules": [
            {
                "code": m["code"],
                **_title(m),
                "size": m["size"],
                "competences": list(m["competences"]),
            }
            for m in doc["modules"]
        ],
        "places": dict(doc["places"]),
        "workplace_policy": policy_fields(doc.get("workplace_policy", {})),
        "choice_rules": [
            {"common": list(r["common"]), "choose": r["choose"], "package": list(r["package"])}
            for r in doc.get("choice_rules", [])
        ],
        "total_study_points": dict(doc["total_study_points"])
        if "total_study_points" in doc
        else None,
        "counts_toward": list(doc.get("counts_toward", [])),
    }


def table_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    scope = doc["scope"]
    return {
        "version": doc["version"],
        **_title(doc),
        "valid_for_providers": [Organisation.id_for(k) for k in scope.get("providers", [])],
        "valid_for_programmes": list(scope.get("programmes", [])),
        "rows": [
            {
                "id": r["id"],
                "prior": {
                    "code": r["prior"]["code"],
                    **_title(r["prior"]),
                    "issuer": r["prior"].get("issuer", ""),
                },
                "programme": r["programme"],
                "competences": list(r.get("competences", [])),
                "modules": list(r.get("modules", [])),
                "module_hours": dict(r.get("module_hours", {})),
            }
            for r in doc["rows"]
        ],
    }


FIELDS = {
    "qualification": qualification_fields,
    "programme": programme_fields,
    "concordance_table": table_fields,
}
