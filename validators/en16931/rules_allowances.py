"""EN 16931 rules on document level allowances (BG-20) and charges (BG-21): BR-31…BR-33, BR-36…BR-38,
BR-CO-21, BR-CO-22, BR-DEC-01, BR-DEC-02, BR-DEC-05, BR-DEC-06."""

from __future__ import annotations

from validators.en16931.numbers import decimals
from validators.en16931.rule import NOTHING, hit, rule, show
from validators.en16931.view import View


def _allowance_rule(rule_id: str, terms: str, charge: bool, en: str, de: str, fires, **values):
    @rule(rule_id, terms, en, de, needs="allowances")
    def check(view: View):
        return [h for allowance in view.allowances if allowance.charge is charge and fires(allowance)
                for h in hit(allowance.el, **{k: show(get(allowance)) for k, get in values.items()})] or NOTHING
    return check


_KINDS = {False: ("allowance", "Nachlass", "BT-92", "BT-95", "BT-97 BT-98", "BT-93"),
          True: ("charge", "Zuschlag", "BT-99", "BT-102", "BT-104 BT-105", "BT-100")}
_IDS = {False: ("BR-31", "BR-32", "BR-33", "BR-CO-21", "BR-DEC-01", "BR-DEC-02"),
        True: ("BR-36", "BR-37", "BR-38", "BR-CO-22", "BR-DEC-05", "BR-DEC-06")}

for _charge, (_en, _de, _amount, _category, _reason, _base) in _KINDS.items():
    _amount_id, _category_id, _reason_id, _reason_co_id, _dec_amount_id, _dec_base_id = _IDS[_charge]
    _allowance_rule(
        _amount_id, _amount, _charge,
        f"A document level {_en} has no amount ({_amount}). Please give the amount.",
        f"Ein {_de} auf Dokumentebene hat keinen Betrag ({_amount}). Bitte geben Sie den Betrag an.",
        lambda a: not a.amounts)
    _allowance_rule(
        _category_id, _category, _charge,
        f"A document level {_en} has no VAT category code ({_category}). Please state the VAT category it "
        "belongs to, e.g. S.",
        f"Ein {_de} auf Dokumentebene hat keinen Umsatzsteuer-Kategoriecode ({_category}). Bitte geben Sie die "
        "Kategorie an, z. B. S.",
        lambda a: not any(c.vat and c.code is not None for c in a.categories))
    for _id in (_reason_id, _reason_co_id):
        _allowance_rule(
            _id, _reason, _charge,
            f"A document level {_en} of {{amount}} has neither a reason nor a reason code ({_reason}). "
            "Please say why it is applied.",
            f"Ein {_de} auf Dokumentebene über {{amount}} hat weder Grund noch Grund-Code ({_reason}). "
            "Bitte geben Sie den Grund an.",
            lambda a: not a.reasons and not a.reason_codes, amount=lambda a: a.amounts[0] if a.amounts else None)
    _allowance_rule(
        _dec_amount_id, _amount, _charge,
        f"The document level {_en} amount ({_amount}) is {{found}}; at most two decimals are allowed.",
        f"Der Betrag ({_amount}) eines {_de}s auf Dokumentebene ist {{found}}; höchstens zwei Nachkommastellen "
        "sind erlaubt.",
        lambda a: decimals(a.amounts[0] if a.amounts else None) > 2, found=lambda a: a.amounts[0] if a.amounts else None)
    _allowance_rule(
        _dec_base_id, _base, _charge,
        f"The document level {_en} base amount ({_base}) is {{found}}; at most two decimals are allowed.",
        f"Der Grundbetrag ({_base}) eines {_de}s auf Dokumentebene ist {{found}}; höchstens zwei Nachkommastellen "
        "sind erlaubt.",
        lambda a: decimals(a.base) > 2, found=lambda a: a.base)
