"""The DCQL query an employer's request sends names OB 3.0 credentials by their fully
expanded types (OpenID4VP 1.0 §B.1.1 ``type_values``): the IRIs our own credentials expand
to with the pinned contexts."""

from __future__ import annotations

import sys
from pathlib import Path

from pyld import jsonld

from api.http.routers.presentations import OB_TYPES, dcql_query
from badges import PinnedLoader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "badges"))
from badge_builders import a_signed_credential  # noqa: E402


def test_the_type_values_are_what_our_credentials_expand_to() -> None:
    expanded = jsonld.expand(a_signed_credential(), {"documentLoader": PinnedLoader()})
    assert set(OB_TYPES) <= set(expanded[0]["@type"])


def test_the_query_asks_for_one_open_badge_in_either_format() -> None:
    query = dcql_query()
    assert {c["format"] for c in query["credentials"]} == {"ldp_vc", "jwt_vc_json"}
    assert all(c["meta"]["type_values"] == [OB_TYPES] for c in query["credentials"])
    assert query["credential_sets"] == [{"options": [["open_badge"], ["open_badge_jwt"]]}]
