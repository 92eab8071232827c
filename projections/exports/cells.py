"""Text cells that a spreadsheet must never run: the OWASP rule against CSV (formula) injection.

A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return is taken as a formula
by Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` in a seller's name becomes a link that
leaks data, or worse). `neutralised` puts a single quote in front of such text, which the
spreadsheet shows as text and does not display; every text value of every export passes through it
(numbers, dates and ids that the exports format themselves are not text and stay as they are).
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What a cell must not begin with (OWASP, "CSV Injection")."""


def neutralised(text: str) -> str:
    """`text`, with a leading single quote if it would begin a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
