"""The outbox rules: which automatic work each event opens or closes."""

from invoicing.lifecycle.case import Change, InvoiceCase
from invoicing.lifecycle.work import net_work, notify, tell
from tests.unit.lifecycle.given import (
    CASE_ID,
    LATER,
    given,
    notified,
    other_case,
    received,
    recognised,
    rejected,
    routed,
    suspected,
    validated,
)


def events(*changes):
    case = given(received())
    case.record(list(changes))
    return case.collect_events()


def first_events(*changes):
    case = InvoiceCase.open(CASE_ID, changes[0])
    case.record(list(changes[1:]))
    return case.collect_events()


def test_a_received_file_is_due_for_processing():
    opened, closed = net_work(first_events(received()))
    assert opened == {(CASE_ID, "process")} and closed == set()


def test_an_accepted_validation_closes_processing_and_opens_routing_and_the_acceptance_notice():
    opened, closed = net_work(events(recognised(), validated()))
    assert opened == {(CASE_ID, "route"), (CASE_ID, notify("accepted"))}
    assert closed == {(CASE_ID, "process")}


def test_a_duplicate_found_in_the_same_run_is_never_routed():
    opened, closed = net_work(events(recognised(), validated(), suspected(other_case("x"))))
    assert (CASE_ID, "route") in closed and (CASE_ID, "route") not in opened


def test_a_rejection_opens_the_rejection_notice():
    opened, _ = net_work(events(recognised(), validated("BR-01"), rejected()))
    assert opened == {(CASE_ID, notify("rejected"))}


def test_routing_and_notices_close_their_work():
    _, closed = net_work(events(routed(), notified("accepted")))
    assert closed == {(CASE_ID, "route"), (CASE_ID, notify("accepted"))}


def test_a_whole_pipeline_run_leaves_only_telling_the_first_steps_people():
    opened, _ = net_work(first_events(received(), recognised(), validated(), routed(), notified("accepted")))
    assert opened == {(CASE_ID, tell(4))}


def test_telling_people_of_an_event_closes_its_work():
    told = Change(InvoiceCase.PeopleNotified, {"version": 4, "about": "step-opened", "recipients": [],
                                               "by": "system:pipeline", "timestamp": LATER})
    opened, closed = net_work(first_events(received(), recognised(), validated(), routed(), notified("accepted"), told))
    assert opened == set() and (CASE_ID, tell(4)) in closed
