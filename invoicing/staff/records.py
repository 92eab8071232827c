"""`StaffRecords`: the commands and look-ups of people's own records, mixed into the `Invoices` application.

They live in the same event store as the invoices (one backend, one hash chain): the city's absences
and each person's preferences. `policy_now()` is the approval policy in force, with recorded absences.
Look-ups read the streams through `KeptStreams` (only the events recorded since the last look-up);
commands read them whole.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from invoicing.approvals import Policy
from invoicing.staff import absences as absence_rules
from invoicing.staff import preferences as preference_rules
from invoicing.staff.absences import ABSENCES_ID, Absences
from invoicing.staff.kept import KeptStreams
from invoicing.staff.preferences import PersonPreferences, preferences_id

T = TypeVar("T")


class StaffRecords:
    """Absences and notification preferences, recorded through the application they are mixed into."""

    policy: Policy

    if TYPE_CHECKING:  # what the application supplies; declared for the type checker only
        clock: Callable[[], datetime]
        repository: Any
        events: Any

        def save(self, *objs: Any, **kwargs: Any) -> Any: ...
        def _retrying(self, attempt: Callable[[], T]) -> T: ...

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)  # the application: its event store first
        self._kept = KeptStreams(self.events)
        self._policy_made: tuple[tuple[int, int], Policy] | None = None

    def policy_now(self) -> Policy:
        """The approval policy with every recorded (not withdrawn) absence as a deputy period (made again only
        when an absence was recorded or withdrawn since the last call, or the policy was replaced)."""
        absences = self._kept_stream(ABSENCES_ID, Absences)
        key = (absences.version if absences is not None else 0, id(self.policy))
        made = self._policy_made
        if made is None or made[0] != key:
            made = self._policy_made = (key, absence_rules.with_absences(self.policy, absences))
        return made[1]

    def absences(self) -> list[dict]:
        """The recorded absences not withdrawn, earliest first."""
        found = self._kept_stream(ABSENCES_ID, Absences)
        return found.current() if found is not None else []

    def record_absence(self, *, person: str, start: date, end: date, deputy: str, by: str,
                       note: str = "") -> tuple[str, ...]:
        """Record that `person` is away from `start` to `end` with `deputy` (by the person, their lead or an admin)."""
        return self._record_on(ABSENCES_ID, Absences, {"by": by}, lambda found: absence_rules.record_absence(
            found, person=person, start=start, end=end, deputy=deputy, note=note, by=by, policy=self.policy,
            at=self.clock()))

    def withdraw_absence(self, absence: UUID, *, by: str, reason: str = "") -> tuple[str, ...]:
        """Withdraw a recorded absence."""
        return self._record_on(ABSENCES_ID, Absences, {"by": by}, lambda found: absence_rules.withdraw_absence(
            found, absence=absence, reason=reason, by=by, policy=self.policy, at=self.clock()))

    def notification_mode(self, login: str) -> str:
        """How `login` wants to be told: "immediate" (default), "digest" or "off"."""
        found = self._kept_stream(preferences_id(login), PersonPreferences)
        return found.mode if found is not None else preference_rules.DEFAULT

    def digests_sent(self, login: str) -> set[date]:
        found = self._kept_stream(preferences_id(login), PersonPreferences)
        return set(found.digests) if found is not None else set()

    def choose_notifications(self, login: str, *, mode: str, by: str) -> tuple[str, ...]:
        """Record how `login` wants to be told (only they or an administrator choose)."""
        return self._record_on(preferences_id(login), PersonPreferences, {"login": login, "by": by},
                               lambda found: preference_rules.choose(found, mode=mode, by=by, at=self.clock()))

    def record_digest(self, login: str, *, day: date, message_id: str, count: int, by: str) -> tuple[str, ...]:
        """Record that `login`'s digest of `day` went out (once)."""
        return self._record_on(preferences_id(login), PersonPreferences, {"login": login, "by": by},
                               lambda found: preference_rules.digest_sent(found, day=day, message_id=message_id,
                                                                          count=count, by=by, at=self.clock()))

    def _kept_stream(self, stream_id: UUID, kind: type[Any]) -> Any | None:
        """The stream for reading only (`invoicing.staff.kept`): commands read it whole with `_stream`."""
        found = self._kept.get(stream_id)
        return found if isinstance(found, kind) else None

    def _stream(self, stream_id: UUID, kind: type[Any]) -> Any | None:
        try:
            found = self.repository.get(stream_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def _record_on(self, stream_id: UUID, kind: type[Any], start: dict, decide) -> tuple[str, ...]:
        def attempt() -> tuple[str, ...]:
            found = self._stream(stream_id, kind)
            changes = decide(found)
            if not changes:
                return ()
            if found is None:
                found = kind._create(kind.Started, id=stream_id, **start, timestamp=self.clock())
            for change in changes:
                found.trigger_event(change.event, **change.attributes)
            self.save(found)
            return tuple(change.name for change in changes)

        return self._retrying(attempt)
