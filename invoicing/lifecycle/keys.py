"""Natural keys and the deterministic stream ids made from them.

* A submission's stream id is uuid5 of (submitter, SHA-256 of its bytes): the same file sent twice by
  the same submitter (a retried upload, a mail fetched again after a crash, a nervous supplier)
  lands on the same `InvoiceCase` stream; the same bytes from *another* submitter open a case of
  their own. Access is granted per submission, never per content: whoever sends bytes that someone
  else sent before gets a receipt for their own case and learns nothing about the other one (no
  case id, time, status or existence). The originals stay content-addressed (one copy per SHA-256
  in the document store), and the same invoice from two submitters is still caught as a duplicate
  by the invoice-number register below. Cases opened before this rule have the id
  `legacy_case_id(sha256)`; a repeat by their first submitter still lands there.
* An invoice number's stream id is uuid5 of (seller key, invoice number): every case that used the
  number registers there, which is how a different file with the same number is noticed.

The namespaces below are part of the stored data: changing them would split existing streams.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from uuid import UUID, uuid5

CASES = UUID("6f1d5c0e-6b2f-5b8e-9c55-3f8f0d0e4a01")
"""Namespace of `InvoiceCase` stream ids (never change: stored ids depend on it)."""

NUMBERS = UUID("0b7f6a3e-2d8c-5f41-8a7e-1c9d2e6b5f02")
"""Namespace of `InvoiceNumber` stream ids (never change: stored ids depend on it)."""

_SPACE = re.compile(r"\s+")


def content_hash(content: bytes) -> str:
    """The SHA-256 of `content` as 64 lower-case hex digits: the address of an original."""
    return hashlib.sha256(content).hexdigest()


def submitter_key(sender: str) -> str:
    """Who submitted, as compared for access and stream ids: the sender, trimmed and case-folded."""
    return _normal(sender.strip())


def case_id(sha256: str, submitter: str) -> UUID:
    """The stream id of the submission by `submitter` (a sender) whose bytes have this SHA-256."""
    return uuid5(CASES, f"{submitter_key(submitter)}|{sha256.lower()}")


def legacy_case_id(sha256: str) -> UUID:
    """The stream id that cases opened before per-submitter ids have: uuid5 of the SHA-256 alone."""
    return uuid5(CASES, sha256.lower())


def seller_key(*, vat_id: str | None, identifier: str | None, name: str | None) -> str | None:
    """Who issued an invoice, for duplicate detection: VAT id (BT-31), else seller id (BT-29), else name (BT-27).

    Values are normalised (Unicode NFKC, case-folded, inner white space collapsed, and for ids all
    white space removed), prefixed by their kind, e.g. "vat:de123456789". None when nothing is known.
    """
    if vat_id and vat_id.strip():
        return "vat:" + _SPACE.sub("", _normal(vat_id))
    if identifier and identifier.strip():
        return "id:" + _SPACE.sub("", _normal(identifier))
    if name and name.strip():
        return "name:" + _SPACE.sub(" ", _normal(name)).strip()
    return None


def number_key(seller: str, number: str) -> str:
    """The natural key of an invoice number: seller key and the number as written, trimmed."""
    return f"{seller}|{number.strip()}"


def number_id(key: str) -> UUID:
    """The stream id of an `InvoiceNumber` register for `number_key(...)`."""
    return uuid5(NUMBERS, key)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()
