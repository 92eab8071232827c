"""Check digits of the identifiers on a German invoice, so that generated ones are correct.

The arithmetic is python-stdnum's; this module only says which identifier is built how:

* IBAN (ISO 13616): DE + 2 check digits + 8-digit bank code (BLZ) + 10-digit account number
  (`stdnum.iban`, ISO 7064 MOD 97-10 over the BBAN followed by the country code).
* SEPA creditor identifier (Gläubiger-ID, AT-02): DE + 2 check digits + business code + national id
  (`stdnum.eu.at_02`, MOD 97-10 over the national id and country code; the business code is skipped).
* USt-IdNr (VAT identifier, BT-31): DE + 9 digits, the last an ISO 7064 MOD 11,10 check digit
  (`stdnum.iso7064.mod_11_10`; `stdnum.de.vat` checks one).
* GTIN / GLN: GS1 mod-10 check digit, weights 3, 1, 3, … from the right (`stdnum.ean`).
"""

from __future__ import annotations

from stdnum import ean, iban
from stdnum.eu import at_02
from stdnum.iso7064 import mod_11_10


def german_iban(bank_code: str, account_number: str) -> str:
    """The IBAN of a German account: bank code of 8 digits, account number of up to 10 digits."""
    if len(bank_code) != 8 or not bank_code.isdigit() or not account_number.isdigit() or len(account_number) > 10:
        raise ValueError(f"Not a German bank code and account number: {bank_code!r}, {account_number!r}.")
    bban = bank_code + account_number.zfill(10)
    return f"DE{iban.calc_check_digits('DE00' + bban)}{bban}"


def creditor_identifier(national_id: str, business_code: str = "ZZZ") -> str:
    """A German SEPA creditor identifier (e.g. DE98ZZZ09999999999) for an 11-digit national id."""
    if len(national_id) != 11 or not national_id.isdigit():
        raise ValueError(f"A German creditor's national id has 11 digits, not {national_id!r}.")
    return f"DE{at_02.calc_check_digits('DE00' + business_code + national_id)}{business_code}{national_id}"


def german_vat_identifier(first_eight: str) -> str:
    """The USt-IdNr DE + `first_eight` + its ISO 7064 MOD 11,10 check digit."""
    if len(first_eight) != 8 or not first_eight.isdigit() or first_eight[0] == "0":
        raise ValueError(f"A USt-IdNr starts with 8 digits, the first not 0; got {first_eight!r}.")
    return f"DE{first_eight}{mod_11_10.calc_check_digit(first_eight)}"


def gs1_check_digit(body: str) -> str:
    """The GS1 check digit that completes `body` to a GTIN-8/12/13/14 or GLN."""
    return ean.calc_check_digit(body)
