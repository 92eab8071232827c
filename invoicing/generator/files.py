"""Generated invoices as files: XRechnung UBL, XRechnung CII and ZUGFeRD/Factur-X PDF hybrids.

A PDF carries the CII either in the XRECHNUNG profile (BT-24 the XRechnung 3.0 identifier, the
attachment named `xrechnung.xml`) or in the EN 16931 profile (BT-24 `urn:cen.eu:en16931:2017`,
attachment `factur-x.xml`); which one is drawn from the seed, half and half.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from random import Random

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf_writer import embed_invoice_xml
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator.amounts import present
from invoicing.generator.invoices import EN_16931, generate_batch
from invoicing.model import Invoice, ProcessControl

SYNTAXES = ("UBL", "CII", "PDF")
PDF_PROFILES = ("XRECHNUNG", "EN 16931")


def generated_files(seed: int, count: int, syntaxes: Iterable[str] = SYNTAXES, *,
                    kind: str = "mixed") -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) for each of `count` invoices of `generate_batch(seed, count)` in each syntax.

    Names look like `0001-RE-2026-01234.ubl.xml`, `….cii.xml`, `….xrechnung.pdf` or `….en16931.pdf`;
    the leading number keeps invoices with equal numbers apart. Same arguments, same bytes.
    """
    syntaxes = tuple(syntaxes)
    unknown = set(syntaxes) - set(SYNTAXES)
    if unknown:
        raise ValueError(f"Unknown syntax {sorted(unknown)}; expected some of {', '.join(SYNTAXES)}.")
    profiles = Random(f"pdf-profiles-{seed}")
    for index, invoice in enumerate(generate_batch(seed, count, kind=kind), start=1):
        stem = f"{index:04d}-{_file_safe(present(invoice.number))}"
        profile = profiles.choice(PDF_PROFILES)
        for syntax in syntaxes:
            if syntax == "UBL":
                yield f"{stem}.ubl.xml", write_ubl(invoice)
            elif syntax == "CII":
                yield f"{stem}.cii.xml", write_cii(invoice)
            else:
                xml = write_cii(invoice if profile == "XRECHNUNG" else as_en16931(invoice))
                yield f"{stem}.{profile.replace(' ', '').lower()}.pdf", embed_invoice_xml(xml, profile=profile)


def as_en16931(invoice: Invoice) -> Invoice:
    """`invoice` declaring plain EN 16931 (BT-24 `urn:cen.eu:en16931:2017`), as the Factur-X EN 16931 profile requires."""
    control = invoice.process_control or ProcessControl()
    return invoice.model_copy(update={"process_control": control.model_copy(update={"specification_identifier": EN_16931})})


def _file_safe(text: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "-" for char in text)
