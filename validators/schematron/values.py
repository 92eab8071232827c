"""Atomic values of XPath 2.0 as the official rule files are run by Saxon: types, casts, arithmetic, comparison.

Representation (the compiled rules and `functions` use these Python types directly):

| XPath type            | Python                                  |
|-----------------------|-----------------------------------------|
| xs:untypedAtomic      | `Untyped` (a `str` subclass)            |
| xs:string             | `str`                                   |
| xs:boolean            | `bool`                                  |
| xs:integer            | `int`                                   |
| xs:decimal            | `decimal.Decimal` (exact; see `divide`); `Integral` where Saxon holds it as an integer |
| xs:double             | `float`                                 |
| xs:date               | `XDate` (any year Saxon takes)          |

Every rule that XPath 2.0 (W3C, "XQuery 1.0 and XPath 2.0 Functions and Operators", sections 6 and
17) makes a dynamic error raises `XPathError` with the error code, as Saxon does: the rule run then
stops, which the engine reports as a rule set that did not run. Where Saxon has a choice the
behaviour was checked against saxonche 13.1 (`tests/unit/test_xpath_semantics.py`): decimal
division keeps max(18, scale(a) - scale(b) + 18) digits after the point, a double cast to decimal is
its exact binary value, a double prints in the shortest form that reads back (scientific outside
[1e-6, 1e6)); an untyped value compares with a number as Saxon's own comparer does
(`compare_untyped_number`), which is not quite XPath's rule.
"""

from __future__ import annotations

import math
import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import cast

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Decimal arithmetic context: `+`, `-`, `*` and `mod` exact whatever the number of digits, as Saxon's xs:decimal
(a Java BigDecimal) is — an amount of 5,000 digits is schema-valid; a division takes the precision its result
needs (`divide_decimal`), never this one. The functions here compute in the current decimal context; `exact()`
makes it this one (the engine enters it once per rule-set run)."""


def exact():
    """A context manager for exact decimal arithmetic (see `EXACT`)."""
    return localcontext(EXACT)


class XPathError(Exception):
    """A dynamic or type error of XPath 2.0; `code` is the error code (e.g. FORG0001)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code


class Untyped(str):
    """xs:untypedAtomic: the typed value of an element or attribute of a document without schema types."""

    __slots__ = ()


class Integral(Decimal):
    """An xs:decimal that Saxon holds as an integer (an IntegerValue, not a BigDecimalValue): the cast of a string
    without a decimal point, the exact quotient of two integers, and what `+`, `-`, `*`, `mod`, sums, rounding and
    signs make of such values and integers. Its value and type are those of any xs:decimal; it differs in one
    place, as in Saxon: an untyped plain integer compares with it as an integer (`compare_untyped_number`), so
    "-0" equals a zero held so but not a zero held as a BigDecimal (round(sum(())) div 100 versus 0.0)."""

    __slots__ = ()


class XDate:
    """xs:date: a calendar date of any year Saxon takes (±2,147,483,647; year 0 is 1 BCE, as in XSD 1.1) with an
    optional timezone offset in minutes. Dates compare by the instant they start at (XPath 2.0 F&O 10.4.9), a date
    without a timezone in the implicit one (UTC, this machine's and the reference run's)."""

    __slots__ = ("year", "month", "day", "tz", "_start")

    def __init__(self, year: int, month: int, day: int, tz: int | None):
        self.year, self.month, self.day, self.tz = year, month, day, tz
        self._start = _days_from_civil(year, month, day) * 1440 - (tz or 0)  # minutes since 1970-01-01T00:00Z

    def __eq__(self, other):
        return isinstance(other, XDate) and self._start == other._start

    def __lt__(self, other):
        return self._start < other._start

    def __le__(self, other):
        return self._start <= other._start

    def __hash__(self):
        return hash(self._start)

    def __str__(self):
        text = f"{'-' if self.year < 0 else ''}{abs(self.year):04d}-{self.month:02d}-{self.day:02d}"
        if self.tz is None:
            return text
        if self.tz == 0:
            return text + "Z"
        sign = "-" if self.tz < 0 else "+"
        hours, minutes = divmod(abs(self.tz), 60)
        return f"{text}{sign}{hours:02d}:{minutes:02d}"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)  # proleptic Gregorian, astronomical years


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a proleptic Gregorian date of any year (the era arithmetic of H. Hinnant's
    "chrono-compatible low-level date algorithms")."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    return era * 146097 + year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year - 719468


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_YEAR_LIMIT = _INT_MAX = 2**31 - 1
"""The largest year magnitude Saxon takes in a date (its year is a Java int; -2^31 is refused too)."""


