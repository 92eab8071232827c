"""Cash-discount (Skonto) tiers from the payment terms (BT-20), written as XRechnung prescribes.

One line per tier: `#SKONTO#TAGE=14#PROZENT=2.00#`, optionally followed by `BASISBETRAG=123.45#`
when the discount applies to less than the amount due (BT-115). BR-DE-18 wants exactly that
(upper case, a point and two decimals, a closing `#`, the line starting with `#`).

Reading is lenient where the meaning is still unambiguous, and says so: lower case, a missing
closing `#`, a decimal comma (`2,00`; German thousands points in `1.234,56`), spaces around
segments, and a Skonto segment after free text on the same line are accepted, with
`strict=False` on the tier so that a report can point out the deviation. A line that mentions
`#SKONTO#` but cannot be read (no or non-numeric TAGE, PROZENT outside 0–100, unknown or repeated
keys, stray text) never raises: it becomes a `SkontoProblem` naming the line and what is wrong,
and the other tiers still count. Lines without `#SKONTO#` (free text, `#VERZUG#`) are ignored.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from invoicing.approvals.policy import Frozen
from invoicing.approvals.wording import Message

_STRICT = re.compile(r"#SKONTO#TAGE=[0-9]+#PROZENT=[0-9]+\.[0-9]{2}#(BASISBETRAG=-?[0-9]+\.[0-9]{2}#)?")
_MARK = re.compile(r"#\s*skonto\s*#", re.IGNORECASE)
_KEYS = ("TAGE", "PROZENT", "BASISBETRAG")


class SkontoTier(Frozen):
    """One cash-discount tier: `percent` off when paid within `days`; `line` is its 1-based line in BT-20."""

    days: int
    percent: Decimal
    base_amount: Decimal | None = None
    line: int
    strict: bool = True


class SkontoProblem(Frozen):
    """A BT-20 line that mentions Skonto but could not be read, with the reason."""

    line: int
    text: str
    message: Message


class SkontoTerms(Frozen):
    """The tiers found (ordered by days) and the problems met; both empty when BT-20 offers no Skonto."""

    tiers: tuple[SkontoTier, ...] = ()
    problems: tuple[SkontoProblem, ...] = ()


def parse_skonto(payment_terms: str | None) -> SkontoTerms:
    """The Skonto tiers of the payment terms text BT-20 (see the module docstring for what is accepted)."""
    tiers, problems = [], []
    for number, raw in enumerate((payment_terms or "").splitlines(), start=1):
        mark = _MARK.search(raw)
        if mark is None:
            continue
        result = _tier(raw[mark.end():], number, strict=bool(_STRICT.fullmatch(raw.strip())))
        if isinstance(result, SkontoTier):
            tiers.append(result)
        else:
            problems.append(SkontoProblem(line=number, text=raw.strip(), message=result))
    return SkontoTerms(tiers=tuple(sorted(tiers, key=lambda tier: tier.days)), problems=tuple(problems))


def _tier(rest: str, number: int, *, strict: bool) -> SkontoTier | Message:
    values: dict[str, str] = {}
    for segment in (part.strip() for part in rest.split("#")):
        if not segment:
            continue
        key, equals, value = (part.strip() for part in segment.partition("="))
        key = key.upper()
        if not equals:
            return _problem(number, f"unerwarteter Text „{segment}“", f"unexpected text '{segment}'")
        if key not in _KEYS:
            return _problem(number, f"unbekannte Angabe „{key}“ (erlaubt: TAGE, PROZENT, BASISBETRAG)",
                            f"unknown key '{key}' (allowed: TAGE, PROZENT, BASISBETRAG)")
        if key in values:
            return _problem(number, f"„{key}“ steht zweimal da", f"'{key}' is given twice")
        values[key] = value
    if "TAGE" not in values or not values["TAGE"].isdigit() or int(values["TAGE"]) <= 0:
        found = values.get("TAGE")
        return _problem(number, f"TAGE fehlt oder ist keine positive ganze Zahl (gefunden: {found!r})",
                        f"TAGE is missing or not a positive whole number (found: {found!r})")
    percent = _decimal(values.get("PROZENT"))
    if percent is None or not Decimal(0) < percent < Decimal(100):
        found = values.get("PROZENT")
        return _problem(number, f"PROZENT fehlt oder liegt nicht zwischen 0 und 100 (gefunden: {found!r})",
                        f"PROZENT is missing or not between 0 and 100 (found: {found!r})")
    base = None
    if "BASISBETRAG" in values:
        base = _decimal(values["BASISBETRAG"])
        if base is None:
            return _problem(number, f"BASISBETRAG ist kein Betrag (gefunden: {values['BASISBETRAG']!r})",
                            f"BASISBETRAG is not an amount (found: {values['BASISBETRAG']!r})")
    return SkontoTier(days=int(values["TAGE"]), percent=percent, base_amount=base, line=number, strict=strict)


def _decimal(text: str | None) -> Decimal | None:
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _problem(number: int, de: str, en: str) -> Message:
    return Message(de=f"Skonto-Zeile {number} ist nicht lesbar: {de}.",
                   en=f"Skonto line {number} cannot be read: {en}.")
