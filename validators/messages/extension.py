"""Messages for the XRechnung extension rules BR-DEX-* and the Peppol rules PEPPOL-EN16931-R* that XRechnung
adopts."""

from __future__ import annotations


def _scheme(subject_en: str, subject_de: str, example_en: str, example_de: str) -> tuple[str, str]:
    """BR-DEX-04 … 08: a scheme identifier outside the list the XRechnung extension allows."""
    return (f"The scheme identifier (schemeID) of {subject_en}[ \"{{value}}\"] is not in its code list. Please use "
            f"{example_en}.",
            f"Die Schemakennung (schemeID) {subject_de}[ „{{value}}“] steht nicht in ihrer Codeliste. Bitte verwenden "
            f"Sie {example_de}.")


def _third_party(term: str, en: str, de: str) -> tuple[str, str]:
    """BR-DEX-10 … 12: a third party payment (BG-DEX-09) lacks a term."""
    return (f"A third party payment (BG-DEX-09) has no {en} ({term}). Please add it.",
            f"Bei einer Zahlung durch Dritte (BG-DEX-09) fehlt {de} ({term}). Bitte ergänzen Sie die Angabe.")


_CHARGE_INDICATOR = ("The allowance/charge indicator of an allowance or charge is neither 'true' (charge) nor "
                     "'false' (allowance). Please write exactly true or false, in lower case.",
                     "Das Kennzeichen eines Nachlasses oder Zuschlags ist weder 'true' (Zuschlag) noch 'false' "
                     "(Nachlass). Bitte schreiben Sie genau true oder false in Kleinbuchstaben.")

