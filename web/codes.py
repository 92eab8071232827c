"""Words for the codes an invoice carries (German, English): type, VAT category, payment means, units.

Only the codes met in practice are named; any other code is shown as it is. A page always shows
the code beside its name, so nothing is hidden behind a translation.
"""

from __future__ import annotations

TYPES = {
    "380": ("Rechnung", "Commercial invoice"), "381": ("Gutschrift", "Credit note"),
    "384": ("Korrekturrechnung", "Corrected invoice"), "389": ("Gutschriftsverfahren", "Self-billed invoice"),
    "326": ("Teilrechnung", "Partial invoice"), "875": ("Teilrechnung (Bau)", "Partial construction invoice"),
    "876": ("Teilschlussrechnung (Bau)", "Partial final construction invoice"),
    "877": ("Schlussrechnung (Bau)", "Final construction invoice"), "261": ("Selbstgutschrift", "Self-billed credit"),
    "751": ("Rechnungsinformation", "Invoice information"),
}
VAT_CATEGORIES = {
    "S": ("Normalsatz", "standard rate"), "Z": ("Nullsatz", "zero rated"), "E": ("steuerbefreit", "exempt"),
    "AE": ("Steuerschuldnerschaft des Leistungsempfängers", "reverse charge"),
    "K": ("innergemeinschaftliche Lieferung", "intra-community supply"), "G": ("Ausfuhr", "export outside the EU"),
    "O": ("nicht steuerbar", "not subject to VAT"), "L": ("IGIC (Kanaren)", "IGIC (Canary Islands)"),
    "M": ("IPSI (Ceuta, Melilla)", "IPSI (Ceuta, Melilla)"),
}
PAYMENT_MEANS = {
    "1": ("nicht festgelegt", "not defined"), "10": ("Barzahlung", "cash"), "20": ("Scheck", "cheque"),
    "30": ("Überweisung", "credit transfer"), "31": ("Auslandsüberweisung", "debit transfer"),
    "42": ("Zahlung auf Bankkonto", "payment to bank account"), "48": ("Kartenzahlung", "bank card"),
    "49": ("Lastschrift", "direct debit"), "57": ("Dauerauftrag", "standing agreement"),
    "58": ("SEPA-Überweisung", "SEPA credit transfer"), "59": ("SEPA-Lastschrift", "SEPA direct debit"),
    "97": ("Verrechnung", "clearing between partners"),
}
UNITS = {
    "C62": ("Stück", "piece"), "H87": ("Stück", "piece"), "EA": ("Stück", "each"), "XPP": ("Stück", "piece"),
    "HUR": ("Stunde", "hour"), "MIN": ("Minute", "minute"), "DAY": ("Tag", "day"), "WEE": ("Woche", "week"),
    "MON": ("Monat", "month"), "ANN": ("Jahr", "year"), "KWH": ("kWh", "kWh"), "MWH": ("MWh", "MWh"),
    "MTR": ("m", "m"), "KMT": ("km", "km"), "MTK": ("m²", "m²"), "MTQ": ("m³", "m³"), "KGM": ("kg", "kg"),
    "TNE": ("t", "t"), "LTR": ("l", "l"), "LS": ("pauschal", "lump sum"), "SET": ("Satz", "set"),
    "XBX": ("Karton", "box"), "P1": ("%", "%"), "E48": ("Leistungseinheit", "service unit"),
}
COUNTRIES = {"DE": ("Deutschland", "Germany"), "AT": ("Österreich", "Austria"), "CH": ("Schweiz", "Switzerland"),
             "FR": ("Frankreich", "France"), "NL": ("Niederlande", "Netherlands"), "BE": ("Belgien", "Belgium"),
             "LU": ("Luxemburg", "Luxembourg"), "PL": ("Polen", "Poland"), "DK": ("Dänemark", "Denmark"),
             "IT": ("Italien", "Italy"), "ES": ("Spanien", "Spain"), "CZ": ("Tschechien", "Czechia")}

TABLES = {"type_code": TYPES, "category_code": VAT_CATEGORIES, "vat_category_code": VAT_CATEGORIES,
          "means_type_code": PAYMENT_MEANS, "quantity_unit_code": UNITS, "base_quantity_unit_code": UNITS,
          "country_code": COUNTRIES, "country_of_origin": COUNTRIES}
"""Model field name → its code table."""


def code_name(field: str, code: str | None, lang: str) -> str | None:
    """The words for `code` in the field `field` ("Normalsatz"), or None when not known."""
    names = TABLES.get(field, {}).get(code or "")
    return None if names is None else names[1 if lang == "en" else 0]


def unit(code: str | None, lang: str) -> str:
    """A unit of measure as people read it ("Stück"), else the code."""
    return code_name("quantity_unit_code", code, lang) or (code or "")