NUMERIC = (int, Decimal, float)
_HALF, _ONE = Decimal("0.5"), Decimal(1)
_WS = " \t\r\n"
# ASCII digits only (re.ASCII): Python's \d, int() and Decimal() take every Unicode digit, XSD's lexical forms do not
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_DOUBLE = re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", re.ASCII)
_DATE = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?", re.ASCII)


def type_name(value) -> str:
    """The XPath type name of an atomic value (for error messages)."""
    if isinstance(value, Untyped):
        return "xs:untypedAtomic"
    if isinstance(value, bool):
        return "xs:boolean"
    return {str: "xs:string", int: "xs:integer", Decimal: "xs:decimal", Integral: "xs:decimal", float: "xs:double",
            XDate: "xs:date"}.get(type(value), type(value).__name__)


# --- casts ------------------------------------------------------------------------------------

def _trimmed(text: str) -> str:
    return text.strip(_WS)


def to_decimal(value) -> Decimal:
    """Cast to xs:decimal (FORG0001 when the lexical form is not a decimal; FOCA0002 for NaN/INF)."""
    kind = type(value)
    if kind is Untyped or kind is str:  # the common case first: a node's text
        text = _trimmed(value)
        if _DECIMAL.fullmatch(text):
            return Decimal(text) if "." in text else Integral(text)
        raise XPathError("FORG0001", f'Cannot convert string "{value}" to xs:decimal')
    if kind is Decimal:
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise XPathError("FOCA0002", f"cannot cast {value!r} to xs:decimal")
        return Decimal(value)  # the exact binary value, as Saxon's BigDecimal(double)
    if isinstance(value, str):
        text = _trimmed(value)
        if _DECIMAL.fullmatch(text):
            return Decimal(text)
        raise XPathError("FORG0001", f'Cannot convert string "{value}" to xs:decimal')
    raise XPathError("XPTY0004", f"cannot cast {type_name(value)} to xs:decimal")


def to_integer(value) -> int:
    """Cast to xs:integer (numbers truncate toward zero; strings must be integer literals)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise XPathError("FOCA0002", f"cannot cast {value!r} to xs:integer")
        return int(value)
    if isinstance(value, str):
        text = _trimmed(value)
        if _INTEGER.fullmatch(text):
            return int(text)
        raise XPathError("FORG0001", f'Cannot convert string "{value}" to an integer')
    raise XPathError("XPTY0004", f"cannot cast {type_name(value)} to xs:integer")


def to_double(value) -> float:
    """Cast to xs:double (FORG0001 for a string that is not a double literal)."""
    if isinstance(value, float):
        return value
    if isinstance(value, (bool, int)):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        text = _trimmed(value)
        if _DOUBLE.fullmatch(text):
            return float(text.replace("INF", "inf"))
        raise XPathError("FORG0001", f'Cannot convert string "{value}" to double')
    raise XPathError("XPTY0004", f"cannot cast {type_name(value)} to xs:double")


def to_boolean(value) -> bool:
    """Cast to xs:boolean ("true", "false", "1", "0" for strings; non-zero for numbers)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, NUMERIC):
        return not (value == 0 or (isinstance(value, float) and math.isnan(value)))
    if isinstance(value, str):
        text = _trimmed(value)
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise XPathError("FORG0001", f'The string "{value}" cannot be cast to a boolean')
    raise XPathError("XPTY0004", f"cannot cast {type_name(value)} to xs:boolean")


