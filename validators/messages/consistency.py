"""Messages for the EN 16931 consistency rules BR-CO-* and the decimal rules BR-DEC-*."""

from __future__ import annotations


def _decimals(term: str, en: str, de: str) -> tuple[str, str]:
    """BR-DEC-*: the amount `term` (`en` without article, `de` with article, nominative) has more than two decimals."""
    return (f"The {en} ({term}) has more than two decimal places. Please round it to at most two decimals, "
            "e.g. 10.25.",
            f"{de} ({term}) hat mehr als zwei Nachkommastellen. Bitte runden Sie auf höchstens zwei "
            "Nachkommastellen, z. B. 10.25.")


_REASON_MATCH = ("For {what}, the reason code ({code}) and the reason text ({text}) describe different things. "
                 "Please make the text match the code, or give only one of them.",
                 "Bei {what_de} beschreiben der Code für den Grund ({code}) und der Grund als Text ({text}) "
                 "Verschiedenes. Bitte bringen Sie beides in Übereinstimmung oder geben Sie nur eines an.")


def _reason_match(what: str, what_de: str, code: str, text: str) -> tuple[str, str]:
    """BR-CO-05 … 08: reason code and reason text of an allowance or charge (`what`, `what_de` dative) disagree."""
    en, de = _REASON_MATCH
    return en.format(what=what, code=code, text=text), de.format(what_de=what_de, code=code, text=text)


