"""The values of the qualification catalogue: a qualification version with its competences,
partial certificates and composition, and the same version as a provider's programme
tailors it (its modules, where each competence is learnt, its workplace-learning policy and
choice rules).

A trajectory is judged against its pinned version as tailored by its pinned programme
(rules 1, 2 and 7), so coverage, awards and badges all read one value. Pure values; the
aggregates that publish them are in ``ledger.catalogue`` and ``ledger.programme``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import combinations
from typing import Any

from ledger.errors import NotFoundError
from ledger.vocabulary import (
    LEGACY_QUALIFICATION_KINDS,
    CompetenceType,
    ModuleUnit,
    QualificationKind,
    Setting,
)


@dataclass(frozen=True)
class CatalogueItem:
    """What every coded item of a version has: a code and its title in Dutch and English;
    ``title`` is the Dutch one, the catalogue's own language."""

    code: str
    title_nl: str
    title_en: str

    @property
    def title(self) -> str:
        return self.title_nl


@dataclass(frozen=True)
class CompetenceGroup(CatalogueItem):
    """Base of the items that group competences: a module and a partial certificate."""

    competences: tuple[str, ...]


@dataclass(frozen=True)
class Competence(CatalogueItem):
    """A competence unit; indicators make it observable. ``place`` and ``exemptible`` are
    set when a programme tailors the version (rule 2 per programme); without one, a
    ``workplace_required`` competence is learnt at the workplace and never exempted."""

    indicators: tuple[str, ...] = ()
    type: CompetenceType | None = None
    workplace_required: bool = False
    place: Setting | None = None
    exemptible: bool | None = None

    @property
    def learnt_at(self) -> Setting:
        """Where the competence is learnt and must be shown (rule 2)."""
        if self.place is not None:
            return self.place
        return Setting.WORKPLACE if self.workplace_required else Setting.SCHOOL

    @property
    def may_be_exempted(self) -> bool:
        """Rule 2: workplace learning is exempted only where the programme allows it."""
        if self.exemptible is not None:
            return self.exemptible
        return not self.workplace_required


@dataclass(frozen=True)
class Module(CompetenceGroup):
    """A unit of training covering one or more competences (many-to-many). ``size`` is in
    the programme's ``unit`` (lestijden, hours or study points)."""

    study_points: int = 0
    size: int = 0
    unit: ModuleUnit | None = None


@dataclass(frozen=True)
class PartialCertificate(CompetenceGroup):
    """A recognised cluster of competence units: a deelkwalificatie, a tussencertificaat, or
    a beroepskwalificatie an onderwijskwalificatie is composed of (S2 L319-321)."""

    kind: QualificationKind = QualificationKind.DEELKWALIFICATIE


@dataclass(frozen=True)
class GeneralEducation:
    """The general-education part of an onderwijskwalificatie (S4 L407-410)."""

    title_nl: str
    title_en: str
    competences: tuple[str, ...]


@dataclass(frozen=True)
class WorkplacePolicy:
    """A programme's workplace-learning policy: what rule 2 checks, per programme."""

    workplace_learning_exemptible: bool = False
    """Learn@work: workplace learning is never exemptible (S4 L2666-2669)."""
    never_exemptible: tuple[str, ...] = ()
    own_employment_counts: bool = False
    """Whether the learner's own job counts as workplace learning (S4 L1709-1729)."""
    own_employment_modules: tuple[str, ...] = ()
    """The modules in which it counts; none named: all of them."""
    portfolio_may_shorten_stage: bool = False
    """A stage portfolio may shorten a stage (S4 L2446-2484)."""
    max_stage_reduction_hours: int | None = None
    requires_accredited_workplace: bool = False
    """Rule 4 applies to this programme's agreements too, not only to dual learning."""
    minimum_workplace_share: Decimal | None = None
    """The share of learning time at the workplace aimed at (dual learning: > 0.6, S2 L257)."""


@dataclass(frozen=True)
class ChoiceRule:
    """Microdegree choice rule: every ``common`` module plus ``choose`` of ``package``
    ("one common course plus two from a choice package", S4 L2717-2751)."""

    common: tuple[str, ...]
    choose: int
    package: tuple[str, ...]

    def met_by(self, done: Iterable[str]) -> bool:
        finished = set(done)
        return set(self.common) <= finished and len(finished & set(self.package)) >= self.choose

    def chosen(self, started: Iterable[str]) -> frozenset[str]:
        return frozenset(set(started) & set(self.package))


@dataclass(frozen=True)
class ProgrammeRef:
    code: str
    version: int