def to_date(value) -> XDate:
    """Cast to xs:date: [-]YYYY-MM-DD with an optional timezone, as Saxon (saxonche 13.1) takes it — any year up to its limit
    (no leading zero when it has more than four digits; "-0000" is year 0), a day that exists in that year, a
    timezone of at most 14 hours and 59 minutes."""
    if isinstance(value, XDate):
        return value
    if isinstance(value, str):
        match = _DATE.fullmatch(_trimmed(value))
        if match:
            year_text, month_text, day_text, zone = match.groups()
            digits = year_text.lstrip("-")
            if len(digits) > 4 and digits.startswith("0"):
                raise XPathError("FORG0001", f'Invalid date "{value}" (leading zeroes in a year of more than 4 digits)')
            if len(digits) > 10 or abs(year := int(year_text)) > _YEAR_LIMIT:
                raise XPathError("FORG0001", f'Invalid date "{value}" (Year is outside the range that Saxon can handle)')
            month, day = int(month_text), int(day_text)
            if not (1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1] + (month == 2 and _leap(year))):
                raise XPathError("FORG0001", f'Invalid date "{value}" (Non-existent date)')
            tz = None
            if zone == "Z":
                tz = 0
            elif zone:
                hours, minutes = int(zone[1:3]), int(zone[4:6])
                if hours > 14 or minutes > 59:
                    raise XPathError("FORG0001", f'Invalid date "{value}" (timezone out of range)')
                tz = (-1 if zone[0] == "-" else 1) * (hours * 60 + minutes)
            return XDate(year, month, day, tz)
        raise XPathError("FORG0001", f'Invalid date "{value}"')
    raise XPathError("XPTY0004", f"cannot cast {type_name(value)} to xs:date")


def castable(value, target: str) -> bool:
    """`value castable as target` for a single atomic value."""
    try:
        CASTS[target](value)
    except XPathError:
        return False
    return True


def to_string(value) -> str:
    """Cast to xs:string: the canonical lexical form XPath prescribes."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return decimal_string(value)
    if isinstance(value, float):
        return double_string(value)
    return str(value)


CASTS = {
    "xs:decimal": to_decimal, "xs:integer": to_integer, "xs:double": to_double, "xs:boolean": to_boolean,
    "xs:date": to_date, "xs:string": to_string, "xs:untypedAtomic": lambda value: Untyped(to_string(value)),
}
"""Constructor functions and `cast as` targets by type name."""


def decimal_string(value: Decimal) -> str:
    """Canonical xs:decimal: no exponent, no trailing zeros, "0" for zero."""
    if value == 0:
        return "0"
    return format(value.normalize(EXACT), "f")


def double_string(value: float) -> str:
    """Canonical xs:double as Saxon writes it: "INF", "NaN", plain within [1e-6, 1e6), else "1.0E7"."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    magnitude = abs(value)
    if 1e-6 <= magnitude < 1e6:
        text = decimal_string(Decimal(repr(value)))
        return text
    mantissa, _, exponent = f"{Decimal(repr(value)):E}".partition("E")
    digits = Decimal(mantissa).normalize()
    text = format(digits, "f")
    if "." not in text:
        text += ".0"
    return f"{text}E{int(exponent)}"


# --- arithmetic -------------------------------------------------------------------------------

def numeric_operand(value):
    """An arithmetic operand: untyped values become doubles (XPath 2.0, 3.4)."""
    kind = type(value)
    if kind is Decimal or kind is int or kind is float or kind is Integral:
        return value
    if isinstance(value, Untyped):
        return to_double(value)
    if isinstance(value, bool) or not isinstance(value, NUMERIC):
        raise XPathError("XPTY0004", f"arithmetic on {type_name(value)}")
    return value


def _promote(a, b):
    """Both operands in one numeric kind, and the kind: int, Integral (an integer and an Integral, or two),
    Decimal or float."""
    kind = type(a)
    if kind is type(b) and kind is not bool:
        return a, b, kind
    if isinstance(a, float) or isinstance(b, float):
        return float(a), float(b), float
    if (kind is Integral or kind is int) and (type(b) is Integral or type(b) is int):
        return Decimal(a), Decimal(b), Integral
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a), Decimal(b), Decimal
    return a, b, int


def add(a, b):
    a, b, kind = _promote(numeric_operand(a), numeric_operand(b))
    return Integral(a + b) if kind is Integral else a + b


def subtract(a, b):
    a, b, kind = _promote(numeric_operand(a), numeric_operand(b))
    return Integral(a - b) if kind is Integral else a - b


def multiply(a, b):
    a, b, kind = _promote(numeric_operand(a), numeric_operand(b))
    return Integral(a * b) if kind is Integral else a * b


