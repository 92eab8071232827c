"""Stored topics are permanent: renaming or moving an event class would orphan every stored event.

If this test fails, do not update the list: keep the old class path, or register the old topic
for the new class (see the upcasting policy in `invoicing.lifecycle.case`).
"""

from eventsourcing.utils import get_topic, resolve_topic

from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.numbers import InvoiceNumber

CASE = "invoicing.lifecycle.case:InvoiceCase."
NUMBER = "invoicing.lifecycle.numbers:InvoiceNumber."
STORED = [CASE + name for name in (
    "InvoiceReceived", "InvoiceReceivedAgain", "InvoiceRecognised", "InvoiceNotRecognised", "InvoiceValidated",
    "InvoiceRejected", "DuplicateSuspected", "DuplicateSuspicionDismissed", "DuplicateConfirmed",
    "ApprovalRequested", "InvoiceCertified", "InvoiceApproved", "InvoiceDenied", "InvoiceReturnedToSupplier",
    "SupplierNotified", "InvoiceExported", "InvoiceProcessingFailed",
    # approval routing (issue 5)
    "ClarificationRequested", "ClarificationAnswered", "StepReassigned", "InvoiceAssignedToUnit",
    "EscalationRaised",
    # tamper-evident history (issue 10): facts for cases validated before InvoiceValidated v2, legal hold
    "InvoiceFactsRecorded", "LegalHoldPlaced", "LegalHoldLifted",
    # the clerk's and the supplier's work (issue 11): corrections of returned invoices
    "CorrectionReceived", "CorrectionArrived", "PeopleNotified")] + [
    NUMBER + "InvoiceNumberFirstUsed", NUMBER + "InvoiceNumberUsedAgain"]
ABSENCES = "invoicing.staff.absences:Absences."
PREFERENCES = "invoicing.staff.preferences:PersonPreferences."
STAFF = [ABSENCES + name for name in ("Started", "AbsenceRecorded", "AbsenceWithdrawn")] + [
    PREFERENCES + name for name in ("Started", "NotificationsChosen", "DigestSent")]


def test_every_stored_topic_still_resolves_to_an_event_class_of_the_same_name():
    for topic in STORED + STAFF:
        event_class = resolve_topic(topic)
        assert get_topic(event_class) == topic


def test_every_event_class_is_in_the_list_of_stored_topics():
    events = [value for aggregate in (InvoiceCase, InvoiceNumber) for value in vars(aggregate).values()
              if isinstance(value, type) and issubclass(value, aggregate.Event)
              and value.__name__ not in ("Event", "Created")]  # eventsourcing's bases, never stored here
    assert sorted(get_topic(event) for event in events) == sorted(STORED)


def test_every_staff_event_class_is_in_the_list_of_stored_topics():
    from invoicing.staff.absences import Absences
    from invoicing.staff.preferences import PersonPreferences

    events = [value for aggregate in (Absences, PersonPreferences) for value in vars(aggregate).values()
              if isinstance(value, type) and issubclass(value, aggregate.Event)
              and value.__name__ not in ("Event", "Created")]
    assert sorted(get_topic(event) for event in events) == sorted(STAFF)
