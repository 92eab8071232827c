"""Messages for the code list rules BR-CL-*: a code, scheme or unit that is not in its official list.

`{value}` is the text of the element the rule fired on. Where the checked code sits in an
attribute (a scheme identifier, a currency or unit attribute) that text is the identifier, amount or
quantity carrying it, and the messages say so; where the two syntaxes put different things there
(BR-CL-07, BR-CL-08) or the text is file content (BR-CL-24), the value is not quoted.
"""

from __future__ import annotations

_ICD = ("an ISO 6523 ICD code, e.g. 0088 (GLN), 0060 (DUNS) or 0204 (Leitweg-ID)",
        "einen Code der Liste ISO 6523 ICD, z. B. 0088 (GLN), 0060 (DUNS) oder 0204 (Leitweg-ID)")


def _scheme(subject_en: str, subject_de: str, expected: tuple[str, str] = _ICD, *,
            optional: bool = True) -> tuple[str, str]:
    """A scheme identifier (attribute) of the identifier `subject_*` that is not in its list; `optional`: the
    scheme may also be left out."""
    or_en, or_de = (", or leave the scheme out if none fits", " oder lassen Sie die Schemakennung weg, wenn keiner "
                    "passt") if optional else ("", "")
    return (f"The scheme identifier (schemeID) of the {subject_en}[ \"{{value}}\"] is not in its code list. "
            f"Please use {expected[0]}{or_en}.",
            f"Die Schemakennung (schemeID) {subject_de}[ „{{value}}“] steht nicht in ihrer Codeliste. "
            f"Bitte verwenden Sie {expected[1]}{or_de}.")


_VAT_CATEGORY = ("The VAT category code[ \"{value}\"] is not allowed. Please use one of S (standard rated), Z (zero "
                 "rated), E (exempt), AE (reverse charge), K (intra-community supply), G (export outside the EU), "
                 "O (not subject to VAT), L, M or B.",
                 "Die Umsatzsteuerkategorie[ „{value}“] ist nicht zulässig. Bitte verwenden Sie S (steuerpflichtig), "
                 "Z (Nullsatz), E (steuerbefreit), AE (Steuerschuldnerschaft des Leistungsempfängers), K "
                 "(innergemeinschaftliche Lieferung), G (Ausfuhr in Drittländer), O (nicht steuerbar), L, M oder B.")
