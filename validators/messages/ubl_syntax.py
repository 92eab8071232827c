"""Messages for the UBL syntax rules: cardinality (UBL-SR-*), data types (UBL-DT-*) and the UBL-CR-*
rules that are more than "element not used" (the plain ones are generated, see `unused`)."""

from __future__ import annotations

from validators.messages.phrases import once as _once


def _attribute(name: str) -> tuple[str, str]:
    """UBL-DT-08 … 28: an attribute EN 16931 does not use appears somewhere in the invoice."""
    return (f"An element of the invoice carries the attribute {name}. EN 16931 does not use it, so the recipient "
            f"does not read it; please leave it out.",
            f"Ein Element der Rechnung trägt das Attribut {name}. Die EN 16931 sieht es nicht vor, es wird daher beim "
            f"Empfänger nicht ausgewertet; bitte lassen Sie es weg.")


_PAYEE = ("The payee (BG-10) must have exactly one name (BT-59), different from the seller's name (BT-27)",
          "Der Zahlungsempfänger (BG-10) muss genau einen Namen (BT-59) haben, der sich vom Namen des Verkäufers "
          "(BT-27) unterscheidet")
_PAYEE_FIX = (" Give a payee only when someone other than the seller receives the payment.",
              " Geben Sie einen Zahlungsempfänger nur an, wenn jemand anderes als der Verkäufer das Geld erhält.")

