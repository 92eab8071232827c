"""Recording that the supplier was told about the case: each notice once."""

import pytest

from invoicing.lifecycle.decisions import intake
from invoicing.lifecycle.errors import NotAllowedNow
from tests.unit.lifecycle.given import LATER, given, names, notified, received, recognised, validated


def test_the_supplier_is_told_once_that_the_invoice_was_accepted():
    case = given(received(), recognised(), validated())
    changes = intake.notify_supplier(case, about="accepted", recipient="a@b.example", message="ok", at=LATER)
    assert names(changes) == ["SupplierNotified"] and changes[0].attributes["recipient"] == "a@b.example"


def test_a_notice_already_given_is_not_recorded_again():
    case = given(received(), recognised(), validated(), notified("accepted"))
    assert intake.notify_supplier(case, about="accepted", recipient="a@b.example", message="ok", at=LATER) == []


def test_an_unknown_notice_is_refused():
    with pytest.raises(NotAllowedNow, match="no supplier notice"):
        intake.notify_supplier(given(received()), about="party", recipient="a", message="m", at=LATER)