MESSAGES: dict[str, tuple[str, str]] = {
    "BR-CO-03": ("The invoice gives both a VAT point date (BT-7) and a VAT point date code (BT-8). Give only one "
                 "of them: the date, or the code saying which date applies.",
                 "Die Rechnung enthält sowohl ein Datum der Steuerfälligkeit (BT-7) als auch einen Code dafür "
                 "(BT-8). Geben Sie nur eines davon an: das Datum oder den Code, der sagt, welches Datum gilt."),
    "BR-CO-04": ("An invoice line (BG-25) has no VAT category code (BT-151). Please state the line's VAT "
                 "category, e.g. S for standard rate.",
                 "Bei einer Rechnungsposition (BG-25) fehlt die Umsatzsteuerkategorie (BT-151). Bitte geben Sie "
                 "die Kategorie der Position an, z. B. S für den Regelsteuersatz."),
    "BR-CO-05": _reason_match("a document level allowance", "einem Nachlass auf Dokumentebene", "BT-98", "BT-97"),
    "BR-CO-06": _reason_match("a document level charge", "einem Zuschlag auf Dokumentebene", "BT-105", "BT-104"),
    "BR-CO-07": _reason_match("an invoice line allowance", "einem Nachlass auf Positionsebene", "BT-140", "BT-139"),
    "BR-CO-08": _reason_match("an invoice line charge", "einem Zuschlag auf Positionsebene", "BT-145", "BT-144"),
    "BR-CO-09": ("A VAT identifier (seller BT-31, tax representative BT-63 or buyer BT-48) does not start with "
                 "a country prefix. Please write it with its ISO 3166-1 country code in front, e.g. "
                 "DE123456789 (Greece uses EL).",
                 "Eine Umsatzsteuer-Identifikationsnummer (Verkäufer BT-31, Steuervertreter BT-63 oder Käufer "
                 "BT-48) beginnt nicht mit einem Länderkürzel. Bitte schreiben Sie sie mit vorangestelltem "
                 "Ländercode nach ISO 3166-1, z. B. DE123456789 (Griechenland verwendet EL)."),
    "BR-CO-10": ("The sum of invoice line net amounts (BT-106) does not equal the total of the line net "
                 "amounts (BT-131). Please correct the sum or the lines.",
                 "Die Summe der Nettobeträge der Rechnungspositionen (BT-106) stimmt nicht mit der Summe der "
                 "einzelnen Positionsbeträge (BT-131) überein. Bitte berichtigen Sie die Summe oder die "
                 "Positionen."),
    "BR-CO-11": ("The sum of allowances on document level (BT-107) does not equal the total of the document "
                 "level allowance amounts (BT-92). Please correct the sum or the allowances; leave the sum out "
                 "when there is no allowance.",
                 "Die Summe der Nachlässe auf Dokumentebene (BT-107) stimmt nicht mit der Summe der einzelnen "
                 "Nachlassbeträge (BT-92) überein. Bitte berichtigen Sie die Summe oder die Nachlässe; ohne "
                 "Nachlass entfällt die Summe."),
    "BR-CO-12": ("The sum of charges on document level (BT-108) does not equal the total of the document level "
                 "charge amounts (BT-99). Please correct the sum or the charges; leave the sum out when there is "
                 "no charge.",
                 "Die Summe der Zuschläge auf Dokumentebene (BT-108) stimmt nicht mit der Summe der einzelnen "
                 "Zuschlagsbeträge (BT-99) überein. Bitte berichtigen Sie die Summe oder die Zuschläge; ohne "
                 "Zuschlag entfällt die Summe."),
    "BR-CO-13": ("The invoice total amount without VAT (BT-109) is not the sum of line net amounts (BT-106) "
                 "minus the allowances (BT-107) plus the charges (BT-108). Please correct the totals.",
                 "Der Gesamtbetrag ohne Umsatzsteuer (BT-109) ist nicht die Summe der Positionen (BT-106) "
                 "abzüglich der Nachlässe (BT-107) zuzüglich der Zuschläge (BT-108). Bitte berichtigen Sie die "
                 "Summen."),
    "BR-CO-14": ("The invoice total VAT amount (BT-110) is not the sum of the VAT amounts of the VAT breakdown "
                 "(BT-117). Please correct the total or the breakdown.",
                 "Der Umsatzsteuergesamtbetrag (BT-110) ist nicht die Summe der Steuerbeträge der "
                 "Umsatzsteueraufschlüsselung (BT-117). Bitte berichtigen Sie den Gesamtbetrag oder die "
                 "Aufschlüsselung."),
    "BR-CO-15": ("The invoice total amount with VAT (BT-112) is not the total without VAT (BT-109) plus the "
                 "total VAT amount (BT-110), or the total VAT amount is not given exactly once in the invoice "
                 "currency. Please correct the totals.",
                 "Der Gesamtbetrag einschließlich Umsatzsteuer (BT-112) ist nicht der Gesamtbetrag ohne "
                 "Umsatzsteuer (BT-109) zuzüglich des Umsatzsteuergesamtbetrags (BT-110), oder der "
                 "Umsatzsteuergesamtbetrag ist nicht genau einmal in der Rechnungswährung angegeben. Bitte "
                 "berichtigen Sie die Summen."),
    "BR-CO-16": ("The amount due for payment (BT-115) is not the total with VAT (BT-112) minus the paid amount "
                 "(BT-113) plus the rounding amount (BT-114). Please correct the amount due.",
                 "Der fällige Zahlungsbetrag (BT-115) ist nicht der Gesamtbetrag einschließlich Umsatzsteuer "
                 "(BT-112) abzüglich des bereits gezahlten Betrags (BT-113) zuzüglich des Rundungsbetrags "
                 "(BT-114). Bitte berichtigen Sie den fälligen Betrag."),
    "BR-CO-17": ("The VAT amount of a VAT breakdown (BT-117) is not its taxable amount (BT-116) × its rate "
                 "(BT-119) / 100, rounded to two decimals. Please recalculate the VAT amount.",
                 "Der Steuerbetrag einer Umsatzsteueraufschlüsselung (BT-117) ist nicht Bemessungsgrundlage "
                 "(BT-116) × Steuersatz (BT-119) / 100, auf zwei Nachkommastellen gerundet. Bitte berechnen Sie "
                 "den Steuerbetrag neu."),
    "BR-CO-18": ("The invoice has no VAT breakdown (BG-23). Please give one VAT breakdown for each VAT category "
                 "and rate used in the invoice.",
                 "Die Rechnung enthält keine Umsatzsteueraufschlüsselung (BG-23). Bitte geben Sie für jede "
                 "verwendete Umsatzsteuerkategorie und jeden Steuersatz eine Aufschlüsselung an."),
    "BR-CO-19": ("The invoicing period (BG-14) has neither a start date (BT-73) nor an end date (BT-74). Please "
                 "give at least one of them, or leave out the period.",
                 "Der Abrechnungszeitraum (BG-14) hat weder ein Anfangsdatum (BT-73) noch ein Enddatum (BT-74). "
                 "Bitte geben Sie mindestens eines an oder lassen Sie den Zeitraum weg."),
    "BR-CO-20": ("An invoice line period (BG-26) has neither a start date (BT-134) nor an end date (BT-135). "
                 "Please give at least one of them, or leave out the period.",
                 "Ein Leistungszeitraum einer Position (BG-26) hat weder ein Anfangsdatum (BT-134) noch ein "
                 "Enddatum (BT-135). Bitte geben Sie mindestens eines an oder lassen Sie den Zeitraum weg."),
    "BR-CO-21": ("A document level allowance (BG-20) has neither a reason (BT-97) nor a reason code (BT-98). "
                 "Please say why the allowance is granted.",
                 "Ein Nachlass auf Dokumentebene (BG-20) hat weder einen Grund (BT-97) noch einen Code für den "
                 "Grund (BT-98). Bitte geben Sie an, warum der Nachlass gewährt wird."),
    "BR-CO-22": ("A document level charge (BG-21) has neither a reason (BT-104) nor a reason code (BT-105). "
                 "Please say what the charge is for.",
                 "Ein Zuschlag auf Dokumentebene (BG-21) hat weder einen Grund (BT-104) noch einen Code für den "
                 "Grund (BT-105). Bitte geben Sie an, wofür der Zuschlag berechnet wird."),
    "BR-CO-23": ("An invoice line allowance (BG-27) has neither a reason (BT-139) nor a reason code (BT-140). "
                 "Please say why the allowance is granted.",
                 "Ein Nachlass auf Positionsebene (BG-27) hat weder einen Grund (BT-139) noch einen Code für den "
                 "Grund (BT-140). Bitte geben Sie an, warum der Nachlass gewährt wird."),
    "BR-CO-24": ("An invoice line charge (BG-28) has neither a reason (BT-144) nor a reason code (BT-145). "
                 "Please say what the charge is for.",
                 "Ein Zuschlag auf Positionsebene (BG-28) hat weder einen Grund (BT-144) noch einen Code für den "
                 "Grund (BT-145). Bitte geben Sie an, wofür der Zuschlag berechnet wird."),
    "BR-CO-26": ("The seller (BG-4) cannot be identified: give at least one of seller identifier (BT-29), "
                 "seller legal registration identifier (BT-30, e.g. the commercial register number) or seller "
                 "VAT identifier (BT-31).",
                 "Der Verkäufer (BG-4) ist nicht identifizierbar: Bitte geben Sie mindestens eines an – "
                 "Kennung des Verkäufers (BT-29), Registernummer (BT-30, z. B. Handelsregisternummer) oder "
                 "Umsatzsteuer-Identifikationsnummer (BT-31)."),
    "BR-DEC-01": _decimals("BT-92", "document level allowance amount", "Der Betrag eines Nachlasses auf Dokumentebene"),
    "BR-DEC-02": _decimals("BT-93", "document level allowance base amount",
                           "Der Grundbetrag eines Nachlasses auf Dokumentebene"),
    "BR-DEC-05": _decimals("BT-99", "document level charge amount", "Der Betrag eines Zuschlags auf Dokumentebene"),
    "BR-DEC-06": _decimals("BT-100", "document level charge base amount",
                           "Der Grundbetrag eines Zuschlags auf Dokumentebene"),
    "BR-DEC-09": _decimals("BT-106", "sum of invoice line net amounts",
                           "Die Summe der Nettobeträge der Rechnungspositionen"),
    "BR-DEC-10": _decimals("BT-107", "sum of allowances on document level",
                           "Die Summe der Nachlässe auf Dokumentebene"),
    "BR-DEC-11": _decimals("BT-108", "sum of charges on document level", "Die Summe der Zuschläge auf Dokumentebene"),
    "BR-DEC-12": _decimals("BT-109", "invoice total amount without VAT", "Der Gesamtbetrag ohne Umsatzsteuer"),
    "BR-DEC-13": _decimals("BT-110", "invoice total VAT amount", "Der Umsatzsteuergesamtbetrag"),
    "BR-DEC-14": _decimals("BT-112", "invoice total amount with VAT", "Der Gesamtbetrag einschließlich Umsatzsteuer"),
    "BR-DEC-15": _decimals("BT-111", "invoice total VAT amount in accounting currency",
                           "Der Umsatzsteuergesamtbetrag in Buchungswährung"),
    "BR-DEC-16": _decimals("BT-113", "paid amount", "Der bereits gezahlte Betrag"),
    "BR-DEC-17": _decimals("BT-114", "rounding amount", "Der Rundungsbetrag"),
    "BR-DEC-18": _decimals("BT-115", "amount due for payment", "Der fällige Zahlungsbetrag"),
    "BR-DEC-19": _decimals("BT-116", "VAT category taxable amount",
                           "Die Bemessungsgrundlage einer Umsatzsteueraufschlüsselung"),
    "BR-DEC-20": _decimals("BT-117", "VAT category tax amount", "Der Steuerbetrag einer Umsatzsteueraufschlüsselung"),
    "BR-DEC-23": _decimals("BT-131", "invoice line net amount", "Der Nettobetrag einer Rechnungsposition"),
    "BR-DEC-24": _decimals("BT-136", "invoice line allowance amount", "Der Betrag eines Nachlasses auf Positionsebene"),
    "BR-DEC-25": _decimals("BT-137", "invoice line allowance base amount",
                           "Der Grundbetrag eines Nachlasses auf Positionsebene"),
    "BR-DEC-27": _decimals("BT-141", "invoice line charge amount", "Der Betrag eines Zuschlags auf Positionsebene"),
    "BR-DEC-28": _decimals("BT-142", "invoice line charge base amount",
                           "Der Grundbetrag eines Zuschlags auf Positionsebene"),
}
