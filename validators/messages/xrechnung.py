"""Messages for the XRechnung 3.0 national rules BR-DE-*, the transitional rules BR-TMP-* / BR-DE-TMP-* and
the Clean Vehicles Directive rules BR-DE-CVD-* / BR-TMP-CVD-*."""

from __future__ import annotations

_PAYMENT_GROUPS = {"BG-17": ("credit transfer details (BG-17)", "Angaben zur Überweisung (BG-17)"),
                   "BG-18": ("payment card details (BG-18)", "Angaben zur Zahlungskarte (BG-18)"),
                   "BG-19": ("direct debit details (BG-19)", "Angaben zur Lastschrift (BG-19)")}


def _means(codes: tuple[str, str], kind: tuple[str, str], group: str,
           others: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """BR-DE-23/24/25 -a and -b: payment means `codes` of `kind` need `group` and exclude the `others`."""
    needed_en, needed_de = _PAYMENT_GROUPS[group]
    other_en = " or ".join(_PAYMENT_GROUPS[key][0] for key in others)
    other_de = " oder ".join(_PAYMENT_GROUPS[key][1] for key in others)
    return {"a": (f"The payment means type code (BT-81) stands for {kind[0]} ({codes[0]}), but the {needed_en} are "
                  f"missing. Please add them, or use the payment means code that fits the details given.",
                  f"Der Code für die Zahlungsart (BT-81) steht für {kind[1]} ({codes[1]}), aber die {needed_de} fehlen. "
                  f"Bitte ergänzen Sie sie oder verwenden Sie den Code, der zu den angegebenen Daten passt."),
            "b": (f"The payment means type code (BT-81) stands for {kind[0]} ({codes[0]}), but the payment instructions "
                  f"also contain {other_en}. Please give only the {needed_en}.",
                  f"Der Code für die Zahlungsart (BT-81) steht für {kind[1]} ({codes[1]}), die Zahlungsanweisungen "
                  f"enthalten aber auch {other_de}. Bitte übermitteln Sie nur die {needed_de}.")}


def _required(en: str, de: str, fix_en: str, fix_de: str) -> tuple[str, str]:
    """A term XRechnung requires (`en`, `de` with article, capitalised)."""
    return f"{en} is missing. XRechnung requires it; {fix_en}", f"{de} fehlt. XRechnung verlangt die Angabe; {fix_de}"


_CREDIT = _means(("30 or 58", "30 oder 58"), ("a credit transfer", "eine Überweisung"), "BG-17", ("BG-18", "BG-19"))
_CARD = _means(("48, 54 or 55", "48, 54 oder 55"), ("a card payment", "eine Kartenzahlung"), "BG-18", ("BG-17", "BG-19"))
_DEBIT = _means(("59", "59"), ("a direct debit", "eine Lastschrift"), "BG-19", ("BG-17", "BG-18"))

MESSAGES: dict[str, tuple[str, str]] = {
    "BR-DE-1": ("The payment instructions (BG-16) are missing. XRechnung requires them; please state at least the "
                "payment means (BT-81), e.g. 58 for a SEPA credit transfer together with your IBAN.",
                "Die Zahlungsanweisungen (BG-16) fehlen. XRechnung verlangt sie; bitte geben Sie mindestens die "
                "Zahlungsart (BT-81) an, z. B. 58 für eine SEPA-Überweisung zusammen mit Ihrer IBAN."),
    "BR-DE-2": _required("The seller contact (BG-6)", "Der Kontakt des Verkäufers (BG-6)",
                         "please give a contact person or department with telephone number and e-mail address.",
                         "bitte geben Sie eine Kontaktperson oder Abteilung mit Telefonnummer und E-Mail-Adresse an."),
    "BR-DE-3": _required("The seller city (BT-37)", "Der Ort des Verkäufers (BT-37)",
                         "please complete your postal address.", "bitte vervollständigen Sie Ihre Anschrift."),
    "BR-DE-4": _required("The seller post code (BT-38)", "Die Postleitzahl des Verkäufers (BT-38)",
                         "please complete your postal address.", "bitte vervollständigen Sie Ihre Anschrift."),
    "BR-DE-5": _required("The seller contact point (BT-41)", "Die Kontaktstelle des Verkäufers (BT-41)",
                         "please name a person or department the buyer can contact.",
                         "bitte nennen Sie eine Person oder Abteilung, an die sich der Käufer wenden kann."),
    "BR-DE-6": _required("The seller contact telephone number (BT-42)",
                         "Die Telefonnummer des Verkäuferkontakts (BT-42)", "please add it.",
                         "bitte ergänzen Sie sie."),
    "BR-DE-7": _required("The seller contact e-mail address (BT-43)", "Die E-Mail-Adresse des Verkäuferkontakts (BT-43)",
                         "please add it.", "bitte ergänzen Sie sie."),
    "BR-DE-8": _required("The buyer city (BT-52)", "Der Ort des Käufers (BT-52)",
                         "please complete the buyer's postal address.",
                         "bitte vervollständigen Sie die Anschrift des Käufers."),
    "BR-DE-9": _required("The buyer post code (BT-53)", "Die Postleitzahl des Käufers (BT-53)",
                         "please complete the buyer's postal address.",
                         "bitte vervollständigen Sie die Anschrift des Käufers."),
    "BR-DE-10": ("The deliver-to address (BG-15) has no city (BT-77). Please give the city, or leave out the "
                 "deliver-to address.",
                 "In der Lieferanschrift (BG-15) fehlt der Ort (BT-77). Bitte geben Sie den Ort an oder lassen Sie die "
                 "Lieferanschrift weg."),
    "BR-DE-11": ("The deliver-to address (BG-15) has no post code (BT-78). Please give the post code, or leave out the "
                 "deliver-to address.",
                 "In der Lieferanschrift (BG-15) fehlt die Postleitzahl (BT-78). Bitte geben Sie sie an oder lassen Sie "
                 "die Lieferanschrift weg."),
    "BR-DE-14": ("A VAT breakdown (BG-23) has no VAT category rate (BT-119). XRechnung requires the rate in every VAT "
                 "breakdown; please give it, 0 where no VAT is charged.",
                 "Bei einer Umsatzsteueraufschlüsselung (BG-23) fehlt der Steuersatz (BT-119). XRechnung verlangt ihn "
                 "in jeder Aufschlüsselung; bitte geben Sie ihn an, 0 wenn keine Umsatzsteuer berechnet wird."),
    "BR-DE-15": ("The buyer reference (BT-10) is missing. XRechnung requires it: for a public buyer this is the "
                 "Leitweg-ID (e.g. 04011000-1234512345-06), which the buyer gives you with the order.",
                 "Die Käuferreferenz (BT-10) fehlt. XRechnung verlangt sie: Bei öffentlichen Auftraggebern ist das die "
                 "Leitweg-ID (z. B. 04011000-1234512345-06), die Ihnen der Auftraggeber mit der Bestellung mitteilt."),
    "BR-DE-16": ("The invoice uses VAT category S, Z, E, AE, K, G, L or M, but gives "
                 "neither the seller VAT identifier (BT-31), nor the seller tax registration identifier (BT-32, tax "
                 "number), nor a seller tax representative (BG-11). Please add one of them.",
                 "Die Rechnung verwendet die Umsatzsteuerkategorie S, Z, E, AE, K, G, L oder M, nennt aber weder "
                 "die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) noch seine Steuernummer (BT-32) noch "
                 "einen Steuervertreter (BG-11). Bitte ergänzen Sie eine dieser Angaben."),
    "BR-DE-17": ("The invoice type code (BT-3) is not one XRechnung expects. Please use 380 (commercial invoice), 381 "
                 "(credit note), 384 (corrected invoice), 389 (self-billed invoice), 326 (partial invoice), or 875, "
                 "876, 877 (partial, partial final and final construction invoice).",
                 "Der Code für die Rechnungsart (BT-3) ist keiner, den XRechnung erwartet. Bitte verwenden Sie 380 "
                 "(Rechnung), 381 (Gutschrift), 384 (Rechnungskorrektur), 389 (selbst ausgestellte Rechnung), "
                 "326 (Teilrechnung) oder 875, 876, 877 (Abschlags-, Teilschluss- und Schlussrechnung für "
                 "Bauleistungen)."),
    "BR-DE-18": ("A cash discount line in the payment terms (BT-20) is not in the XRechnung format. Write each "
                 "discount on its own line as #SKONTO#TAGE=14#PROZENT=2.00# (capital letters, no spaces, the percentage "
                 "with a dot and two decimals), for a discount on part of the amount as "
                 "#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=500.00#, and end every such line with a line break.",
                 "Eine Skonto-Zeile in den Zahlungsbedingungen (BT-20) entspricht nicht dem XRechnung-Format. Bitte "
                 "schreiben Sie jedes Skonto in eine eigene Zeile als #SKONTO#TAGE=14#PROZENT=2.00# (Großbuchstaben, "
                 "keine Leerzeichen, Prozentsatz mit Punkt und zwei Nachkommastellen), für ein Skonto auf einen "
                 "Teilbetrag als #SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=500.00#, und schließen Sie jede dieser "
                 "Zeilen mit einem Zeilenumbruch ab."),
    "BR-DE-19": ("The payment account identifier (BT-84) of a SEPA credit transfer (code 58) is not a valid IBAN. "
                 "Please check it: capital letters, no spaces, correct check digits.",
                 "Die Kennung des Zahlungskontos (BT-84) einer SEPA-Überweisung (Code 58) ist keine gültige IBAN. "
                 "Bitte prüfen Sie sie: Großbuchstaben, keine Leerzeichen, richtige Prüfziffern."),
    "BR-DE-20": ("The debited account identifier (BT-91) of a SEPA direct debit (code 59) is not a valid IBAN. Please "
                 "check it: capital letters, no spaces, correct check digits.",
                 "Die Kennung des zu belastenden Kontos (BT-91) einer SEPA-Lastschrift (Code 59) ist keine gültige "
                 "IBAN. Bitte prüfen Sie sie: Großbuchstaben, keine Leerzeichen, richtige Prüfziffern."),
    "BR-DE-21": ("The specification identifier (BT-24) is not the one of XRechnung 3.0. Please state "
                 "'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0' (or the identifier of the "
                 "XRechnung extension or CVD variant if you use them).",
                 "Die Spezifikationskennung (BT-24) ist nicht die von XRechnung 3.0. Bitte geben Sie "
                 "'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0' an (bzw. die Kennung der "
                 "XRechnung-Erweiterung oder der CVD-Variante, wenn Sie diese verwenden)."),
    "BR-DE-22": ("Two attached documents (BT-125) have the same file name. Every attachment needs its own file name; "
                 "please rename the files.",
                 "Zwei angehängte Dokumente (BT-125) haben denselben Dateinamen. Jeder Anhang braucht einen eigenen "
                 "Dateinamen; bitte benennen Sie die Dateien um."),
    "BR-DE-23-a": _CREDIT["a"], "BR-DE-23-b": _CREDIT["b"],
    "BR-DE-24-a": _CARD["a"], "BR-DE-24-b": _CARD["b"],
    "BR-DE-25-a": _DEBIT["a"], "BR-DE-25-b": _DEBIT["b"],
    "BR-DE-26": ("The invoice is a corrected invoice (type code 384) but does not name the invoice it corrects. "
                 "Please add a preceding invoice reference (BG-3) with that invoice's number.",
                 "Die Rechnung ist eine Rechnungskorrektur (Code 384), nennt aber nicht die Rechnung, die sie "
                 "berichtigt. Bitte ergänzen Sie einen Verweis auf die vorausgegangene Rechnung (BG-3) mit deren "
                 "Nummer."),
    "BR-DE-27": ("The seller contact telephone number (BT-42) contains fewer than three digits. Please give a "
                 "complete telephone number.",
                 "Die Telefonnummer des Verkäuferkontakts (BT-42) enthält weniger als drei Ziffern. Bitte geben Sie "
                 "eine vollständige Telefonnummer an."),
    "BR-DE-28": ("The seller contact e-mail address (BT-43) does not look like an e-mail address. Please give it as "
                 "name@example.org: one @, no spaces, a domain with a dot.",
                 "Die E-Mail-Adresse des Verkäuferkontakts (BT-43) sieht nicht wie eine E-Mail-Adresse aus. Bitte "
                 "geben Sie sie in der Form name@beispiel.de an: ein @, keine Leerzeichen, eine Domain mit Punkt."),
    "BR-DE-30": ("The invoice contains direct debit details (BG-19) but no bank assigned creditor identifier (BT-90). "
                 "Please add your SEPA creditor identifier.",
                 "Die Rechnung enthält Angaben zur Lastschrift (BG-19), aber keine Gläubiger-Identifikationsnummer "
                 "(BT-90). Bitte ergänzen Sie Ihre SEPA-Gläubiger-ID."),
    "BR-DE-31": ("The invoice contains direct debit details (BG-19) but no debited account identifier (BT-91). Please "
                 "add the IBAN of the buyer's account to be debited.",
                 "Die Rechnung enthält Angaben zur Lastschrift (BG-19), aber keine Kennung des zu belastenden Kontos "
                 "(BT-91). Bitte ergänzen Sie die IBAN des Käuferkontos, das belastet werden soll."),
    "BR-DE-TMP-32": ("The invoice does not say when goods were delivered or services performed: it has no actual "
                     "delivery date (BT-72), no invoicing period (BG-14), and not every invoice line has a period "
                     "(BG-26). Please give one of them.",
                     "Die Rechnung nennt keinen Liefer- oder Leistungszeitpunkt: Sie enthält weder ein Lieferdatum "
                     "(BT-72) noch einen Abrechnungszeitraum (BG-14), und nicht jede Position hat einen "
                     "Leistungszeitraum (BG-26). Bitte geben Sie eines davon an."),
    "BR-TMP-2": ("The external document location (BT-124) is not a complete web address. Please give the full "
                 "address including its scheme, e.g. https://example.org/delivery-note.pdf.",
                 "Der Ort des externen Dokuments (BT-124) ist keine vollständige Internetadresse. Bitte geben Sie die "
                 "ganze Adresse mit Schema an, z. B. https://beispiel.de/lieferschein.pdf."),
    "BR-TMP-3": ("An invoice line gives the item price base quantity (BT-149) or its unit (BT-150) differently for "
                 "the gross price and the net price. If both prices state a base quantity, it must be the same, and "
                 "a unit given for the net price must also be given, identically, for the gross price.",
                 "Eine Rechnungsposition gibt die Basismenge des Preises (BT-149) oder ihre Einheit (BT-150) beim "
                 "Brutto- und beim Nettopreis unterschiedlich an. Nennen beide Preise eine Basismenge, muss sie "
                 "gleich sein, und eine Einheit beim Nettopreis muss ebenso beim Bruttopreis stehen."),
    "BR-DE-CVD-01": ("The contract reference (BT-12) is missing. An invoice under the Clean Vehicles Directive (CVD) "
                     "must name the contract; please add it.",
                     "Die Vertragsreferenz (BT-12) fehlt. Eine Rechnung nach der Richtlinie über saubere Fahrzeuge "
                     "(CVD) muss den Vertrag nennen; bitte ergänzen Sie die Angabe."),
    "BR-DE-CVD-02": ("The tender or lot reference (BT-17) is missing. An invoice under the Clean Vehicles Directive "
                     "(CVD) must name the procurement procedure; please add it.",
                     "Die Vergabe- oder Losnummer (BT-17) fehlt. Eine Rechnung nach der Richtlinie über saubere "
                     "Fahrzeuge (CVD) muss das Vergabeverfahren nennen; bitte ergänzen Sie die Angabe."),
    "BR-DE-CVD-03": ("No invoice line reports a vehicle. In a CVD invoice at least one line needs an item "
                     "classification (BT-158) with scheme CVD and an item attribute (BG-32) named 'cva'.",
                     "Keine Rechnungsposition meldet ein Fahrzeug. In einer CVD-Rechnung braucht mindestens eine "
                     "Position eine Artikelklassifizierung (BT-158) mit Schema CVD und eine Artikeleigenschaft (BG-32) "
                     "mit dem Namen 'cva'."),
    "BR-DE-CVD-04": ("The vehicle category (BT-158, scheme CVD)[ \"{value}\"] is not allowed. Please use M1, M2, M3, "
                     "N1, N2 or N3.",
                     "Die Fahrzeugklasse (BT-158, Schema CVD)[ „{value}“] ist nicht zulässig. Bitte verwenden Sie M1, "
                     "M2, M3, N1, N2 oder N3."),
    "BR-DE-CVD-05": ("The item attribute 'cva' (BT-160) has a value (BT-161) that is not allowed. Please use "
                     "'clean', 'zero-emission' or 'other'.",
                     "Die Artikeleigenschaft 'cva' (BT-160) hat einen nicht zulässigen Wert (BT-161). Bitte verwenden "
                     "Sie 'clean', 'zero-emission' oder 'other'."),
    "BR-DE-CVD-06-a": ("An invoice line classifies a vehicle (BT-158, scheme CVD) but does not have exactly one item "
                       "attribute named 'cva' (BT-160). Please give exactly one.",
                       "Eine Rechnungsposition klassifiziert ein Fahrzeug (BT-158, Schema CVD), hat aber nicht genau "
                       "eine Artikeleigenschaft mit dem Namen 'cva' (BT-160). Bitte geben Sie genau eine an."),
    "BR-DE-CVD-06-b": ("An invoice line has the item attribute 'cva' (BT-160) but not exactly one item classification "
                       "with scheme CVD (BT-158). Please give exactly one vehicle category.",
                       "Eine Rechnungsposition hat die Artikeleigenschaft 'cva' (BT-160), aber nicht genau eine "
                       "Artikelklassifizierung mit Schema CVD (BT-158). Bitte geben Sie genau eine Fahrzeugklasse an."),
    "BR-TMP-CVD-01": ("The scheme (listID) of an item classification identifier (BT-158) is neither a code of UNTDID "
                      "7143 nor CVD. Please use one of them.",
                      "Das Schema (listID) einer Artikelklassifizierung (BT-158) ist weder ein Code der Liste UNTDID "
                      "7143 noch CVD. Bitte verwenden Sie eines davon."),
}
