"""The log follower: every event of the consumer's topics applied once, in order, whoever else follows too."""

from __future__ import annotations

from datetime import datetime, timezone

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.following import Follower
from invoicing.lifecycle.case import InvoiceCase
from tests.unit.lifecycle.given import recognition

RECEIVED = get_topic(InvoiceCase.InvoiceReceived)


class Store:
    """A consumer's store: applied events and the position, changed together (refusing a stale position)."""

    def __init__(self):
        self.applied: list[tuple[int, str]] = []
        self.position = 0


class Counting:
    """A consumer of `InvoiceReceived` events that records which it applied; like eventsourcing's tracking, its
    store refuses a position that is not past the stored one."""

    topics = (RECEIVED,)

    def __init__(self, store: Store, decoded: bool = True):
        self.store, self.decoded = store, decoded
        self.batches: list[int] = []

    def position(self) -> int:
        return self.store.position

    def apply(self, batch, end: int) -> None:
        if end <= self.store.position:
            raise IntegrityError(f"position {end} is not past {self.store.position}")
        self.store.applied += [(id_, type(event).__name__) for id_, event in batch]
        self.store.position = end
        self.batches.append(len(batch))


def received(invoices, count: int) -> list:
    ids = []
    for number in range(count):
        receipt = invoices.receive_submission(f"<x>{number}</x>".encode(), channel="api", sender="s",
                                              filename=f"{number}.xml",
                                              received_at=datetime(2026, 3, 2, tzinfo=timezone.utc))
        invoices.record_recognition(receipt.case_id, recognition(number=f"RE-{number}"))
        ids.append(receipt.case_id)
    return ids


def test_a_follower_applies_its_topics_in_batches_in_log_order_each_once():
    services = bootstrap(Settings(persistence="memory"))
    received(services.invoices, 7)
    store = Store()
    consumer = Counting(store)
    follower = Follower(services.invoices, consumer, batch_size=3)
    assert follower.catch_up() == 7  # the last batch is empty: the recognitions after concern it not
    assert consumer.batches == [3, 3, 1, 0] and [name for _, name in store.applied] == ["InvoiceReceived"] * 7
    ids = [id_ for id_, _ in store.applied]
    assert ids == sorted(ids) and store.position == services.invoices.recorder.max_notification_id()
    assert follower.catch_up() == 0 and len(store.applied) == 7


def test_a_follower_moves_to_the_logs_end_when_nothing_there_concerns_it():
    services = bootstrap(Settings(persistence="memory"))
    received(services.invoices, 1)
    store = Store()
    Follower(services.invoices, Counting(store)).catch_up()
    before = store.position
    services.invoices.receive_submission(b"<x>0</x>", channel="api", sender="s", filename="0.xml")  # the same file
    assert services.invoices.recorder.max_notification_id() > before
    follower = Follower(services.invoices, Counting(store))
    assert follower.follow_once() == 0  # only an InvoiceReceivedAgain: nothing for this consumer
    assert store.position == services.invoices.recorder.max_notification_id() and len(store.applied) == 1


def test_a_batch_another_follower_applied_first_is_not_applied_again():
    services = bootstrap(Settings(persistence="memory"))
    received(services.invoices, 5)
    store = Store()
    slow = Follower(services.invoices, Counting(store), batch_size=2)
    assert slow.follow_once() == 2  # applied two; it keeps its position in memory
    Follower(services.invoices, Counting(store), batch_size=10).catch_up()  # another follower does the rest
    assert len(store.applied) == 5
    assert slow.follow_once() == 2  # read a batch from its stale position: refused by the store …
    assert slow.catch_up() == 0  # … so it read the position again: nothing left
    assert [id_ for id_, _ in store.applied] == sorted({id_ for id_, _ in store.applied})


def test_a_follower_without_decoding_hands_over_the_stored_notifications():
    services = bootstrap(Settings(persistence="memory"))
    ids = received(services.invoices, 2)
    seen = []

    class Ids(Counting):
        def apply(self, batch, end):
            seen.extend(notification.originator_id for _, notification in batch)
            self.store.position = end

    Follower(services.invoices, Ids(Store(), decoded=False)).catch_up()
    assert seen == ids
