"""A readable plain-text summary of a read invoice, for the CLI (and anyone who needs a quick look)."""

from __future__ import annotations

from decimal import Decimal

from invoicing.formats.reader import ReadResult
from invoicing.model import Invoice


def _amount(value: Decimal | None, currency: str | None) -> str:
    return "-" if value is None else f"{value:,.2f} {currency or ''}".strip()


def _party(name: str | None, address) -> str:
    if address is None:
        return name or "-"
    place = " ".join(part for part in (address.post_code, address.city) if part)
    return ", ".join(part for part in (name, address.line_1, place, address.country_code) if part)


def summarise(result: ReadResult, file_name: str) -> str:
    """Render the essentials of `result`: format, parties, number, dates, totals, VAT, lines."""
    invoice: Invoice = result.invoice
    recognition = result.recognition
    currency = invoice.currency_code
    kind = "Credit note" if invoice.is_credit_note else "Invoice"
    format_parts = [recognition.syntax, recognition.document_type]
    if result.container == "pdf" and result.embedded:
        format_parts.append(f"embedded in PDF as {result.embedded.attachment_name}")
    if result.profile:
        format_parts.append(f"profile {result.profile}")
    if recognition.xrechnung_version:
        format_parts.append(f"XRechnung {recognition.xrechnung_version}")
    seller, buyer, totals = invoice.seller, invoice.buyer, invoice.totals
    lines = [
        f"== {file_name}",
        f"Format:     {', '.join(format_parts)}",
        f"Spec (BT-24): {recognition.customization_id or '-'}",
        f"{kind}:    {invoice.number or '-'} (type {invoice.type_code or '-'}), issued {invoice.issue_date or '-'}"
        + (f", due {invoice.due_date}" if invoice.due_date else ""),
        f"Seller:     {_party(seller.name, seller.postal_address) if seller else '-'}"
        + (f" (VAT {seller.vat_identifier})" if seller and seller.vat_identifier else ""),
        f"Buyer:      {_party(buyer.name, buyer.postal_address) if buyer else '-'}",
        f"Buyer reference (BT-10): {invoice.buyer_reference or '-'}",
    ]
    if totals:
        lines += [
            f"Net total:  {_amount(totals.total_without_vat, currency)}   VAT: {_amount(totals.vat_total, currency)}"
            f"   Gross: {_amount(totals.total_with_vat, currency)}   Due: {_amount(totals.amount_due, currency)}",
        ]
    for breakdown in invoice.vat_breakdown:
        lines.append(
            f"  VAT {breakdown.category_code or '?'} {breakdown.rate if breakdown.rate is not None else '-'}%: "
            f"{_amount(breakdown.tax_amount, currency)} on {_amount(breakdown.taxable_amount, currency)}"
        )
    lines.append(f"Lines:      {len(invoice.lines)}")
    for line in invoice.lines:
        name = line.item.name if line.item else "-"
        quantity = f"{line.quantity} {line.quantity_unit_code or ''}".strip() if line.quantity is not None else "-"
        lines.append(f"  {line.identifier or '-':>4}  {quantity:>12}  {_amount(line.net_amount, currency):>16}  {name}")
    if invoice.payment_terms:
        lines.append(f"Payment terms: {' / '.join(invoice.payment_terms.splitlines())}")
    if result.unmapped:
        lines.append(f"Not in the EN 16931 model ({len(result.unmapped)}): {', '.join(result.unmapped[:5])}"
                     + (" …" if len(result.unmapped) > 5 else ""))
    return "\n".join(lines)
