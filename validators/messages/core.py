"""Messages for the EN 16931 core rules BR-01 … BR-65: what every invoice must contain.

Each entry is (English, German), written for the person who issues the invoice: what is missing
or wrong, with the business term's number and name, and what to put there instead.
"""

from __future__ import annotations

_GIVE = ("Please add it.", "Bitte ergänzen Sie die Angabe.")


def _header(term: str, en: str, de: str, hint_en: str = "", hint_de: str = "") -> tuple[str, str]:
    """A required header term that is missing (`en`/`de`: its name with article)."""
    return (f"The invoice has no {en} ({term}). {hint_en or _GIVE[0]}",
            f"In der Rechnung fehlt {de} ({term}). {hint_de or _GIVE[1]}")


MESSAGES: dict[str, tuple[str, str]] = {
    "BR-01": _header("BT-24", "specification identifier", "die Spezifikationskennung",
                     "Please state the standard the invoice follows, for XRechnung "
                     "'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0'.",
                     "Bitte geben Sie an, nach welchem Standard die Rechnung erstellt ist, für XRechnung "
                     "'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0'."),
    "BR-02": _header("BT-1", "invoice number", "die Rechnungsnummer",
                     "Please give the number under which you issued the invoice.",
                     "Bitte geben Sie die Nummer an, unter der Sie die Rechnung ausgestellt haben."),
    "BR-03": _header("BT-2", "invoice issue date", "das Rechnungsdatum",
                     "Please give the date the invoice was issued.", "Bitte geben Sie das Ausstellungsdatum an."),
    "BR-04": _header("BT-3", "invoice type code", "der Code für die Rechnungsart",
                     "Please use e.g. 380 for an invoice or 381 for a credit note.",
                     "Bitte verwenden Sie z. B. 380 für eine Rechnung oder 381 für eine Gutschrift."),
    "BR-05": _header("BT-5", "invoice currency code", "der Code für die Rechnungswährung",
                     "Please give the currency of the amounts, e.g. EUR.",
                     "Bitte geben Sie die Währung der Beträge an, z. B. EUR."),
    "BR-06": ("The seller name (BT-27) is missing. Please give your company's full legal name.",
              "Der Name des Verkäufers (BT-27) fehlt. Bitte geben Sie den vollständigen Namen Ihres "
              "Unternehmens an."),
    "BR-07": ("The buyer name (BT-44) is missing. Please give the name of the authority or company you invoice.",
              "Der Name des Käufers (BT-44) fehlt. Bitte geben Sie den Namen der Behörde oder des Unternehmens "
              "an, dem Sie die Rechnung stellen."),
    "BR-08": ("The seller postal address (BG-5) is missing. Please give your postal address.",
              "Die Postanschrift des Verkäufers (BG-5) fehlt. Bitte geben Sie Ihre Anschrift an."),
    "BR-09": ("The seller postal address (BG-5) has no country code (BT-40). Please give the two-letter "
              "ISO 3166-1 code, e.g. DE.",
              "In der Postanschrift des Verkäufers (BG-5) fehlt der Ländercode (BT-40). Bitte geben Sie den "
              "zweistelligen Code nach ISO 3166-1 an, z. B. DE."),
    "BR-10": ("The buyer postal address (BG-8) is missing. Please give the buyer's address.",
              "Die Postanschrift des Käufers (BG-8) fehlt. Bitte geben Sie die Anschrift des Käufers an."),
    "BR-11": ("The buyer postal address (BG-8) has no country code (BT-55). Please give the two-letter "
              "ISO 3166-1 code, e.g. DE.",
              "In der Postanschrift des Käufers (BG-8) fehlt der Ländercode (BT-55). Bitte geben Sie den "
              "zweistelligen Code nach ISO 3166-1 an, z. B. DE."),
    "BR-12": ("The document totals (BG-22) lack the sum of invoice line net amounts (BT-106). Please add it.",
              "In den Gesamtbeträgen (BG-22) fehlt die Summe der Nettobeträge der Rechnungspositionen (BT-106). "
              "Bitte ergänzen Sie sie."),
    "BR-13": ("The document totals (BG-22) lack the invoice total amount without VAT (BT-109). Please add it.",
              "In den Gesamtbeträgen (BG-22) fehlt der Gesamtbetrag ohne Umsatzsteuer (BT-109). "
              "Bitte ergänzen Sie ihn."),
    "BR-14": ("The document totals (BG-22) lack the invoice total amount with VAT (BT-112). Please add it.",
              "In den Gesamtbeträgen (BG-22) fehlt der Gesamtbetrag einschließlich Umsatzsteuer (BT-112). "
              "Bitte ergänzen Sie ihn."),
    "BR-15": ("The document totals (BG-22) lack the amount due for payment (BT-115). Please add it "
              "(0.00 if nothing is left to pay).",
              "In den Gesamtbeträgen (BG-22) fehlt der fällige Zahlungsbetrag (BT-115). Bitte ergänzen Sie ihn "
              "(0.00, wenn nichts mehr zu zahlen ist)."),
    "BR-16": ("The invoice has no invoice line (BG-25). Every invoice needs at least one line saying what is "
              "charged.",
              "Die Rechnung enthält keine Rechnungsposition (BG-25). Jede Rechnung braucht mindestens eine "
              "Position, die sagt, was berechnet wird."),
    "BR-17": ("The payee (BG-10) has no name (BT-59), or the same name or identifier as the seller. Give the "
              "payee only when someone other than the seller receives the payment, and then give the payee's "
              "own name.",
              "Der Zahlungsempfänger (BG-10) hat keinen Namen (BT-59) oder denselben Namen bzw. dieselbe Kennung "
              "wie der Verkäufer. Geben Sie einen Zahlungsempfänger nur an, wenn jemand anderes als der "
              "Verkäufer das Geld erhält, und dann mit seinem eigenen Namen."),
    "BR-18": ("The seller tax representative (BG-11) has no name (BT-62). Please give the representative's name.",
              "Der Steuervertreter des Verkäufers (BG-11) hat keinen Namen (BT-62). Bitte geben Sie den Namen "
              "des Steuervertreters an."),
    "BR-19": ("The seller tax representative (BG-11) has no postal address (BG-12). Please give the "
              "representative's address.",
              "Der Steuervertreter des Verkäufers (BG-11) hat keine Postanschrift (BG-12). Bitte geben Sie die "
              "Anschrift des Steuervertreters an."),
    "BR-20": ("The postal address of the seller tax representative (BG-12) has no country code (BT-69). Please "
              "give the two-letter ISO 3166-1 code, e.g. DE.",
              "In der Postanschrift des Steuervertreters (BG-12) fehlt der Ländercode (BT-69). Bitte geben Sie "
              "den zweistelligen Code nach ISO 3166-1 an, z. B. DE."),
    "BR-21": ("An invoice line (BG-25) has no line identifier (BT-126). Please number every line, e.g. 1, 2, 3.",
              "Eine Rechnungsposition (BG-25) hat keine Positionsnummer (BT-126). Bitte nummerieren Sie jede "
              "Position, z. B. 1, 2, 3."),
    "BR-22": ("An invoice line (BG-25) has no invoiced quantity (BT-129). Please give the quantity charged.",
              "Bei einer Rechnungsposition (BG-25) fehlt die Menge (BT-129). Bitte geben Sie die berechnete "
              "Menge an."),
    "BR-23": ("The invoiced quantity of an invoice line has no unit of measure (BT-130). Please add a "
              "UN/ECE Recommendation 20 code, e.g. C62 (piece), HUR (hour) or KGM (kilogram).",
              "Bei der Menge einer Rechnungsposition fehlt die Mengeneinheit (BT-130). Bitte ergänzen Sie einen "
              "Code nach UN/ECE-Empfehlung 20, z. B. C62 (Stück), HUR (Stunde) oder KGM (Kilogramm)."),
    "BR-24": ("An invoice line (BG-25) has no line net amount (BT-131). Please give quantity × net price, "
              "less line allowances, plus line charges.",
              "Bei einer Rechnungsposition (BG-25) fehlt der Nettobetrag (BT-131). Bitte geben Sie Menge × "
              "Nettopreis abzüglich Nachlässen und zuzüglich Zuschlägen der Position an."),
    "BR-25": ("An invoice line (BG-25) has no item name (BT-153). Please name what was delivered or done.",
              "Bei einer Rechnungsposition (BG-25) fehlt der Artikelname (BT-153). Bitte benennen Sie die "
              "Lieferung oder Leistung."),
    "BR-26": ("An invoice line (BG-25) has no item net price (BT-146). Please give the price per unit.",
              "Bei einer Rechnungsposition (BG-25) fehlt der Nettopreis (BT-146). Bitte geben Sie den Preis je "
              "Einheit an."),
    "BR-27": ("The item net price (BT-146) of an invoice line is negative. Prices must not be negative; show a "
              "reduction as an allowance, or a refund as a negative quantity or a credit note.",
              "Der Nettopreis (BT-146) einer Rechnungsposition ist negativ. Preise dürfen nicht negativ sein; "
              "weisen Sie eine Minderung als Nachlass aus, eine Erstattung als negative Menge oder als "
              "Gutschrift."),
    "BR-28": ("The item gross price (BT-148) of an invoice line is negative. Prices must not be negative; "
              "please correct the gross price.",
              "Der Bruttopreis (BT-148) einer Rechnungsposition ist negativ. Preise dürfen nicht negativ sein; "
              "bitte berichtigen Sie den Bruttopreis."),
    "BR-29": ("The invoicing period ends before it starts: the end date (BT-74) is earlier than the start date "
              "(BT-73). Please correct the dates.",
              "Der Abrechnungszeitraum endet vor seinem Beginn: Das Enddatum (BT-74) liegt vor dem Anfangsdatum "
              "(BT-73). Bitte berichtigen Sie die Daten."),
    "BR-30": ("An invoice line period ends before it starts: the end date (BT-135) is earlier than the start "
              "date (BT-134). Please correct the dates.",
              "Ein Leistungszeitraum einer Rechnungsposition endet vor seinem Beginn: Das Enddatum (BT-135) liegt "
              "vor dem Anfangsdatum (BT-134). Bitte berichtigen Sie die Daten."),
    "BR-31": ("A document level allowance (BG-20) has no amount (BT-92). Please give the amount deducted.",
              "Bei einem Nachlass auf Dokumentebene (BG-20) fehlt der Betrag (BT-92). Bitte geben Sie den "
              "abgezogenen Betrag an."),
    "BR-32": ("A document level allowance (BG-20) has no VAT category code (BT-95). Please state the VAT "
              "category it reduces, e.g. S for standard rate.",
              "Bei einem Nachlass auf Dokumentebene (BG-20) fehlt die Umsatzsteuerkategorie (BT-95). Bitte geben "
              "Sie an, welche Kategorie er mindert, z. B. S für den Regelsteuersatz."),
    "BR-33": ("A document level allowance (BG-20) has neither a reason (BT-97) nor a reason code (BT-98). "
              "Please say why the allowance is granted.",
              "Ein Nachlass auf Dokumentebene (BG-20) hat weder einen Grund (BT-97) noch einen Code für den Grund "
              "(BT-98). Bitte geben Sie an, warum der Nachlass gewährt wird."),
    "BR-36": ("A document level charge (BG-21) has no amount (BT-99). Please give the amount added.",
              "Bei einem Zuschlag auf Dokumentebene (BG-21) fehlt der Betrag (BT-99). Bitte geben Sie den "
              "berechneten Betrag an."),
    "BR-37": ("A document level charge (BG-21) has no VAT category code (BT-102). Please state the VAT "
              "category it belongs to, e.g. S for standard rate.",
              "Bei einem Zuschlag auf Dokumentebene (BG-21) fehlt die Umsatzsteuerkategorie (BT-102). Bitte "
              "geben Sie die Kategorie an, z. B. S für den Regelsteuersatz."),
    "BR-38": ("A document level charge (BG-21) has neither a reason (BT-104) nor a reason code (BT-105). "
              "Please say what the charge is for.",
              "Ein Zuschlag auf Dokumentebene (BG-21) hat weder einen Grund (BT-104) noch einen Code für den "
              "Grund (BT-105). Bitte geben Sie an, wofür der Zuschlag berechnet wird."),
    "BR-41": ("An invoice line allowance (BG-27) has no amount (BT-136). Please give the amount deducted.",
              "Bei einem Nachlass auf Positionsebene (BG-27) fehlt der Betrag (BT-136). Bitte geben Sie den "
              "abgezogenen Betrag an."),
    "BR-42": ("An invoice line allowance (BG-27) has neither a reason (BT-139) nor a reason code (BT-140). "
              "Please say why the allowance is granted.",
              "Ein Nachlass auf Positionsebene (BG-27) hat weder einen Grund (BT-139) noch einen Code für den "
              "Grund (BT-140). Bitte geben Sie an, warum der Nachlass gewährt wird."),
    "BR-43": ("An invoice line charge (BG-28) has no amount (BT-141). Please give the amount added.",
              "Bei einem Zuschlag auf Positionsebene (BG-28) fehlt der Betrag (BT-141). Bitte geben Sie den "
              "berechneten Betrag an."),
    "BR-44": ("An invoice line charge (BG-28) has neither a reason (BT-144) nor a reason code (BT-145). "
              "Please say what the charge is for.",
              "Ein Zuschlag auf Positionsebene (BG-28) hat weder einen Grund (BT-144) noch einen Code für den "
              "Grund (BT-145). Bitte geben Sie an, wofür der Zuschlag berechnet wird."),
    "BR-45": ("A VAT breakdown (BG-23) has no VAT category taxable amount (BT-116). Please give the net "
              "amount the VAT of this category is calculated on.",
              "Bei einer Umsatzsteueraufschlüsselung (BG-23) fehlt die Bemessungsgrundlage (BT-116). Bitte geben "
              "Sie den Nettobetrag an, auf den die Steuer dieser Kategorie berechnet wird."),
    "BR-46": ("A VAT breakdown (BG-23) has no VAT category tax amount (BT-117). Please give the VAT amount of "
              "this category (0.00 where no VAT is due).",
              "Bei einer Umsatzsteueraufschlüsselung (BG-23) fehlt der Steuerbetrag (BT-117). Bitte geben Sie "
              "den Steuerbetrag dieser Kategorie an (0.00, wenn keine Steuer anfällt)."),
    "BR-47": ("A VAT breakdown (BG-23) has no VAT category code (BT-118). Please state the category, "
              "e.g. S for standard rate.",
              "Bei einer Umsatzsteueraufschlüsselung (BG-23) fehlt die Umsatzsteuerkategorie (BT-118). Bitte "
              "geben Sie die Kategorie an, z. B. S für den Regelsteuersatz."),
    "BR-48": ("A VAT breakdown (BG-23) has no VAT category rate (BT-119). Please give the rate in percent, "
              "0 for zero-rated or exempt supplies; only category O (not subject to VAT) goes without one.",
              "Bei einer Umsatzsteueraufschlüsselung (BG-23) fehlt der Steuersatz (BT-119). Bitte geben Sie den "
              "Satz in Prozent an, 0 bei steuerfreien Umsätzen; nur Kategorie O (nicht steuerbar) kommt ohne "
              "Satz aus."),
    "BR-49": ("A payment instruction (BG-16) has no payment means type code (BT-81). Please state how to pay, "
              "e.g. 58 for a SEPA credit transfer.",
              "Bei den Zahlungsanweisungen (BG-16) fehlt der Code für die Zahlungsart (BT-81). Bitte geben Sie "
              "an, wie gezahlt werden soll, z. B. 58 für eine SEPA-Überweisung."),
    "BR-50": ("The credit transfer details (BG-17) have no payment account identifier (BT-84). Please give "
              "the account to pay to, usually your IBAN.",
              "Bei den Überweisungsangaben (BG-17) fehlt die Kennung des Zahlungskontos (BT-84). Bitte geben Sie "
              "das Konto an, auf das gezahlt werden soll, in der Regel Ihre IBAN."),
    "BR-51": ("The payment card primary account number (BT-87) is longer than 10 characters. For card "
              "security (PCI DSS) show at most the first 6 and the last 4 digits.",
              "Die Kartennummer (BT-87) ist länger als 10 Zeichen. Aus Sicherheitsgründen (PCI DSS) dürfen "
              "höchstens die ersten 6 und die letzten 4 Ziffern angegeben werden."),
    "BR-52": ("An additional supporting document (BG-24) has no document reference (BT-122). Please give the "
              "document's number or name.",
              "Bei einer rechnungsbegründenden Unterlage (BG-24) fehlt die Kennung (BT-122). Bitte geben Sie die "
              "Nummer oder Bezeichnung der Unterlage an."),
    "BR-53": ("A VAT accounting currency (BT-6) is given, but not the invoice total VAT amount in that "
              "currency (BT-111). Please add the VAT total in the accounting currency, or leave out the "
              "accounting currency.",
              "Eine Umsatzsteuer-Buchungswährung (BT-6) ist angegeben, aber nicht der Umsatzsteuergesamtbetrag "
              "in dieser Währung (BT-111). Bitte ergänzen Sie diesen Betrag oder lassen Sie die "
              "Buchungswährung weg."),
    "BR-54": ("An item attribute (BG-32) lacks its name (BT-160) or its value (BT-161). Please give both.",
              "Bei einer Artikeleigenschaft (BG-32) fehlt der Name (BT-160) oder der Wert (BT-161). Bitte geben "
              "Sie beides an."),
    "BR-55": ("A preceding invoice reference (BG-3) does not give the number of the preceding invoice (BT-25). "
              "Please add the number of the invoice this one refers to.",
              "Bei einem Verweis auf eine vorausgegangene Rechnung (BG-3) fehlt deren Nummer (BT-25). Bitte "
              "geben Sie die Nummer der Rechnung an, auf die sich diese bezieht."),
    "BR-56": ("The seller tax representative (BG-11) has no VAT identifier (BT-63). Please give the "
              "representative's VAT identification number.",
              "Beim Steuervertreter des Verkäufers (BG-11) fehlt die Umsatzsteuer-Identifikationsnummer (BT-63). "
              "Bitte geben Sie sie an."),
    "BR-57": ("The deliver-to address (BG-15) has no country code (BT-80). Please give the two-letter "
              "ISO 3166-1 code, e.g. DE.",
              "In der Lieferanschrift (BG-15) fehlt der Ländercode (BT-80). Bitte geben Sie den zweistelligen "
              "Code nach ISO 3166-1 an, z. B. DE."),
    "BR-61": ("The payment means type code (BT-81) is a credit transfer (30 or 58), but no payment account "
              "identifier (BT-84) is given. Please give the account to pay to, usually your IBAN.",
              "Der Code für die Zahlungsart (BT-81) steht für eine Überweisung (30 oder 58), es ist aber keine "
              "Kennung des Zahlungskontos (BT-84) angegeben. Bitte geben Sie das Konto an, in der Regel Ihre "
              "IBAN."),
    "BR-62": ("The seller electronic address (BT-34) has no scheme identifier. Please state which kind of "
              "address it is, e.g. EM for an e-mail address.",
              "Bei der elektronischen Adresse des Verkäufers (BT-34) fehlt die Schemakennung. Bitte geben Sie "
              "an, welche Art Adresse es ist, z. B. EM für eine E-Mail-Adresse."),
    "BR-63": ("The buyer electronic address (BT-49) has no scheme identifier. Please state which kind of "
              "address it is, e.g. 0204 for a Leitweg-ID or EM for an e-mail address.",
              "Bei der elektronischen Adresse des Käufers (BT-49) fehlt die Schemakennung. Bitte geben Sie an, "
              "welche Art Adresse es ist, z. B. 0204 für eine Leitweg-ID oder EM für eine E-Mail-Adresse."),
    "BR-64": ("An item standard identifier (BT-157) has no scheme identifier. Please state the scheme, "
              "e.g. 0160 for a GTIN.",
              "Bei einer Standardkennung des Artikels (BT-157) fehlt die Schemakennung. Bitte geben Sie das "
              "Schema an, z. B. 0160 für eine GTIN."),
    "BR-65": ("An item classification identifier (BT-158) has no scheme identifier. Please state the "
              "classification scheme from UNTDID 7143, e.g. STI.",
              "Bei einer Klassifizierungskennung des Artikels (BT-158) fehlt die Schemakennung. Bitte geben Sie "
              "das Klassifizierungsschema nach UNTDID 7143 an, z. B. STI."),
}
