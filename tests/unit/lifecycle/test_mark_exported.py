"""Marking an approved invoice exported: once, and only when approved."""

import pytest

from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import AlreadyExported, NotAllowedNow
from tests.unit.lifecycle.given import (
    LATER,
    approved,
    certified,
    given,
    names,
    received,
    recognised,
    routed,
    validated,
)

APPROVED = (received(), recognised(), validated(), routed(), certified(), approved())


def test_an_approved_invoice_is_exported_to_a_target_in_a_batch():
    changes = approval.mark_exported(given(*APPROVED), target="DATEV", batch="2026-03", by="finanz", at=LATER)
    assert names(changes) == ["InvoiceExported"] and changes[0].attributes["batch"] == "2026-03"


def test_exporting_twice_is_refused_naming_the_first_export():
    case = given(*APPROVED)
    case.record(approval.mark_exported(case, target="DATEV", batch="2026-03", by="finanz", at=LATER))
    with pytest.raises(AlreadyExported, match="already exported to DATEV in batch 2026-03"):
        approval.mark_exported(case, target="DATEV", batch="2026-04", by="finanz", at=LATER)


def test_an_invoice_still_in_approval_is_not_exported():
    with pytest.raises(NotAllowedNow, match="only approved invoices"):
        approval.mark_exported(given(received(), recognised(), validated(), routed()), target="DATEV", batch="b",
                               by="finanz", at=LATER)
