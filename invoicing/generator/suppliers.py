"""The city's invented suppliers: a fixed pool, so the same supplier sends many invoices.

`supplier(index)` is a pure function of the index: name, address, USt-IdNr, register entry,
bank account and invoicing habits always come out the same, and every check digit is correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from random import Random

from invoicing.generator.checksums import creditor_identifier, german_iban, german_vat_identifier, gs1_check_digit
from invoicing.generator.places import BANK_KINDS, GIVEN_NAMES, PLACES, STREETS, SURNAMES, Place, ascii_slug
from invoicing.generator.trades import TRADES, Trade
from invoicing.model import Identifier, Seller, SellerContact, SellerPostalAddress

POOL_SIZE = 160
"""How many different suppliers invoices are drawn from (each trade has POOL_SIZE / len(TRADES))."""

_NUMBER_PATTERNS = ("RE-{year}-{n:05d}", "{year}{n:06d}", "R{yy}-{n:05d}", "{n:07d}", "{year}/{n:05d}", "RG{yy}{n:06d}")
_HRB_FORMS = ("GmbH", "AG")
_HRA_FORMS = ("GmbH & Co. KG", "KG", "OHG", "e.K.")


@dataclass(frozen=True)
class Supplier:
    """A supplier and its habits: BG-4 seller, bank account (BG-17), numbering, Skonto and payment days."""

    index: int
    trade: Trade
    place: Place
    seller: Seller
    iban: str
    bic: str
    bank_name: str
    creditor_id: str
    number_pattern: str
    skonto: tuple[tuple[int, Decimal], ...]
    """Cash-discount tiers (days, percent) it offers; empty when it offers none."""
    payment_days: int

    def invoice_number(self, year: int, sequence: int, *, credit_note: bool = False) -> str:
        """BT-1 in this supplier's numbering scheme."""
        number = self.number_pattern.format(year=year, yy=year % 100, n=sequence)
        return f"GS-{number}" if credit_note else number


def running_number(rng: Random, day: date) -> int:
    """A sequence number for an invoice issued on `day`: it grows with the date, as real numbering does."""
    return day.timetuple().tm_yday * 40 + rng.randrange(40) + 1


def suppliers_of(predicate) -> tuple[int, ...]:
    """Indexes of the pool's suppliers whose trade satisfies `predicate`."""
    return tuple(index for index in range(POOL_SIZE) if predicate(TRADES[index % len(TRADES)]))


