"""Why a file could not be read, in words a supplier can act on.

Every failure to read a submission is a `ReadError` with a stable `code` (for programs and
statistics), a `message` that names what was found, and a `hint` that says what is accepted
instead. Nothing else escapes a reader: callers never see a traceback for bad input.
"""

from __future__ import annotations

from typing import Any

ACCEPTED_FORMATS = (
    "XRechnung 3.0 as UBL 2.1 Invoice/CreditNote or UN/CEFACT CII D16B, "
    "or a ZUGFeRD 2.x / Factur-X PDF/A-3 with the invoice XML embedded"
)


class ReadError(Exception):
    """A submission that is not a readable e-invoice; `code` is stable, `message` and `hint` are for people."""

    code = "unreadable"

    def __init__(self, message: str, hint: str = f"Please send {ACCEPTED_FORMATS}.", *, code: str | None = None,
                 line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
        if code is not None:
            self.code = code

    def as_dict(self) -> dict:
        """The error as JSON-ready data: code, message, hint and, where known, line and column."""
        data: dict[str, Any] = {"code": self.code, "message": self.message, "hint": self.hint}
        if self.line is not None:
            data["line"] = self.line
            data["column"] = self.column
        return data

    def __str__(self) -> str:
        where = ""
        if self.line is not None:
            where = f" (line {self.line}, column {self.column})" if self.column is not None else f" (line {self.line})"
        return f"{self.message}{where} {self.hint}"


class EmptyFile(ReadError):
    """The submission has no bytes at all."""

    code = "empty-file"


class TooLarge(ReadError):
    """The submission exceeds the size limit."""

    code = "too-large"


class NotXml(ReadError):
    """The bytes are neither well-formed XML nor a PDF."""

    code = "not-xml"


class ForbiddenXml(ReadError):
    """The XML uses a DTD, entities or other constructs that are refused for safety."""

    code = "forbidden-xml"


class NotAnInvoice(ReadError):
    """Well-formed XML (or a file of another type) that is not an invoice at all."""

    code = "not-an-invoice"


class UnsupportedSyntax(ReadError):
    """An invoice-like document in a syntax or version this service does not accept (e.g. ZUGFeRD 1.0)."""

    code = "unsupported-syntax"


class NoEmbeddedInvoice(ReadError):
    """A PDF that carries no invoice XML: a picture of an invoice is not an e-invoice."""

    code = "no-embedded-invoice"


class EncryptedPdf(ReadError):
    """A password-protected PDF, whose attachments cannot be read."""

    code = "encrypted-pdf"


class BrokenPdf(ReadError):
    """A PDF that is truncated or damaged beyond reading its attachments."""

    code = "broken-pdf"
