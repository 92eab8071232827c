"""The XPath 2.0 functions the official rule files call (F&O), on the values of `values` and `nodes`.

Each function takes its arguments already converted by the compiler's function-conversion code
(`runtime.arg_str`, `arg_num`, plain lists for `item()*` parameters) and returns a single value
(str, bool, number or None for an empty result) or a list for sequence results — `compiler.FUNCTIONS`
records which. Semantics follow F&O, checked against Saxon in the unit tests where they are subtle
(substring's rounding, normalize-space's four whitespace characters, tokenize's empty tokens).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from validators.schematron import nodes
from validators.schematron.nodes import atomize, is_node
from validators.schematron.regex import compile_regex
from validators.schematron.runtime import string_of
from validators.schematron.values import (
    NUMERIC,
    Integral,
    Untyped,
    XPathError,
    add,
    compare_atomic,
    round_half_up,
    to_double,
    to_string,
    type_name,
)

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    if text.isascii():
        # in ASCII, str.split() splits at exactly XML's whitespace plus control characters XML forbids
        return " ".join(text.split())
    return _XML_SPACE.sub(" ", text).strip(" ")


def string_length(text: str) -> int:
    return len(text)


def upper_case(text: str) -> str:
    return text.upper()


def lower_case(text: str) -> str:
    return text.lower()


def contains(text: str, part: str) -> bool:
    return part in text


def starts_with(text: str, part: str) -> bool:
    return text.startswith(part)


def ends_with(text: str, part: str) -> bool:
    return text.endswith(part)


def substring_after(text: str, part: str) -> str:
    if not part:
        return text
    index = text.find(part)
    return "" if index < 0 else text[index + len(part):]


def substring_before(text: str, part: str) -> str:
    if not part:
        return ""
    index = text.find(part)
    return "" if index < 0 else text[:index]


def _xround(value: float) -> float:
    if math.isnan(value) or math.isinf(value):
        return value
    return math.floor(value + 0.5)


def substring(text: str, start: float, length: float | None = None) -> str:
    """F&O 7.4.3: the characters at positions p with round(start) <= p < round(start) + round(length)."""
    first = _xround(start)
    if math.isnan(first):
        return ""
    if length is None:
        begin = 1 if first < 1 else int(first) if not math.isinf(first) else len(text) + 1
        return text[begin - 1:]
    end = first + _xround(length)
    if math.isnan(end):
        return ""
    chars = []
    for position, char in enumerate(text, 1):
        if first <= position < end:
            chars.append(char)
    return "".join(chars)


def translate(text: str, source: str, target: str) -> str:
    table: dict[int, int | None] = {}
    for index, char in enumerate(source):
        if ord(char) not in table:
            table[ord(char)] = ord(target[index]) if index < len(target) else None
    return text.translate(table)


def concat(*parts) -> str:
    return "".join(parts)


def string_join(items: list, separator: str) -> str:
    return separator.join(_string_item(item) for item in items)


def _string_item(item) -> str:
    value = atomize(item)
    if isinstance(value, str):
        return str(value)
    raise XPathError("XPTY0004", f"string-join() needs strings; got {type_name(value)}")


def matches(text: str, pattern: str, flags: str = "") -> bool:
    return compile_regex(pattern, flags).search(text) is not None


def replace(text: str, pattern: str, replacement: str, flags: str = "") -> str:
    regex = compile_regex(pattern, flags)
    if regex.search("") is not None:
        raise XPathError("FORX0003", f"The regular expression {pattern!r} matches a zero-length string")
    return regex.sub(_replacement(replacement), text)


def _replacement(replacement: str) -> str:
    # XPath: "$n" is group n, "\$" and "\\" are literal; Python: "\g<n>" and "\\".
    out, index = [], 0
    while index < len(replacement):
        char = replacement[index]
        if char == "\\" and index + 1 < len(replacement) and replacement[index + 1] in "\\$":
            out.append("\\\\" if replacement[index + 1] == "\\" else "$")
            index += 2
            continue
        if char == "$":
            digits = re.match(r"\d+", replacement[index + 1:])
            if not digits:
                raise XPathError("FORX0004", f"invalid replacement string {replacement!r}")
            out.append(f"\\g<{digits.group()}>")
            index += 1 + len(digits.group())
            continue
        if char == "\\":
            raise XPathError("FORX0004", f"invalid replacement string {replacement!r}")
        out.append(char)
        index += 1
    return "".join(out)


def tokenize(text: str, pattern: str, flags: str = "") -> list:
    if text == "":
        return []
    regex = compile_regex(pattern, flags)
    if regex.search("") is not None:
        raise XPathError("FORX0003", f"The regular expression {pattern!r} matches a zero-length string")
    tokens, position = [], 0
    for match in regex.finditer(text):
        tokens.append(text[position:match.start()])
        position = match.end()
    tokens.append(text[position:])
    return tokens


def string_to_codepoints(text: str) -> list:
    return [ord(char) for char in text]


def codepoints_to_string(items: list) -> str:
    chars = []
    for item in items:
        value = atomize(item)
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, Untyped):
                value = int(to_double(value))
            else:
                raise XPathError("XPTY0004", "codepoints-to-string() needs integers")
        chars.append(chr(value))
    return "".join(chars)


def count(items: list) -> int:
    return len(items)


def exists(items: list) -> bool:
    return bool(items)


def empty(items: list) -> bool:
    return not items


def reverse(items: list) -> list:
    return items[::-1]


def data(items: list) -> list:
    return [atomize(item) for item in items]


def string(item) -> str:
    return string_of(item)


def number(value) -> float:
    """fn:number of one atomized value (None: the empty sequence): NaN where it is not a number."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, NUMERIC):
        return float(value)
    try:
        return to_double(value)
    except XPathError:
        return math.nan


