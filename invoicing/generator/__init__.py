"""Synthetic, deterministic XRechnung 3.0 invoices for tests, demos and load runs.

    >>> from invoicing.generator import generate_invoice
    >>> generate_invoice(7) == generate_invoice(7)
    True

`invoicing.generator.files.generated_files` writes them as UBL, CII and ZUGFeRD/Factur-X PDF.
"""

from invoicing.generator.invoices import (
    EN_16931,
    KINDS,
    MIX,
    PEPPOL_BILLING,
    XRECHNUNG_3_0,
    generate_batch,
    generate_invoice,
)

__all__ = ["EN_16931", "KINDS", "MIX", "PEPPOL_BILLING", "XRECHNUNG_3_0", "generate_batch", "generate_invoice"]
