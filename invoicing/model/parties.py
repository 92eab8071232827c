"""The parties of an invoice: seller (BG-4), buyer (BG-7), payee (BG-10), tax representative (BG-11).

Addresses and contacts share one shape per kind (`PostalAddress`, `Contact`); each party has its
own subclass so that every field carries the business-term id of its party.
"""

from __future__ import annotations

from invoicing.model.terms import Identifier, Term, term


class PostalAddress(Term):
    """The shape shared by all postal addresses; use the party-specific subclasses."""

    line_1: str | None = None
    line_2: str | None = None
    line_3: str | None = None
    city: str | None = None
    post_code: str | None = None
    country_subdivision: str | None = None
    country_code: str | None = None


class SellerPostalAddress(PostalAddress):
    """BG-5 SELLER POSTAL ADDRESS."""

    line_1: str | None = term("BT-35", "Seller address line 1")
    line_2: str | None = term("BT-36", "Seller address line 2")
    line_3: str | None = term("BT-162", "Seller address line 3")
    city: str | None = term("BT-37", "Seller city")
    post_code: str | None = term("BT-38", "Seller post code")
    country_subdivision: str | None = term("BT-39", "Seller country subdivision")
    country_code: str | None = term("BT-40", "Seller country code")


class BuyerPostalAddress(PostalAddress):
    """BG-8 BUYER POSTAL ADDRESS."""

    line_1: str | None = term("BT-50", "Buyer address line 1")
    line_2: str | None = term("BT-51", "Buyer address line 2")
    line_3: str | None = term("BT-163", "Buyer address line 3")
    city: str | None = term("BT-52", "Buyer city")
    post_code: str | None = term("BT-53", "Buyer post code")
    country_subdivision: str | None = term("BT-54", "Buyer country subdivision")
    country_code: str | None = term("BT-55", "Buyer country code")


class TaxRepresentativePostalAddress(PostalAddress):
    """BG-12 SELLER TAX REPRESENTATIVE POSTAL ADDRESS."""

    line_1: str | None = term("BT-64", "Tax representative address line 1")
    line_2: str | None = term("BT-65", "Tax representative address line 2")
    line_3: str | None = term("BT-164", "Tax representative address line 3")
    city: str | None = term("BT-66", "Tax representative city")
    post_code: str | None = term("BT-67", "Tax representative post code")
    country_subdivision: str | None = term("BT-68", "Tax representative country subdivision")
    country_code: str | None = term("BT-69", "Tax representative country code")


class DeliverToAddress(PostalAddress):
    """BG-15 DELIVER TO ADDRESS."""

    line_1: str | None = term("BT-75", "Deliver to address line 1")
    line_2: str | None = term("BT-76", "Deliver to address line 2")
    line_3: str | None = term("BT-165", "Deliver to address line 3")
    city: str | None = term("BT-77", "Deliver to city")
    post_code: str | None = term("BT-78", "Deliver to post code")
    country_subdivision: str | None = term("BT-79", "Deliver to country subdivision")
    country_code: str | None = term("BT-80", "Deliver to country code")


class Contact(Term):
    """The shape shared by seller and buyer contacts; use the party-specific subclasses."""

    point: str | None = None
    telephone: str | None = None
    email: str | None = None


class SellerContact(Contact):
    """BG-6 SELLER CONTACT."""

    point: str | None = term("BT-41", "Seller contact point")
    telephone: str | None = term("BT-42", "Seller contact telephone number")
    email: str | None = term("BT-43", "Seller contact email address")


class BuyerContact(Contact):
    """BG-9 BUYER CONTACT."""

    point: str | None = term("BT-56", "Buyer contact point")
    telephone: str | None = term("BT-57", "Buyer contact telephone number")
    email: str | None = term("BT-58", "Buyer contact email address")


class Seller(Term):
    """BG-4 SELLER: the party that supplies the goods or services and issues the invoice."""

    name: str | None = term("BT-27", "Seller name")
    trading_name: str | None = term("BT-28", "Seller trading name")
    identifiers: tuple[Identifier, ...] = term("BT-29", "Seller identifier", ())
    legal_registration_identifier: Identifier | None = term("BT-30", "Seller legal registration identifier")
    vat_identifier: str | None = term("BT-31", "Seller VAT identifier")
    tax_registration_identifier: str | None = term("BT-32", "Seller tax registration identifier")
    additional_legal_information: str | None = term("BT-33", "Seller additional legal information")
    electronic_address: Identifier | None = term("BT-34", "Seller electronic address")
    postal_address: SellerPostalAddress | None = term("BG-5", "SELLER POSTAL ADDRESS")
    contact: SellerContact | None = term("BG-6", "SELLER CONTACT")


class Buyer(Term):
    """BG-7 BUYER: the party that receives the goods or services (here: the city)."""

    name: str | None = term("BT-44", "Buyer name")
    trading_name: str | None = term("BT-45", "Buyer trading name")
    identifier: Identifier | None = term("BT-46", "Buyer identifier")
    legal_registration_identifier: Identifier | None = term("BT-47", "Buyer legal registration identifier")
    vat_identifier: str | None = term("BT-48", "Buyer VAT identifier")
    electronic_address: Identifier | None = term("BT-49", "Buyer electronic address")
    postal_address: BuyerPostalAddress | None = term("BG-8", "BUYER POSTAL ADDRESS")
    contact: BuyerContact | None = term("BG-9", "BUYER CONTACT")


class Payee(Term):
    """BG-10 PAYEE: receives the payment when it is not the seller (e.g. a factoring company)."""

    name: str | None = term("BT-59", "Payee name")
    identifier: Identifier | None = term("BT-60", "Payee identifier")
    legal_registration_identifier: Identifier | None = term("BT-61", "Payee legal registration identifier")


class SellerTaxRepresentative(Term):
    """BG-11 SELLER TAX REPRESENTATIVE PARTY."""

    name: str | None = term("BT-62", "Seller tax representative name")
    vat_identifier: str | None = term("BT-63", "Seller tax representative VAT identifier")
    postal_address: TaxRepresentativePostalAddress | None = term("BG-12", "SELLER TAX REPRESENTATIVE POSTAL ADDRESS")
