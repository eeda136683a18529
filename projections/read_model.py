"""What the read models' projections share: a fresh single-dispatch ``process_event`` whose
default only moves the view's position (``event_dispatcher``); the views with one row per
trajectory and the changes their rows share (``TrajectoryRowView``, ``trajectory_row_events``);
the base of the projections that follow every trajectory event through the shared cache
of trajectory aggregates (``TrajectoryStatesProjection``); and the JSON text of the views'
JSON columns (``json_text``).

The handlers are resolved once per event class (``projections.batches.Handler``), so sharing
them costs a follower nothing per event beyond, for ``TrajectoryStatesProjection``, one
method call."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from functools import singledispatchmethod
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import orjson
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Table

from ledger import Trajectory, to_json_value
from projections.aggregates import TrajectoryStates
from projections.topics import trajectory_topics
from projections.tracking import Row, SQLView

TView = TypeVar("TView", bound=SQLView)


def json_text(value: Any) -> str:
    """``json.dumps(to_json_value(value), sort_keys=True)`` (compact) with orjson, in one
    pass: orjson calls ``to_json_value`` only for what it must not encode itself (datetimes,
    passed through so they keep ``isoformat``; Decimal and the like). Encoding every event body
    with the standard library was the largest cost of the timeline's rebuild, and a tenth of
    the outflow view's (profiled)."""
    return orjson.dumps(
        value, default=to_json_value, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
    ).decode()


def event_dispatcher() -> singledispatchmethod[None]:
    """A new single-dispatch ``process_event`` for one projection class to register its
    handlers on; an event it has no handler for only moves the view's position. Every class
    needs its own: handlers registered on a dispatcher serve every class that holds it."""

    def process_event(self: Projection[SQLView], domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    return singledispatchmethod(process_event)


class TrajectoryRowView(SQLView):
    """A view with one row per trajectory in ``row_table``, keyed by the trajectory's id."""

    row_table: ClassVar[Table]

    @abstractmethod
    def opened_row(self, event: Trajectory.TrajectoryOpened) -> Row:
        """The trajectory's row as the view first stores it."""

    def open(self, event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        self.put(self.row_table, self.opened_row(event))
        self._track(tracking)

    def change(self, trajectory_id: UUID, tracking: Tracking, **values: str | None) -> None:
        """Sets ``values`` on the trajectory's row (when the view has it) and moves the
        position."""
        self.update_row(self.row_table, str(trajectory_id), tracking, **values)


# ``self`` of the handlers below: a projection whose view is a ``TrajectoryRowView``.
RowProjection = Projection[TrajectoryRowView]


def trajectory_row_events(
    *, provider: str | None = None, status: str | None = None
) -> singledispatchmethod[None]:
    """An ``event_dispatcher`` for the projection of a ``TrajectoryRowView``, with the changes
    such rows share registered: the row is stored when the trajectory opens, and its
    ``qualification_code`` is the one chosen at orientation. With ``provider``, that column
    follows the lead provider through handovers; with ``status``, that column follows pauses,
    resumptions and the closing, whose outcome goes in ``outcome``."""
    dispatch = event_dispatcher()

    @dispatch.register(Trajectory.TrajectoryOpened)
    def _opened(
        self: RowProjection, domain_event: Trajectory.TrajectoryOpened, tracking: Tracking
    ) -> None:
        self.view.open(domain_event, tracking)

    @dispatch.register(Trajectory.OrientationCompleted)
    def _oriented(
        self: RowProjection, domain_event: Trajectory.OrientationCompleted, tracking: Tracking
    ) -> None:
        code = domain_event.chosen_qualification_code
        self.view.change(domain_event.originator_id, tracking, qualification_code=code)

    if provider is not None:
        column = provider  # a name mypy knows is a str inside the handler

        @dispatch.register(Trajectory.LearnerHandedOver)
        def _handed_over(
            self: RowProjection, domain_event: Trajectory.LearnerHandedOver, tracking: Tracking
        ) -> None:
            if domain_event.becomes_lead:
                lead = str(domain_event.to_organisation)
                self.view.change(domain_event.originator_id, tracking, **{column: lead})
            else:
                self.view.insert_tracking(tracking)

    if status is not None:
        _register_status(dispatch, status)
    return dispatch


def _register_status(dispatch: singledispatchmethod[None], column: str) -> None:
    for event_class, value in (
        (Trajectory.TrajectoryPaused, "paused"),
        (Trajectory.TrajectoryResumed, "open"),
    ):
        dispatch.register(event_class, _status_handler(column, value))

    @dispatch.register(Trajectory.TrajectoryClosed)
    def _closed(
        self: RowProjection, domain_event: Trajectory.TrajectoryClosed, tracking: Tracking
    ) -> None:
        values = {column: "closed", "outcome": domain_event.outcome}
        self.view.change(domain_event.originator_id, tracking, **values)


def _status_handler(column: str, value: str) -> Callable[..., None]:
    def handler(self: RowProjection, domain_event: Trajectory.Event, tracking: Tracking) -> None:
        self.view.change(domain_event.originator_id, tracking, **{column: value})

    return handler


class TrajectoryStatesProjection(Projection[TView]):
    """A projection of every trajectory event that reads each trajectory as it is right after
    the event, from the cache of aggregates it shares with the others (``TrajectoryStates``);
    subclasses say what the view makes of it (``follow``)."""

    topics = trajectory_topics()

    def __init__(self, view: TView, states: TrajectoryStates) -> None:
        super().__init__(view)
        self.states = states
        # A rolled-back batch may have advanced cached aggregates past the stored position.
        view.on_discard.append(states.clear)

    @abstractmethod
    def follow(self, event: Trajectory.Event, trajectory: Trajectory, tracking: Tracking) -> None:
        """Records ``trajectory`` as ``event`` left it (or only moves the position)."""

    # Shared by every subclass: they say what they do in ``follow`` and register nothing here.
    process_event = event_dispatcher()

    @process_event.register
    def _(self, domain_event: Trajectory.Event, tracking: Tracking) -> None:
        self.follow(domain_event, self.states.apply(domain_event), tracking)