def sum_(items: list, zero=0):
    """fn:sum: untyped values count as doubles; the empty sequence gives `zero` (0)."""
    if not items:
        return zero
    total = None
    for item in items:
        value = atomize(item)
        if isinstance(value, Untyped):
            value = to_double(value)
        elif isinstance(value, bool) or not isinstance(value, NUMERIC):
            raise XPathError("FORG0006", f"sum() of {type_name(value)}")
        total = value if total is None else add(total, value)
    return total


def avg(items: list):
    if not items:
        return None
    from validators.schematron.values import divide

    return divide(sum_(items), len(items))


def _extreme(items: list, pick_max: bool):
    values = []
    for item in items:
        value = atomize(item)
        if isinstance(value, Untyped):
            value = to_double(value)
        values.append(value)
    if not values:
        return None
    best = values[0]
    for value in values[1:]:
        if isinstance(value, float) and math.isnan(value):
            return value
        if compare_atomic(">" if pick_max else "<", value, best, general=False):
            best = value
    return best


def max_(items: list):
    return _extreme(items, True)


def min_(items: list):
    return _extreme(items, False)


def distinct_values(items: list) -> list:
    """fn:distinct-values: untyped values compare as strings; numbers by value."""
    seen, result = set(), []
    for item in items:
        value = atomize(item)
        key = _distinct_key(value)
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result


def _distinct_key(value):
    if isinstance(value, str):
        return ("s", str(value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, NUMERIC):
        return ("n", Decimal(value) if not isinstance(value, float) or not math.isinf(value) else value)
    return ("o", str(value))


def index_of(items: list, value) -> list:
    return [position for position, item in enumerate(items, 1)
            if _comparable_equal(atomize(item), value)]


def _comparable_equal(a, b) -> bool:
    try:
        return compare_atomic("=", a, b, general=False)
    except XPathError:
        return False


def abs_(value):
    if value is None:
        return None
    return Integral(abs(value)) if type(value) is Integral else abs(value)


def _integral(function, value: float) -> float:
    """floor or ceiling of a double: NaN and infinities as they are, and a zero result keeps the sign of the
    argument (IEEE 754: floor(-0.0) and ceiling(-0.5) are -0, which Saxon writes as "-0")."""
    if math.isnan(value) or math.isinf(value):
        return value
    result = float(function(value))
    return math.copysign(result, value) if result == 0 else result


def floor_(value):
    if value is None:
        return None
    if isinstance(value, float):
        return _integral(math.floor, value)
    if type(value) is Integral:
        return value
    if isinstance(value, Decimal):
        return value.to_integral_value(rounding=ROUND_FLOOR)
    return value


def ceiling(value):
    if value is None:
        return None
    if isinstance(value, float):
        return _integral(math.ceil, value)
    if type(value) is Integral:
        return value
    if isinstance(value, Decimal):
        return value.to_integral_value(rounding=ROUND_CEILING)
    return value


def round_(value):
    return None if value is None else round_half_up(value)


def name(node) -> str:
    return "" if node is None else nodes.qname(node)


def local_name(node) -> str:
    return "" if node is None else nodes.local_name(node)


def namespace_uri(node) -> str:
    return "" if node is None else nodes.namespace_uri(node)


def subsequence(items: list, start: float, length: float | None = None) -> list:
    first = _xround(start)
    result = []
    for position, item in enumerate(items, 1):
        if position >= first and (length is None or position < first + _xround(length)):
            result.append(item)
    return result


def exactly_one(items: list) -> list:
    if len(items) != 1:
        raise XPathError("FORG0005", "exactly-one() called with a sequence of other length")
    return items


def zero_or_one(items: list) -> list:
    if len(items) > 1:
        raise XPathError("FORG0003", "zero-or-one() called with a sequence of more than one item")
    return items


def one_or_more(items: list) -> list:
    if not items:
        raise XPathError("FORG0004", "one-or-more() called with an empty sequence")
    return items


def is_a_node(item) -> bool:
    return is_node(item)


def string_value_of_sequence(items: list) -> str:
    """A temporary tree's string value (`xsl:variable` with content): its text joined."""
    return "".join(to_string(atomize(item)) for item in items)
