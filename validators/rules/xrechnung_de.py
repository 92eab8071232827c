"""XRechnung 3.0.2 national rules BR-DE-* on parties, references, VAT and attachments (all XRechnung scenarios).

The payment rules (BR-DE-1, -18 … -20, -23 … -25, -30, -31) are in `xrechnung_de_payment`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from validators.rules import paths as p
from validators.rules.base import Doc, Hit, Registry, Rule, either, filled, present, required, shown, text, xpath

RULES = Registry()

# --- seller contact and addresses (BG-6, BG-5, BG-8, BG-15) -------------------------------------

_U_CITY, _U_POSTCODE = xpath("cbc:CityName"), xpath("cbc:PostalZone")
_C_CITY, _C_POSTCODE = xpath("ram:CityName"), xpath("ram:PostcodeCode")
_U_CONTACT_NAME, _U_PHONE, _U_EMAIL = xpath("cbc:Name"), xpath("cbc:Telephone"), xpath("cbc:ElectronicMail")
_C_PERSON, _C_DEPARTMENT = xpath("ram:PersonName"), xpath("ram:DepartmentName")
_C_PHONE = xpath("ram:TelephoneUniversalCommunication/ram:CompleteNumber")
_C_EMAIL = xpath("ram:EmailURIUniversalCommunication/ram:URIID")

RULES.add(
    Rule("BR-DE-2", "error",
         "The seller contact (BG-6) is missing; XRechnung requires a contact with name, telephone and e-mail.",
         "Der Kontakt des Verkäufers (BG-6) fehlt; XRechnung verlangt einen Kontakt mit Name, Telefon und E-Mail.",
         ("BG-6",), ubl=present(p.U_SELLER_CONTACT), cii=present(p.C_SELLER_CONTACT)),
    Rule("BR-DE-3", "error",
         "The seller's city (BT-37) is missing or empty; XRechnung requires it in the seller's postal address.",
         "Der Ort des Verkäufers (BT-37) fehlt oder ist leer; XRechnung verlangt ihn in der Anschrift des Verkäufers.",
         ("BT-37",), ubl=filled(p.U_SELLER_ADDRESS, _U_CITY), cii=filled(p.C_SELLER_ADDRESS, _C_CITY)),
    Rule("BR-DE-4", "error",
         "The seller's post code (BT-38) is missing or empty; XRechnung requires it in the seller's postal address.",
         "Die Postleitzahl des Verkäufers (BT-38) fehlt oder ist leer; XRechnung verlangt sie in der Anschrift "
         "des Verkäufers.",
         ("BT-38",), ubl=filled(p.U_SELLER_ADDRESS, _U_POSTCODE), cii=filled(p.C_SELLER_ADDRESS, _C_POSTCODE)),
    Rule("BR-DE-5", "error",
         "The seller contact point (BT-41) is missing or empty; name a person or department to contact.",
         "Der Ansprechpartner des Verkäufers (BT-41) fehlt oder ist leer; bitte eine Person oder Abteilung angeben.",
         ("BT-41",), ubl=filled(p.U_SELLER_CONTACT, _U_CONTACT_NAME),
         cii=filled(p.C_SELLER_CONTACT, _C_PERSON, _C_DEPARTMENT)),
    Rule("BR-DE-6", "error",
         "The seller contact telephone number (BT-42) is missing or empty; XRechnung requires it.",
         "Die Telefonnummer des Verkäuferkontakts (BT-42) fehlt oder ist leer; XRechnung verlangt sie.",
         ("BT-42",), ubl=filled(p.U_SELLER_CONTACT, _U_PHONE), cii=filled(p.C_SELLER_CONTACT, _C_PHONE)),
    Rule("BR-DE-7", "error",
         "The seller contact e-mail address (BT-43) is missing or empty; XRechnung requires it.",
         "Die E-Mail-Adresse des Verkäuferkontakts (BT-43) fehlt oder ist leer; XRechnung verlangt sie.",
         ("BT-43",), ubl=filled(p.U_SELLER_CONTACT, _U_EMAIL), cii=filled(p.C_SELLER_CONTACT, _C_EMAIL)),
    Rule("BR-DE-8", "error",
         "The buyer's city (BT-52) is missing or empty; XRechnung requires it in the buyer's postal address.",
         "Der Ort des Käufers (BT-52) fehlt oder ist leer; XRechnung verlangt ihn in der Anschrift des Käufers.",
         ("BT-52",), ubl=filled(p.U_BUYER_ADDRESS, _U_CITY), cii=filled(p.C_BUYER_ADDRESS, _C_CITY)),
    Rule("BR-DE-9", "error",
         "The buyer's post code (BT-53) is missing or empty; XRechnung requires it in the buyer's postal address.",
         "Die Postleitzahl des Käufers (BT-53) fehlt oder ist leer; XRechnung verlangt sie in der Anschrift "
         "des Käufers.",
         ("BT-53",), ubl=filled(p.U_BUYER_ADDRESS, _U_POSTCODE), cii=filled(p.C_BUYER_ADDRESS, _C_POSTCODE)),
    Rule("BR-DE-10", "error",
         "The deliver-to address (BG-15) has no city (BT-77); give the city or leave the address out.",
         "Die Lieferanschrift (BG-15) enthält keinen Ort (BT-77); bitte den Ort angeben oder die Anschrift weglassen.",
         ("BG-15", "BT-77"), ubl=filled(p.U_DELIVER_TO_ADDRESS, _U_CITY), cii=filled(p.C_DELIVER_TO_ADDRESS, _C_CITY)),
    Rule("BR-DE-11", "error",
         "The deliver-to address (BG-15) has no post code (BT-78); give the post code or leave the address out.",
         "Die Lieferanschrift (BG-15) enthält keine Postleitzahl (BT-78); bitte sie angeben oder die Anschrift "
         "weglassen.",
         ("BG-15", "BT-78"), ubl=filled(p.U_DELIVER_TO_ADDRESS, _U_POSTCODE),
         cii=filled(p.C_DELIVER_TO_ADDRESS, _C_POSTCODE)),
)

# --- VAT (BR-DE-14, BR-DE-16) --------------------------------------------------------------------

_U_PERCENT, _U_CATEGORY = xpath("cbc:Percent"), xpath("cbc:ID")
_C_PERCENT, _C_CATEGORY = xpath("ram:RateApplicablePercent"), xpath("ram:CategoryCode")


def _rate_missing(path, percent, category):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(path):
            if not text(doc.first(percent, element)):
                yield element, {"category": shown(text(doc.first(category, element)))}
    return check


_TAXED = frozenset({"S", "Z", "E", "AE", "K", "G", "L", "M"})


def _seller_tax_identity(codes, tax_ids, representative):
    def check(doc: Doc) -> Iterator[Hit]:
        if any(text(tax_id) for tax_id in doc.all(tax_ids)) or doc.all(representative):
            return
        used = sorted({text(code) for code in doc.all(codes)} & _TAXED)
        if used:
            seller = doc.first(p.U_SELLER_PARTY if doc.syntax == "UBL" else p.C_SELLER_PARTY)
            yield either(seller, doc.root), {"codes": ", ".join(used)}
    return check


RULES.add(
    Rule("BR-DE-14", "error",
         "A VAT breakdown with category {category} has no VAT rate (BT-119); state the rate, 0 where no VAT applies.",
         "Eine Umsatzsteueraufschlüsselung mit Kategorie {category} hat keinen Steuersatz (BT-119); bitte den "
         "Satz angeben, 0 wenn keine Umsatzsteuer anfällt.",
         ("BT-119",), ubl=_rate_missing(p.U_BREAKDOWN_CATEGORY, _U_PERCENT, _U_CATEGORY),
         cii=_rate_missing(p.C_BREAKDOWN, _C_PERCENT, _C_CATEGORY)),
    Rule("BR-DE-16", "error",
         "The invoice uses VAT category {codes} but gives neither the seller's VAT identifier (BT-31), nor a tax "
         "registration identifier (BT-32), nor a tax representative (BG-11); add one of them.",
         "Die Rechnung verwendet die Umsatzsteuerkategorie {codes}, nennt aber weder die USt-IdNr. des "
         "Verkäufers (BT-31) noch seine Steuernummer (BT-32) noch einen Steuervertreter (BG-11); bitte eines "
         "davon angeben.",
         ("BT-31", "BT-32", "BG-11"),
         ubl=_seller_tax_identity(p.U_ALL_VAT_CATEGORY_CODES, p.U_SELLER_TAX_ID, p.U_TAX_REPRESENTATIVE),
         cii=_seller_tax_identity(p.C_ALL_VAT_CATEGORY_CODES, p.C_SELLER_TAX_ID, p.C_TAX_REPRESENTATIVE)),
)

# --- document level (BR-DE-15, -17, -21, -22, -26, BR-DE-TMP-32, BR-TMP-2) ---------------------

_TYPE_CODES = ("326", "380", "384", "389", "381", "875", "876", "877")


def _type_code(path):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(path):
            if text(element) not in _TYPE_CODES:
                yield element, {"found": shown(text(element))}
    return check


XRECHNUNG_ID = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"


def _specification(path):
    def check(doc: Doc) -> Iterator[Hit]:
        element = doc.first(path)
        if not text(element).startswith(XRECHNUNG_ID):
            yield either(element, doc.root), {"found": shown(text(element))}
    return check


def _unique_filenames(path):
    def check(doc: Doc) -> Iterator[Hit]:
        names = [(element, element.get("filename")) for element in doc.all(path) if element.get("filename")]
        counts = Counter(name for _, name in names)
        reported = set()
        for element, name in names:
            if counts[name] > 1 and name not in reported:
                reported.add(name)
                yield element, {"found": name, "count": counts[name]}
    return check


def _preceding_invoice(type_code, reference):
    def check(doc: Doc) -> Iterator[Hit]:
        element = doc.first(type_code)
        if text(element) == "384" and not doc.all(reference):
            yield element, {}
    return check


_U_LINE_PERIOD = xpath("cac:InvoicePeriod")
_C_LINE_PERIOD = xpath("ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod")


def _delivery_date(delivery_date, period, lines, line_period):
    def check(doc: Doc) -> Iterator[Hit]:
        if doc.all(delivery_date) or doc.all(period):
            return
        all_lines = doc.all(lines)
        if all_lines and all(doc.all(line_period, line) for line in all_lines):
            return
        yield doc.root, {}
    return check


# A URI with a scheme and an authority: "https://example.org/a", not "example.org" or "https ://x".
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#]+[^\s]*")


def _external_location(path):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(path):
            if not _URL.fullmatch(text(element)):
                yield element, {"found": shown(text(element))}
    return check


RULES.add(
    Rule("BR-DE-15", "error",
         "The buyer reference (BT-10) is missing or empty; XRechnung requires it (for public buyers: the Leitweg-ID).",
         "Die Käuferreferenz (BT-10) fehlt oder ist leer; XRechnung verlangt sie (bei öffentlichen "
         "Auftraggebern: die Leitweg-ID).",
         ("BT-10",), ubl=required(p.U_BUYER_REFERENCE), cii=required(p.C_BUYER_REFERENCE)),
    Rule("BR-DE-17", "warning",
         "The invoice type code (BT-3) is {found}; XRechnung expects one of 326, 380, 381, 384, 389, 875, 876, 877.",
         "Der Rechnungstyp (BT-3) ist {found}; XRechnung erwartet einen der Codes 326, 380, 381, 384, 389, "
         "875, 876, 877.",
         ("BT-3",), ubl=_type_code(p.U_TYPE_CODE), cii=_type_code(p.C_TYPE_CODE)),
    Rule("BR-DE-21", "warning",
         "The specification identifier (BT-24) is {found}; XRechnung 3.0 expects '" + XRECHNUNG_ID + "'.",
         "Die Spezifikationskennung (BT-24) ist {found}; XRechnung 3.0 erwartet '" + XRECHNUNG_ID + "'.",
         ("BT-24",), ubl=_specification(p.U_CUSTOMIZATION), cii=_specification(p.C_GUIDELINE)),
    Rule("BR-DE-22", "error",
         "The attachment file name '{found}' (BT-125) is used {count} times; every attached file needs its own name.",
         "Der Dateiname '{found}' eines Anhangs (BT-125) kommt {count}-mal vor; jeder Anhang braucht einen "
         "eigenen Namen.",
         ("BT-125",), ubl=_unique_filenames(p.U_ATTACHMENT), cii=_unique_filenames(p.C_ATTACHMENT)),
    Rule("BR-DE-26", "warning",
         "The invoice is a corrected invoice (type code 384) but names no preceding invoice (BG-3); add its number.",
         "Die Rechnung ist eine Rechnungskorrektur (Typ 384), nennt aber keine vorausgegangene Rechnung (BG-3); "
         "bitte deren Nummer angeben.",
         ("BT-3", "BG-3"), ubl=_preceding_invoice(p.U_TYPE_CODE, p.U_PRECEDING_INVOICE),
         cii=_preceding_invoice(p.C_TYPE_CODE, p.C_PRECEDING_INVOICE)),
    Rule("BR-DE-TMP-32", "information",
         "The invoice states no delivery date (BT-72), no invoicing period (BG-14) and not a period on every line "
         "(BG-26); one of them should say when goods were delivered or services performed.",
         "Die Rechnung nennt weder ein Lieferdatum (BT-72) noch einen Abrechnungszeitraum (BG-14) noch einen Zeitraum "
         "in jeder Position (BG-26); eines davon soll den Liefer- oder Leistungszeitpunkt angeben.",
         ("BT-72", "BG-14", "BG-26"),
         ubl=_delivery_date(p.U_ACTUAL_DELIVERY_DATE, p.U_INVOICE_PERIOD, p.U_LINES, _U_LINE_PERIOD),
         cii=_delivery_date(p.C_ACTUAL_DELIVERY_DATE, p.C_INVOICE_PERIOD, p.C_LINES, _C_LINE_PERIOD)),
    Rule("BR-TMP-2", "warning",
         "The external document location (BT-124) is {found}; it should be a full URL such as "
         "'https://example.org/file.pdf'.",
         "Der Ort des externen Dokuments (BT-124) ist {found}; er soll eine vollständige URL sein, "
         "z. B. 'https://example.org/datei.pdf'.",
         ("BT-124",), ubl=_external_location(p.U_EXTERNAL_DOCUMENT), cii=_external_location(p.C_EXTERNAL_DOCUMENT)),
)

# --- seller contact details (warnings) -----------------------------------------------------------

_DIGIT = re.compile(r"[0-9]")
# One "@" with something on both sides; no blanks; the domain has at least two non-empty labels;
# no dot at the start, at the end, or next to the "@".
_EMAIL = re.compile(r"[^@\s.][^@\s]*(?<!\.)@[^@\s.]+(?:\.[^@\s.]+)+")


def _phone(contact, phone):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(contact):
            number = doc.first(phone, element)
            if len(_DIGIT.findall(text(number))) < 3:
                yield either(number, element), {"found": shown(text(number))}
    return check


def _email(contact, email):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(contact):
            address = doc.first(email, element)
            if not _EMAIL.fullmatch(text(address)):
                yield either(address, element), {"found": shown(text(address))}
    return check


RULES.add(
    Rule("BR-DE-27", "warning",
         "The seller contact telephone number (BT-42) is {found}; it should contain at least three digits.",
         "Die Telefonnummer des Verkäuferkontakts (BT-42) ist {found}; sie soll mindestens drei Ziffern enthalten.",
         ("BT-42",), ubl=_phone(p.U_SELLER_CONTACT, _U_PHONE), cii=_phone(p.C_SELLER_CONTACT, _C_PHONE)),
    Rule("BR-DE-28", "warning",
         "The seller contact e-mail address (BT-43) is {found}; it should look like 'name@example.org' "
         "(one @, no blanks, a domain with a dot).",
         "Die E-Mail-Adresse des Verkäuferkontakts (BT-43) ist {found}; sie soll wie 'name@beispiel.de' aussehen "
         "(ein @, keine Leerzeichen, eine Domain mit Punkt).",
         ("BT-43",), ubl=_email(p.U_SELLER_CONTACT, _U_EMAIL), cii=_email(p.C_SELLER_CONTACT, _C_EMAIL)),
)
