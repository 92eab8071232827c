"""Access is per submission: supplier B who sends the exact bytes of supplier A's invoice, by any channel, gets
a receipt for a case of B's own and learns nothing of A's (no case id, time, status or existence), on SQLite
and PostgreSQL. Duplicate detection still works: the city sees B's case as a suspected duplicate of A's.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from uuid import UUID

import pytest

from invoicing.lifecycle.case import Status
from invoicing.mailbox.intake import MailIntake
from invoicing.mailbox.ports import InMemoryMailbox, InMemoryMailSender, Outgoing
from tests.mails import CITY, mail
from tests.web import support
from tests.web.support import SUPPLIER_A, SUPPLIER_B, log_in

CHANNELS = ("upload", "api", "mail")


class Supplier:
    """One supplier account and its ways in: the upload page, the API (token) and mail from its address."""

    def __init__(self, edge, login: str, mailbox: InMemoryMailbox, intake: MailIntake, sent: InMemoryMailSender):
        self.edge, self.login, self.mailbox, self.intake, self.sent = edge, login, mailbox, intake, sent
        self.page, self.api = support.client(edge), support.client(edge)
        self.csrf = log_in(self.page, login)
        self.token = edge.accounts.issue_token(login, label="ERP", by="test")
        self.address = f"{login}@example.org"

    def submit(self, channel: str, content: bytes) -> str:
        """Send `content` by `channel`; the case id the supplier's receipt names."""
        if channel == "upload":
            answer = self.page.post("/supplier/upload", data={"csrf_token": self.csrf},
                                    files={"file": ("rechnung.xml", content, "application/xml")},
                                    follow_redirects=False)
            assert answer.status_code == 303
            return answer.headers["location"].split("/")[2].split("?")[0]
        if channel == "api":
            answer = self.api.post("/api/invoices", content=content, headers={**self.bearer,
                                                                                "Content-Type": "application/xml"})
            assert answer.status_code == 202 and answer.json()["first"] is True
            return answer.json()["case_id"]
        self.mailbox.deliver(mail(sender=f"{self.login} <{self.address}>", attachments=[("rechnung.xml", content)]))
        self.intake.poll_once()
        receipt = [message for message in self.sent.sent if message["To"] == self.address][-1]
        assert receipt["X-Invoicing-Notice"] == "receipt" and "bereits" not in receipt.get_content()
        return receipt["X-Invoicing-Case"]

    @property
    def bearer(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def reads(self, case_id: str) -> list[int]:
        """The status codes of every way this supplier could read the case."""
        paths = [f"/api/invoices/{case_id}", f"/api/invoices/{case_id}/report", f"/api/invoices/{case_id}/original"]
        return [self.api.get(path, headers=self.bearer).status_code for path in paths] + \
            [self.page.get(f"/invoices/{case_id}").status_code, self.page.get(f"/invoices/{case_id}/original").status_code]

    def listed(self) -> set[str]:
        return {item["case_id"] for item in self.api.get("/api/invoices", headers=self.bearer).json()["items"]}


@pytest.mark.parametrize("first, second", list(itertools.product(CHANNELS, CHANNELS)))
def test_a_second_supplier_sending_the_same_bytes_gets_its_own_case_and_learns_nothing_of_the_first(
        edge, first, second):
    sent, mailbox = InMemoryMailSender(), InMemoryMailbox()
    intake = MailIntake(edge.invoices, mailbox, Outgoing(sent, f"Rechnungseingang <{CITY}>"))
    a, b = (Supplier(edge, login, mailbox, intake, sent) for login in (SUPPLIER_A, SUPPLIER_B))
    content = support.valid_xml(41)
    case_a = a.submit(first, content)
    support.process(edge, case_a)

    case_b = b.submit(second, content)
    support.process(edge, case_b)

    assert case_b != case_a
    assert set(b.reads(case_a)) == {404}  # as if it did not exist
    assert case_a not in b.listed() and b.listed() == {case_b}
    own = b.api.get(f"/api/invoices/{case_b}", headers=b.bearer).json()
    b_received = edge.invoices.get_case(UUID(case_b)).submissions[0]
    assert own["submissions"] == 1 and datetime.fromisoformat(own["received_at"]) == b_received.received_at
    assert b_received.sender == b.address
    assert own["status"] == "accepted"  # not "duplicate-suspected": that would reveal A's invoice
    assert case_a not in str(own) and b.page.get(f"/invoices/{case_b}").status_code == 200
    assert all(message["X-Invoicing-Case"] != case_a for message in sent.sent if message["To"] == b.address)

    city = edge.invoices.get_case(UUID(case_b))  # the city still sees the duplicate, and whose it is
    assert city.status == Status.DUPLICATE_SUSPECTED and city.duplicate_of == [UUID(case_a)]
    assert [type(event).__name__ for event in edge.invoices.history(UUID(case_a))][:1] == ["InvoiceReceived"]
    assert all(getattr(event, "sender", a.address) in (a.address,) for event in edge.invoices.history(UUID(case_a))
               if hasattr(event, "sender"))
    assert set(a.reads(case_a)) == {200} and set(a.reads(case_b)) == {404}


def test_the_same_supplier_sending_the_same_bytes_again_lands_on_its_own_case(edge):
    a = Supplier(edge, SUPPLIER_A, InMemoryMailbox(), None, InMemoryMailSender())
    content = support.valid_xml(42)
    first = a.submit("api", content)
    again = a.api.post("/api/invoices", content=content, headers={**a.bearer, "Content-Type": "application/xml"})
    assert again.json()["case_id"] == first and again.json()["first"] is False
    assert a.submit("upload", content) == first


def test_filtering_by_a_status_the_supplier_cannot_see_reveals_nothing(edge):
    sent, mailbox = InMemoryMailSender(), InMemoryMailbox()
    intake = MailIntake(edge.invoices, mailbox, Outgoing(sent, f"Rechnungseingang <{CITY}>"))
    a, b = (Supplier(edge, login, mailbox, intake, sent) for login in (SUPPLIER_A, SUPPLIER_B))
    content = support.valid_xml(42)
    support.process(edge, a.submit("api", content))
    case_b = b.submit("api", content)
    support.process(edge, case_b)
    assert edge.invoices.get_case(UUID(case_b)).status == Status.DUPLICATE_SUSPECTED  # for the city

    def api_listed(status: str) -> set[str]:
        answer = b.api.get("/api/invoices", params={"status": status}, headers=b.bearer).json()
        return {item["case_id"] for item in answer["items"]}

    # as B sees it, the case is accepted: a filter for the city's status must not single it out
    assert api_listed("duplicate-suspected") == set() and api_listed("accepted") == {case_b}
    assert case_b not in b.page.get("/supplier", params={"status": "duplicate-suspected"}).text
    assert case_b in b.page.get("/supplier", params={"status": "accepted"}).text
