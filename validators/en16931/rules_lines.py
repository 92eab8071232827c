"""EN 16931 rules on invoice lines (BG-25): BR-21…BR-28, BR-30, BR-41…BR-44, BR-54, BR-64, BR-65,
BR-CO-04, BR-CO-20, BR-CO-23, BR-CO-24, BR-DEC-23…BR-DEC-28."""

from __future__ import annotations

from validators.en16931.numbers import dbl, decimals
from validators.en16931.rule import NOTHING, filled, hit, rule, show
from validators.en16931.view import View


def _each_line(view: View, fires, **values):
    """Hits for every line where `fires(view, line)` is true; `values` map names to line getters."""
    return [hit_ for line in view.lines if fires(view, line)
            for hit_ in hit(line.el, line=show(line.id), **{k: show(get(line)) for k, get in values.items()})] or NOTHING


def _line_rule(rule_id: str, terms: str, en: str, de: str, fires, **values):
    @rule(rule_id, terms, en, de)
    def check(view: View):
        return _each_line(view, fires, **values)
    return check


_line_rule("BR-21", "BT-126",
           "An invoice line has no line identifier (BT-126); found {found}. Please number every line.",
           "Eine Rechnungsposition hat keine Positionsnummer (BT-126); gefunden: {found}. Bitte nummerieren Sie jede Position.",
           lambda v, line: not (filled(line.id) if v.ubl else bool(line.id)), found=lambda line: line.id)
_line_rule("BR-22", "BT-129",
           "Invoice line {line} has no invoiced quantity (BT-129). Please give the quantity.",
           "Rechnungsposition {line} hat keine Menge (BT-129). Bitte geben Sie die Menge an.",
           lambda v, line: line.quantity_el is None)
_line_rule("BR-23", "BT-130",
           "The quantity of invoice line {line} has no unit of measure (BT-130). Please add a UN/ECE Rec. 20 unit "
           "code, e.g. C62 or HUR.",
           "Die Menge der Rechnungsposition {line} hat keine Mengeneinheit (BT-130). Bitte ergänzen Sie einen Code nach "
           "UN/ECE Rec. 20, z. B. C62 oder HUR.",
           lambda v, line: line.unit_code is None)
_line_rule("BR-24", "BT-131",
           "Invoice line {line} has no line net amount (BT-131). Please give quantity × net price minus allowances plus charges.",
           "Rechnungsposition {line} hat keinen Nettobetrag (BT-131). Bitte geben Sie Menge × Nettopreis abzüglich "
           "Nachlässen zuzüglich Zuschlägen an.",
           lambda v, line: line.net is None)
_line_rule("BR-25", "BT-153",
           "Invoice line {line} has no item name (BT-153); found {found}. Please name what was delivered.",
           "Rechnungsposition {line} hat keine Artikelbezeichnung (BT-153); gefunden: {found}. Bitte benennen Sie die Leistung.",
           lambda v, line: not (filled(line.name) if v.ubl else bool(line.name)), found=lambda line: line.name)
_line_rule("BR-26", "BT-146",
           "Invoice line {line} has no item net price (BT-146). Please give the net price.",
           "Rechnungsposition {line} hat keinen Nettopreis (BT-146). Bitte geben Sie ihn an.",
           lambda v, line: line.price is None)


def _negative_price(view: View, line) -> bool:
    values = [dbl(text) for text in line.price_amounts]
    return not any(value is not None and value >= 0 for value in values)


_line_rule("BR-27", "BT-146",
           "The item net price (BT-146) of invoice line {line} is {found}; it must not be negative (or missing). "
           "Show reductions as allowances instead.",
           "Der Nettopreis (BT-146) der Rechnungsposition {line} ist {found}; er darf nicht negativ sein (oder fehlen). "
           "Bitte weisen Sie Minderungen als Nachlass aus.",
           _negative_price, found=lambda line: line.price)
_line_rule("BR-28", "BT-148",
           "The item gross price (BT-148) of invoice line {line} is {found}; it must not be negative.",
           "Der Bruttopreis (BT-148) der Rechnungsposition {line} ist {found}; er darf nicht negativ sein.",
           lambda v, line: line.gross is not None and not (dbl(line.gross) is not None and dbl(line.gross) >= 0),
           found=lambda line: line.gross)
