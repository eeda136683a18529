"""What the three catalogue aggregates (qualification, programme, concordance table) share:
each is published version by version, a version never changes, and the next one must be
numbered one more than the latest."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from ledger.errors import InvalidEventError, NotFoundError, UnknownReferenceError

V = TypeVar("V")


class VersionedEntry(Generic[V]):
    """Mixin for an aggregate with ``code``, ``versions`` (number to value) and
    ``published_fields`` (number to the event's fields, kept for catalogue diffs and
    re-imports). A subclass says which error an entry without a published version raises
    (its ``missing`` names the kind of entry in messages) and builds a version's value
    from its fields."""

    unpublished: ClassVar[type[UnknownReferenceError]]
    unpublished_detail: ClassVar[str] = "{noun} {code} has no published version"

    code: str
    versions: dict[int, V]
    published_fields: dict[int, dict[str, Any]]

    def _start_versions(self) -> None:
        """For the aggregate's ``__init__``: an entry is registered with no version yet."""
        self.versions = {}
        self.published_fields = {}

    def version_from(self, fields: dict[str, Any]) -> V:
        """The value of a version from its event fields; raises on malformed values."""
        raise NotImplementedError

    def add_version(self, fields: dict[str, Any]) -> None:
        """Applies a published version (called by the VersionPublished event)."""
        self.versions[fields["version"]] = self.version_from(fields)
        self.published_fields[fields["version"]] = fields

    def require_next_version(self, fields: dict[str, Any]) -> None:
        number = int(fields["version"])
        if number != self.latest_version_number + 1:
            raise InvalidEventError(
                f"{self.code}: next version must be {self.latest_version_number + 1}, not {number}"
            )

    @property
    def latest_version_number(self) -> int:
        return max(self.versions, default=0)

    def in_force(self) -> V:
        """The latest version (for a qualification, the one a new trajectory pins: rule 7)."""
        if not self.versions:
            noun = self.unpublished.missing
            raise self.unpublished(self.unpublished_detail.format(noun=noun, code=self.code))
        return self.versions[self.latest_version_number]

    def published(self, number: int) -> V:
        try:
            return self.versions[number]
        except KeyError:
            noun = self.unpublished.missing
            raise NotFoundError(f"{noun} {self.code} has no version {number}") from None
