"""Values at the edges of their types, put where a document holds a value of that kind.

`mutate` aims at what one rule looks at, `lexical` rewrites how a whole document is written; these
replace one value at a time by a value the schema still accepts (mostly) but where XPath's number and
date semantics, as Saxon implements them, are easy to get wrong: negative zero in every lexical form,
amounts too small or too large for a double, rounding boundaries, integers written with leading zeros,
years beyond 9999 and before year 1, timezones at their limits, non-existent days, digits of other
scripts. Every number-like leaf (an amount, quantity, rate), every date (`YYYY-MM-DD`, and CII's
`YYYYMMDD` of format 102) and a few text leaves get one such value per document (more in the larger run).
Runs of this kind found that a price of "-0.00" breaks BR-27 for Saxon (its comparer for an untyped
value against a number orders the double -0.0 below 0), that an allowance total of "-0" with no
allowances passes BR-CO-11 there (an integer "-0" equals a zero Saxon holds as an integer, such as the
exact quotient `round(sum(())*10*10) div 100`) and that rules on dates of year 10000 or -2024 ran in
Saxon but stopped in the native engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from random import Random

from lxml import etree

TINY = "0." + "0" * 330 + "1"
"""A decimal the schema takes whose double is 0 (it underflows)."""
HUGE = "9" * 5000 + ".5"
"""A decimal the schema takes with more digits than Python converts from text by default (Saxon's are unbounded)."""

NUMBERS = ("-0.00", "-0", "-0.", "-.0", "-0000", "0.00", "+0", "+.5", ".5", "5.", "000001.00", "1.005", "2.675",
           "0.005", "-0.005", "4.4999999999999999", "1.0000000000000000001", "9999999999.99", "10000000000",
           "12345678901234567.89", "100000000000000000000000", TINY, "-" + TINY, HUGE, "-" + HUGE, " 7 ", "7\n")
DATES = ("10000-01-01", "-2024-01-01", "0000-02-29", "-0001-12-31", "2147483647-12-31", "9999-12-31", "0001-01-01",
         "2024-02-29", "2023-02-29", "2024-01-01Z", "2024-01-01+14:00", "2024-01-01-14:59", "2024-01-01+14:59",
         " 2024-01-01 ")
DATES_102 = ("20240229", "20230229", "00000101", "99991231", "2024013", "202401011", "2024-01-01", " 20240101")
TEXTS = ("", " ", "\u00a0", "\u0661\u0662", "NaN", "INF", "-INF", "1e3", "-0.00", "10000-01-01", "\u200b")

NUMBER_TEXT = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*", re.ASCII)
DATE_TEXT = re.compile(r"\s*\d{4}-\d\d-\d\d\s*", re.ASCII)
DATE_102_TEXT = re.compile(r"\s*\d{8}\s*", re.ASCII)


def edges(xml: bytes, rng: Random, per_leaf: int = 1, texts: int = 3) -> Iterator[tuple[str, bytes]]:
    """(description, document) for `per_leaf` edge values at every number and date leaf of `xml`, and for
    `texts` text leaves chosen at random; one value replaced in each document."""
    root = etree.fromstring(xml)
    tree = root.getroottree()
    leaves = [element for element in root.iter(etree.Element) if len(element) == 0 and element.text]
    chosen = []
    plain = []
    for element in leaves:
        text = element.text
        if DATE_102_TEXT.fullmatch(text):
            chosen.append((element, DATES_102))
        elif DATE_TEXT.fullmatch(text):
            chosen.append((element, DATES))
        elif NUMBER_TEXT.fullmatch(text):
            chosen.append((element, NUMBERS))
        else:
            plain.append(element)
    chosen += [(element, TEXTS) for element in rng.sample(plain, min(texts, len(plain)))]
    for element, values in chosen:
        original = element.text
        for value in rng.sample(values, min(per_leaf, len(values))):
            if value == original:
                continue
            element.text = value
            yield f"{tree.getpath(element)} = {value!r}", etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        element.text = original