_line_rule("BR-CO-04", "BT-151",
           "Invoice line {line} has no VAT category code (BT-151). Please state the line's VAT category, e.g. S.",
           "Rechnungsposition {line} hat keinen Umsatzsteuer-Kategoriecode (BT-151). Bitte geben Sie die Kategorie an, z. B. S.",
           lambda v, line: not any(c.vat and c.code is not None for c in line.categories))


def _period_rule(rule_id: str, terms: str, en: str, de: str, periods):
    @rule(rule_id, terms, en, de, needs="periods" if rule_id in ("BR-29", "BR-CO-19") else "line_periods")
    def check(view: View):
        hits = []
        for period in periods(view):
            if rule_id in ("BR-29", "BR-30"):
                fires = period.start is not None and period.end is not None and not (
                    period.start_format == period.end_format == "ok" and period.end >= period.start)
            elif view.ubl and rule_id == "BR-CO-19":
                fires = period.start is None and period.end is None and period.code is None
            else:
                fires = period.start is None and period.end is None
            if fires:
                hits += hit(period.el, start=show(period.start), end=show(period.end))
        return hits or NOTHING
    return check


_period_rule("BR-30", "BT-134 BT-135",
             "The invoice line period ends ({end}) before it starts ({start}). The end date (BT-135) must not be "
             "earlier than the start date (BT-134).",
             "Der Leistungszeitraum der Position endet ({end}) vor seinem Beginn ({start}). Das Enddatum (BT-135) darf "
             "nicht vor dem Anfangsdatum (BT-134) liegen.",
             lambda v: [p for line in v.lines for p in line.periods])
_period_rule("BR-CO-20", "BG-26 BT-134 BT-135",
             "An invoice line period (BG-26) gives neither a start date (BT-134) nor an end date (BT-135). "
             "Please give at least one of them or leave out the period.",
             "Ein Positions-Leistungszeitraum (BG-26) enthält weder Anfangs- (BT-134) noch Enddatum (BT-135). "
             "Bitte geben Sie mindestens eines an oder lassen Sie den Zeitraum weg.",
             lambda v: [p for line in v.lines for p in line.periods])
_period_rule("BR-29", "BT-73 BT-74",
             "The invoicing period ends ({end}) before it starts ({start}). The end date (BT-74) must not be "
             "earlier than the start date (BT-73).",
             "Der Abrechnungszeitraum endet ({end}) vor seinem Beginn ({start}). Das Enddatum (BT-74) darf nicht "
             "vor dem Anfangsdatum (BT-73) liegen.",
             lambda v: v.periods)
_period_rule("BR-CO-19", "BG-14 BT-73 BT-74",
             "The invoicing period (BG-14) gives neither a start date (BT-73) nor an end date (BT-74). "
             "Please give at least one of them (or, in UBL, the tax point date code BT-8).",
             "Der Abrechnungszeitraum (BG-14) enthält weder Anfangs- (BT-73) noch Enddatum (BT-74). Bitte geben Sie "
             "mindestens eines an (oder in UBL den Code für das Steuerfälligkeitsdatum, BT-8).",
             lambda v: v.periods)


def _line_allowance_rule(rule_id: str, terms: str, charge: bool, en: str, de: str, fires, **values):
    @rule(rule_id, terms, en, de, needs="line_allowances")
    def check(view: View):
        hits = []
        for line in view.lines:
            for allowance in line.allowances:
                if allowance.charge is charge and fires(allowance):
                    hits += hit(allowance.el, line=show(line.id), **{k: show(get(allowance)) for k, get in values.items()})
        return hits or NOTHING
    return check


def _no_reason(allowance) -> bool:
    return not allowance.reasons and not allowance.reason_codes


for _id, _terms, _charge, _what_en, _what_de in (
        ("BR-41", "BT-136", False, "allowance", "Nachlass"), ("BR-43", "BT-141", True, "charge", "Zuschlag")):
    _line_allowance_rule(
        _id, _terms, _charge,
        f"A line {_what_en} of invoice line {{line}} has no amount ({_terms}). Please give the amount.",
        f"Ein {_what_de} der Rechnungsposition {{line}} hat keinen Betrag ({_terms}). Bitte geben Sie den Betrag an.",
        lambda a: not a.amounts)

