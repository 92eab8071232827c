"""References, notes and attachments of a generated invoice: BT-11 … BT-19, BG-1, BG-3 and BG-24."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import Any

from invoicing.generator.amounts import present
from invoicing.generator.city import Unit
from invoicing.generator.suppliers import Supplier, running_number
from invoicing.generator.trades import Trade
from invoicing.model import BinaryObject, InvoiceLine, InvoiceNote, PrecedingInvoiceReference, SupportingDocument

_CREDIT_REASONS = ("Rücksendung beschädigter Ware", "Preisnachlass wegen Mängeln", "doppelt berechnete Position",
                   "Mengendifferenz laut Wareneingang")


def references(rng: Random, unit: Unit, trade: Trade, ordered: bool, issue_date: date) -> dict[str, Any]:
    """The document references as `Invoice` keyword arguments (BT-11 … BT-19)."""
    order = None
    if ordered:
        order = rng.choice((f"{unit.number}-{issue_date.year}-{rng.randrange(1, 2000):04d}",
                            f"45{rng.randrange(10**7, 10**8)}"))
    return {
        "purchase_order_reference": order,
        "sales_order_reference": f"AB-{rng.randrange(100_000, 999_999)}" if order and rng.random() < 0.1 else None,
        "contract_reference": (f"RV-{issue_date.year - rng.randrange(1, 4)}-{rng.randrange(1, 80):03d}"
                               if (trade.services or trade.direct_debit) and rng.random() < 0.5 else None),
        "project_reference": (f"PRJ-{unit.number}-{issue_date.year - rng.randrange(0, 2)}-{rng.randrange(1, 40):03d}"
                              if trade.construction and rng.random() < 0.7 else None),
        "tender_or_lot_reference": (f"V-{unit.number}-{issue_date.year - 1}-{rng.randrange(1, 60):03d}"
                                    if trade.construction and rng.random() < 0.4 else None),
        "buyer_accounting_reference": (f"{unit.number}{rng.randrange(10, 99)}.{rng.randrange(4000000, 4999999)}"
                                       if rng.random() < 0.15 else None),
        "despatch_advice_reference": (f"LS-{rng.randrange(100_000, 999_999)}"
                                      if not trade.services and rng.random() < 0.1 else None),
    }


def preceding_invoices(rng: Random, supplier: Supplier, type_code: str,
                       issue_date: date) -> tuple[PrecedingInvoiceReference, ...]:
    """BG-3: the invoice a credit note or correction refers to; the partial invoices before a final one.

    For a (partial) final construction invoice the earlier partial invoices all precede it; only the latest
    is referenced here (CII D16B has one ram:InvoiceReferencedDocument), the others go into its note."""
    count = {"381": 1, "384": 1, "876": rng.randrange(1, 4), "877": rng.randrange(2, 6)}.get(type_code, 0)
    references = []
    day = issue_date
    for _ in range(count):
        day -= timedelta(days=rng.randrange(5, 45) if type_code in ("381", "384") else rng.randrange(25, 50))
        number = supplier.invoice_number(day.year, running_number(rng, day))
        references.append(PrecedingInvoiceReference(reference=number, issue_date=day))
    return tuple(reversed(references))


def notes(rng: Random, type_code: str, preceding: tuple[PrecedingInvoiceReference, ...],
          payee_name: str | None) -> tuple[InvoiceNote, ...]:
    """BG-1: what kind of document this is and why, in words; sometimes a plain thank-you."""
    texts = []
    first = preceding[0] if preceding else None
    if type_code == "381":
        first = present(first)  # credit notes and corrections name the invoice they refer to
        texts.append(f"Gutschrift zur Rechnung {first.reference} vom {first.issue_date:%d.%m.%Y}: "
                     f"{rng.choice(_CREDIT_REASONS)}.")
    elif type_code == "384":
        first = present(first)
        texts.append(f"Korrigierte Rechnung; sie ersetzt die Rechnung {first.reference} vom "
                     f"{first.issue_date:%d.%m.%Y} (fehlerhafte Mengenangabe).")
    elif type_code == "326":
        texts.append(f"Teilrechnung Nr. {rng.randrange(1, 5)} über die bisher erbrachten Teilleistungen.")
    elif type_code == "875":
        texts.append(f"{rng.randrange(1, 8)}. Abschlagsrechnung nach § 16 Abs. 1 VOB/B.")
    elif type_code == "876":
        texts.append(f"Teilschlussrechnung für den {rng.randrange(1, 4)}. Bauabschnitt; "
                     "geleistete Abschlagszahlungen sind abgezogen.")
    elif type_code == "877":
        texts.append("Schlussrechnung nach § 16 Abs. 3 VOB/B; geleistete Abschlagszahlungen sind abgezogen.")
    if type_code in ("876", "877") and len(preceding) > 1:
        texts.append("Vorausgegangene Abschlagsrechnungen: " + ", ".join(
            f"{item.reference} vom {item.issue_date:%d.%m.%Y}" for item in preceding) + ".")
    if payee_name:
        texts.append(f"Die Forderung ist an die {payee_name} abgetreten. Zahlungen mit befreiender Wirkung "
                     "nur auf deren Konto.")
    result = [InvoiceNote(text=text) for text in texts]
    if rng.random() < 0.2:
        result.append(InvoiceNote(subject_code="AAI" if rng.random() < 0.5 else None,
                                  text=rng.choice(("Vielen Dank für Ihren Auftrag.",
                                                   "Bitte geben Sie bei Zahlung die Rechnungsnummer an."))))
    return tuple(result)


def supporting_documents(rng: Random, number: str, lines: tuple[InvoiceLine, ...]) -> tuple[SupportingDocument, ...]:
    """BG-24, sometimes: a delivery note referenced, or a CSV bill of quantities / time sheet attached."""
    documents = []
    if rng.random() < 0.08:
        documents.append(SupportingDocument(reference=f"LS-{rng.randrange(100_000, 999_999)}", description="Lieferschein"))
    if rng.random() < 0.08:
        hours = any(line.quantity_unit_code == "HUR" for line in lines)
        kind, title = ("stundennachweis", "Stundennachweis") if hours else ("aufmass", "Aufmaß")
        rows = ["Position;Bezeichnung;Menge;Einheit"] + [
            f"{line.identifier};{present(line.item).name};{line.quantity};{line.quantity_unit_code}" for line in lines]
        slug = "".join(char if char.isalnum() else "-" for char in number)
        documents.append(SupportingDocument(
            reference=f"{title} {number}", description=title,
            attachment=BinaryObject(content=("\r\n".join(rows) + "\r\n").encode("utf-8"), mime_code="text/csv",
                                    filename=f"{kind}-{slug}.csv")))
    return tuple(documents)
