"""The mail stream's stored topics are permanent (see `invoicing.lifecycle.case` for the upcasting policy).

If this test fails, do not update the list: keep the old class path, or register the old topic.
"""

from eventsourcing.utils import get_topic, resolve_topic

from invoicing.mailbox.mail import ReceivedMail

MAIL = "invoicing.mailbox.mail:ReceivedMail."
STORED = [MAIL + name for name in ("MailReceived", "MailReceivedAgain", "MailInvoicesSubmitted", "MailAnswered",
                                   "MailAnswerRefused", "MailFiled")]


def test_every_stored_topic_still_resolves_to_an_event_class_of_the_same_name():
    for topic in STORED:
        assert get_topic(resolve_topic(topic)) == topic


def test_every_event_class_is_in_the_list_of_stored_topics():
    events = [value for value in vars(ReceivedMail).values()
              if isinstance(value, type) and issubclass(value, ReceivedMail.Event) and value.__name__ not in ("Event", "Created")]
    assert sorted(get_topic(event) for event in events) == sorted(STORED)