for _id, _terms, _charge, _what_en, _what_de in (
        ("BR-42", "BT-139 BT-140", False, "allowance", "Nachlass"), ("BR-CO-23", "BT-139 BT-140", False, "allowance", "Nachlass"),
        ("BR-44", "BT-144 BT-145", True, "charge", "Zuschlag"), ("BR-CO-24", "BT-144 BT-145", True, "charge", "Zuschlag")):
    _line_allowance_rule(
        _id, _terms, _charge,
        f"A line {_what_en} of invoice line {{line}} has neither a reason nor a reason code ({_terms}). "
        "Please say why it is granted.",
        f"Ein {_what_de} der Rechnungsposition {{line}} hat weder Grund noch Grund-Code ({_terms}). "
        "Bitte geben Sie den Grund an.",
        _no_reason)

for _id, _terms, _charge, _field, _what_en, _what_de in (
        ("BR-DEC-24", "BT-136", False, "amounts", "allowance amount", "Nachlassbetrag"),
        ("BR-DEC-25", "BT-137", False, "base", "allowance base amount", "Nachlass-Grundbetrag"),
        ("BR-DEC-27", "BT-141", True, "amounts", "charge amount", "Zuschlagsbetrag"),
        ("BR-DEC-28", "BT-142", True, "base", "charge base amount", "Zuschlags-Grundbetrag")):
    def _first(allowance, field=_field):
        value = getattr(allowance, field)
        if isinstance(value, list):
            return value[0] if value else None
        return value
    _line_allowance_rule(
        _id, _terms, _charge,
        f"The line {_what_en} ({_terms}) of invoice line {{line}} is {{found}}; at most two decimals are allowed.",
        f"Der {_what_de} ({_terms}) der Rechnungsposition {{line}} ist {{found}}; höchstens zwei Nachkommastellen sind erlaubt.",
        lambda a, first=_first: decimals(first(a)) > 2, found=_first)

_line_rule("BR-DEC-23", "BT-131",
           "The net amount (BT-131) of invoice line {line} is {found}; at most two decimals are allowed.",
           "Der Nettobetrag (BT-131) der Rechnungsposition {line} ist {found}; höchstens zwei Nachkommastellen sind erlaubt.",
           lambda v, line: decimals(line.net) > 2, found=lambda line: line.net)


@rule("BR-54", "BG-32 BT-160 BT-161",
      "An item attribute (BG-32) of invoice line {line} lacks its name (BT-160) or value (BT-161). Please give both.",
      "Ein Artikelmerkmal (BG-32) der Rechnungsposition {line} hat keinen Namen (BT-160) oder Wert (BT-161). "
      "Bitte geben Sie beides an.", needs="attributes")
def br_54(view: View):
    return [h for line in view.lines for el, name, value in line.attributes if not (name and value)
            for h in hit(el, line=show(line.id))] or NOTHING


@rule("BR-64", "BT-157",
      "The item standard identifier (BT-157) {found} of invoice line {line} has no scheme identifier. "
      "Please add the scheme, e.g. 0160 for a GTIN.",
      "Die Standard-Artikelkennung (BT-157) {found} der Rechnungsposition {line} hat keine Schema-Kennung. "
      "Bitte ergänzen Sie das Schema, z. B. 0160 für eine GTIN.", needs="standard_ids")
def br_64(view: View):
    hits = []
    for line in view.lines:
        if view.ubl:
            hits += [h for el, scheme in line.standard_ids if scheme is None
                     for h in hit(el, line=show(line.id), found=show(el.text))]
        elif line.standard_ids and not any(scheme for _, scheme in line.standard_ids):
            el = line.standard_ids[0][0]
            hits += hit(el, line=show(line.id), found=show(el.text))
    return hits or NOTHING


@rule("BR-65", "BT-158",
      "The item classification identifier (BT-158) {found} of invoice line {line} has no scheme identifier. "
      "Please add the scheme (UNTDID 7143), e.g. STI.",
      "Die Artikelklassifizierung (BT-158) {found} der Rechnungsposition {line} hat keine Schema-Kennung. "
      "Bitte ergänzen Sie das Schema (UNTDID 7143), z. B. STI.", needs="classifications")
def br_65(view: View):
    hits = []
    for line in view.lines:
        if view.ubl:
            hits += [h for el, scheme in line.classifications if scheme is None
                     for h in hit(el, line=show(line.id), found=show(el.text))]
        elif line.classifications and not any(scheme for _, scheme in line.classifications):
            el = line.classifications[0][0]
            hits += hit(el, line=show(line.id), found=show(el.text))
    return hits or NOTHING
