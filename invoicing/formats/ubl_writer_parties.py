"""Writing BG-4 seller, BG-7 buyer, BG-10 payee and BG-11 tax representative as UBL parties.

Children are appended in the UBL 2.1 `PartyType` sequence: EndpointID, PartyIdentification,
PartyName, PostalAddress, PartyTaxScheme, PartyLegalEntity, Contact.
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.ubl_builder import UblBuilder
from invoicing.formats.ubl_names import SEPA_SCHEME
from invoicing.model import Buyer, Contact, Payee, PostalAddress, Seller, SellerTaxRepresentative

TAX_REGISTRATION_SCHEME = "FC"
"""cac:TaxScheme/cbc:ID written for the seller's tax registration identifier (BT-32), as XRechnung does."""


def write_address(b: UblBuilder, parent: etree._Element, tag: str, address: PostalAddress | None) -> None:
    """A postal address in `cac:AddressType` order."""
    if address is None:
        return
    element = b.add(parent, tag)
    b.opt(element, "cbc:StreetName", address.line_1)
    b.opt(element, "cbc:AdditionalStreetName", address.line_2)
    b.opt(element, "cbc:CityName", address.city)
    b.opt(element, "cbc:PostalZone", address.post_code)
    b.opt(element, "cbc:CountrySubentity", address.country_subdivision)
    b.path(element, "cac:AddressLine/cbc:Line", address.line_3)
    b.path(element, "cac:Country/cbc:IdentificationCode", address.country_code)


def _contact(b: UblBuilder, party: etree._Element, contact: Contact | None) -> None:
    if contact is None:
        return
    element = b.add(party, "cac:Contact")
    b.opt(element, "cbc:Name", contact.point)
    b.opt(element, "cbc:Telephone", contact.telephone)
    b.opt(element, "cbc:ElectronicMail", contact.email)


def _tax_scheme(b: UblBuilder, party: etree._Element, company_id: str | None, scheme: str = "VAT") -> None:
    if company_id is None:
        return
    element = b.add(party, "cac:PartyTaxScheme")
    b.add(element, "cbc:CompanyID", company_id)
    b.add(b.add(element, "cac:TaxScheme"), "cbc:ID", scheme)


def _sepa(b: UblBuilder, party: etree._Element, creditor_identifier: str | None) -> None:
    if creditor_identifier is not None:
        b.add(b.add(party, "cac:PartyIdentification"), "cbc:ID", creditor_identifier, schemeID=SEPA_SCHEME)


def write_seller(b: UblBuilder, parent: etree._Element, seller: Seller | None, creditor_identifier: str | None) -> None:
    """`cac:AccountingSupplierParty` (required by UBL, so written even when empty)."""
    supplier = b.add(parent, "cac:AccountingSupplierParty")
    if seller is None and creditor_identifier is None:
        return
    seller = seller or Seller()
    party = b.add(supplier, "cac:Party")
    b.identifier(party, "cbc:EndpointID", seller.electronic_address)
    for identifier in seller.identifiers:
        b.identifier(b.add(party, "cac:PartyIdentification"), "cbc:ID", identifier)
    _sepa(b, party, creditor_identifier)
    b.path(party, "cac:PartyName/cbc:Name", seller.trading_name)
    write_address(b, party, "cac:PostalAddress", seller.postal_address)
    _tax_scheme(b, party, seller.vat_identifier)
    _tax_scheme(b, party, seller.tax_registration_identifier, TAX_REGISTRATION_SCHEME)
    if seller.name is not None or seller.legal_registration_identifier or seller.additional_legal_information:
        legal = b.add(party, "cac:PartyLegalEntity")
        b.opt(legal, "cbc:RegistrationName", seller.name)
        b.identifier(legal, "cbc:CompanyID", seller.legal_registration_identifier)
        b.opt(legal, "cbc:CompanyLegalForm", seller.additional_legal_information)
    _contact(b, party, seller.contact)


def write_buyer(b: UblBuilder, parent: etree._Element, buyer: Buyer | None) -> None:
    """`cac:AccountingCustomerParty` (required by UBL, so written even when empty)."""
    customer = b.add(parent, "cac:AccountingCustomerParty")
    if buyer is None:
        return
    party = b.add(customer, "cac:Party")
    b.identifier(party, "cbc:EndpointID", buyer.electronic_address)
    if buyer.identifier is not None:
        b.identifier(b.add(party, "cac:PartyIdentification"), "cbc:ID", buyer.identifier)
    b.path(party, "cac:PartyName/cbc:Name", buyer.trading_name)
    write_address(b, party, "cac:PostalAddress", buyer.postal_address)
    _tax_scheme(b, party, buyer.vat_identifier)
    if buyer.name is not None or buyer.legal_registration_identifier:
        legal = b.add(party, "cac:PartyLegalEntity")
        b.opt(legal, "cbc:RegistrationName", buyer.name)
        b.identifier(legal, "cbc:CompanyID", buyer.legal_registration_identifier)
    _contact(b, party, buyer.contact)


def write_payee(b: UblBuilder, parent: etree._Element, payee: Payee | None, creditor_identifier: str | None) -> None:
    """`cac:PayeeParty`, which also carries BT-90 when there is a payee."""
    if payee is None:
        return
    party = b.add(parent, "cac:PayeeParty")
    if payee.identifier is not None:
        b.identifier(b.add(party, "cac:PartyIdentification"), "cbc:ID", payee.identifier)
    _sepa(b, party, creditor_identifier)
    b.path(party, "cac:PartyName/cbc:Name", payee.name)
    if payee.legal_registration_identifier is not None:
        b.identifier(b.add(party, "cac:PartyLegalEntity"), "cbc:CompanyID", payee.legal_registration_identifier)


def write_tax_representative(b: UblBuilder, parent: etree._Element,
                             representative: SellerTaxRepresentative | None) -> None:
    """`cac:TaxRepresentativeParty`."""
    if representative is None:
        return
    party = b.add(parent, "cac:TaxRepresentativeParty")
    b.path(party, "cac:PartyName/cbc:Name", representative.name)
    write_address(b, party, "cac:PostalAddress", representative.postal_address)
    _tax_scheme(b, party, representative.vat_identifier)
