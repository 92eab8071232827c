"""Messages for the CII syntax rules CII-SR-* that are more than "element not used": how often an element
may occur and which elements may not be combined (the plain "not used" rules are generated, see `unused`)."""

from __future__ import annotations

from validators.messages.phrases import exactly_once as _exactly_once
from validators.messages.phrases import once as _once


def _one_identifier(en: str, de: str, term: str) -> tuple[str, str]:
    """CII-SR-449 … 451: both ram:ID and ram:GlobalID given for one identifier."""
    return (f"The {en} ({term}) is given twice, as ram:ID and as ram:GlobalID. Please give only one of them: "
            f"ram:GlobalID with a scheme such as 0088 (GLN), or ram:ID for your own identifier.",
            f"Die Kennung {de} ({term}) ist doppelt angegeben, als ram:ID und als ram:GlobalID. Bitte geben Sie nur "
            f"eine davon an: ram:GlobalID mit einem Schema wie 0088 (GLN) oder ram:ID für eine eigene Kennung.")


def _total(element: str, term: str | None = None, en: str = "", de: str = "") -> tuple[str, str]:
    """CII-SR-477 … 494: an element of the document totals (BG-22) given more than once."""
    if term is None:
        return (f"The document totals (BG-22) contain the element ram:{element} more than once. It is not part of "
                f"EN 16931; please leave it out.",
                f"Die Gesamtbeträge (BG-22) enthalten das Element ram:{element} mehrfach. Es gehört nicht zur "
                f"EN 16931; bitte lassen Sie es weg.")
    return (f"The document totals (BG-22) give the {en} ({term}) more than once. Please give it only once.",
            f"Die Gesamtbeträge (BG-22) enthalten {de} ({term}) mehrfach. Bitte geben Sie den Betrag nur einmal an.")


_CONTACT_POINT = ("The {who} contact ({group}) gives both a person name and a department name. There is only one "
                  "contact point ({term}); please give either the person or the department.",
                  "Der Kontakt des {who_de} ({group}) enthält einen Personen- und einen Abteilungsnamen. Es gibt nur "
                  "eine Kontaktstelle ({term}); bitte geben Sie entweder die Person oder die Abteilung an.")

