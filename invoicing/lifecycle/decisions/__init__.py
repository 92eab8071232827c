"""Pure decisions: (the case as its history made it, a command) → the changes to record.

`intake` holds what the automatic pipeline decides, `approval` what people decide. No function
here touches storage, clocks or the network: time comes in as `at`, and the result is a list of
`Change`s (empty when the command was already carried out, so retried work is harmless), or a
named `LifecycleError` when the command cannot be carried out.
"""

from __future__ import annotations

from invoicing.lifecycle.errors import InvoiceNotFound


def existing(case):
    """`case`, or `InvoiceNotFound` when there is none (a command on an id nobody submitted)."""
    if case is None:
        raise InvoiceNotFound("There is no invoice with this id.",
                              "Check the id in the receipt; it is derived from the file's content.")
    return case
