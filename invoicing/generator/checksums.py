"""Check digits of the identifiers on a German invoice, so that generated ones are correct.

* IBAN (ISO 13616): DE + 2 check digits + 8-digit bank code (BLZ) + 10-digit account number,
  check digits ISO 7064 MOD 97-10 over the BBAN followed by the country code.
* SEPA creditor identifier (Gläubiger-ID): DE + 2 check digits + business code + national id,
  check digits MOD 97-10 over the national id and country code (the business code is skipped).
* USt-IdNr (VAT identifier, BT-31): DE + 9 digits, the last an ISO 7064 MOD 11,10 check digit.
* GTIN / GLN: GS1 mod-10 check digit (weights 3, 1, 3, … from the right).
"""

from __future__ import annotations

from invoicing.leitweg import iso7064_mod97_10


def german_iban(bank_code: str, account_number: str) -> str:
    """The IBAN of a German account: bank code of 8 digits, account number of up to 10 digits."""
    if len(bank_code) != 8 or not bank_code.isdigit() or not account_number.isdigit() or len(account_number) > 10:
        raise ValueError(f"Not a German bank code and account number: {bank_code!r}, {account_number!r}.")
    bban = bank_code + account_number.zfill(10)
    return f"DE{iso7064_mod97_10(bban + 'DE')}{bban}"


def is_valid_iban(iban: str) -> bool:
    """True when `iban` (spaces allowed) has correct ISO 13616 check digits: rearranged, it is 1 modulo 97."""
    compact = iban.replace(" ", "").upper()
    if len(compact) < 5 or not compact.isascii() or not compact.isalnum():
        return False
    digits = "".join(str(int(char, 36)) for char in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def creditor_identifier(national_id: str, business_code: str = "ZZZ") -> str:
    """A German SEPA creditor identifier (e.g. DE98ZZZ09999999999) for an 11-digit national id."""
    if len(national_id) != 11 or not national_id.isdigit():
        raise ValueError(f"A German creditor's national id has 11 digits, not {national_id!r}.")
    return f"DE{iso7064_mod97_10(national_id + 'DE')}{business_code}{national_id}"


def german_vat_identifier(first_eight: str) -> str:
    """The USt-IdNr DE + `first_eight` + its ISO 7064 MOD 11,10 check digit."""
    if len(first_eight) != 8 or not first_eight.isdigit() or first_eight[0] == "0":
        raise ValueError(f"A USt-IdNr starts with 8 digits, the first not 0; got {first_eight!r}.")
    return f"DE{first_eight}{_mod11_10(first_eight)}"


def is_valid_german_vat_identifier(value: str) -> bool:
    """True for DE + 9 digits whose last digit is the MOD 11,10 check of the first eight."""
    digits = value[2:]
    return (value.startswith("DE") and len(digits) == 9 and digits.isdigit() and digits[0] != "0"
            and int(digits[8]) == _mod11_10(digits[:8]))


def gs1_check_digit(body: str) -> str:
    """The GS1 check digit that completes `body` to a GTIN-8/12/13/14 or GLN."""
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(body)))
    return str(-total % 10)


def _mod11_10(digits: str) -> int:
    product = 10
    for digit in digits:
        total = (int(digit) + product) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10
