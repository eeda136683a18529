"""The checks of the PostgreSQL acceptance run: every acknowledged event stored exactly once,
in each trajectory's posting order, deliberate retries answered as duplicates, no badge
issued twice."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.stress_writers import WriterReport
from ledger import Ledger
from projections import notifications


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)

    def acknowledged(self, reports: list[WriterReport], seconds: float, retries: str) -> None:
        """The phase's figures: events acknowledged, their rate, the retries it took."""
        count = sum(len(r.acknowledged) for r in reports)
        self.say(
            f"  {count:,} events acknowledged in {seconds:.1f} s = {count / seconds:,.0f} "
            f"events/s; {sum(r.retries for r in reports)} {retries}"
        )

    def check(self, ok: bool, what: str) -> None:
        self.say(f"  [{'ok' if ok else 'FAIL'}] {what}")
        if not ok:
            self.failures.append(what)


def stored_events(ledger: Ledger) -> Iterator[tuple[str, str, int, str]]:
    """(trajectory, event id, version, type) of every stored event, in log order."""
    for n in notifications(ledger, size=10_000):
        event = ledger.mapper.to_domain_event(n)
        yield (
            str(n.originator_id),
            str(getattr(event, "event_id", "")),
            n.originator_version,
            type(event).__name__,
        )


def verify_appends(ledger: Ledger, reports: list[WriterReport], outcome: Outcome) -> None:
    stored = list(stored_events(ledger))
    # Only the events themselves: the ledger's idempotency markers carry the same event id.
    ids = Counter(e[1] for e in stored if e[1].startswith("stress-") and e[3] == "ModuleEnrolled")
    acknowledged = [a for r in reports for a in r.acknowledged]
    mine = {a[1] for a in acknowledged}
    outcome.check(all(ids[e] == 1 for e in mine), f"{len(mine):,} acknowledged events stored")
    outcome.check(
        not [e for e, c in ids.items() if c > 1], "no event id stored twice (retries included)"
    )
    by_trajectory: dict[str, list[str]] = defaultdict(list)
    for trajectory, event_id, _version, kind in stored:
        if event_id in mine and kind == "ModuleEnrolled":
            by_trajectory[trajectory].append(event_id)
    posted: dict[str, list[str]] = defaultdict(list)
    for trajectory, event_id, _version in acknowledged:
        posted[trajectory].append(event_id)
    outcome.check(
        all(by_trajectory[t] == posted[t] for t in posted),
        f"per-trajectory order kept on {len(posted)} trajectories",
    )
    checked = sum(r.duplicates_checked for r in reports)
    wrong = sum(r.duplicates_wrong for r in reports)
    outcome.check(wrong == 0, f"{checked:,} deliberate retries answered as duplicates")


def verify_badges(ledger: Ledger, outcome: Outcome) -> None:
    issued = Counter(
        e[1] for e in stored_events(ledger) if e[3] == "BadgeIssued"
    )  # event ids are per badge
    outcome.check(all(c == 1 for c in issued.values()), f"{len(issued)} badges, none issued twice")
