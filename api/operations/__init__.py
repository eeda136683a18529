"""The public operations: everything a deployment does to the ledger through a route or a
command, one function each — the catalogue (check, import, read), organisations and their
recognitions and accreditations, learners registered by providers, trajectory events in
their contract form, tokens. The HTTP routes, the command line and the demo all call these,
so the demo proves what a deployment can do and nothing more.

Imports ``ledger`` and ``projections`` through their faces and the stores' face; no router,
page or command.
"""

from __future__ import annotations

from api.operations.catalogue import (
    ENTRY_TYPES,
    check_answer,
    import_answer,
    import_catalogue,
    programme_document,
    programme_version,
    qualification_diff,
    qualification_document,
    qualification_version,
    rendered,
    summaries,
    table_document,
    table_version,
)
from api.operations.contracts import (
    CONTRACTS,
    committed_schema,
    posted_shape,
    schema_validator,
    validate_posted,
)
from api.operations.events import submission_from, submit_event
from api.operations.inputs import (
    AccreditationIn,
    AccreditationWithdrawalIn,
    ChangeIn,
    LearnerIn,
    MentorTrainingIn,
    OrganisationIn,
    RecognitionIn,
    RecognitionWithdrawalIn,
    TokenIn,
)
from api.operations.learners import (
    by_reference,
    learner_document,
    learners_of,
    register_learner,
    visible_learner,
)
from api.operations.organisations import (
    OrganisationChange,
    find_organisation,
    grant_accreditation,
    grant_recognition,
    organisation_document,
    organisation_id,
    organisation_summary,
    record_mentor_training,
    register_organisation,
    withdraw_accreditation,
    withdraw_recognition,
)
from api.operations.tokens import create_token

__all__ = [
    "CONTRACTS",
    "ENTRY_TYPES",
    "AccreditationIn",
    "AccreditationWithdrawalIn",
    "ChangeIn",
    "LearnerIn",
    "MentorTrainingIn",
    "OrganisationChange",
    "OrganisationIn",
    "RecognitionIn",
    "RecognitionWithdrawalIn",
    "TokenIn",
    "by_reference",
    "check_answer",
    "committed_schema",
    "create_token",
    "find_organisation",
    "grant_accreditation",
    "grant_recognition",
    "import_answer",
    "import_catalogue",
    "learner_document",
    "learners_of",
    "organisation_document",
    "organisation_id",
    "organisation_summary",
    "posted_shape",
    "programme_document",
    "programme_version",
    "qualification_diff",
    "qualification_document",
    "qualification_version",
    "record_mentor_training",
    "register_learner",
    "register_organisation",
    "rendered",
    "schema_validator",
    "submission_from",
    "submit_event",
    "summaries",
    "table_document",
    "table_version",
    "validate_posted",
    "visible_learner",
    "withdraw_accreditation",
    "withdraw_recognition",
]
