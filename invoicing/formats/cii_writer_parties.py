"""Writing the trade parties: seller, buyer, payee, seller tax representative, ship-to (deliver to).

The mirror of `cii_reader_parties`: identifiers with a scheme become ram:GlobalID, without one
ram:ID; VAT identifiers get schemeID VA, the seller's tax number FC; contact points are written
as ram:PersonName.
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.cii_build import child, identifier, optional, party_identifier, populated
from invoicing.formats.cii_names import TAX_NUMBER_SCHEME, VAT_SCHEMES
from invoicing.model import (
    Buyer,
    DeliveryInformation,
    Identifier,
    Payee,
    PostalAddress,
    Seller,
    SellerTaxRepresentative,
)


def write_seller(party: etree._Element, seller: Seller | None) -> None:
    """BG-4 into ram:SellerTradeParty (BT-29 without scheme as ram:ID, with scheme as ram:GlobalID)."""
    if seller is None:
        return
    for value in seller.identifiers:
        if not value.scheme_id:
            child(party, "ram:ID", value.value)
    for value in seller.identifiers:
        if value.scheme_id:
            child(party, "ram:GlobalID", value.value, schemeID=value.scheme_id)
    optional(party, "ram:Name", seller.name)
    optional(party, "ram:Description", seller.additional_legal_information)
    _legal_organization(party, seller.legal_registration_identifier, seller.trading_name)
    _contact(party, seller.contact)
    _address(party, seller.postal_address)
    _electronic_address(party, seller.electronic_address)
    _tax_registration(party, seller.vat_identifier, VAT_SCHEMES[0])
    _tax_registration(party, seller.tax_registration_identifier, TAX_NUMBER_SCHEME)


def write_buyer(party: etree._Element, buyer: Buyer | None) -> None:
    """BG-7 into ram:BuyerTradeParty."""
    if buyer is None:
        return
    party_identifier(party, buyer.identifier)
    optional(party, "ram:Name", buyer.name)
    _legal_organization(party, buyer.legal_registration_identifier, buyer.trading_name)
    _contact(party, buyer.contact)
    _address(party, buyer.postal_address)
    _electronic_address(party, buyer.electronic_address)
    _tax_registration(party, buyer.vat_identifier, VAT_SCHEMES[0])


def _legal_organization(party: etree._Element, registration: Identifier | None, trading_name: str | None) -> None:
    if registration is not None or trading_name is not None:
        organization = child(party, "ram:SpecifiedLegalOrganization")
        identifier(organization, "ram:ID", registration)
        optional(organization, "ram:TradingBusinessName", trading_name)


def _contact(party: etree._Element, contact) -> None:
    if contact is None or not contact.populated():
        return
    element = child(party, "ram:DefinedTradeContact")
    optional(element, "ram:PersonName", contact.point)
    if contact.telephone is not None:
        child(child(element, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", contact.telephone)
    if contact.email is not None:
        child(child(element, "ram:EmailURIUniversalCommunication"), "ram:URIID", contact.email)


def _address(party: etree._Element, address: PostalAddress | None) -> None:
    if address is None or not address.populated():
        return
    element = child(party, "ram:PostalTradeAddress")
    optional(element, "ram:PostcodeCode", address.post_code)
    optional(element, "ram:LineOne", address.line_1)
    optional(element, "ram:LineTwo", address.line_2)
    optional(element, "ram:LineThree", address.line_3)
    optional(element, "ram:CityName", address.city)
    child(element, "ram:CountryID", address.country_code)  # required by the schema
    optional(element, "ram:CountrySubDivisionName", address.country_subdivision)


def _electronic_address(party: etree._Element, address: Identifier | None) -> None:
    if address is not None:
        identifier(child(party, "ram:URIUniversalCommunication"), "ram:URIID", address)


def _tax_registration(party: etree._Element, value: str | None, scheme: str) -> None:
    if value is not None:
        child(child(party, "ram:SpecifiedTaxRegistration"), "ram:ID", value, schemeID=scheme)


def write_tax_representative(agreement: etree._Element, representative: SellerTaxRepresentative | None) -> None:
    """BG-11 as ram:SellerTaxRepresentativeTradeParty."""
    if representative is None or not representative.populated():
        return
    party = child(agreement, "ram:SellerTaxRepresentativeTradeParty")
    optional(party, "ram:Name", representative.name)
    _address(party, representative.postal_address)
    _tax_registration(party, representative.vat_identifier, VAT_SCHEMES[0])


def write_payee(settlement: etree._Element, payee: Payee | None) -> None:
    """BG-10 as ram:PayeeTradeParty."""
    if payee is None or not payee.populated():
        return
    party = child(settlement, "ram:PayeeTradeParty")
    party_identifier(party, payee.identifier)
    optional(party, "ram:Name", payee.name)
    _legal_organization(party, payee.legal_registration_identifier, None)


def write_ship_to(delivery: etree._Element, information: DeliveryInformation | None) -> None:
    """The party part of BG-13 (BT-70, BT-71, BG-15) as ram:ShipToTradeParty."""
    if information is None or not populated(information.party_name, information.location_identifier,
                                            information.address):
        return
    party = child(delivery, "ram:ShipToTradeParty")
    party_identifier(party, information.location_identifier)
    optional(party, "ram:Name", information.party_name)
    _address(party, information.address)
