"""A realistic day at the intake: a seeded mix of submissions for pipeline tests and load runs.

`submission_batch(seed, count)` gives `count` submissions (file name, bytes, channel, kind):
* `fresh` — a generated invoice, syntaxes taking turns (UBL, CII, ZUGFeRD/Factur-X PDF);
* `invalid` — a generated invoice whose total with VAT (BT-112) is one euro off, so the official
  EN 16931 rules reject it (BR-CO-15) whatever else the validation learns;
* `unreadable` — a file that is no e-invoice at all (a PNG, text, a broken XML);
* `resubmission` — exactly the bytes of an earlier submission, sent again by another channel;
* `same-number` — a different file (a copy note added) with the seller and number of an earlier
  fresh invoice.
`of` is the index of the earlier submission a resubmission or same-number file repeats. Same
arguments, same batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf_writer import embed_invoice_xml
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator.amounts import present
from invoicing.generator.files import as_en16931
from invoicing.generator.invoices import generate_invoice
from invoicing.model import Invoice, InvoiceNote

_UNREADABLE = (b"\x89PNG\r\n\x1a\n" + bytes(64), b"Rechnung 4711 ueber 119,00 EUR", b"<Invoice><ID>1</Invoice>")


@dataclass(frozen=True)
class SampleSubmission:
    """One submission of the batch."""

    name: str
    content: bytes
    channel: str
    kind: str
    of: int | None = None


def submission_batch(seed: int, count: int, *, resubmissions: float = 0.05, same_number: float = 0.02,
                     invalid: float = 0.10, unreadable: float = 0.01) -> list[SampleSubmission]:
    """`count` submissions for `seed`, with the given shares of each kind (the rest are fresh)."""
    rng = Random(f"submissions-{seed}")
    specials = (["resubmission"] * round(count * resubmissions) + ["same-number"] * round(count * same_number)
                + ["invalid"] * round(count * invalid) + ["unreadable"] * round(count * unreadable))
    rng.shuffle(specials)
    plan = ["fresh"] * count
    # repeats need something earlier to repeat: the first tenth stays fresh
    for position, kind in zip(sorted(rng.sample(range(count // 10, count), len(specials))), specials):
        plan[position] = kind
    batch: list[SampleSubmission] = []
    for index, kind in enumerate(plan):
        batch.append(_submission(rng, seed, index, kind, batch))
    return batch


def _submission(rng: Random, seed: int, index: int, kind: str, earlier: list[SampleSubmission]) -> SampleSubmission:
    stem = f"{seed}-{index:05d}"
    if kind == "resubmission":
        original = rng.choice([item for item in earlier if item.kind != "resubmission"])
        return SampleSubmission(original.name, original.content, "mail", kind, earlier.index(original))
    if kind == "unreadable":
        return SampleSubmission(f"{stem}.bin", rng.choice(_UNREADABLE), "upload", kind)
    if kind == "same-number":
        fresh = [item for item in earlier if item.kind == "fresh" and item.name.endswith((".en16931.xml", ".pdf"))]
        if fresh:
            original = rng.choice(fresh)
            invoice = _invoice(seed, earlier.index(original))
            copy = invoice.model_copy(update={"notes": (*invoice.notes, InvoiceNote(text="Zweitschrift"))})
            return SampleSubmission(f"{stem}.copy.cii.xml", write_cii(as_en16931(copy)), "upload", kind,
                                  earlier.index(original))
        kind = "fresh"
    invoice = _invoice(seed, index)
    if kind == "invalid":
        totals = present(invoice.totals)
        invoice = invoice.model_copy(update={"totals": totals.model_copy(
            update={"total_with_vat": present(totals.total_with_vat) + Decimal("1.00")})})
    syntax = ("UBL", "CII", "PDF", "EN16931")[index % 4]
    if syntax == "UBL":
        return SampleSubmission(f"{stem}.ubl.xml", write_ubl(invoice), "upload", kind)
    if syntax == "CII":
        return SampleSubmission(f"{stem}.cii.xml", write_cii(invoice), "api", kind)
    if syntax == "PDF":
        return SampleSubmission(f"{stem}.pdf", embed_invoice_xml(write_cii(invoice), profile="XRECHNUNG"), "mail", kind)
    return SampleSubmission(f"{stem}.en16931.xml", write_cii(as_en16931(invoice)), "upload", kind)


def _invoice(seed: int, index: int) -> Invoice:
    return generate_invoice(Random(f"{seed}-{index}").getrandbits(63), kind="standard")
