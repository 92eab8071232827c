"""Messages for the VAT category rules BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG and BR-B.

The nine category families repeat one pattern (01: the VAT breakdown for the category; 02–04: the
VAT identifiers the category needs, for lines, allowances and charges; 05–07: the rate; 08: the
taxable amount; 09: the VAT amount; 10: the exemption reason), so the sentences are written once
per pattern and filled with each category's name and its own requirement.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class _Category:
    """One VAT category as the messages name it, and what its rules require."""

    family: str  # rule id prefix, e.g. "BR-AE"
    en: str  # e.g. "AE (reverse charge)"
    de: str
    breakdowns: str  # "one" (exactly one VAT breakdown) or "per rate" (one per rate)
    ids_en: str  # what 02–04 require, completing "so the invoice must …"
    ids_de: str  # completing "…, daher": "muss die Rechnung …" or "darf die Rechnung …"
    rate: str  # "positive", "zero", "any" (0 or more) or "none"
    exemption: tuple[str, str] | None  # (code, German text) a breakdown needs; None: it must not have one


_SELLER_ANY = ("give the seller VAT identifier (BT-31), the seller tax registration identifier (BT-32) or the VAT "
               "identifier of the seller tax representative (BT-63). Please add one of them.",
               "muss die Rechnung die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31), seine Steuernummer "
               "(BT-32) oder die Umsatzsteuer-Identifikationsnummer seines Steuervertreters (BT-63) enthalten. "
               "Bitte ergänzen Sie eine davon.")
_AE = ("give the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT "
       "identifier (BT-63), and the buyer VAT identifier (BT-48) or buyer legal registration identifier (BT-47). "
       "Please add what is missing.",
       "muss die Rechnung die Umsatzsteuer-Identifikationsnummer (BT-31) oder Steuernummer (BT-32) des "
       "Verkäufers bzw. die "
       "Umsatzsteuer-Identifikationsnummer seines Steuervertreters (BT-63) enthalten und zusätzlich die "
       "Umsatzsteuer-Identifikationsnummer (BT-48) oder Registernummer (BT-47) des Käufers. Bitte ergänzen Sie, "
       "was fehlt.")
_IC = ("give the seller VAT identifier (BT-31) or the tax representative VAT identifier (BT-63), and the buyer "
       "VAT identifier (BT-48). Please add what is missing.",
       "muss die Rechnung die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder seines "
       "Steuervertreters (BT-63) und "
       "die Umsatzsteuer-Identifikationsnummer des Käufers (BT-48) enthalten. Bitte ergänzen Sie, was fehlt.")
_G = ("give the seller VAT identifier (BT-31) or the tax representative VAT identifier (BT-63). Please add one "
      "of them.",
      "muss die Rechnung die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder seines "
      "Steuervertreters (BT-63) enthalten. Bitte ergänzen Sie eine davon.")
_O = ("not give the seller VAT identifier (BT-31), the tax representative VAT identifier (BT-63) or the buyer "
      "VAT identifier (BT-48). Please remove them, or use the VAT category that really applies.",
      "darf die Rechnung weder die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) noch die seines "
      "Steuervertreters (BT-63) noch die des Käufers (BT-48) enthalten. "
      "Bitte entfernen Sie diese Angaben oder verwenden Sie die Kategorie, die tatsächlich zutrifft.")

CATEGORIES = (
    _Category("BR-S", "S (standard rated)", "S (steuerpflichtig zum Regel- oder ermäßigten Satz)", "per rate",
              *_SELLER_ANY, "positive", None),
    _Category("BR-Z", "Z (zero rated)", "Z (Nullsatz)", "one", *_SELLER_ANY, "zero", None),
    _Category("BR-E", "E (exempt from VAT)", "E (steuerbefreit)", "one", *_SELLER_ANY, "zero", ("", "")),
    _Category("BR-AE", "AE (reverse charge)", "AE (Steuerschuldnerschaft des Leistungsempfängers)", "one", *_AE,
              "zero", ("VATEX-EU-AE", "Steuerschuldnerschaft des Leistungsempfängers")),
    _Category("BR-IC", "K (intra-community supply)", "K (innergemeinschaftliche Lieferung)", "one", *_IC, "zero",
              ("VATEX-EU-IC", "Steuerfreie innergemeinschaftliche Lieferung")),
    _Category("BR-G", "G (export outside the EU)", "G (steuerfreie Ausfuhr in Drittländer)", "one", *_G, "zero",
              ("VATEX-EU-G", "Steuerfreie Ausfuhrlieferung")),
    _Category("BR-O", "O (not subject to VAT)", "O (nicht steuerbar)", "one", *_O, "none",
              ("VATEX-EU-O", "Nicht steuerbar")),
    _Category("BR-AF", "L (IGIC, Canary Islands)", "L (IGIC, Kanarische Inseln)", "per rate", *_SELLER_ANY, "any",
              None),
    _Category("BR-AG", "M (IPSI, Ceuta and Melilla)", "M (IPSI, Ceuta und Melilla)", "per rate", *_SELLER_ANY,
              "any", None),
)

# Where 02–07 fire: (English subject, German subject, the rate's term).
_PLACES = (("Invoice lines use", "Rechnungspositionen verwenden", "An invoice line", "Eine Rechnungsposition",
            "BT-152"),
           ("A document level allowance uses", "Ein Nachlass auf Dokumentebene verwendet",
            "A document level allowance", "Ein Nachlass auf Dokumentebene", "BT-96"),
           ("A document level charge uses", "Ein Zuschlag auf Dokumentebene verwendet",
            "A document level charge", "Ein Zuschlag auf Dokumentebene", "BT-103"))

_RATE = {
    "positive": ("must have a VAT rate ({term}) greater than zero. Please give the rate that applies, e.g. 19 or 7.",
                 "muss einen Steuersatz ({term}) größer als null haben. Bitte geben Sie den geltenden Satz an, "
                 "z. B. 19 oder 7."),
    "zero": ("must have the VAT rate ({term}) 0. Please set the rate to 0.",
             "muss den Steuersatz ({term}) 0 haben. Bitte setzen Sie den Satz auf 0."),
    "any": ("must have a VAT rate ({term}) of 0 or more. Please give the rate that applies.",
            "muss einen Steuersatz ({term}) von 0 oder mehr haben. Bitte geben Sie den geltenden Satz an."),
    "none": ("must not have a VAT rate ({term}). Please leave the rate out.",
             "darf keinen Steuersatz ({term}) haben. Bitte lassen Sie den Satz weg."),
}


def _family(c: _Category) -> dict[str, tuple[str, str]]:
    one = c.breakdowns == "one"
    code = c.en.split()[0]
    out = {f"{c.family}-01": (
        f"The VAT breakdown (BG-23) does not fit VAT category {c.en}: "
        + (f"when invoice lines, allowances or charges use the category, there must be exactly one VAT breakdown "
           f"for {code}. Please give one VAT breakdown per category used, and none for categories not used."
           if one else
           f"there must be a VAT breakdown for {code} when invoice lines, allowances or charges use the category, "
           f"and none when nothing does. Please give one VAT breakdown per category and rate used."),
        f"Die Umsatzsteueraufschlüsselung (BG-23) passt nicht zur Kategorie {c.de}: "
        + (f"Verwenden Positionen, Nachlässe oder Zuschläge diese Kategorie, muss es genau eine Aufschlüsselung "
           f"für {code} geben. Bitte geben Sie je verwendeter Kategorie eine Aufschlüsselung an und keine für "
           f"unbenutzte Kategorien."
           if one else
           f"Verwenden Positionen, Nachlässe oder Zuschläge diese Kategorie, muss es eine Aufschlüsselung für "
           f"{code} geben, sonst keine. Bitte geben Sie je verwendeter Kategorie und je Steuersatz eine "
           f"Aufschlüsselung an."))}
    for number, (uses_en, uses_de, subject_en, subject_de, rate_term) in enumerate(_PLACES):
        out[f"{c.family}-0{number + 2}"] = (f"{uses_en} VAT category {c.en}, so the invoice must {c.ids_en}",
                                            f"{uses_de} die Umsatzsteuerkategorie {c.de}, daher {c.ids_de}")
        rate_en, rate_de = _RATE[c.rate]
        out[f"{c.family}-0{number + 5}"] = (f"{subject_en} in VAT category {c.en} {rate_en.format(term=rate_term)}",
                                            f"{subject_de} der Umsatzsteuerkategorie {c.de} "
                                            f"{rate_de.format(term=rate_term)}")
    per_rate_en, per_rate_de = ("" if one else " and rate", "" if one else " mit demselben Steuersatz")
    out[f"{c.family}-08"] = (
        f"The taxable amount (BT-116) of the VAT breakdown for category {c.en} does not equal the invoice line net "
        f"amounts (BT-131) plus the document level charges (BT-99) minus the document level allowances (BT-92) "
        f"of that category{per_rate_en}. Please correct the breakdown or the amounts it is made of.",
        f"Die Bemessungsgrundlage (BT-116) der Aufschlüsselung für Kategorie {c.de} entspricht nicht der Summe der "
        f"Nettobeträge der Positionen (BT-131) zuzüglich der Zuschläge (BT-99) abzüglich der Nachlässe (BT-92) "
        f"dieser Kategorie{per_rate_de}. Bitte berichtigen Sie die Aufschlüsselung oder die zugrunde liegenden "
        f"Beträge.")
    out[f"{c.family}-09"] = ((
        f"The VAT amount (BT-117) of the VAT breakdown for category {c.en} is not its taxable amount (BT-116) × "
        f"rate (BT-119) / 100 (a difference of up to one currency unit is accepted). Please recalculate it.",
        f"Der Steuerbetrag (BT-117) der Aufschlüsselung für Kategorie {c.de} ist nicht Bemessungsgrundlage "
        f"(BT-116) × Steuersatz (BT-119) / 100 (eine Abweichung bis zu einer Währungseinheit wird hingenommen). "
        f"Bitte berechnen Sie ihn neu.") if c.rate in ("positive", "any") else (
        f"The VAT amount (BT-117) of the VAT breakdown for category {c.en} must be 0. Please set it to 0.",
        f"Der Steuerbetrag (BT-117) der Aufschlüsselung für Kategorie {c.de} muss 0 sein. Bitte setzen Sie ihn "
        f"auf 0."))
    out[f"{c.family}-10"] = _exemption(c)
    return out


def _exemption(c: _Category) -> tuple[str, str]:
    if c.exemption is None:
        return (f"The VAT breakdown for category {c.en} gives a VAT exemption reason (BT-120) or reason code "
                f"(BT-121), but this category is not an exemption. Please remove the exemption reason.",
                f"Die Aufschlüsselung für Kategorie {c.de} enthält einen Befreiungsgrund (BT-120) oder einen Code "
                f"dafür (BT-121), obwohl diese Kategorie keine Steuerbefreiung ist. Bitte entfernen Sie den "
                f"Befreiungsgrund.")
    code, text_de = c.exemption
    missing_en = (f"The VAT breakdown for category {c.en} has neither a VAT exemption reason (BT-120) nor a reason "
                  f"code (BT-121). ")
    missing_de = (f"Die Aufschlüsselung für Kategorie {c.de} enthält weder einen Befreiungsgrund (BT-120) noch "
                  f"einen Code dafür (BT-121). ")
    if not code:
        return (missing_en + "Please state why the supply is exempt, e.g. the legal provision or a VATEX code.",
                missing_de + "Bitte geben Sie an, warum der Umsatz steuerfrei ist, z. B. mit der Rechtsvorschrift "
                             "oder einem VATEX-Code.")
    return (missing_en + f"Please add the code {code} or an equivalent text.",
            missing_de + f"Bitte ergänzen Sie den Code {code} oder einen gleichbedeutenden Text wie „{text_de}“.")


MESSAGES: dict[str, tuple[str, str]] = {key: text for c in CATEGORIES for key, text in _family(c).items()}
MESSAGES.update({
    "BR-IC-11": ("The invoice has an intra-community supply (VAT category K) but neither an actual delivery date "
                 "(BT-72) nor an invoicing period (BG-14). Please give the delivery date or the period.",
                 "Die Rechnung enthält eine innergemeinschaftliche Lieferung (Kategorie K), aber weder ein "
                 "Lieferdatum (BT-72) noch einen Abrechnungszeitraum (BG-14). Bitte geben Sie das Lieferdatum "
                 "oder den Zeitraum an."),
    "BR-IC-12": ("The invoice has an intra-community supply (VAT category K) but no deliver-to country code "
                 "(BT-80). Please give the country the goods were delivered to.",
                 "Die Rechnung enthält eine innergemeinschaftliche Lieferung (Kategorie K), aber keinen Ländercode "
                 "der Lieferanschrift (BT-80). Bitte geben Sie das Land an, in das geliefert wurde."),
    "BR-O-11": ("The invoice has a VAT breakdown for category O (not subject to VAT), so it must not contain VAT "
                "breakdowns (BG-23) of any other category. Use category O for the whole invoice, or the categories "
                "that really apply.",
                "Die Rechnung enthält eine Aufschlüsselung für Kategorie O (nicht steuerbar) und darf daher keine "
                "Aufschlüsselungen (BG-23) anderer Kategorien enthalten. Verwenden Sie Kategorie O für die ganze "
                "Rechnung oder die tatsächlich zutreffenden Kategorien."),
    "BR-O-12": ("The invoice has a VAT breakdown for category O (not subject to VAT), so all invoice lines must "
                "be in category O (BT-151). Please correct the lines' VAT category or the breakdown.",
                "Die Rechnung enthält eine Aufschlüsselung für Kategorie O (nicht steuerbar), daher müssen alle "
                "Rechnungspositionen in Kategorie O sein (BT-151). Bitte berichtigen Sie die Kategorie der "
                "Positionen oder die Aufschlüsselung."),
    "BR-O-13": ("The invoice has a VAT breakdown for category O (not subject to VAT), so all document level "
                "allowances must be in category O (BT-95). Please correct the allowances' VAT category.",
                "Die Rechnung enthält eine Aufschlüsselung für Kategorie O (nicht steuerbar), daher müssen alle "
                "Nachlässe auf Dokumentebene in Kategorie O sein (BT-95). Bitte berichtigen Sie deren Kategorie."),
    "BR-O-14": ("The invoice has a VAT breakdown for category O (not subject to VAT), so all document level "
                "charges must be in category O (BT-102). Please correct the charges' VAT category.",
                "Die Rechnung enthält eine Aufschlüsselung für Kategorie O (nicht steuerbar), daher müssen alle "
                "Zuschläge auf Dokumentebene in Kategorie O sein (BT-102). Bitte berichtigen Sie deren Kategorie."),
    "BR-B-01": ("The invoice uses VAT category B (Italian split payment), which is allowed only in a domestic "
                "Italian invoice: every country code in the invoice must be IT. Please use the VAT category that "
                "applies.",
                "Die Rechnung verwendet die Umsatzsteuerkategorie B (italienische Zahlungsaufspaltung), die "
                "nur in einer rein italienischen Rechnung zulässig ist: Jeder Ländercode der Rechnung muss IT "
                "sein. Bitte verwenden Sie die zutreffende Kategorie."),
    "BR-B-02": ("The invoice uses VAT category B (Italian split payment) together with category S (standard "
                "rated). The two must not be combined in one invoice; please issue separate invoices.",
                "Die Rechnung verwendet die Umsatzsteuerkategorie B (italienische Zahlungsaufspaltung) "
                "zusammen mit Kategorie S (Regelsteuersatz). Beide dürfen nicht in einer Rechnung stehen; bitte "
                "stellen Sie getrennte Rechnungen aus."),
})
