"""How an invoice is to be paid: BG-16 payment instructions, BT-20 payment terms and BT-9 due date.

Cash discount (Skonto) follows the XRechnung convention checked by BR-DE-18: one line per tier,
`#SKONTO#TAGE=14#PROZENT=2.00#` (optionally `BASISBETRAG=…#`), each such line starting with `#`,
ending with `#` and followed by a line break; free text may stand on other lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from invoicing.generator.amounts import present
from invoicing.generator.city import CITY_ACCOUNT_NAME, CITY_BIC, CITY_IBAN
from invoicing.generator.suppliers import Supplier
from invoicing.model import CreditTransfer, DirectDebit, PaymentInstructions


@dataclass(frozen=True)
class Terms:
    """BT-20 text and BT-9 due date (either may be absent)."""

    text: str | None
    due_date: date | None


def skonto_line(days: int, percent: Decimal, base_amount: Decimal | None = None) -> str:
    """One BR-DE-18 Skonto line without its line break, e.g. `#SKONTO#TAGE=14#PROZENT=2.00#`."""
    base = f"BASISBETRAG={base_amount:.2f}#" if base_amount is not None else ""
    return f"#SKONTO#TAGE={days}#PROZENT={percent:.2f}#{base}"


def payment_terms(rng: Random, supplier: Supplier, type_code: str, issue_date: date, amount_due: Decimal,
                  direct_debit: bool) -> Terms:
    """Terms for an invoice of `type_code`; credit notes get a refund text, invoices a due date and maybe Skonto."""
    if type_code == "381":
        return Terms("Der Gutschriftsbetrag wird innerhalb von 14 Tagen auf Ihr Konto überwiesen.", None)
    days = 21 if type_code in ("875", "876") else supplier.payment_days
    due = issue_date + timedelta(days=days)
    if direct_debit:
        return Terms(f"Der Betrag wird am {due:%d.%m.%Y} per SEPA-Lastschrift eingezogen.", due)
    if type_code in ("875", "876", "877"):
        basis = "§ 16 Abs. 3 VOB/B" if type_code == "877" else "§ 16 Abs. 1 VOB/B"
        text = f"Zahlbar innerhalb von {days} Tagen nach Zugang ({basis})."
    else:
        text = rng.choice((f"Zahlbar innerhalb von {days} Tagen ohne Abzug.",
                           f"Zahlbar bis {due:%d.%m.%Y} ohne Abzug.",
                           f"Zahlungsziel: {days} Tage netto."))
    if not supplier.skonto or amount_due <= 0:
        return Terms(text, due)
    with_base = rng.random() < 0.2
    skonto = "".join(skonto_line(tier_days, percent, amount_due if with_base else None) + "\n"
                     for tier_days, percent in supplier.skonto)
    human = " ".join(f"Bei Zahlung innerhalb von {tier_days} Tagen {str(percent).replace('.', ',')} % Skonto."
                     for tier_days, percent in supplier.skonto)
    if rng.random() < 0.5:
        return Terms(f"{text} {human}\n{skonto}", due)
    return Terms(f"{skonto}{text}", due)


def payment_instructions(rng: Random, supplier: Supplier, reference: str, *, type_code: str, direct_debit: bool,
                         payee_account: tuple[str, str, str] | None = None) -> PaymentInstructions:
    """BG-16: SEPA direct debit from the city's account, or a credit transfer to the seller's (or payee's) account.

    A credit note is refunded to the city's account. `payee_account` is (IBAN, BIC, name) of a payee (BG-10).
    """
    if direct_debit:
        return PaymentInstructions(
            means_type_code="59", means_text="SEPA-Lastschrift", remittance_information=reference,
            direct_debit=DirectDebit(mandate_reference=f"MR{supplier.index:03d}-{rng.randrange(10_000, 99_999)}",
                                     creditor_identifier=supplier.creditor_id, debited_account_identifier=CITY_IBAN))
    if type_code == "381":
        iban, bic, name = CITY_IBAN, CITY_BIC, CITY_ACCOUNT_NAME
    else:
        iban, bic, name = payee_account or (supplier.iban, supplier.bic, present(supplier.seller.name))
    code = "30" if rng.random() < 0.07 else "58"
    return PaymentInstructions(
        means_type_code=code,
        means_text={"58": "SEPA-Überweisung", "30": "Überweisung"}[code] if rng.random() < 0.5 else None,
        remittance_information=reference,
        credit_transfers=(CreditTransfer(account_identifier=iban,
                                         account_name=name if rng.random() < 0.8 else None,
                                         service_provider_identifier=bic if rng.random() < 0.7 else None),),
    )
