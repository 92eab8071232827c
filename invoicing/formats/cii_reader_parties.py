"""Reading the CII trade parties into BG-4 seller, BG-7 buyer, BG-10 payee, BG-11 tax representative, BG-13 delivery.

Identifiers follow the EN 16931 CII binding: ram:ID without scheme, ram:GlobalID with schemeID;
a party identifier EN 16931 allows once prefers ram:GlobalID. BT-31/BT-48/BT-63 are the
ram:SpecifiedTaxRegistration/ram:ID with schemeID VA, BT-32 the one with FC. A contact point
(BT-41/BT-56) is ram:PersonName, or ram:DepartmentName when no person is named.
"""

from __future__ import annotations

from invoicing.formats.cii_names import TAX_NUMBER_SCHEME, VAT_SCHEMES
from invoicing.formats.cii_values import CiiValues
from invoicing.model import (
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    DeliverToAddress,
    DeliveryInformation,
    Payee,
    Seller,
    SellerContact,
    SellerPostalAddress,
    SellerTaxRepresentative,
    TaxRepresentativePostalAddress,
)
from invoicing.model.terms import term_of

_ADDRESS = {
    "line_1": "ram:LineOne", "line_2": "ram:LineTwo", "line_3": "ram:LineThree", "city": "ram:CityName",
    "post_code": "ram:PostcodeCode", "country_subdivision": "ram:CountrySubDivisionName",
    "country_code": "ram:CountryID",
}
_CONTACT = {
    "telephone": "ram:TelephoneUniversalCommunication/ram:CompleteNumber",
    "email": "ram:EmailURIUniversalCommunication/ram:URIID",
}
_VAT_ID = " or ".join(f"@schemeID='{scheme}'" for scheme in VAT_SCHEMES)


def _one_identifier(v: CiiValues, party, path: str, term: str):
    """A party identifier that EN 16931 allows once: ram:GlobalID (with scheme) before ram:ID."""
    element = v.find(party, "ram:GlobalID")
    return v.identifier(element if element is not None else v.find(party, "ram:ID"), path, term)


def _tax_id(v: CiiValues, party, path: str, term: str, condition: str) -> str | None:
    element = v.find(party, f"ram:SpecifiedTaxRegistration/ram:ID[{condition}]")
    value = v.text(element, ".", path, term) if element is not None else None
    if value is not None:
        v.source.consume_attribute(element, "schemeID")
    return value


def _contact(v: CiiValues, party, cls, path: str):
    contact = v.container(party, "ram:DefinedTradeContact")
    if contact is None:
        return None
    term = term_of(cls, "point")
    point = (v.text(contact, "ram:PersonName", f"{path}.point", term)
             or v.text(contact, "ram:DepartmentName", f"{path}.point", term))
    return v.group(cls, contact, path, _CONTACT, point=point)


def read_seller(v: CiiValues, party) -> Seller | None:
    if party is None:
        return None
    term = term_of(Seller, "identifiers")
    elements = v.find_all(party, "ram:ID") + v.find_all(party, "ram:GlobalID")
    identifiers = tuple(filter(None, (v.identifier(element, f"seller.identifiers[{index}]", term)
                                      for index, element in enumerate(elements))))
    return v.group(Seller, party, "seller", {
        "name": "ram:Name",
        "trading_name": "ram:SpecifiedLegalOrganization/ram:TradingBusinessName",
        "legal_registration_identifier": "ram:SpecifiedLegalOrganization/ram:ID",
        "additional_legal_information": "ram:Description",
        "electronic_address": "ram:URIUniversalCommunication/ram:URIID",
    },
        identifiers=identifiers,
        vat_identifier=_tax_id(v, party, "seller.vat_identifier", term_of(Seller, "vat_identifier"), _VAT_ID),
        tax_registration_identifier=_tax_id(v, party, "seller.tax_registration_identifier",
                                            term_of(Seller, "tax_registration_identifier"),
                                            f"@schemeID='{TAX_NUMBER_SCHEME}'"),
        postal_address=v.group(SellerPostalAddress, v.container(party, "ram:PostalTradeAddress"),
                               "seller.postal_address", _ADDRESS),
        contact=_contact(v, party, SellerContact, "seller.contact"),
    )


def read_buyer(v: CiiValues, party) -> Buyer | None:
    if party is None:
        return None
    return v.group(Buyer, party, "buyer", {
        "name": "ram:Name",
        "trading_name": "ram:SpecifiedLegalOrganization/ram:TradingBusinessName",
        "legal_registration_identifier": "ram:SpecifiedLegalOrganization/ram:ID",
        "electronic_address": "ram:URIUniversalCommunication/ram:URIID",
    },
        identifier=_one_identifier(v, party, "buyer.identifier", term_of(Buyer, "identifier")),
        vat_identifier=_tax_id(v, party, "buyer.vat_identifier", term_of(Buyer, "vat_identifier"), _VAT_ID),
        postal_address=v.group(BuyerPostalAddress, v.container(party, "ram:PostalTradeAddress"),
                               "buyer.postal_address", _ADDRESS),
        contact=_contact(v, party, BuyerContact, "buyer.contact"),
    )


def read_payee(v: CiiValues, party) -> Payee | None:
    if party is None:
        return None
    return v.group(Payee, party, "payee", {
        "name": "ram:Name", "legal_registration_identifier": "ram:SpecifiedLegalOrganization/ram:ID",
    }, identifier=_one_identifier(v, party, "payee.identifier", term_of(Payee, "identifier")))


def read_tax_representative(v: CiiValues, party) -> SellerTaxRepresentative | None:
    if party is None:
        return None
    path = "seller_tax_representative"
    return v.group(SellerTaxRepresentative, party, path, {"name": "ram:Name"},
                   vat_identifier=_tax_id(v, party, f"{path}.vat_identifier",
                                          term_of(SellerTaxRepresentative, "vat_identifier"), _VAT_ID),
                   postal_address=v.group(TaxRepresentativePostalAddress, v.container(party, "ram:PostalTradeAddress"),
                                          f"{path}.postal_address", _ADDRESS))


def read_delivery(v: CiiValues, delivery) -> DeliveryInformation | None:
    party = v.container(delivery, "ram:ShipToTradeParty")
    return v.group(DeliveryInformation, delivery, "delivery", {
        "party_name": "ram:ShipToTradeParty/ram:Name",
        "actual_delivery_date": "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
    },
        location_identifier=_one_identifier(v, party, "delivery.location_identifier",
                                            term_of(DeliveryInformation, "location_identifier")),
        address=v.group(DeliverToAddress, v.container(party, "ram:PostalTradeAddress"), "delivery.address", _ADDRESS),
    )
