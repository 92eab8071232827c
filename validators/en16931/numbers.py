"""Numbers the way the rule files compute them, so native and official verdicts agree to the cent.

The official rules are XPath 2.0. Two number types matter:

* `xs:decimal(...)` casts: exact decimal arithmetic → Python `Decimal` (`dec`).
* a bare element compared with a number (`ram:BasisAmount = ...`, `cbc:Percent > 0`): the text is
  cast to `xs:double` → Python `float` (`dbl`).

XPath `round` rounds halves towards positive infinity (round(-2.5) = -2), unlike Python's
banker's rounding and unlike ROUND_HALF_UP for negatives: `xround` does it the XPath way for both
types. Text that is no number gives `None`; the rules treat `None` as "not equal to anything",
which is how a comparison with an empty sequence behaves in XPath.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from decimal import ROUND_FLOOR, Context, Decimal

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_HALF = Decimal("0.5")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
ZERO = Decimal(0)
CONTEXT = Context(prec=40)
"""Arithmetic context of the rules: far more digits than any invoice amount needs."""


def dec(text: str | None) -> Decimal | None:
    """`xs:decimal(text)`: the exact value, or None when absent or not a decimal literal."""
    if text is None:
        return None
    return _dec(text)


@lru_cache(maxsize=4096)
def _dec(text: str) -> Decimal | None:
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    return Decimal(text)


def dbl(text: str | None) -> float | None:
    """The text cast to `xs:double` (as in a general comparison), or None when impossible."""
    if text is None:
        return None
    text = text.strip()
    if text in ("INF", "+INF"):
        return math.inf
    if text == "-INF":
        return -math.inf
    if not text or text.lower() in ("inf", "infinity", "nan", "+inf", "-inf") or "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def xround(value):
    """XPath `round`: nearest integer, halves towards positive infinity (keeps the number type)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return CONTEXT.add(value, _HALF).to_integral_value(rounding=ROUND_FLOOR)
    if math.isinf(value) or math.isnan(value):
        return value
    return float(math.floor(value + 0.5))


def cents(value):
    """`round(value * 10 * 10) div 100` — the rules' rounding to two decimals, in the value's type."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return CONTEXT.divide(xround(CONTEXT.multiply(value, _HUNDRED)), _HUNDRED)
    return xround(value * 10 * 10) / 100


def dsum(texts) -> Decimal | None:
    """`sum(.../xs:decimal(x))` over texts; None if one of them is no decimal (the official run stops there)."""
    total = ZERO
    for text in texts:
        value = dec(text)
        if value is None:
            return None
        total = CONTEXT.add(total, value)
    return total


def fsum(texts) -> float | None:
    """`sum(x)` over untyped texts: each is cast to xs:double; None if one is no number."""
    total = 0.0
    for text in texts:
        value = dbl(text)
        if value is None:
            return None
        total += value
    return total


def decimals(text: str | None) -> int:
    """`string-length(substring-after(text, '.'))`: how many characters follow the first dot."""
    if not text:
        return 0
    _, dot, after = text.partition(".")
    return len(after) if dot else 0


def dmul(a: Decimal, b: Decimal) -> Decimal:
    """Exact product in the rules' context."""
    return CONTEXT.multiply(a, b)


def dadd(*values: Decimal) -> Decimal:
    """Exact sum in the rules' context."""
    total = ZERO
    for value in values:
        total = CONTEXT.add(total, value)
    return total


HUNDRED = _HUNDRED
ONE = _ONE
