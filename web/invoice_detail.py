"""Every business term an invoice carries, as sections of (term id, name, value) in the standard's order.

`sections(invoice, lang)` walks the EN 16931 model (`invoicing.model`) in declaration order, which
is the standard's order: every filled term becomes an `Entry`, every filled group a `Section`
(repeated groups once per occurrence). Names are the standard's (German per the XRechnung
specification, `invoicing.model.glossary_de`); values keep the precision the file has, codes are
shown with their meaning. Attachments (BT-125) are listed with their file name, type and size; the
page links them for download. Nothing filled is left out: `filled_terms` says what must appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from invoicing.model import BinaryObject, Identifier, Invoice
from invoicing.model.glossary_de import german_name
from invoicing.model.terms import declared_term, term_of
from web import formatting
from web.codes import code_name

_AMOUNT_WORDS = ("amount", "price", "total", "discount")
_SKIPPED = {"lines"}  # shown as their own table, each line's details with `line_sections`


@dataclass(frozen=True)
class Entry:
    """One filled business term: id, name in the page's language, the value as shown."""

    term: str
    name: str
    value: str
    attachment: int | None = None  # index of an attachment (BT-125), for its download link


@dataclass(frozen=True)
class Section:
    """One filled group (BG-…) with its terms and nested groups."""

    term: str
    name: str
    entries: list[Entry] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)


def term_name(model: type[BaseModel], name: str, lang: str) -> tuple[str, str]:
    """(term id, name in `lang`) of field `name` of `model`."""
    info = model.model_fields[name]
    term = term_of(model, name)
    return term, (info.title or name) if lang == "en" else (german_name(term) or info.title or name)


def sections(invoice: Invoice, lang: str, currency: str | None = None) -> tuple[list[Entry], list[Section]]:
    """The document-level terms (entries) and groups (sections) of `invoice`, lines left out."""
    counter = [0]
    return _walk(invoice, lang, currency or invoice.currency_code, counter, skip=_SKIPPED)


def line_sections(line, lang: str, currency: str | None) -> tuple[list[Entry], list[Section]]:
    """Every filled term of one invoice line (and its sub-lines)."""
    return _walk(line, lang, currency, [0], skip=set())


def attachments(invoice: Invoice) -> list[tuple[int, BinaryObject, str | None]]:
    """(index, attachment, description) of every embedded attachment (BT-125), in document order."""
    found = [(document.attachment, document.description or document.reference)
             for document in invoice.supporting_documents if document.attachment is not None]
    return [(index, item, text) for index, (item, text) in enumerate(found)]


def _walk(model: BaseModel, lang: str, currency: str | None, counter: list[int], *,
          skip: set[str]) -> tuple[list[Entry], list[Section]]:
    entries: list[Entry] = []
    children: list[Section] = []
    for name in type(model).model_fields:
        if name in skip or declared_term(type(model), name) is None:
            continue
        value = getattr(model, name)
        if value in (None, (), ""):
            continue
        term, label = term_name(type(model), name, lang)
        items = value if isinstance(value, tuple) else (value,)
        for position, item in enumerate(items, start=1):
            shown = f"{label} {position}" if len(items) > 1 else label
            if isinstance(item, BinaryObject):
                entries.append(Entry(term, shown, _attachment_text(item, lang), attachment=counter[0]))
                counter[0] += 1
            elif isinstance(item, Identifier):
                entries.append(Entry(term, shown, _identifier(item, lang)))
            elif isinstance(item, BaseModel):
                inner, nested = _walk(item, lang, currency, counter, skip=set())
                children.append(Section(term, shown, inner, nested))
            else:
                entries.append(Entry(term, shown, _value(name, item, lang, currency)))
    return entries, children


def _value(name: str, value, lang: str, currency: str | None) -> str:
    if isinstance(value, Decimal):
        if any(word in name for word in _AMOUNT_WORDS):
            return formatting.money(value, currency, lang)
        if "rate" in name or "percentage" in name:
            return f"{formatting.number(value, lang)} %"
        return formatting.number(value, lang)
    if isinstance(value, date):
        return formatting.day(value, lang)
    text = str(value)
    meaning = code_name(name, text, lang)
    return f"{meaning} ({text})" if meaning else text


def _identifier(item: Identifier, lang: str) -> str:
    if not item.scheme_id:
        return item.value
    scheme = "Schema" if lang == "de" else "scheme"
    return f"{item.value} ({scheme} {item.scheme_id})"


def _attachment_text(item: BinaryObject, lang: str) -> str:
    return f"{item.filename} ({item.mime_code}, {formatting.size(len(item.content), lang)})"


def filled_terms(model: BaseModel, skip: frozenset[str] = frozenset()) -> list[tuple[str, object]]:
    """(term id, value) of every filled leaf term of `model`, nested groups and lines included (for tests)."""
    found: list[tuple[str, object]] = []
    for name in type(model).model_fields:
        term = declared_term(type(model), name)
        value = getattr(model, name)
        if name in skip or term is None or value in (None, (), ""):
            continue
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, (BinaryObject, Identifier)) or not isinstance(item, BaseModel):
                found.append((term, item))
            else:
                found += filled_terms(item)
    return found

