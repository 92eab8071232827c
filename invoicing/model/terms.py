"""Building blocks of the semantic model: immutable base class, business-term fields, shared value types.

Every field of the model is declared with `term(id, name)`, which records the EN 16931 (or
XRechnung) business-term id and its English name in the field's metadata. `glossary()` in
`invoicing.model.glossary` reads them back, so the code itself is the project's glossary.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Term(BaseModel):
    """Base of every model class: immutable, strict about unknown fields, compared by value."""

    # Attachments (BT-125) travel as base64 in JSON, both ways.
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    def populated(self) -> bool:
        """True when at least one field carries a value (empty groups are not written)."""
        return any(value not in (None, (), "") for value in self.__dict__.values())


def term_of(model: type[BaseModel], field: str) -> str:
    """The business-term id `term` recorded for `field` of `model` (e.g. SellerPostalAddress, "city" → "BT-37")."""
    found = declared_term(model, field)
    assert found is not None  # every field of the model is declared with `term`
    return found


@functools.cache  # the model's classes are fixed: read each field's declaration once
def declared_term(model: type[BaseModel], field: str) -> str | None:
    """The business-term id `field` of `model` is declared as with `term`, or None for a field declared otherwise."""
    extra = model.model_fields[field].json_schema_extra
    return str(extra["term"]) if isinstance(extra, dict) and "term" in extra else None


def term(term_id: str, name: str, default: Any = None) -> Any:
    """Declare a field as business term or group `term_id` (e.g. "BT-10") named `name`.

    Optional terms default to None, repeatable groups to an empty tuple (pass `default=()`).
    """
    return Field(default=default, title=name, json_schema_extra={"term": term_id})


class Identifier(Term):
    """An identifier with its optional identification scheme (EN 16931 data type Identifier)."""

    value: str
    scheme_id: str | None = None
    scheme_version: str | None = None


class BinaryObject(Term):
    """An attached document's content (BT-125) with its MIME code (BT-125-1) and file name (BT-125-2)."""

    content: bytes = term("BT-125", "Attached document")
    mime_code: str = term("BT-125-1", "Attached document Mime code")
    filename: str = term("BT-125-2", "Attached document Filename")
