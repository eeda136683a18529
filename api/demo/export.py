"""``leerspoor demo --out DIR``: every credential the demo issued, as JSON and baked into PNG
and SVG, each issuer's DID document (``issuer-<org>-did.json``), and a ``trust/`` folder of
DID documents and status lists for ``leerspoor verify --trust DIR/trust``."""

from __future__ import annotations

import json
from pathlib import Path

from api.demo.reference import learners as demo_learners
from api.demo.reference import organisation_names
from api.services import Services
from badges import bake_png, bake_svg, default_png, default_svg, write_trust_document


def export_demo(services: Services, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    learners = {str(learner.learner_id): key for key, learner in demo_learners().items()}
    organisations = organisation_names()
    written = 0
    for row in services.credentials.all():
        stem = f"{learners.get(row['learner_id'], 'learner')}-{row['kind']}-{row['code']}"
        stem = f"{stem}-{row['badge_id'][:8]}"
        credential = row["credential"]
        (out / f"{stem}.json").write_text(json.dumps(credential, indent=2, ensure_ascii=False))
        (out / f"{stem}.png").write_bytes(bake_png(default_png(row["title"]), credential))
        (out / f"{stem}.svg").write_text(bake_svg(default_svg(row["title"]), credential))
        written += 3
    trust = out / "trust"
    for organisation in services.factory.keystore.organisations():
        name = organisations.get(organisation, organisation)
        for document in services.factory.keystore.did_documents(organisation).values():
            (out / f"issuer-{name}-did.json").write_text(json.dumps(document, indent=2))
            write_trust_document(trust, document)
            written += 1
        write_trust_document(trust, services.issuance.status_list(organisation))
    return written
