"""The upcasters of trajectory events stored at an older schema version: each fills in what
the newer version records, as the older one meant it (the event classes name them as their
``upcast_vN_vN+1``; posted bodies of an older version go through the same functions)."""

from __future__ import annotations

from typing import Any

from ledger.values import AgreementKind, ExitKind, MasteryLevel, RecognitionRoute, WorkReadiness

OPENING_V2 = (
    "programme_code",
    "programme_version",
    "referred_by",
    "reoriented_from",
    "arbeidsbereid",
    "arbeidsrijp",
    "welfare_issues",
)
READINESS_V1 = {  # the first model's single scale of readiness, as the two dimensions
    "arbeidsrijp": (True, WorkReadiness.READY),
    "arbeidsbereid": (True, WorkReadiness.NOT_READY),
    "not_ready": (False, WorkReadiness.NOT_READY),
}


def opened_v1_v2(state: dict[str, Any]) -> None:
    state.update(dict.fromkeys(OPENING_V2))


def intake_v1_v2(state: dict[str, Any]) -> None:
    willing, ready = READINESS_V1[state.pop("work_readiness")]
    state.update(
        arbeidsbereid=willing,
        arbeidsrijp=ready.value,
        welfare_issues=False,
        advised_by=[],
        advice="",
    )


def migrated_v1_v2(state: dict[str, Any]) -> None:
    state["programme_version"] = None


def agreement_v1_v2(state: dict[str, Any]) -> None:
    state.update(kind=AgreementKind.UNRECORDED.value, signatories=[], learner_allowance=None)


def assessed_v1_v2(state: dict[str, Any]) -> None:
    # v1 recorded a yes/no "mastered"; v2 has the three levels of the MICOON scale.
    mastered = state.pop("mastered")
    if not isinstance(mastered, bool):
        raise TypeError("'mastered' must be a boolean")
    state["level"] = MasteryLevel.MASTERED if mastered else MasteryLevel.IN_DEVELOPMENT


def decided_v1_v2(state: dict[str, Any]) -> None:
    state.update(
        route=RecognitionRoute.PROVIDER_PROCEDURE.value,
        evc_standard=None,
        valid_for_providers=[],
        valid_for_programmes=[],
    )


def exemption_v1_v2(state: dict[str, Any]) -> None:
    state.update(module_hours={}, concordance_table=None, concordance_row=None)


def closed_v1_v2(state: dict[str, Any]) -> None:
    state["exit"] = ExitKind.UNRECORDED.value
