"""The dispatcher: every event's work is sent at least once, and a crash between commit and send loses nothing."""

from __future__ import annotations

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.outbox import Work
from tests.unit.lifecycle.given import recognition, verdict
from workers.dispatcher import Dispatcher


@pytest.fixture
def services():
    services = bootstrap(Settings(persistence="memory"))
    yield services
    services.close()


def receive(services, content: bytes = b"<Invoice/>"):
    return services.invoices.receive_submission(content, channel="upload", sender="s", filename="f.xml").case_id


def test_a_received_file_is_sent_for_processing_once(services):
    sent: list[Work] = []
    dispatcher = Dispatcher(services, sent.append)
    case = receive(services)
    assert dispatcher.dispatch_once() == 1
    assert dispatcher.dispatch_once() == 0
    assert sent == [Work(case, "process")]
    assert services.outbox.pending() == [Work(case, "process")]


def test_done_work_is_closed_by_the_events_that_show_it_done(services):
    sent: list[Work] = []
    dispatcher = Dispatcher(services, sent.append)
    case = receive(services)
    dispatcher.dispatch_once()
    services.invoices.record_recognition(case, recognition())
    services.invoices.record_validation(case, verdict())
    dispatcher.dispatch_once()
    assert sent[1:] == sorted([Work(case, "notify:accepted"), Work(case, "route")])
    services.invoices.route(case)
    services.invoices.notify_supplier(case, about="accepted", recipient="s", message="ok")
    dispatcher.dispatch_once()
    assert services.outbox.pending() == [Work(case, "tell:4")]  # the routed step's people are still to be told
    services.invoices.record_people_notified(case, version=4, about="step-opened", recipients=[])
    dispatcher.dispatch_once()
    assert services.outbox.pending() == []


def test_after_a_crash_between_commit_and_send_the_next_leader_sends_all_open_work_again(services):
    def broken_broker(work: Work) -> None:
        raise SystemExit("killed")  # the process dies right after the outbox commit

    case = receive(services)
    with pytest.raises(SystemExit):
        Dispatcher(services, broken_broker).dispatch_once()
    sent: list[Work] = []
    restarted = Dispatcher(services, sent.append)
    assert restarted.resend(everything=True) == 1 and sent == [Work(case, "process")]
    assert restarted.dispatch_once() == 0  # the position was committed: the event is not read twice


def test_work_that_waited_too_long_is_sent_again(services):
    sent: list[Work] = []
    dispatcher = Dispatcher(services, sent.append, redeliver_after=0)
    case = receive(services)
    dispatcher.dispatch_once()
    assert dispatcher.resend() == 1 and sent == [Work(case, "process")] * 2
    assert Dispatcher(services, sent.append, redeliver_after=3600).resend() == 0


def test_an_unavailable_broker_keeps_the_work_and_tries_again(services):
    attempts: list[Work] = []

    def flaky(work: Work) -> None:
        attempts.append(work)
        if len(attempts) == 1:
            raise ConnectionError("broker down")

    dispatcher = Dispatcher(services, flaky)
    case = receive(services)
    dispatcher.dispatch_once()
    dispatcher.dispatch_once()
    assert attempts == [Work(case, "process")] * 2


def test_a_failing_follower_never_holds_up_the_dispatching(services):
    import time

    from workers.dispatcher import DispatcherThread
    from workers.leadership import ProcessLeadership

    class BrokenIndex:
        calls = 0

        def follow_once(self) -> int:
            self.calls += 1
            raise RuntimeError("the index table is gone")

        def forget_position(self) -> None:
            pass

    sent: list[Work] = []
    broken = BrokenIndex()
    thread = DispatcherThread(Dispatcher(services, sent.append), ProcessLeadership(), poll_interval=0.01,
                              followers=(broken,))
    thread.start()
    try:
        case = receive(services)
        deadline = time.monotonic() + 10
        while Work(case, "process") not in sent:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        thread.stop()
    assert broken.calls == 1  # and then it rests, instead of failing fifty times a second