MESSAGES: dict[str, tuple[str, str]] = {
    "UBL-SR-01": _once("The contract reference (BT-12)", "Die Vertragsreferenz (BT-12)"),
    "UBL-SR-02": _once("The receiving advice reference (BT-15)", "Die Referenz der Wareneingangsmeldung (BT-15)"),
    "UBL-SR-03": _once("The despatch advice reference (BT-16)", "Die Referenz der Versandanzeige (BT-16)"),
    "UBL-SR-04": _once("The invoiced object identifier (BT-18)", "Die Objektkennung (BT-18)"),
    "UBL-SR-05": _once("The payment terms note (BT-20)", "Die Zahlungsbedingung (BT-20)"),
    "UBL-SR-06": ("A preceding invoice reference (BG-3) names more than one invoice. Please give one reference per "
                  "preceding invoice.",
                  "Ein Verweis auf eine vorausgegangene Rechnung (BG-3) nennt mehr als eine Rechnung. Bitte geben Sie "
                  "für jede vorausgegangene Rechnung einen eigenen Verweis an."),
    "UBL-SR-07": ("A preceding invoice reference (BG-3) has no preceding invoice number (BT-25). Please give the "
                  "number of the invoice referred to.",
                  "Bei einem Verweis auf eine vorausgegangene Rechnung (BG-3) fehlt deren Nummer (BT-25). Bitte geben "
                  "Sie die Nummer der Rechnung an, auf die verwiesen wird."),
    "UBL-SR-08": _once("The invoicing period (BG-14)", "Der Abrechnungszeitraum (BG-14)"),
    "UBL-SR-09": _once("The seller name (BT-27)", "Der Name des Verkäufers (BT-27)"),
    "UBL-SR-10": _once("The seller trading name (BT-28)", "Der Handelsname des Verkäufers (BT-28)"),
    "UBL-SR-11": _once("The seller legal registration identifier (BT-30)", "Die Registernummer des Verkäufers (BT-30)"),
    "UBL-SR-12": _once("The seller VAT identifier (BT-31)", "Die Umsatzsteuer-Identifikationsnummer des Verkäufers "
                                                            "(BT-31)"),
    "UBL-SR-13": _once("The seller tax registration identifier (BT-32)", "Die Steuernummer des Verkäufers (BT-32)"),
    "UBL-SR-14": _once("The seller additional legal information (BT-33)",
                       "Die rechtliche Zusatzangabe des Verkäufers (BT-33)"),
    "UBL-SR-15": _once("The buyer name (BT-44)", "Der Name des Käufers (BT-44)"),
    "UBL-SR-16": _once("The buyer identifier (BT-46)", "Die Kennung des Käufers (BT-46)"),
    "UBL-SR-17": _once("The buyer legal registration identifier (BT-47)", "Die Registernummer des Käufers (BT-47)"),
    "UBL-SR-18": _once("The buyer VAT identifier (BT-48)", "Die Umsatzsteuer-Identifikationsnummer des Käufers (BT-48)"),
    "UBL-SR-19": (_PAYEE[0] + "; the invoice gives none, several, or the seller's own name." + _PAYEE_FIX[0],
                  _PAYEE[1] + "; die Rechnung nennt keinen, mehrere oder den Namen des Verkäufers." + _PAYEE_FIX[1]),
    "UBL-SR-20": (_PAYEE[0] + ", and at most one payee identifier (BT-60)." + _PAYEE_FIX[0],
                  _PAYEE[1] + ", und höchstens eine Kennung (BT-60)." + _PAYEE_FIX[1]),
    "UBL-SR-21": (_PAYEE[0] + ", and at most one legal registration identifier (BT-61)." + _PAYEE_FIX[0],
                  _PAYEE[1] + ", und höchstens eine Registernummer (BT-61)." + _PAYEE_FIX[1]),
    "UBL-SR-22": _once("The seller tax representative name (BT-62)", "Der Name des Steuervertreters (BT-62)"),
    "UBL-SR-23": _once("The seller tax representative VAT identifier (BT-63)",
                       "Die Umsatzsteuer-Identifikationsnummer des Steuervertreters (BT-63)"),
    "UBL-SR-24": _once("The delivery information (BG-13)", "Die Lieferinformation (BG-13)"),
    "UBL-SR-25": _once("The deliver-to party name (BT-70)", "Der Name des Warenempfängers (BT-70)"),
    "UBL-SR-26": _once("Within one payment instruction, the remittance information (BT-83)",
                       "Innerhalb einer Zahlungsanweisung der Verwendungszweck (BT-83)"),
    "UBL-SR-27": _once("Within one payment instruction, the payment means type code (BT-81)",
                       "Innerhalb einer Zahlungsanweisung der Code für die Zahlungsart (BT-81)"),
    "UBL-SR-28": _once("Within one payment instruction, the mandate reference identifier (BT-89)",
                       "Innerhalb einer Zahlungsanweisung die Mandatsreferenz (BT-89)"),
    "UBL-SR-29": _once("The bank assigned creditor identifier (BT-90, an identifier with scheme SEPA)",
                       "Die Gläubiger-Identifikationsnummer (BT-90, eine Kennung mit Schema SEPA)"),
    "UBL-SR-30": _once("The reason text of an allowance (BT-97 or BT-139)",
                       "Der Grund eines Nachlasses als Text (BT-97 oder BT-139)"),
    "UBL-SR-31": _once("The reason text of a charge (BT-104 or BT-144)",
                       "Der Grund eines Zuschlags als Text (BT-104 oder BT-144)"),
    "UBL-SR-32": _once("The VAT exemption reason text (BT-120) of a VAT breakdown",
                       "Der Befreiungsgrund (BT-120) einer Umsatzsteueraufschlüsselung"),
    "UBL-SR-33": _once("The description of a supporting document (BT-123)",
                       "Die Beschreibung einer rechnungsbegründenden Unterlage (BT-123)"),
    "UBL-SR-34": _once("The note of an invoice line (BT-127)", "Die Bemerkung einer Rechnungsposition (BT-127)"),
    "UBL-SR-35": _once("The referenced purchase order line (BT-132) of an invoice line",
                       "Die referenzierte Bestellposition (BT-132) einer Rechnungsposition"),
    "UBL-SR-36": _once("The period of an invoice line (BG-26)", "Der Leistungszeitraum einer Rechnungsposition (BG-26)"),
    "UBL-SR-37": _once("The item price discount (BT-147) of an invoice line",
                       "Der Preisnachlass (BT-147) einer Rechnungsposition"),
    "UBL-SR-39": _once("The project reference (BT-11)", "Die Projektreferenz (BT-11)"),
    "UBL-SR-40": _once("The buyer trading name (BT-45)", "Der Handelsname des Käufers (BT-45)"),
    "UBL-SR-42": ("The seller has more than two tax registrations (cac:PartyTaxScheme). Please give at most two: "
                  "the VAT identifier (BT-31) and the tax registration identifier (BT-32).",
                  "Der Verkäufer hat mehr als zwei Steuerregistrierungen (cac:PartyTaxScheme). Bitte geben Sie "
                  "höchstens zwei an: die Umsatzsteuer-Identifikationsnummer (BT-31) und die Steuernummer (BT-32)."),
    "UBL-SR-43": ("A document reference (cac:AdditionalDocumentReference) has a scheme identifier or a document "
                  "type code, but only an invoiced object identifier (BT-18, type code 130; in a credit note also "
                  "50) may have them. For a supporting document (BG-24) leave both out.",
                  "Ein Dokumentverweis (cac:AdditionalDocumentReference) hat eine Schemakennung oder einen Code für "
                  "die Dokumentart, die nur eine Objektkennung (BT-18, Code 130; in einer Gutschrift auch 50) haben "
                  "darf. Lassen Sie bei einer rechnungsbegründenden Unterlage (BG-24) beides weg."),
    "UBL-SR-44": ("The invoice gives different remittance information (BT-83). There may be only one, which may be "
                  "repeated in several payment instructions. Please use the same text everywhere.",
                  "Die Rechnung enthält unterschiedliche Verwendungszwecke (BT-83). Erlaubt ist nur einer, der in "
                  "mehreren Zahlungsanweisungen wiederholt werden darf. Bitte verwenden Sie überall denselben Text."),
    "UBL-SR-45": _once("The payment due date (BT-9) in the payment instructions",
                       "Das Fälligkeitsdatum (BT-9) in den Zahlungsanweisungen"),
    "UBL-SR-46": _once("The payment means text (BT-82)", "Der Text zur Zahlungsart (BT-82)"),
    "UBL-SR-47": ("The payment instructions use different payment means type codes (BT-81). All payment "
                  "instructions of one invoice must use the same code.",
                  "Die Zahlungsanweisungen verwenden unterschiedliche Codes für die Zahlungsart (BT-81). Alle "
                  "Zahlungsanweisungen einer Rechnung müssen denselben Code verwenden."),
    "UBL-SR-48": ("An invoice line does not have exactly one VAT information group (BG-30, "
                  "cac:ClassifiedTaxCategory). Please give each line exactly one VAT category and rate.",
                  "Eine Rechnungsposition hat nicht genau eine Umsatzsteuerangabe (BG-30, "
                  "cac:ClassifiedTaxCategory). Bitte geben Sie für jede Position genau eine Kategorie mit Steuersatz "
                  "an."),
    "UBL-SR-49": _once("The VAT point date code (BT-8)", "Der Code für das Datum der Steuerfälligkeit (BT-8)"),
    "UBL-SR-50": _once("The item description (BT-154) of an invoice line",
                       "Die Artikelbeschreibung (BT-154) einer Rechnungsposition"),
    "UBL-SR-51": ("An address has more than one third address line (cac:AddressLine; BT-162, BT-163, BT-164 or "
                  "BT-165). Please put the rest of the address into the first two address lines.",
                  "Eine Anschrift hat mehr als eine dritte Adresszeile (cac:AddressLine; BT-162, BT-163, BT-164 oder "
                  "BT-165). Bitte verteilen Sie die Anschrift auf die ersten beiden Adresszeilen."),
    "UBL-SR-52": _once("The document reference of an invoice line (BT-128)",
                       "Der Dokumentverweis einer Rechnungsposition (BT-128)"),
    "UBL-SR-53": ("A tax registration (cac:PartyTaxScheme) lacks the identifier (cbc:CompanyID, e.g. the VAT "
                  "identifier) or the tax scheme (cac:TaxScheme/cbc:ID, e.g. VAT). Please give both, or leave out "
                  "the tax registration.",
                  "Bei einer Steuerregistrierung (cac:PartyTaxScheme) fehlt die Nummer (cbc:CompanyID, z. B. die "
                  "Umsatzsteuer-Identifikationsnummer) oder das Steuerschema (cac:TaxScheme/cbc:ID, z. B. VAT). Bitte "
                  "geben Sie beides an oder lassen Sie die Steuerregistrierung weg."),
    "UBL-SR-54": _once("The payment card information (BG-18)", "Die Angabe zur Zahlungskarte (BG-18)"),
    "UBL-SR-55": _once("The direct debit mandate (BG-19)", "Das Lastschriftmandat (BG-19)"),
    "UBL-SR-56": _once("The tender or lot reference (BT-17)", "Die Vergabe- oder Losnummer (BT-17)"),
    "UBL-DT-01": ("The amount[ \"{value}\"][ in {element}] has more than two decimal places. Amounts may have at "
                  "most two decimals (only prices may have more); please round it.",
                  "Der Betrag[ „{value}“][ in {element}] hat mehr als zwei Nachkommastellen. Beträge dürfen höchstens "
                  "zwei Nachkommastellen haben (nur Preise dürfen mehr haben); bitte runden Sie ihn."),
    "UBL-DT-06": ("An attached document (BT-125)[ in {element}] has no file type (attribute mimeCode). Please add "
                  "it, e.g. application/pdf.",
                  "Bei einem angehängten Dokument (BT-125)[ in {element}] fehlt der Dateityp (Attribut mimeCode). "
                  "Bitte ergänzen Sie ihn, z. B. application/pdf."),
    "UBL-DT-07": ("An attached document (BT-125)[ in {element}] has no file name (attribute filename). Please add "
                  "it, e.g. delivery-note.pdf.",
                  "Bei einem angehängten Dokument (BT-125)[ in {element}] fehlt der Dateiname (Attribut filename). "
                  "Bitte ergänzen Sie ihn, z. B. Lieferschein.pdf."),
    **{f"UBL-DT-{number:02d}": _attribute(name) for number, name in (
        (8, "schemeName"), (9, "schemeAgencyName"), (10, "schemeDataURI"), (11, "schemeURI"), (12, "format"),
        (13, "unitCodeListIdentifier"), (14, "unitCodeListAgencyIdentifier"), (15, "unitCodeListAgencyName"),
        (16, "listAgencyName"), (17, "listName"), (18, "name"), (19, "languageID"), (20, "listURI"),
        (21, "listSchemeURI"), (22, "languageLocaleID"), (23, "uri"), (24, "currencyCodeListVersionID"),
        (25, "characterSetCode"), (26, "encodingCode"), (27, "schemeAgencyID"), (28, "listAgencyID"))},
    "UBL-CR-002": ("The invoice states a UBL version (cbc:UBLVersionID) other than 2.1. Please state 2.1 or leave "
                   "the element out.",
                   "Die Rechnung nennt eine andere UBL-Version (cbc:UBLVersionID) als 2.1. Bitte geben Sie 2.1 an oder "
                   "lassen Sie das Element weg."),
    "UBL-CR-412": ("The invoice gives a payment due date in the payment instructions "
                   "(cac:PaymentMeans/cbc:PaymentDueDate). In an invoice the payment due date (BT-9) belongs in "
                   "cbc:DueDate; please move it there.",
                   "Die Rechnung nennt ein Fälligkeitsdatum in den Zahlungsanweisungen "
                   "(cac:PaymentMeans/cbc:PaymentDueDate). In einer Rechnung gehört das Fälligkeitsdatum (BT-9) in "
                   "cbc:DueDate; bitte geben Sie es dort an."),
    "UBL-CR-665": ("A supporting document reference (BG-24) has a scheme identifier (schemeID) on its identifier "
                   "(BT-122). Only an invoiced object identifier (document type code 130) may have one; please "
                   "leave it out.",
                   "Die Kennung (BT-122) einer rechnungsbegründenden Unterlage (BG-24) hat eine Schemakennung "
                   "(schemeID). Nur eine Objektkennung (Dokumentart 130) darf eine haben; bitte lassen Sie sie weg."),
    "UBL-CR-666": ("A document reference with type code 130 (invoiced object identifier, BT-18) also carries an "
                   "attachment. Give the object identifier and the attached document (BG-24) as separate "
                   "references.",
                   "Ein Dokumentverweis mit Code 130 (Objektkennung, BT-18) enthält zusätzlich einen Anhang. Bitte "
                   "geben Sie Objektkennung und angehängtes Dokument (BG-24) als getrennte Verweise an."),
    "UBL-CR-673": ("A document reference with type code 130 (invoiced object identifier, BT-18) also carries a "
                   "document description. Give the object identifier and the supporting document (BG-24) as "
                   "separate references.",
                   "Ein Dokumentverweis mit Code 130 (Objektkennung, BT-18) enthält zusätzlich eine Beschreibung. "
                   "Bitte geben Sie Objektkennung und rechnungsbegründende Unterlage (BG-24) als getrennte Verweise "
                   "an."),
}
