"""The catalogue and the template filling behind `validators.messages.explain`.

A catalogue entry is a pair of templates (English, German). A template may name the element the
rule fired on, `{element}` (its prefixed name, e.g. `cbc:InvoiceTypeCode`), and that element's
value, `{value}`. A part in square brackets is optional: it is kept only when every placeholder
inside it has a value, so "The code[ "{value}"] is unknown." reads "The code is unknown." when
the value is missing. Placeholders outside brackets must always be filled; catalogue templates
use only `{element}` and `{value}`, and only inside brackets (`tests/unit/test_messages.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from validators.messages import (
    cii_datatypes,
    cii_syntax,
    codes,
    consistency,
    core,
    extension,
    ubl_syntax,
    unused,
    vat,
    xrechnung,
)

PLACEHOLDER = re.compile(r"\{(\w+)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_OFFICIAL_PREFIX = re.compile(r"^\s*\[[^\]]*\]\s*-?\s*")


@dataclass(frozen=True)
class Explanation:
    """What a fired rule means for the supplier, in English (`en`) and German (`de`)."""

    en: str
    de: str


def _merge(*parts: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"message catalogue: {sorted(twice)} defined twice")
        merged.update(part)
    return merged


CATALOGUE: dict[str, tuple[str, str]] = _merge(
    core.MESSAGES, consistency.MESSAGES, vat.MESSAGES, codes.MESSAGES, ubl_syntax.MESSAGES, cii_syntax.MESSAGES,
    cii_datatypes.MESSAGES, xrechnung.MESSAGES, extension.MESSAGES, unused.MESSAGES)
"""Rule id → (English template, German template), for every rule id of the compiled rule sets."""

_FALLBACK = (
    "The invoice does not meet rule {rule} of the official validation. The rule says: “{official}”."
    "[ It concerns the element {element}.] Please correct the invoice accordingly.",
    "Die Rechnung erfüllt die Regel {rule} der amtlichen Prüfung nicht. Der Regeltext lautet: „{official}“."
    "[ Betroffen ist das Element {element}.] Bitte berichtigen Sie die Rechnung entsprechend.",
)


def fill(template: str, values: Mapping[str, str | None]) -> str:
    """`template` with its placeholders replaced from `values`; an optional `[…]` part whose
    placeholders are not all given (None or empty) is dropped. Inserted text is never read as
    template syntax."""
    given = {name: text for name, text in values.items() if text}

    def optional(match: re.Match) -> str:
        part = match.group(1)
        return part if all(name in given for name in PLACEHOLDER.findall(part)) else ""

    resolved = OPTIONAL.sub(optional, template)
    return PLACEHOLDER.sub(lambda match: given.get(match.group(1), ""), resolved)


def explain(rule_id: str, official: str, *, element: str | None = None, value: str | None = None) -> Explanation:
    """The plain-language explanation of rule `rule_id` as it fired (`official`: the official message
    with its value-of parts filled in; `element`: the prefixed name of the element it fired on;
    `value`: that element's string value, or None). Unknown ids get a neutral sentence quoting the
    official text. Never raises."""
    values = {"element": element, "value": value}
    entry = CATALOGUE.get(rule_id)
    if entry is None:
        text = _OFFICIAL_PREFIX.sub("", " ".join(str(official or "").split())).rstrip(".")
        values.update(rule=str(rule_id), official=text or str(rule_id))
        entry = _FALLBACK
    return Explanation(fill(entry[0], values), fill(entry[1], values))