MESSAGES: dict[str, tuple[str, str]] = {
    "CII-SR-003": _once("The business process type (BT-23)", "Die Prozesskennung (BT-23)"),
    "CII-SR-009": _exactly_once("The specification identifier (BT-24, ram:GuidelineSpecifiedDocumentContextParameter)",
                                "Die Spezifikationskennung (BT-24, ram:GuidelineSpecifiedDocumentContextParameter)"),
    "CII-SR-010": _exactly_once("The identifier (ram:ID) of the specification identifier (BT-24)",
                                "Die Kennung (ram:ID) der Spezifikationskennung (BT-24)"),
    "CII-SR-014": _exactly_once("The invoice type code (BT-3, ram:TypeCode)",
                                "Der Code für die Rechnungsart (BT-3, ram:TypeCode)"),
    "CII-SR-030": ("An invoice note (BG-1) has more than one text (ram:Content, BT-22). Please put the note into one "
                   "text, or give several notes.",
                   "Eine Bemerkung zur Rechnung (BG-1) hat mehr als einen Text (ram:Content, BT-22). Bitte fassen Sie "
                   "den Text zusammen oder geben Sie mehrere Bemerkungen an."),
    "CII-SR-039": _once("The note of an invoice line (BT-127, ram:IncludedNote)",
                        "Die Bemerkung einer Rechnungsposition (BT-127, ram:IncludedNote)"),
    "CII-SR-040": _once("The text of an invoice line note (BT-127, ram:Content)",
                        "Der Text der Bemerkung einer Rechnungsposition (BT-127, ram:Content)"),
    "CII-SR-04": ("A process control parameter (BG-2) carries a value (ram:Value). EN 16931 does not use it; please "
                  "leave it out.",
                  "Ein Parameter der Prozesssteuerung (BG-2) enthält einen Wert (ram:Value). Die EN 16931 sieht ihn "
                  "nicht vor; bitte lassen Sie ihn weg."),
    "CII-SR-05": ("A process control parameter (BG-2) carries a version (ram:SpecifiedDocumentVersion). EN 16931 does "
                  "not use it; please leave it out.",
                  "Ein Parameter der Prozesssteuerung (BG-2) enthält eine Version (ram:SpecifiedDocumentVersion). Die "
                  "EN 16931 sieht sie nicht vor; bitte lassen Sie sie weg."),
    "CII-SR-046": ("An item standard identifier (BT-157, ram:GlobalID) has no scheme identifier (schemeID). Please add "
                   "the scheme, e.g. 0160 for a GTIN.",
                   "Bei einer Standardkennung des Artikels (BT-157, ram:GlobalID) fehlt die Schemakennung (schemeID). "
                   "Bitte ergänzen Sie das Schema, z. B. 0160 für eine GTIN."),
    "CII-SR-069": _exactly_once("The name (BT-160, ram:Description) of an item attribute (BG-32)",
                                "Der Name (BT-160, ram:Description) einer Artikeleigenschaft (BG-32)"),
    "CII-SR-072": _exactly_once("The value (BT-161, ram:Value) of an item attribute (BG-32)",
                                "Der Wert (BT-161, ram:Value) einer Artikeleigenschaft (BG-32)"),
    "CII-SR-090": _exactly_once("The country code (ram:ID) of the item country of origin (BT-159)",
                                "Der Ländercode (ram:ID) des Herkunftslands des Artikels (BT-159)"),
    "CII-SR-119": ("A price allowance on the gross price must be an allowance (charge indicator false) with an amount "
                   "(ram:ActualAmount, BT-147). Charges on the price are not allowed; please give the discount "
                   "amount, or leave out the price allowance.",
                   "Ein Abschlag auf den Bruttopreis muss ein Nachlass (Kennzeichen false) mit Betrag "
                   "(ram:ActualAmount, BT-147) sein. Zuschläge auf den Preis sind nicht erlaubt; bitte geben Sie den "
                   "Nachlassbetrag an oder lassen Sie den Abschlag weg."),
    "CII-SR-439": _exactly_once("The item net price (BT-146) of an invoice line",
                                "Der Nettopreis (BT-146) einer Rechnungsposition"),
    "CII-SR-440": _once("The amount of a price discount (BT-147, ram:ActualAmount)",
                        "Der Betrag eines Preisnachlasses (BT-147, ram:ActualAmount)"),
    "CII-SR-441": _once("The item net price (BT-146) of an invoice line", "Der Nettopreis (BT-146) einer "
                                                                           "Rechnungsposition"),
    "CII-SR-449": _one_identifier("deliver-to location identifier", "des Lieferorts", "BT-71"),
    "CII-SR-450": _one_identifier("buyer identifier", "des Käufers", "BT-46"),
    "CII-SR-451": _one_identifier("payee identifier", "des Zahlungsempfängers", "BT-60"),
    "CII-SR-452": ("The invoice has more than one payment terms group (ram:SpecifiedTradePaymentTerms). Please put all "
                   "payment terms (BT-20), the due date (BT-9) and the mandate (BT-89) into one group.",
                   "Die Rechnung enthält mehr als eine Gruppe Zahlungsbedingungen (ram:SpecifiedTradePaymentTerms). "
                   "Bitte fassen Sie Zahlungsbedingungen (BT-20), Fälligkeitsdatum (BT-9) und Mandatsreferenz (BT-89) "
                   "in einer Gruppe zusammen."),
    "CII-SR-453": ("The payment terms (BT-20) have more than one text (ram:Description). Please put all payment terms "
                   "into one text, one line per condition.",
                   "Die Zahlungsbedingungen (BT-20) haben mehr als einen Text (ram:Description). Bitte fassen Sie alle "
                   "Bedingungen in einem Text zusammen, eine Zeile je Bedingung."),
    "CII-SR-454": ("An invoice line does not have exactly one VAT information group (BG-30, ram:ApplicableTradeTax). "
                   "Please give each line exactly one VAT category with its rate.",
                   "Eine Rechnungsposition hat nicht genau eine Umsatzsteuerangabe (BG-30, ram:ApplicableTradeTax). "
                   "Bitte geben Sie für jede Position genau eine Kategorie mit Steuersatz an."),
    "CII-SR-455": _once("The seller contact (BG-6)", "Der Kontakt des Verkäufers (BG-6)"),
    "CII-SR-456": _once("The buyer contact (BG-9)", "Der Kontakt des Käufers (BG-9)"),
    "CII-SR-457": _once("The tender or lot reference (BT-17, document type code 50)",
                        "Die Vergabe- oder Losnummer (BT-17, Dokumentart 50)"),
    "CII-SR-458": _once("The invoiced object identifier (BT-18, document type code 130)",
                        "Die Objektkennung (BT-18, Dokumentart 130)"),
    "CII-SR-459": _once("The seller electronic address (BT-34)", "Die elektronische Adresse des Verkäufers (BT-34)"),
    "CII-SR-460": _once("The buyer electronic address (BT-49)", "Die elektronische Adresse des Käufers (BT-49)"),
    "CII-SR-461": ("The VAT point date (BT-7, ram:TaxPointDate) is given in more than one VAT breakdown. Please give "
                   "it only once.",
                   "Das Datum der Steuerfälligkeit (BT-7, ram:TaxPointDate) steht in mehr als einer "
                   "Umsatzsteueraufschlüsselung. Bitte geben Sie es nur einmal an."),
    "CII-SR-462": ("The VAT breakdowns give different VAT point date codes (BT-8, ram:DueDateTypeCode). The code "
                   "applies to the whole invoice; please use one code.",
                   "Die Umsatzsteueraufschlüsselungen enthalten unterschiedliche Codes für das Datum der "
                   "Steuerfälligkeit (BT-8, ram:DueDateTypeCode). Der Code gilt für die ganze Rechnung; bitte "
                   "verwenden Sie einen einzigen Code."),
    "CII-SR-463": ("An allowance or charge (BG-20 or BG-21) has no charge indicator (ram:ChargeIndicator). Please state "
                   "whether it is an allowance (false) or a charge (true).",
                   "Bei einem Nachlass oder Zuschlag (BG-20 oder BG-21) fehlt das Kennzeichen (ram:ChargeIndicator). "
                   "Bitte geben Sie an, ob es ein Nachlass (false) oder ein Zuschlag (true) ist."),
    "CII-SR-465": (_CONTACT_POINT[0].format(who="seller", group="BG-6", term="BT-41"),
                   _CONTACT_POINT[1].format(who_de="Verkäufers", group="BG-6", term="BT-41")),
    "CII-SR-466": (_CONTACT_POINT[0].format(who="buyer", group="BG-9", term="BT-56"),
                   _CONTACT_POINT[1].format(who_de="Käufers", group="BG-9", term="BT-56")),
    "CII-SR-467": ("The payment instructions give different payment means type codes (BT-81). All payment "
                   "instructions of one invoice must use the same code.",
                   "Die Zahlungsanweisungen enthalten unterschiedliche Codes für die Zahlungsart (BT-81). Alle "
                   "Zahlungsanweisungen einer Rechnung müssen denselben Code verwenden."),
    "CII-SR-468": ("The payment instructions give different payment means texts (BT-82). Please use the same text in "
                   "all of them.",
                   "Die Zahlungsanweisungen enthalten unterschiedliche Texte zur Zahlungsart (BT-82). Bitte verwenden "
                   "Sie überall denselben Text."),
    "CII-SR-469": _once("The remittance information (BT-83)", "Der Verwendungszweck (BT-83)"),
    "CII-SR-470": ("A credit transfer (payment means code 30 or 58) has no payment account identifier (BT-84). Please "
                   "give the IBAN (ram:IBANID) or another account identifier (ram:ProprietaryID).",
                   "Bei einer Überweisung (Zahlungsart 30 oder 58) fehlt die Kennung des Zahlungskontos (BT-84). "
                   "Bitte geben Sie die IBAN (ram:IBANID) oder eine andere Kontokennung (ram:ProprietaryID) an."),
    "CII-SR-471": _once("The rate (ram:RateApplicablePercent) of an allowance or charge",
                        "Der Prozentsatz (ram:RateApplicablePercent) eines Nachlasses oder Zuschlags"),
    "CII-SR-472": ("An allowance or charge has more than one VAT category (ram:CategoryTradeTax; BT-95 or BT-102). "
                   "Please give exactly one VAT category with its rate; split the amount if several categories "
                   "apply.",
                   "Ein Nachlass oder Zuschlag hat mehr als eine Umsatzsteuerkategorie (ram:CategoryTradeTax; BT-95 "
                   "oder BT-102). Bitte geben Sie genau eine Kategorie mit Steuersatz an und teilen Sie den Betrag "
                   "auf, wenn mehrere Kategorien betroffen sind."),
    "CII-SR-473": _once("The amount (ram:ActualAmount) of an allowance or charge",
                        "Der Betrag (ram:ActualAmount) eines Nachlasses oder Zuschlags"),
    "CII-SR-474": _once("The invoiced object identifier of an invoice line (BT-128, document type code 130)",
                        "Die Objektkennung einer Rechnungsposition (BT-128, Dokumentart 130)"),
    "CII-SR-475": ("The supporting documents (BG-24) carry more than one description (BT-123) in total; the CII "
                   "format expects at most one. If possible, give one supporting document with a description.",
                   "Die rechnungsbegründenden Unterlagen (BG-24) enthalten zusammen mehr als eine Beschreibung "
                   "(BT-123); das CII-Format erwartet höchstens eine. Geben Sie nach Möglichkeit nur eine Unterlage "
                   "mit Beschreibung an."),
    "CII-SR-476": ("The supporting documents (BG-24) carry more than one attached file (BT-125) in total; the CII "
                   "format expects at most one. If possible, combine the files into one attachment.",
                   "Die rechnungsbegründenden Unterlagen (BG-24) enthalten zusammen mehr als eine angehängte Datei "
                   "(BT-125); das CII-Format erwartet höchstens eine. Fassen Sie die Dateien nach Möglichkeit in "
                   "einem Anhang zusammen."),
    "CII-SR-477": _total("LineTotalAmount", "BT-106", "sum of invoice line net amounts",
                         "die Summe der Nettobeträge der Positionen"),
    "CII-SR-478": _total("ChargeTotalAmount", "BT-108", "sum of charges", "die Summe der Zuschläge"),
    "CII-SR-479": _total("AllowanceTotalAmount", "BT-107", "sum of allowances", "die Summe der Nachlässe"),
    "CII-SR-480": _total("TaxBasisTotalAmount", "BT-109", "total amount without VAT",
                         "den Gesamtbetrag ohne Umsatzsteuer"),
    "CII-SR-481": _total("RoundingAmount", "BT-114", "rounding amount", "den Rundungsbetrag"),
    "CII-SR-482": _total("GrandTotalAmount", "BT-112", "total amount with VAT",
                         "den Gesamtbetrag einschließlich Umsatzsteuer"),
    "CII-SR-483": _total("InformationAmount"),
    "CII-SR-484": _total("TotalPrepaidAmount", "BT-113", "paid amount", "den bereits gezahlten Betrag"),
    "CII-SR-485": _total("TotalDiscountAmount"),
    "CII-SR-486": _total("TotalAllowanceChargeAmount"),
    "CII-SR-487": _total("DuePayableAmount", "BT-115", "amount due for payment", "den fälligen Zahlungsbetrag"),
    "CII-SR-488": _total("RetailValueExcludingTaxInformationAmount"),
    "CII-SR-489": _total("TotalDepositFeeInformationAmount"),
    "CII-SR-490": _total("ProductValueExcludingTobaccoTaxInformationAmount"),
    "CII-SR-491": _total("TotalRetailValueInformationAmount"),
    "CII-SR-492": _total("GrossLineTotalAmount"),
    "CII-SR-493": _total("NetLineTotalAmount"),
    "CII-SR-494": _total("NetIncludingTaxesLineTotalAmount"),
}