MESSAGES: dict[str, tuple[str, str]] = {
    "BR-DEX-01": ("An attached document (BT-125) has a file type (mimeCode) that the XRechnung extension does not "
                  "allow. Please attach it as PDF, PNG, JPEG, CSV, Excel (.xlsx), OpenDocument spreadsheet (.ods) or "
                  "XML (application/xml).",
                  "Ein angehängtes Dokument (BT-125) hat einen Dateityp (mimeCode), den die XRechnung-Erweiterung "
                  "nicht zulässt. Bitte hängen Sie es als PDF, PNG, JPEG, CSV, Excel-Tabelle (.xlsx), "
                  "OpenDocument-Tabelle (.ods) oder XML (application/xml) an."),
    "BR-DEX-02": ("The net amount (BT-131) of an invoice line with sub invoice lines (BG-DEX-01) is not the sum of "
                  "the net amounts of its sub lines. Please correct the line or its sub lines.",
                  "Der Nettobetrag (BT-131) einer Rechnungsposition mit Unterpositionen (BG-DEX-01) ist nicht die "
                  "Summe der Nettobeträge ihrer Unterpositionen. Bitte berichtigen Sie die Position oder ihre "
                  "Unterpositionen."),
    "BR-DEX-03": ("A sub invoice line (BG-DEX-01) does not have exactly one VAT information group (BG-DEX-06). Please "
                  "give each sub line exactly one VAT category with its rate.",
                  "Eine Unterposition (BG-DEX-01) hat nicht genau eine Umsatzsteuerangabe (BG-DEX-06). Bitte geben "
                  "Sie für jede Unterposition genau eine Kategorie mit Steuersatz an."),
    "BR-DEX-04": _scheme("a party identifier", "einer Parteikennung",
                         "an ISO 6523 ICD code, e.g. 0088 (GLN), or leave the scheme out",
                         "einen Code der Liste ISO 6523 ICD, z. B. 0088 (GLN), oder lassen Sie die Schemakennung weg"),
    "BR-DEX-05": _scheme("an identifier such as the legal registration identifier (BT-30)",
                         "einer Kennung wie der Registernummer (BT-30)",
                         "an ISO 6523 ICD code, or leave the scheme out",
                         "einen Code der Liste ISO 6523 ICD oder lassen Sie die Schemakennung weg"),
    "BR-DEX-06": _scheme("the item standard identifier (BT-157)", "der Standardkennung des Artikels (BT-157)",
                         "an ISO 6523 ICD code, e.g. 0160 for a GTIN",
                         "einen Code der Liste ISO 6523 ICD, z. B. 0160 für eine GTIN"),
    "BR-DEX-07": _scheme("the electronic address (BT-34 or BT-49)", "der elektronischen Adresse (BT-34 oder BT-49)",
                         "an EAS code, e.g. EM (e-mail address) or 0204 (Leitweg-ID)",
                         "einen Code der EAS-Liste, z. B. EM (E-Mail-Adresse) oder 0204 (Leitweg-ID)"),
    "BR-DEX-08": _scheme("the deliver-to location identifier (BT-71)", "der Kennung des Lieferorts (BT-71)",
                         "an ISO 6523 ICD code, e.g. 0088 (GLN)", "einen Code der Liste ISO 6523 ICD, z. B. 0088 (GLN)"),
    "BR-DEX-09": ("The amount due for payment (BT-115) is not the total with VAT (BT-112) minus the paid amount "
                  "(BT-113) plus the rounding amount (BT-114) plus the third party payments (BT-DEX-002). Please "
                  "correct the amount due or the third party payments.",
                  "Der fällige Zahlungsbetrag (BT-115) ist nicht der Gesamtbetrag einschließlich Umsatzsteuer "
                  "(BT-112) abzüglich des gezahlten Betrags (BT-113) zuzüglich Rundungsbetrag (BT-114) und Zahlungen "
                  "durch Dritte (BT-DEX-002). Bitte berichtigen Sie den fälligen Betrag oder die Zahlungen durch "
                  "Dritte."),
    "BR-DEX-10": _third_party("BT-DEX-001", "payment type", "die Art der Zahlung"),
    "BR-DEX-11": _third_party("BT-DEX-002", "amount", "der Betrag"),
    "BR-DEX-12": _third_party("BT-DEX-003", "description", "die Beschreibung"),
    "BR-DEX-13": ("The amount of a third party payment (BT-DEX-002) has more than two decimal places. Please round it "
                  "to at most two decimals.",
                  "Der Betrag einer Zahlung durch Dritte (BT-DEX-002) hat mehr als zwei Nachkommastellen. Bitte runden "
                  "Sie auf höchstens zwei Nachkommastellen."),
    "BR-DEX-14": ("The currency of a third party payment (BT-DEX-002) is not the invoice currency (BT-5). Please give "
                  "the amount in the invoice currency.",
                  "Die Währung einer Zahlung durch Dritte (BT-DEX-002) ist nicht die Rechnungswährung (BT-5). Bitte "
                  "geben Sie den Betrag in der Rechnungswährung an."),
    "BR-DEX-15": ("The invoice seems to use sub invoice lines (ram:ParentLineID). XRechnung does not support them in "
                  "the CII format; please send flat invoice lines, or use UBL for sub invoice lines.",
                  "Die Rechnung scheint Unterpositionen zu verwenden (ram:ParentLineID). XRechnung unterstützt sie im "
                  "CII-Format nicht; bitte übermitteln Sie einfache Rechnungspositionen oder verwenden Sie für "
                  "Unterpositionen UBL."),
    "PEPPOL-EN16931-R001": ("The business process type (BT-23) is missing. Please state it, for XRechnung "
                            "'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'.",
                            "Die Prozesskennung (BT-23) fehlt. Bitte geben Sie sie an, für XRechnung "
                            "'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'."),
    "PEPPOL-EN16931-R005": ("The VAT accounting currency (BT-6) is the same as the invoice currency (BT-5). Give a VAT "
                            "accounting currency only when it differs; otherwise leave it out.",
                            "Die Umsatzsteuer-Buchungswährung (BT-6) ist gleich der Rechnungswährung (BT-5). Geben Sie "
                            "eine Buchungswährung nur an, wenn sie abweicht; sonst lassen Sie sie weg."),
    "PEPPOL-EN16931-R008": ("The invoice contains an empty element[ ({element})]. Please fill it or remove it; empty "
                            "elements are not allowed.",
                            "Die Rechnung enthält ein leeres Element[ ({element})]. Bitte füllen oder entfernen Sie es; "
                            "leere Elemente sind nicht erlaubt."),
    "PEPPOL-EN16931-R010": ("The buyer electronic address (BT-49) is missing. Please give the address the invoice is "
                            "delivered to, for a public buyer usually the Leitweg-ID with scheme 0204.",
                            "Die elektronische Adresse des Käufers (BT-49) fehlt. Bitte geben Sie die Adresse an, an "
                            "die die Rechnung geht, bei öffentlichen Auftraggebern meist die Leitweg-ID mit Schema "
                            "0204."),
    "PEPPOL-EN16931-R020": ("The seller electronic address (BT-34) is missing. Please give it, e.g. your e-mail "
                            "address with scheme EM.",
                            "Die elektronische Adresse des Verkäufers (BT-34) fehlt. Bitte geben Sie sie an, z. B. Ihre "
                            "E-Mail-Adresse mit Schema EM."),
    "PEPPOL-EN16931-R040": ("The amount of an allowance or charge is not its base amount × percentage / 100. Please "
                            "correct the amount, the base amount or the percentage.",
                            "Der Betrag eines Nachlasses oder Zuschlags ist nicht Grundbetrag × Prozentsatz / 100. "
                            "Bitte berichtigen Sie Betrag, Grundbetrag oder Prozentsatz."),
    "PEPPOL-EN16931-R041": ("An allowance or charge gives a percentage but no base amount. Please add the base amount "
                            "the percentage applies to.",
                            "Ein Nachlass oder Zuschlag nennt einen Prozentsatz, aber keinen Grundbetrag. Bitte "
                            "ergänzen Sie den Grundbetrag, auf den sich der Prozentsatz bezieht."),
    "PEPPOL-EN16931-R042": ("An allowance or charge gives a base amount but no percentage. Please add the percentage, "
                            "or leave out the base amount.",
                            "Ein Nachlass oder Zuschlag nennt einen Grundbetrag, aber keinen Prozentsatz. Bitte "
                            "ergänzen Sie den Prozentsatz oder lassen Sie den Grundbetrag weg."),
    "PEPPOL-EN16931-R043": _CHARGE_INDICATOR,
    "PEPPOL-EN16931-R043-1": _CHARGE_INDICATOR,
    "PEPPOL-EN16931-R043-2": _CHARGE_INDICATOR,
    "PEPPOL-EN16931-R044": ("The price of an invoice line carries a charge. On the price only a discount (BT-147, "
                            "indicator false) is allowed; put charges on the line instead (BG-28).",
                            "Der Preis einer Rechnungsposition enthält einen Zuschlag. Beim Preis ist nur ein "
                            "Preisnachlass (BT-147, Kennzeichen false) erlaubt; weisen Sie Zuschläge stattdessen bei "
                            "der Position aus (BG-28)."),
    "PEPPOL-EN16931-R046": ("The item net price (BT-146) is not the gross price (BT-148) minus the price discount "
                            "(BT-147). Please correct the prices.",
                            "Der Nettopreis (BT-146) ist nicht der Bruttopreis (BT-148) abzüglich des Preisnachlasses "
                            "(BT-147). Bitte berichtigen Sie die Preise."),
    "PEPPOL-EN16931-R053": ("The invoice does not have exactly one invoice total VAT amount (BT-110) in the invoice "
                            "currency together with its VAT breakdown (BG-23). Please give it exactly once.",
                            "Die Rechnung enthält nicht genau einen Umsatzsteuergesamtbetrag (BT-110) in "
                            "Rechnungswährung mit seiner Aufschlüsselung (BG-23). Bitte geben Sie ihn genau einmal an."),
    "PEPPOL-EN16931-R054": ("The invoice total VAT amount in accounting currency (BT-111) must be given exactly once "
                            "when a VAT accounting currency (BT-6) is stated, and not at all otherwise. Please correct "
                            "the VAT totals.",
                            "Der Umsatzsteuergesamtbetrag in Buchungswährung (BT-111) muss genau einmal angegeben sein, "
                            "wenn eine Buchungswährung (BT-6) genannt ist, sonst gar nicht. Bitte berichtigen Sie die "
                            "Umsatzsteuersummen."),
    "PEPPOL-EN16931-R055": ("The invoice total VAT amount (BT-110) and the VAT total in accounting currency (BT-111) "
                            "have different signs. Both must be positive, or both negative.",
                            "Der Umsatzsteuergesamtbetrag (BT-110) und die Umsatzsteuersumme in Buchungswährung "
                            "(BT-111) haben unterschiedliche Vorzeichen. Beide müssen positiv oder beide negativ sein."),
    "PEPPOL-EN16931-R061": ("The payment means (BT-81) is a direct debit (49 or 59), but the mandate reference (BT-89) "
                            "is missing. Please give the SEPA mandate reference.",
                            "Die Zahlungsart (BT-81) ist eine Lastschrift (49 oder 59), aber die Mandatsreferenz "
                            "(BT-89) fehlt. Bitte geben Sie die SEPA-Mandatsreferenz an."),
    "PEPPOL-EN16931-R101": ("An invoice line refers to a document other than an invoiced object (type code 130). On "
                            "a line only the invoiced object identifier (BT-128) may be given; attach other documents "
                            "at document level (BG-24).",
                            "Eine Rechnungsposition verweist auf ein anderes Dokument als eine Objektkennung (Code "
                            "130). In einer Position darf nur die Objektkennung (BT-128) stehen; fügen Sie andere "
                            "Dokumente auf Dokumentebene bei (BG-24)."),
    "PEPPOL-EN16931-R110": ("An invoice line period starts (BT-134) before the invoicing period (BT-73). A line period "
                            "must lie within the invoicing period; please correct the dates.",
                            "Ein Leistungszeitraum einer Position beginnt (BT-134) vor dem Abrechnungszeitraum "
                            "(BT-73). Er muss innerhalb des Abrechnungszeitraums liegen; bitte berichtigen Sie die "
                            "Daten."),
    "PEPPOL-EN16931-R111": ("An invoice line period ends (BT-135) after the invoicing period (BT-74). A line period "
                            "must lie within the invoicing period; please correct the dates.",
                            "Ein Leistungszeitraum einer Position endet (BT-135) nach dem Abrechnungszeitraum (BT-74). "
                            "Er muss innerhalb des Abrechnungszeitraums liegen; bitte berichtigen Sie die Daten."),
    "PEPPOL-EN16931-R120": ("The invoice line net amount (BT-131) is not quantity (BT-129) × net price (BT-146) / "
                            "price base quantity (BT-149) plus line charges minus line allowances. Please check the "
                            "line.",
                            "Der Nettobetrag einer Position (BT-131) ist nicht Menge (BT-129) × Nettopreis (BT-146) / "
                            "Basismenge (BT-149) zuzüglich Zuschlägen und abzüglich Nachlässen der Position. Bitte "
                            "prüfen Sie die Position."),
    "PEPPOL-EN16931-R121": ("The item price base quantity (BT-149) is not a number greater than zero. Please give the "
                            "quantity the price refers to, e.g. 1.",
                            "Die Basismenge des Preises (BT-149) ist keine Zahl größer als null. Bitte geben Sie die "
                            "Menge an, auf die sich der Preis bezieht, z. B. 1."),
    "PEPPOL-EN16931-R130": ("The price base quantity (BT-149)[ \"{value}\"] has a unit (BT-150) that differs from the "
                            "unit of the invoiced quantity (BT-130). Please use the same unit of measure for both.",
                            "Die Basismenge des Preises (BT-149)[ „{value}“] hat eine Einheit (BT-150), die von der "
                            "Einheit der berechneten Menge (BT-130) abweicht. Bitte verwenden Sie für beide dieselbe "
                            "Mengeneinheit."),
}
