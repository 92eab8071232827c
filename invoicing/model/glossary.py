"""The business-term glossary read back from the model's field declarations."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from invoicing.model.document import Invoice


@dataclass(frozen=True)
class GlossaryEntry:
    """One business term or group: its id, English name and dotted path in the model."""

    term_id: str
    name: str
    path: str


def _model_class(annotation) -> type[BaseModel] | None:
    """The model class inside an annotation such as `Seller | None` or `tuple[InvoiceLine, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_class(argument)
        if found is not None:
            return found
    return None


@cache
def glossary() -> tuple[GlossaryEntry, ...]:
    """Every term declared in the model, in declaration order, with its path from `Invoice`.

    Sub-invoice lines (BG-DEX-01) recurse into the line's terms and are listed once.
    """
    entries: list[GlossaryEntry] = []

    def walk(model: type[BaseModel], prefix: str, seen: frozenset[type]) -> None:
        for name, field in model.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            path = f"{prefix}{name}"
            if "term" in extra:
                entries.append(GlossaryEntry(str(extra["term"]), field.title or name, path))
            child = _model_class(field.annotation)
            if child is not None and child not in seen:
                walk(child, path + ".", seen | {child})

    walk(Invoice, "", frozenset({Invoice}))
    return tuple(entries)


def term_name(term_id: str) -> str | None:
    """The English name of `term_id` (e.g. "BT-10" → "Buyer reference"), or None if unknown."""
    for entry in glossary():
        if entry.term_id == term_id:
            return entry.name
    return None
