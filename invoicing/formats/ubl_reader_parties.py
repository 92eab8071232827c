"""UBL parties → BG-4 seller, BG-7 buyer, BG-10 payee, BG-11 tax representative (with BG-5/6/8/9/12/15).

The bank assigned creditor identifier (BT-90, a `cac:PartyIdentification/cbc:ID[@schemeID='SEPA']`
of the payee or seller) belongs to the payment instructions and is read there, so the party
readers skip it.
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.ubl_names import SEPA_SCHEME, VAT_SCHEME
from invoicing.formats.ubl_values import UblValues, group
from invoicing.model import (
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    Identifier,
    Payee,
    Seller,
    SellerContact,
    SellerPostalAddress,
    SellerTaxRepresentative,
    TaxRepresentativePostalAddress,
)
from invoicing.model.terms import term_of

_ADDRESS_ELEMENTS = (
    ("line_1", "cbc:StreetName"),
    ("line_2", "cbc:AdditionalStreetName"),
    ("line_3", "cac:AddressLine/cbc:Line"),
    ("city", "cbc:CityName"),
    ("post_code", "cbc:PostalZone"),
    ("country_subdivision", "cbc:CountrySubentity"),
    ("country_code", "cac:Country/cbc:IdentificationCode"),
)
"""Postal address fields and their UBL elements (cac:Address), shared by all five addresses."""

_CONTACT_ELEMENTS = (("point", "cbc:Name"), ("telephone", "cbc:Telephone"), ("email", "cbc:ElectronicMail"))


def read_address(v: UblValues, address: etree._Element | None, model: type, path: str):
    """A `cac:PostalAddress` or `cac:Address` as `model` (one of the postal address classes), or None."""
    if address is None:
        return None
    values = {field: v.text(address, xpath, f"{path}.{field}", term_of(model, field))
              for field, xpath in _ADDRESS_ELEMENTS}
    return group(model, **values)


def _contact(v: UblValues, party: etree._Element, model: type, path: str):
    contact = v.first(party, "cac:Contact")
    if contact is None:
        return None
    return group(model, **{field: v.text(contact, xpath, f"{path}.{field}", term_of(model, field))
                           for field, xpath in _CONTACT_ELEMENTS})


def _non_sepa_identifications(v: UblValues, party: etree._Element) -> list[etree._Element]:
    return [identification for identification in v.all(party, "cac:PartyIdentification")
            if v.peek(identification, "cbc:ID/@schemeID") != SEPA_SCHEME]


def _tax_schemes(v: UblValues, party: etree._Element, vat_path: str, vat_term: str,
                 other_path: str | None = None, other_term: str | None = None) -> tuple[str | None, str | None]:
    """The VAT identifier (BT-31/48/63) from the `cac:PartyTaxScheme` with scheme VAT, and the seller's tax
    registration identifier (BT-32) from one with another scheme. Buyer and tax representative have no other
    tax identifier, so for them a single scheme with another id (e.g. "VA") is read as their VAT identifier."""
    schemes = v.all(party, "cac:PartyTaxScheme")
    vat_schemes = [scheme for scheme in schemes if v.peek(scheme, "cac:TaxScheme/cbc:ID") == VAT_SCHEME]
    other_schemes = [scheme for scheme in schemes if scheme not in vat_schemes]
    if not other_path and not vat_schemes:
        vat_schemes, other_schemes = other_schemes, []
    vat = other = None
    if vat_schemes:
        v.consume(vat_schemes[0], "cac:TaxScheme/cbc:ID")
        vat = v.text(vat_schemes[0], "cbc:CompanyID", vat_path, vat_term)
    if other_schemes and other_path:
        v.consume(other_schemes[0], "cac:TaxScheme/cbc:ID")
        other = v.text(other_schemes[0], "cbc:CompanyID", other_path, other_term)
    return vat, other


def read_seller(v: UblValues, party: etree._Element | None) -> Seller | None:
    """BG-4 from `cac:AccountingSupplierParty/cac:Party`."""
    if party is None:
        return None
    legal = v.first(party, "cac:PartyLegalEntity")
    identifiers: list[Identifier] = []
    for identification in _non_sepa_identifications(v, party):
        found = v.identifier(identification, "cbc:ID", f"seller.identifiers[{len(identifiers)}]", "BT-29")
        if found is not None:
            identifiers.append(found)
    vat, tax_registration = _tax_schemes(v, party, "seller.vat_identifier", "BT-31",
                                         "seller.tax_registration_identifier", "BT-32")
    return group(
        Seller,
        name=v.text(legal, "cbc:RegistrationName", "seller.name", "BT-27"),
        trading_name=v.text(party, "cac:PartyName/cbc:Name", "seller.trading_name", "BT-28"),
        identifiers=tuple(identifiers),
        legal_registration_identifier=v.identifier(legal, "cbc:CompanyID", "seller.legal_registration_identifier", "BT-30"),
        vat_identifier=vat,
        tax_registration_identifier=tax_registration,
        additional_legal_information=v.text(legal, "cbc:CompanyLegalForm", "seller.additional_legal_information", "BT-33"),
        electronic_address=v.identifier(party, "cbc:EndpointID", "seller.electronic_address", "BT-34"),
        postal_address=read_address(v, v.first(party, "cac:PostalAddress"), SellerPostalAddress, "seller.postal_address"),
        contact=_contact(v, party, SellerContact, "seller.contact"),
    )


def read_buyer(v: UblValues, party: etree._Element | None) -> Buyer | None:
    """BG-7 from `cac:AccountingCustomerParty/cac:Party`."""
    if party is None:
        return None
    legal = v.first(party, "cac:PartyLegalEntity")
    identification = next(iter(v.all(party, "cac:PartyIdentification")), None)
    vat, _ = _tax_schemes(v, party, "buyer.vat_identifier", "BT-48")
    return group(
        Buyer,
        name=v.text(legal, "cbc:RegistrationName", "buyer.name", "BT-44"),
        trading_name=v.text(party, "cac:PartyName/cbc:Name", "buyer.trading_name", "BT-45"),
        identifier=v.identifier(identification, "cbc:ID", "buyer.identifier", "BT-46"),
        legal_registration_identifier=v.identifier(legal, "cbc:CompanyID", "buyer.legal_registration_identifier", "BT-47"),
        vat_identifier=vat,
        electronic_address=v.identifier(party, "cbc:EndpointID", "buyer.electronic_address", "BT-49"),
        postal_address=read_address(v, v.first(party, "cac:PostalAddress"), BuyerPostalAddress, "buyer.postal_address"),
        contact=_contact(v, party, BuyerContact, "buyer.contact"),
    )


def read_payee(v: UblValues, party: etree._Element | None) -> Payee | None:
    """BG-10 from `cac:PayeeParty`."""
    if party is None:
        return None
    identification = next(iter(_non_sepa_identifications(v, party)), None)
    return group(
        Payee,
        name=v.text(party, "cac:PartyName/cbc:Name", "payee.name", "BT-59"),
        identifier=v.identifier(identification, "cbc:ID", "payee.identifier", "BT-60"),
        legal_registration_identifier=v.identifier(party, "cac:PartyLegalEntity/cbc:CompanyID",
                                                   "payee.legal_registration_identifier", "BT-61"),
    )


def read_tax_representative(v: UblValues, party: etree._Element | None) -> SellerTaxRepresentative | None:
    """BG-11 from `cac:TaxRepresentativeParty`."""
    if party is None:
        return None
    vat, _ = _tax_schemes(v, party, "seller_tax_representative.vat_identifier", "BT-63")
    return group(
        SellerTaxRepresentative,
        name=v.text(party, "cac:PartyName/cbc:Name", "seller_tax_representative.name", "BT-62"),
        vat_identifier=vat,
        postal_address=read_address(v, v.first(party, "cac:PostalAddress"), TaxRepresentativePostalAddress,
                                    "seller_tax_representative.postal_address"),
    )
