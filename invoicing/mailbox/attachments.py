"""What an attachment is, judged by its bytes alone (never by its name or declared media type).

| kind          | meaning                                                              | submitted |
|---------------|----------------------------------------------------------------------|-----------|
| `invoice-xml` | XML whose root element is an invoice or credit note (UBL `Invoice`, `CreditNote`; CII `CrossIndustryInvoice`; ZUGFeRD 1 `CrossIndustryDocument`), well-formed or not | yes |
| `invoice-pdf` | a PDF with an embedded invoice XML (ZUGFeRD / Factur-X), or a PDF that cannot be opened to tell (encrypted, damaged) | yes |
| `pdf`         | a PDF without any embedded XML: a plain PDF or a scan, not an e-invoice | no |
| `xml`         | XML that is something else (an order, a delivery note…)             | no |
| `image`, `office`, `archive`, `text`, `empty`, `other` | not an e-invoice             | no |

In doubt the attachment is submitted: the pipeline then names exactly what is wrong with it, and
no invoice is ever dropped because the intake guessed. The reader's own checks decide the verdict.
"""

from __future__ import annotations

import re

INVOICE_KINDS = ("invoice-xml", "invoice-pdf")
"""The kinds that are handed to the lifecycle as submissions."""

INVOICE_ROOTS = ("Invoice", "CreditNote", "CrossIndustryInvoice", "CrossIndustryDocument")
"""Local names of root elements that mean "this XML is meant to be an invoice"."""

_MAGIC = ((b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"II*\x00", "image"),
          (b"MM\x00*", "image"), (b"\xd0\xcf\x11\xe0", "office"), (b"PK\x03\x04", "archive"),
          (b"{\\rtf", "office"))
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*", re.DOTALL)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def kind_of(content: bytes) -> str:
    """The kind of attachment `content` is (see the table above)."""
    if not content.strip():
        return "empty"
    if b"%PDF-" in content[:1024]:
        return _pdf_kind(content)
    for magic, kind in _MAGIC:
        if content.startswith(magic):
            return kind
    root = root_name(content)
    if root is not None:
        return "invoice-xml" if root in INVOICE_ROOTS else "xml"
    return "text" if _looks_like_text(content) else "other"


def is_invoice(kind: str) -> bool:
    """True for the kinds that are submitted."""
    return kind in INVOICE_KINDS


def root_name(content: bytes) -> str | None:
    """The local name of the first element of an XML document, or None when `content` is no XML.

    A plain look at the first bytes, so that broken XML is recognised too (the reader reports
    what is broken); nothing is parsed, so no entity or DTD is ever resolved here.
    """
    text = _decoded_head(content)
    if text is None:
        return None
    prolog = _PROLOG.match(text)
    rest = text[prolog.end():] if prolog else text
    match = _ROOT.match(rest)
    return match.group(1) if match else None


def _decoded_head(content: bytes) -> str | None:
    head = content[:16_384]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(head) > 1 and head[0] == 0 and head[1:2] == b"<":
        encoding = "utf-16-be"
    elif len(head) > 1 and head[:1] == b"<" and head[1] == 0:
        encoding = "utf-16-le"
    else:
        encoding = "utf-8"
    text = head.decode(encoding, "replace").lstrip("\ufeff \t\r\n")
    return text if text.startswith("<") else None


def _pdf_kind(content: bytes) -> str:
    from invoicing.formats.errors import NoEmbeddedInvoice, ReadError
    from invoicing.formats.pdf import extract_invoice_xml

    try:
        extract_invoice_xml(content)
    except NoEmbeddedInvoice:
        return "pdf"
    except ReadError:
        return "invoice-pdf"  # cannot tell (encrypted, damaged, too large): let the pipeline say why
    return "invoice-pdf"


def _looks_like_text(content: bytes) -> bool:
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