@cache
def supplier(index: int) -> Supplier:
    """Supplier number `index` of the pool (0 ≤ index < POOL_SIZE)."""
    rng = Random(f"supplier-{index}")
    trade = TRADES[index % len(TRADES)]
    place = rng.choice(PLACES)
    surname, surname2 = rng.sample(SURNAMES, 2)
    given = rng.choice(GIVEN_NAMES)
    base = rng.choice(trade.names).format(surname=surname, surname2=surname2, given=given, place=place.city)
    form = rng.choice(trade.legal_forms)
    name = f"{base} {form}".strip()
    domain = "-".join(ascii_slug(word) for word in base.split() if len(ascii_slug(word)) > 1)[:40].strip("-") + ".de"

    vat_id = None if trade.small_business else german_vat_identifier(str(rng.randrange(10_000_000, 40_000_000)))
    tax_number = _tax_number(rng, place) if trade.small_business or rng.random() < 0.3 else None
    register, legal_info = _register(rng, form, place, given, surname)
    identifiers: list[Identifier] = []
    if trade.small_business or rng.random() < 0.35:
        identifiers.append(Identifier(value=f"7{rng.randrange(10_000, 99_999)}"))  # the city's creditor number
    if rng.random() < 0.15:
        body = f"40{rng.randrange(10**9, 10**10)}"
        identifiers.append(Identifier(value=body + gs1_check_digit(body), scheme_id="0088"))

    contact_person = f"{rng.choice(GIVEN_NAMES)} {rng.choice(SURNAMES)}"
    mailbox = rng.choice(("rechnung", "rechnungen", "buchhaltung", "info", "fibu"))
    seller = Seller(
        name=name,
        trading_name=base if form and rng.random() < 0.2 else None,
        identifiers=tuple(identifiers),
        legal_registration_identifier=register,
        vat_identifier=vat_id,
        tax_registration_identifier=tax_number,
        additional_legal_information=legal_info,
        electronic_address=Identifier(value=f"{mailbox}@{domain}", scheme_id="EM"),
        postal_address=SellerPostalAddress(
            line_1=f"{rng.choice(STREETS)} {rng.randrange(1, 180)}{rng.choice(('', '', '', 'a', 'b'))}",
            city=place.city, post_code=place.post_code, country_code="DE"),
        contact=SellerContact(
            point=rng.choice((contact_person, f"Buchhaltung, {contact_person}", "Debitorenbuchhaltung")),
            telephone=_telephone(rng, place),
            email=rng.choice((f"{mailbox}@{domain}", f"{ascii_slug(contact_person.split()[0])}."
                                                     f"{ascii_slug(contact_person.split()[1])}@{domain}"))),
    )
    bank = rng.choice(BANK_KINDS)
    bank_code = f"{place.blz_region}{bank.group_digit}{rng.randrange(10_000):04d}"
    city_code = ascii_slug(place.city)[:3].upper()
    skonto_choice = rng.random()
    skonto: tuple[tuple[int, Decimal], ...] = ()
    if skonto_choice < 0.3:
        skonto = (rng.choice(((14, Decimal("2.00")), (10, Decimal("3.00")), (7, Decimal("2.00")), (14, Decimal("1.50")))),)
    elif skonto_choice < 0.4:
        skonto = ((8, Decimal("3.00")), (14, Decimal("2.00")))
    return Supplier(
        index=index, trade=trade, place=place, seller=seller,
        iban=german_iban(bank_code, str(rng.randrange(10**6, 10**10))),
        bic=bank.bic.format(code=city_code, region=place.blz_region, cooperative="61" if place.land == "BW" else "F1"),
        bank_name=bank.name.format(city=place.city),
        creditor_id=creditor_identifier(f"0{rng.randrange(10**10):010d}"),
        number_pattern=rng.choice(_NUMBER_PATTERNS),
        skonto=skonto,
        payment_days=rng.choice((14, 21, 30, 30, 30)),
    )


def _register(rng: Random, form: str, place: Place, given: str, surname: str):
    """BT-30 (commercial register number) and BT-33 (the legally required company details)."""
    if form in _HRB_FORMS:
        number = f"HRB {rng.randrange(1000, 760_000)}"
        head = "Vorstand" if form == "AG" else "Geschäftsführung"
        chief = f"{rng.choice(GIVEN_NAMES)} {rng.choice(SURNAMES)}"
    elif form in _HRA_FORMS:
        number = f"HRA {rng.randrange(100, 740_000)}"
        head, chief = {"e.K.": "Inhaber", "GmbH & Co. KG": "Komplementärin"}.get(form, "Gesellschafter"), f"{given} {surname}"
        if form == "GmbH & Co. KG":
            chief = f"{surname} Verwaltungs-GmbH"
    else:
        return None, None
    info = f"Sitz: {place.city}, Registergericht: Amtsgericht {place.court}, {number}, {head}: {chief}"
    return Identifier(value=number), info


def _tax_number(rng: Random, place: Place) -> str:
    """A Steuernummer in the Land's usual notation (BT-32)."""
    if place.land == "BW":
        return f"{rng.randrange(10_000, 99_999)}/{rng.randrange(10_000, 99_999)}"
    if place.land in ("BY", "BE", "HH", "HE"):
        return f"{rng.randrange(10, 99)}/{rng.randrange(100, 999)}/{rng.randrange(10_000, 99_999)}"
    return f"{rng.randrange(100, 999)}/{rng.randrange(1000, 9999)}/{rng.randrange(1000, 9999)}"


def _telephone(rng: Random, place: Place) -> str:
    number = rng.randrange(100_000, 9_999_999)
    if rng.random() < 0.5:
        return f"+49 {place.area_code} {number}"
    return f"0{place.area_code} {number // 10}-{number % 10}"