@dataclass(frozen=True)
class QualificationVersion:
    code: str
    version: int
    title_nl: str
    title_en: str
    vks_level: int
    """VKS level 1-8; the Flemish structure is aligned with the EQF, so it is the EQF level."""
    kind: QualificationKind
    competences: tuple[Competence, ...]
    modules: tuple[Module, ...] = ()
    partial_certificates: tuple[PartialCertificate, ...] = ()
    components: tuple[PartialCertificate, ...] = ()
    """The beroepskwalificaties an onderwijskwalificatie is composed of."""
    general_education: GeneralEducation | None = None
    programme: ProgrammeRef | None = None
    policy: WorkplacePolicy = WorkplacePolicy()
    choice_rules: tuple[ChoiceRule, ...] = ()
    _by_code: dict[str, Competence] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({c.code: c for c in self.competences})

    @property
    def eqf_level(self) -> int:
        return self.vks_level

    def competence(self, code: str) -> Competence:
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFoundError(
                f"competence {code!r} is not part of {self.code} v{self.version}"
            ) from None

    def has_competence(self, code: str) -> bool:
        return code in self._by_code

    def has_module(self, code: str) -> bool:
        return any(m.code == code for m in self.modules)

    def module(self, code: str) -> Module:
        for module in self.modules:
            if module.code == code:
                return module
        where = f"programme {self.programme.code}" if self.programme else self.code
        raise NotFoundError(f"module {code!r} is not part of {where} v{self.version}")

    def partial_certificate(self, code: str) -> PartialCertificate:
        """A partial certificate, or a beroepskwalificatie this version is composed of."""
        for certificate in (*self.partial_certificates, *self.components):
            if certificate.code == code:
                return certificate
        raise NotFoundError(
            f"partial certificate {code!r} is not part of {self.code} v{self.version}"
        )

    def own_job_counts(self, competence: str) -> bool:
        """Rule 2 (``ledger.rules.counts_for``): whether the learner's own job counts as
        workplace learning for ``competence``: only where the programme says so, and only in
        the modules it names (IN-Z: the first semester's module, S4 L1709-1729)."""
        if not self.policy.own_employment_counts:
            return False
        named = self.policy.own_employment_modules
        return not named or any(
            competence in m.competences for m in self.modules if m.code in named
        )

    def required(self, started_modules: Iterable[str] = ()) -> tuple[Competence, ...]:
        """The competences an award needs (rule 1). With choice rules, competences taught
        only in package modules the learner did not take are not required."""
        if not self.choice_rules:
            return self.competences
        package = {m for rule in self.choice_rules for m in rule.package}
        chosen = set(started_modules) & package

        def optional(competence: Competence) -> bool:
            covering = [m.code for m in self.modules if competence.code in m.competences]
            return bool(covering) and all(m in package and m not in chosen for m in covering)

        return tuple(c for c in self.competences if not optional(c))

    def tailored(self, programme: ProgrammeFields) -> QualificationVersion:
        """This version as the programme teaches it: its modules, where each competence is
        learnt and whether it may be exempted (rule 2 per programme), its choice rules."""
        policy = programme.policy

        def exemptible(competence: Competence, place: Setting) -> bool:
            if competence.code in policy.never_exemptible:
                return False
            return place is Setting.SCHOOL or policy.workplace_learning_exemptible

        competences = []
        for competence in self.competences:
            place = programme.places.get(competence.code, competence.learnt_at)
            competences.append(
                replace(competence, place=place, exemptible=exemptible(competence, place))
            )
        return replace(
            self,
            competences=tuple(competences),
            modules=programme.modules,
            programme=ProgrammeRef(programme.code, programme.version),
            policy=policy,
            choice_rules=programme.choice_rules,
            _by_code={},
        )


@dataclass(frozen=True)
class ProgrammeFields:
    """What tailoring needs of a programme version (see ``ledger.programme``)."""

    code: str
    version: int
    modules: tuple[Module, ...]
    places: Mapping[str, Setting]
    policy: WorkplacePolicy
    choice_rules: tuple[ChoiceRule, ...] = ()


def study_point_totals(modules: Mapping[str, int], rules: Iterable[ChoiceRule]) -> set[int]:
    """Every total of study points an admissible choice gives (for validation)."""
    totals = {0}
    for rule in rules:
        common = sum(modules.get(m, 0) for m in rule.common)
        picks = {
            sum(modules.get(m, 0) for m in chosen)
            for chosen in combinations(rule.package, rule.choose)
        }
        totals = {t + common + p for t in totals for p in picks}
    return totals


def kind_of(value: str) -> QualificationKind:
    """A stored kind; the first model's "professional" / "educational" read as the kinds
    they meant."""
    return LEGACY_QUALIFICATION_KINDS.get(value) or QualificationKind(value)


def competence_from(data: Mapping[str, Any]) -> Competence:
    kind = data.get("type")
    return Competence(
        code=data["code"],
        title_nl=data["title_nl"],
        title_en=data["title_en"],
        indicators=tuple(data.get("indicators", ())),
        type=CompetenceType(kind) if kind else None,
        workplace_required=bool(data.get("workplace_required", False)),
    )


def module_from(data: Mapping[str, Any], unit: ModuleUnit | None = None) -> Module:
    size = int(data.get("size", data.get("study_points", 0)))
    points = int(data.get("study_points", size if unit is ModuleUnit.STUDY_POINTS else 0))
    return Module(
        code=data["code"],
        title_nl=data["title_nl"],
        title_en=data["title_en"],
        competences=tuple(data["competences"]),
        study_points=points,
        size=size,
        unit=unit,
    )


def certificate_from(
    data: Mapping[str, Any], kind: QualificationKind = QualificationKind.DEELKWALIFICATIE
) -> PartialCertificate:
    return PartialCertificate(
        code=data["code"],
        title_nl=data["title_nl"],
        title_en=data["title_en"],
        competences=tuple(data["competences"]),
        kind=kind,
    )


def version_from_fields(code: str, fields: Mapping[str, Any]) -> QualificationVersion:
    """Builds the value from a published event's JSON-native fields (schema v2)."""
    general = fields.get("general_education")
    return QualificationVersion(
        code=code,
        version=int(fields["version"]),
        title_nl=fields["title_nl"],
        title_en=fields["title_en"],
        vks_level=int(fields["vks_level"]),
        kind=kind_of(fields["kind"]),
        competences=tuple(competence_from(c) for c in fields["competences"]),
        modules=tuple(module_from(m, ModuleUnit.STUDY_POINTS) for m in fields["modules"]),
        partial_certificates=tuple(certificate_from(p) for p in fields["partial_certificates"]),
        components=tuple(
            certificate_from(b, QualificationKind.BEROEPSKWALIFICATIE)
            for b in fields.get("beroepskwalificaties", ())
        ),
        general_education=GeneralEducation(
            general["title_nl"], general["title_en"], tuple(general["competences"])
        )
        if general
        else None,
    )
