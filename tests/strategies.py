"""Hypothesis strategies: competence sets, qualification versions, coverage bases and valid
event sequences on a trajectory, plus the player that posts such a sequence to a real ledger.

Steps are abstract (which module, which earlier fact by index, which level); the player
resolves them against what the trajectory holds when the step runs, so every generated
sequence is valid by construction except the awards, whose refusal is the property tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from ledger import (
    Actor,
    Basis,
    Competence,
    CoverageKind,
    Module,
    QualificationNotCoveredError,
    QualificationVersion,
    Submission,
    Trajectory,
    compute_coverage,
)
from ledger.submissions import command_arguments, command_for
from ledger.trajectory_context import CommandContext
from ledger.values import MasteryLevel, QualificationKind, Setting
from tests.reference_data import QUALIFICATIONS

LEVELS = [level.value for level in MasteryLevel]
SETTINGS = [setting.value for setting in Setting]

# -- pure values for compute_coverage ------------------------------------------------------


@st.composite
def qualification_versions(draw: st.DrawFn, max_competences: int = 6) -> QualificationVersion:
    """A coherent qualification version: unique competence codes, some workplace_required,
    and modules covering non-empty subsets of them."""
    count = draw(st.integers(min_value=1, max_value=max_competences))
    codes = [f"C-{i:02d}" for i in range(1, count + 1)]
    competences = tuple(
        Competence(code, code, code, workplace_required=draw(st.booleans())) for code in codes
    )
    module_sets = draw(
        st.lists(st.sets(st.sampled_from(codes), min_size=1), min_size=0, max_size=3)
    )
    modules = tuple(
        Module(f"M-{i}", f"M-{i}", f"M-{i}", competences=tuple(sorted(covered)))
        for i, covered in enumerate(module_sets)
    )
    return QualificationVersion(
        code="Q",
        version=1,
        title_nl="Q",
        title_en="Q",
        vks_level=3,
        kind=QualificationKind.BEROEPSKWALIFICATIE,
        competences=competences,
        modules=modules,
    )


@st.composite
def bases_for(draw: st.DrawFn, qualification: QualificationVersion) -> list[Basis]:
    """Coverage bases naming competences of ``qualification`` (and, sometimes, unknown ones)."""
    codes = [c.code for c in qualification.competences] + ["X-99"]
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(list(CoverageKind)),
                st.sets(st.sampled_from(codes), min_size=1),
                st.sampled_from(list(Setting)),
            ),
            max_size=6,
        )
    )
    return [
        Basis(
            kind,
            f"evt-{i}",
            frozenset(covered),
            setting if kind is CoverageKind.ASSESSMENT else None,
        )
        for i, (kind, covered, setting) in enumerate(items)
    ]


# -- event sequences on the care-ladder trajectory (BK-ZORGKUNDIGE) ------------------------

CARE = QUALIFICATIONS["BK-ZORGKUNDIGE"]
CARE_COMPETENCES = [c["code"] for c in CARE["competences"]]
CARE_SCHOOL_COMPETENCES = [c["code"] for c in CARE["competences"] if not c["workplace_required"]]
CARE_MODULES = [m["code"] for m in CARE["modules"]]
CARE_CERTIFICATES = [p["code"] for p in CARE["partial_certificates"]]


@dataclass(frozen=True)
class Step:
    kind: str
    args: tuple[Any, ...] = ()


def _steps() -> st.SearchStrategy[Step]:
    subset = st.lists(st.sampled_from(CARE_SCHOOL_COMPETENCES), unique=True, max_size=3)
    # Weighted towards facts that cover, so that awards are reached often enough to matter.
    return st.one_of(
        st.just(Step("study")),
        st.builds(
            lambda c: Step("assess", (c, "mastered", "workplace")),
            st.sampled_from(["ZK-03", "ZK-04"]),
        ),
        st.builds(
            lambda m, r: Step("module", (m, r)),
            st.sampled_from(CARE_MODULES),
            st.sampled_from(["passed", "passed", "failed"]),
        ),
        st.builds(
            lambda c, lv, s: Step("assess", (c, lv, s)),
            st.sampled_from(CARE_COMPETENCES),
            st.sampled_from([*LEVELS, "mastered", "mastered"]),
            st.sampled_from([*SETTINGS, "workplace", "workplace"]),
        ),
        st.builds(
            lambda cs, ms: Step("exempt", (cs, ms)),
            subset,
            st.lists(st.sampled_from(CARE_MODULES), unique=True, max_size=1),
        ),
        st.builds(lambda k: Step("retract", (k,)), st.integers(0, 20)),
        st.builds(lambda k, v: Step("correct", (k, v)), st.integers(0, 20), st.integers(0, 15)),
        st.builds(lambda c: Step("award", (c,)), st.sampled_from([None, *CARE_CERTIFICATES])),
    )


COVER_ALL = [
    Step("study"),
    Step("assess", ("ZK-03", "mastered", "workplace")),
    Step("assess", ("ZK-04", "mastered", "workplace")),
    Step("award", (None,)),
]
"""A head that covers and awards everything, so later retractions and corrections meet
awards they may revoke (rule 9)."""


def event_sequences(max_size: int = 18) -> st.SearchStrategy[list[Step]]:
    """Random valid sequences of facts on a care trajectory: modules passed or failed,
    assessments at every level and setting, exemptions, retractions and corrections of
    earlier facts, and award attempts; half of them start fully covered and awarded."""
    return st.builds(
        lambda head, tail: [*head, *tail],
        st.sampled_from([[], COVER_ALL]),
        st.lists(_steps(), min_size=1, max_size=max_size),
    )


Post = Callable[[str, Actor, dict[str, Any]], str]
"""Posts one event (type, actor, fields) and returns its event id, or raises."""


@dataclass
class StepPlayer:
    """Plays abstract steps through ``post``; records every award attempt and its result."""

    post: Post
    trajectory: Callable[[], Trajectory]
    qualification: QualificationVersion
    lead: Actor
    mentor: Actor
    attempts: list[tuple[str, bool, bool]] = field(default_factory=list)
    """(award, was covered, was awarded) per attempt."""

    def play(self, steps: list[Step]) -> None:
        for step in steps:
            getattr(self, f"_{step.kind}")(*step.args)
        self._award(None)  # always end with an attempt: "awarded iff covered" at the end

    def _study(self) -> None:
        """Passes every module of the qualification, one after the other."""
        for module in self.qualification.modules:
            self._module(module.code, "passed")

    def _module(self, module: str, result: str) -> None:
        self.post(
            "ModuleCompleted",
            self.lead,
            {
                "module_code": module,
                "result": result,
                "score": "12.5",
                "study_points": 20,
                "competences": [],
                "assessed_by": "docent",
            },
        )

    def _assess(self, competence: str, level: str, setting: str) -> None:
        by_mentor = setting == Setting.WORKPLACE
        self.post(
            "CompetenceAssessed",
            self.mentor if by_mentor else self.lead,
            {
                "competence_code": competence,
                "indicators_met": [],
                "level": level,
                "setting": setting,
                "assessor_role": "mentor" if by_mentor else "assessor",
                "assessor_id": "someone",
                "evidence": ["urn:evidence"],
            },
        )

    def _exempt(self, competences: list[str], modules: list[str]) -> None:
        if not competences and not modules:
            return
        self.post(
            "ExemptionGranted",
            self.lead,
            {
                "competences": competences,
                "modules": modules,
                "basis": "prior_certificate",
                "evidence": ["certificate"],
                "decided_by": "consulent",
            },
        )

    def _candidates(self, kinds: set[str]) -> list[str]:
        return [
            f.event_id
            for f in self.trajectory().facts.values()
            if f.event_type in kinds and f.counts
        ]

    def _retract(self, k: int) -> None:
        kinds = {"ModuleCompleted", "CompetenceAssessed", "ExemptionGranted"}
        candidates = self._candidates(kinds | {"PartialCertificateAwarded", "QualificationAwarded"})
        if candidates:
            original = candidates[k % len(candidates)]
            self.post("EventRetracted", self.lead, {"original_event_id": original, "reason": "r"})

    def _correct(self, k: int, variant: int) -> None:
        candidates = self._candidates({"ModuleCompleted", "CompetenceAssessed", "ExemptionGranted"})
        if not candidates:
            return
        fact = self.trajectory().fact(candidates[k % len(candidates)])
        if fact.event_type == "CompetenceAssessed":
            changes: dict[str, Any] = {"level": LEVELS[variant % len(LEVELS)]}
        elif fact.event_type == "ModuleCompleted":
            changes = {"result": ["passed", "failed"][variant % 2]}
        else:
            picked = [c for i, c in enumerate(CARE_SCHOOL_COMPETENCES) if variant >> i & 1]
            changes = {"competences": picked}
        self.post(
            "EventCorrected",
            self.lead,
            {"original_event_id": fact.event_id, "changes": changes, "reason": "r"},
        )

    def _award(self, certificate: str | None) -> None:
        trajectory = self.trajectory()
        awarded = {f.fields.get("certificate_code") for f in trajectory.active_awards()}
        if certificate in awarded:
            return  # already awarded: a second award is a different refusal
        if certificate is None:
            required = list(self.qualification.competences)
            event_type, fields = "QualificationAwarded", {}
        else:
            names = self.qualification.partial_certificate(certificate).competences
            required = [self.qualification.competence(c) for c in names]
            event_type, fields = "PartialCertificateAwarded", {"certificate_code": certificate}
        covered = compute_coverage(required, trajectory.bases(self.qualification)).complete
        try:
            self.post(event_type, self.lead, fields)
        except QualificationNotCoveredError:
            self.attempts.append((certificate or "qualification", covered, False))
        else:
            self.attempts.append((certificate or "qualification", covered, True))


@dataclass
class InMemoryDriver:
    """Drives one Trajectory object held in memory through its public commands, saving
    after each through the ledger: the in-memory state never comes from the store."""

    ledger: Any
    aggregate: Trajectory | None = None
    day: datetime = datetime.fromisoformat("2025-09-02T09:00:00+00:00")
    counter: int = 0

    def context(self) -> CommandContext:
        assert self.aggregate is not None
        return CommandContext(self.ledger.pinned_qualification(self.aggregate), self.ledger.refs)

    def post(self, event_type: str, actor: Actor, fields: dict[str, Any]) -> str:
        self.counter += 1
        self.day += timedelta(days=1)
        event_id = f"mem-{self.counter:04d}"
        submission = Submission(event_type, event_id, self.day, fields)
        stamp = self.ledger.stamp(event_id, self.day, actor)
        arguments = command_arguments(submission)
        if event_type == "TrajectoryOpened":
            in_force = self.ledger.qualification(arguments["qualification_code"]).in_force()
            self.aggregate = Trajectory.open(
                stamp, CommandContext(in_force, self.ledger.refs), **arguments
            )
        else:
            assert self.aggregate is not None
            command = getattr(self.aggregate, command_for(event_type))
            command(stamp, self.context(), **arguments)
        self.ledger.save(self.aggregate)
        return event_id

    def current(self) -> Trajectory:
        assert self.aggregate is not None
        return self.aggregate