def divide(a, b):
    """`div` whose operands' types Saxon learns only at run time (or both xs:integer): integer and decimal
    operands give a decimal — held as an integer (`Integral`) when both are integers and one divides the other,
    as Saxon's IntegerValue.div does —, doubles a double."""
    a, b, kind = _promote(numeric_operand(a), numeric_operand(b))
    if (kind is int or kind is Integral) and 0 <= a <= _INT_MAX and 0 <= b <= _INT_MAX:
        # Saxon takes this path only when neither value needs more than 31 bits (Int64Value.isLong: a negative
        # value counts as long, so -4 div 2 is a decimal division there)
        numerator, denominator = int(a), int(b)
        if denominator != 0 and numerator % denominator == 0:
            return Integral(numerator // denominator)
    return _quotient(a, b, kind)


def divide_decimal(a, b):
    """`div` with an operand of static type xs:decimal: Saxon's decimal division, whose result is never held as
    an integer; doubles as in `divide`."""
    return _quotient(*_promote(numeric_operand(a), numeric_operand(b)))


def _quotient(a, b, kind):
    """a div b for operands promoted to one `kind`: a double, or a decimal with Saxon's scale."""
    if kind is float:
        if b == 0:
            if a == 0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b
    a, b = Decimal(a), Decimal(b)
    if b == 0:
        raise XPathError("FOAR0001", "Decimal divide by zero")
    scale = max(18, _scale(a) - _scale(b) + 18)
    with localcontext(EXACT) as context:
        # the quotient's digits up to that scale, with 400 to spare (as many as this division always had)
        context.prec = max(a.adjusted() - b.adjusted() + 2, 1) + scale + 400
        return (a / b).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)


def _scale(value: Decimal) -> int:
    if value == 0:
        return 0
    return -cast(int, value.normalize(EXACT).as_tuple().exponent)  # a number here, never NaN or infinite