"""BR-CL-17 (allowances, charges and, in UBL, the VAT breakdown) and BR-CL-18 (lines; in CII also the breakdown)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "BR-CL-01": ("The invoice type code (BT-3)[ \"{value}\"] is not in the code list UNTDID 1001. Please use e.g. "
                 "380 (commercial invoice), 381 (credit note), 384 (corrected invoice) or 326 (partial invoice).",
                 "Der Code für die Rechnungsart (BT-3)[ „{value}“] steht nicht in der Codeliste UNTDID 1001. Bitte "
                 "verwenden Sie z. B. 380 (Rechnung), 381 (Gutschrift), 384 (Rechnungskorrektur) oder 326 "
                 "(Teilrechnung)."),
    "BR-CL-03": ("The currency (currencyID) of an amount[ \"{value}\"][ ({element})] is not an ISO 4217 currency "
                 "code. Please use the three-letter code, e.g. EUR.",
                 "Die Währung (currencyID) eines Betrags[ „{value}“][ ({element})] ist kein Währungscode nach "
                 "ISO 4217. Bitte verwenden Sie den dreistelligen Code, z. B. EUR."),
    "BR-CL-04": ("The invoice currency code (BT-5)[ \"{value}\"] is not an ISO 4217 currency code. Please use "
                 "the three-letter code, e.g. EUR.",
                 "Der Code für die Rechnungswährung (BT-5)[ „{value}“] ist kein Währungscode nach ISO 4217. "
                 "Bitte verwenden Sie den dreistelligen Code, z. B. EUR."),
    "BR-CL-05": ("The VAT accounting currency code (BT-6)[ \"{value}\"] is not an ISO 4217 currency code. Please "
                 "use the three-letter code, e.g. EUR.",
                 "Der Code für die Umsatzsteuer-Buchungswährung (BT-6)[ „{value}“] ist kein Währungscode nach "
                 "ISO 4217. Bitte verwenden Sie den dreistelligen Code, z. B. EUR."),
    "BR-CL-06": ("The VAT point date code (BT-8)[ \"{value}\"] is not allowed. Use 3 (invoice date), 35 (delivery "
                 "date) or 432 (payment date) in UBL, or 5, 29 or 72 with the same meanings in CII.",
                 "Der Code für das Datum der Steuerfälligkeit (BT-8)[ „{value}“] ist nicht zulässig. Verwenden Sie "
                 "in UBL 3 (Rechnungsdatum), 35 (Lieferdatum) oder 432 (Zahlungsdatum), in CII 5, 29 oder 72 mit "
                 "derselben Bedeutung."),
    "BR-CL-07": ("The scheme of the invoiced object identifier (BT-18 or BT-128) is not a code of UNTDID 1153. "
                 "Please use a code of that list, e.g. AAG, or leave the scheme out.",
                 "Das Schema der Objektkennung (BT-18 oder BT-128) ist kein Code der Liste UNTDID 1153. Bitte "
                 "verwenden Sie einen Code dieser Liste, z. B. AAG, oder lassen Sie das Schema weg."),
    "BR-CL-08": ("The subject code of an invoice note (BT-21) is not a code of UNTDID 4451. Please use e.g. AAI "
                 "(general information), REG (regulatory information) or SUR (remarks by the seller), or leave the "
                 "subject code out.",
                 "Der Betreff-Code einer Bemerkung zur Rechnung (BT-21) ist kein Code der Liste UNTDID 4451. Bitte "
                 "verwenden Sie z. B. AAI (allgemeine Information), REG (gesetzliche Angaben) oder SUR (Anmerkungen "
                 "des Verkäufers) oder lassen Sie den Code weg."),
    "BR-CL-10": _scheme("party identifier (BT-29, BT-46, BT-60 or BT-90)",
                        "einer Parteikennung (BT-29, BT-46, BT-60 oder BT-90)",
                        ("an ISO 6523 ICD code such as 0088 (GLN), or SEPA for a SEPA creditor identifier",
                         "einen Code der Liste ISO 6523 ICD wie 0088 (GLN) oder SEPA für eine "
                         "Gläubiger-Identifikationsnummer")),
    "BR-CL-11": _scheme("legal registration identifier (BT-30, BT-47 or BT-61)",
                        "einer Registernummer (BT-30, BT-47 oder BT-61)"),
    "BR-CL-13": ("The scheme (listID) of the item classification identifier (BT-158)[ \"{value}\"] is not a code "
                 "of UNTDID 7143. Please use a code of that list, e.g. STI, or leave the classification out.",
                 "Das Schema (listID) der Klassifizierungskennung des Artikels (BT-158)[ „{value}“] ist kein Code "
                 "der Liste UNTDID 7143. Bitte verwenden Sie einen Code dieser Liste, z. B. STI, oder lassen Sie "
                 "die Klassifizierung weg."),
    "BR-CL-14": ("The country code[ \"{value}\"] is not an ISO 3166-1 alpha-2 code. Please use the two-letter "
                 "code in capitals, e.g. DE.",
                 "Der Ländercode[ „{value}“] ist kein Code nach ISO 3166-1 alpha-2. Bitte verwenden Sie den "
                 "zweistelligen Code in Großbuchstaben, z. B. DE."),
    "BR-CL-15": ("The item country of origin (BT-159)[ \"{value}\"] is not an ISO 3166-1 alpha-2 code. Please use "
                 "the two-letter code in capitals, e.g. DE.",
                 "Das Herkunftsland des Artikels (BT-159)[ „{value}“] ist kein Code nach ISO 3166-1 alpha-2. Bitte "
                 "verwenden Sie den zweistelligen Code in Großbuchstaben, z. B. DE."),
    "BR-CL-16": ("The payment means type code (BT-81)[ \"{value}\"] is not a code of UNTDID 4461. Please use e.g. "
                 "58 (SEPA credit transfer), 30 (credit transfer), 59 (SEPA direct debit) or 54 (credit card).",
                 "Der Code für die Zahlungsart (BT-81)[ „{value}“] ist kein Code der Liste UNTDID 4461. Bitte "
                 "verwenden Sie z. B. 58 (SEPA-Überweisung), 30 (Überweisung), 59 (SEPA-Lastschrift) oder 54 "
                 "(Kreditkarte)."),
    "BR-CL-17": _VAT_CATEGORY,
    "BR-CL-18": _VAT_CATEGORY,
    "BR-CL-19": ("The allowance reason code (BT-98 or BT-140)[ \"{value}\"] is not a code of UNTDID 5189. Please "
                 "use e.g. 95 (discount) or 41 (bonus for works ahead of schedule), or give the reason as text "
                 "only.",
                 "Der Code für den Grund eines Nachlasses (BT-98 oder BT-140)[ „{value}“] ist kein Code der Liste "
                 "UNTDID 5189. Bitte verwenden Sie z. B. 95 (Rabatt) oder geben Sie den Grund nur als Text an."),
    "BR-CL-20": ("The charge reason code (BT-105 or BT-145)[ \"{value}\"] is not a code of UNTDID 7161. Please use "
                 "e.g. FC (freight) or ABL (packaging), or give the reason as text only.",
                 "Der Code für den Grund eines Zuschlags (BT-105 oder BT-145)[ „{value}“] ist kein Code der Liste "
                 "UNTDID 7161. Bitte verwenden Sie z. B. FC (Fracht) oder ABL (Verpackung) oder geben Sie den Grund "
                 "nur als Text an."),
    "BR-CL-21": _scheme("item standard identifier (BT-157)", "der Standardkennung des Artikels (BT-157)",
                        ("an ISO 6523 ICD code, e.g. 0160 for a GTIN",
                         "einen Code der Liste ISO 6523 ICD, z. B. 0160 für eine GTIN")),
    "BR-CL-22": ("The VAT exemption reason code (BT-121)[ \"{value}\"] is not in the VATEX code list. Please use a "
                 "VATEX code, e.g. VATEX-EU-AE (reverse charge) or VATEX-EU-IC (intra-community supply), or give "
                 "the reason as text (BT-120) only.",
                 "Der Code für den Befreiungsgrund (BT-121)[ „{value}“] steht nicht in der VATEX-Codeliste. Bitte "
                 "verwenden Sie einen VATEX-Code, z. B. VATEX-EU-AE (Steuerschuldnerschaft des "
                 "Leistungsempfängers) oder VATEX-EU-IC (innergemeinschaftliche Lieferung), oder geben Sie den Grund "
                 "nur als Text (BT-120) an."),
    "BR-CL-23": ("The unit of measure (unitCode) of the quantity[ \"{value}\"] is not a code of UN/ECE "
                 "Recommendation 20 or 21. Please use e.g. C62 (piece), H87 (piece), HUR (hour), DAY (day), KGM "
                 "(kilogram) or LTR (litre).",
                 "Die Mengeneinheit (unitCode) der Menge[ „{value}“] ist kein Code der UN/ECE-Empfehlung 20 oder "
                 "21. Bitte verwenden Sie z. B. C62 (Stück), H87 (Stück), HUR (Stunde), DAY (Tag), KGM "
                 "(Kilogramm) oder LTR (Liter)."),
    "BR-CL-24": ("An attached document (BT-125) has a file type (mimeCode) that is not allowed. Please attach it "
                 "as PDF (application/pdf), PNG (image/png), JPEG (image/jpeg), CSV (text/csv), Excel (.xlsx) or "
                 "OpenDocument spreadsheet (.ods).",
                 "Ein angehängtes Dokument (BT-125) hat einen nicht zulässigen Dateityp (mimeCode). Bitte hängen "
                 "Sie es als PDF (application/pdf), PNG (image/png), JPEG (image/jpeg), CSV (text/csv), "
                 "Excel-Tabelle (.xlsx) oder OpenDocument-Tabelle (.ods) an."),
    "BR-CL-25": _scheme("electronic address (BT-34 or BT-49)", "einer elektronischen Adresse (BT-34 oder BT-49)",
                        ("an EAS code, e.g. EM (e-mail address), 0204 (Leitweg-ID) or 9930 (German VAT "
                         "identifier)",
                         "einen Code der EAS-Liste, z. B. EM (E-Mail-Adresse), 0204 (Leitweg-ID) oder 9930 "
                         "(deutsche Umsatzsteuer-Identifikationsnummer)"), optional=False),
    "BR-CL-26": _scheme("deliver-to location identifier (BT-71)", "der Kennung des Lieferorts (BT-71)",
                        ("an ISO 6523 ICD code, e.g. 0088 (GLN)",
                         "einen Code der Liste ISO 6523 ICD, z. B. 0088 (GLN)")),
}