def integer_divide(a, b) -> int:
    """`idiv`: the quotient truncated toward zero."""
    a, b, kind = _promote(numeric_operand(a), numeric_operand(b))
    if b == 0:
        raise XPathError("FOAR0001", "Integer division by zero")
    if kind is float and (math.isnan(a) or math.isinf(a) or math.isnan(b)):
        raise XPathError("FOAR0002", "idiv of NaN or infinity")
    if kind is int:
        quotient = abs(a) // abs(b)
        return quotient if (a >= 0) == (b >= 0) else -quotient
    return int(Decimal(a) // Decimal(b))  # Decimal's // truncates toward zero, exactly


def modulo(a, b):
    """`mod`: the remainder takes the sign of the dividend."""
    a, b, kind = _promote(numeric_operand(a), numeric_operand(b))
    if kind is float:
        if b == 0 or math.isnan(a) or math.isnan(b) or math.isinf(a):
            return math.nan
        if math.isinf(b):
            return a
        return math.fmod(a, b)
    if b == 0:
        raise XPathError("FOAR0001", "Division by zero in mod")
    if kind is int:
        remainder = abs(a) % abs(b)
        return remainder if a >= 0 else -remainder
    return Integral(a % b) if kind is Integral else a % b  # Decimal % keeps the dividend's sign


def negate(a):
    value = numeric_operand(a)
    return Integral(-value) if type(value) is Integral else -value


def round_half_up(value):
    """fn:round: to the nearest integer, halves toward positive infinity; the type is kept."""
    if isinstance(value, bool) or not isinstance(value, NUMERIC):
        raise XPathError("XPTY0004", f"round() of {type_name(value)}")
    if isinstance(value, int) or type(value) is Integral:
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or value == 0:
            return value
        result = math.floor(value + 0.5)
        if result == 0 and value < 0:
            return -0.0
        # floor(x + 0.5) is wrong when x + 0.5 is not exact (x = 0.49999999999999994)
        if abs(value) < 2 ** 52 and value + 0.5 != Decimal(value) + Decimal("0.5"):
            result = math.floor(Decimal(value) + Decimal("0.5"))
        return float(result)
    return (value + _HALF).quantize(_ONE, rounding=ROUND_FLOOR)


# --- comparison -------------------------------------------------------------------------------

def _comparable(a, b):
    """Two atomic values of comparable types after general-comparison conversion of untyped values."""
    if isinstance(a, Untyped):
        if isinstance(b, Untyped) or isinstance(b, str):
            return str(a), str(b)
        if isinstance(b, bool):
            return to_boolean(a), b
        if isinstance(b, NUMERIC):
            return to_double(a), b
        if isinstance(b, XDate):
            return to_date(a), b
    elif isinstance(b, Untyped):
        left, right = _comparable(b, a)
        return right, left
    return a, b


def _ordered(a, b):
    """Values of one comparable kind for the comparison operators, or XPTY0004."""
    if isinstance(a, bool) or isinstance(b, bool):
        if isinstance(a, bool) and isinstance(b, bool):
            return a, b
    elif isinstance(a, NUMERIC) and isinstance(b, NUMERIC):
        if isinstance(a, float) or isinstance(b, float):
            return float(a), float(b)
        return a, b
    elif isinstance(a, str) and isinstance(b, str):
        return str(a), str(b)
    elif isinstance(a, XDate) and isinstance(b, XDate):
        return a, b
    raise XPathError("XPTY0004", f"Cannot compare {type_name(a)} to {type_name(b)}")


_SIMPLE = {str, float, int, Decimal, Integral}
_NUMBERS = {int, Decimal, float, Integral}
_SWAPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_PLAIN_INTEGER = re.compile(r"-?\d{1,10}", re.ASCII)
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1  # Saxon's Int64Value (a larger integer is a BigIntegerValue)


def compare_untyped_number(op: str, text: str, number) -> bool:
    """A general comparison `text op number` of an untypedAtomic value with a number, as Saxon decides it (its
    comparer for this case, net.sf.saxon.expr.sort.UntypedNumericComparer, XPath 3.1 rules; saxonche 13.1), which differs from
    comparing two doubles in three ways: against NaN only `!=` holds; a plain integer of at most ten digits
    compared with an xs:integer compares as an integer ("-0" equals 0); otherwise the text, cast to xs:double
    (FORG0001 if it is none), is ordered against the number's double value as Java's `Double.compare` orders
    them — -0.0 below 0.0 (so "-0.00" >= 0 is false) and NaN above every number."""
    if isinstance(number, float) and math.isnan(number):
        return op == "!="
    trimmed = _trimmed(text)
    if ((type(number) is int or type(number) is Integral) and _LONG_MIN <= number <= _LONG_MAX
            and _PLAIN_INTEGER.fullmatch(trimmed)):
        left, right = int(trimmed), int(number)
        order = (left > right) - (left < right)
    else:
        order = _total_order(to_double(trimmed), float(number) + 0.0 if type(number) is not float else number)
    if op == "=":
        return order == 0
    if op == "!=":
        return order != 0
    if op == "<":
        return order < 0
    if op == "<=":
        return order <= 0
    if op == ">":
        return order > 0
    return order >= 0


def _total_order(x: float, y: float) -> int:
    """Java's `Double.compare`: IEEE order, but -0.0 < 0.0, and NaN above everything and equal to itself."""
    if x < y:
        return -1
    if x > y:
        return 1
    x_nan, y_nan = math.isnan(x), math.isnan(y)
    if x_nan or y_nan:
        return x_nan - y_nan
    x_sign, y_sign = math.copysign(1.0, x), math.copysign(1.0, y)
    return (x_sign > y_sign) - (x_sign < y_sign)


def compare_atomic(op: str, a, b, *, general: bool = True) -> bool:
    """One pair of a general (`general=True`) or value comparison; untyped values convert by the rules of each."""
    if type(a) is type(b) and type(a) in _SIMPLE:
        pass  # same plain type: compare as is
    elif general:
        if type(a) is Untyped and type(b) in _NUMBERS:
            return compare_untyped_number(op, a, b)
        if type(b) is Untyped and type(a) in _NUMBERS:
            return compare_untyped_number(_SWAPPED[op], b, a)
        a, b = _comparable(a, b)
        a, b = _ordered(a, b)
    else:
        a = str(a) if isinstance(a, Untyped) else a
        b = str(b) if isinstance(b, Untyped) else b
        a, b = _ordered(a, b)
    if op == "=":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b
