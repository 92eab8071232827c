"""The plain-language message catalogue (`validators.messages`): every official rule id explained in English
and German, templates that read well with and without the element and value, one language per text, a
neutral fallback, and generated data that matches the official rule files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.availability import unavailable
from validators.messages import CATALOGUE, explain, fill
from validators.messages.catalogue import OPTIONAL, PLACEHOLDER
from validators.messages.generate import generate, readable
from validators.rulesets import NAMES, load
from validators.rulesets.generate import DEFAULT_OFFICIAL, TARGETS

ALL_IDS = sorted({assertion.id for name in NAMES for assertion in load(name).assertions})
ENGLISH_WORDS = {"the", "and", "of", "is", "are", "must", "shall", "should", "please", "invoice", "line", "amount",
                 "missing", "with", "without", "not", "for", "to", "be", "has", "have", "give", "this", "which",
                 "or", "only", "one", "more", "than", "seller", "buyer", "payment", "allowance", "charge"}
GERMAN_WORDS = {"der", "die", "das", "und", "nicht", "ist", "muss", "bitte", "rechnung", "oder", "mit", "ein", "eine",
                "für", "des", "dem", "den", "fehlt", "sie", "wird", "zur", "beim", "auf", "keine", "kein", "angabe",
                "geben", "verkäufer", "käufer", "betrag", "position"}
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|„[^“]*“|“[^”]*”")


def words(text: str) -> set[str]:
    """The plain words of a message: quoted examples, element names, codes, URLs and numbers left out."""
    found = set()
    for token in _QUOTED.sub(" ", text).split():
        token = token.strip("()[],.;:!?–-")
        if token and not re.search(r"[:/@#=_.\d]", token):
            found.add(token.lower())
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_id_of_every_generated_rule_set_has_an_english_and_a_german_message(name):
    rule_set = load(name)
    missing = sorted(rule_set.ids() - CATALOGUE.keys())
    assert not missing, f"{name}: no message for {missing}"
    for assertion in rule_set.assertions:
        explanation = explain(assertion.id, assertion.message, element="cbc:ID", value="X-1")
        assert explanation.en and explanation.de and explanation.en != explanation.de
        assert explanation.en != assertion.message


def test_the_catalogue_names_no_rule_the_rule_sets_do_not_have():
    assert sorted(CATALOGUE.keys() - set(ALL_IDS)) == []


def template_problems(rule_id: str) -> list[str]:
    """What is wrong with the templates of `rule_id` (see the test below)."""
    problems = []
    for template in CATALOGUE[rule_id]:
        if not set(PLACEHOLDER.findall(template)) <= {"element", "value"}:
            problems.append(f"unknown placeholder: {template}")
        problems += [f"optional part without placeholder: [{part}]" for part in OPTIONAL.findall(template)
                     if not PLACEHOLDER.search(part)]
        if re.search(r"[{}\[\]]", OPTIONAL.sub("", template)):
            problems.append(f"placeholder or bracket outside an optional part: {template}")
    english, german = CATALOGUE[rule_id]
    if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(german)):
        problems.append("the two languages do not name the same element and value")
    return problems


def test_templates_use_only_element_and_value_and_only_in_optional_parts():
    problems = {rule_id: found for rule_id in ALL_IDS if (found := template_problems(rule_id))}
    assert not problems


_FILLS = [(None, None), ("cbc:InvoiceTypeCode", None), (None, "Q7Z"), ("ram:TypeCode", "Q7Z"), ("", "")]


def sentence_problems(rule_id: str) -> list[str]:
    """Texts of `rule_id` that, filled with or without element and value, do not read as whole sentences."""
    problems = []
    for element, value in _FILLS:
        explanation = explain(rule_id, f"[{rule_id}]-official text", element=element, value=value)
        for text in (explanation.en, explanation.de):
            if re.search(r"[{}\[\]]|\s[.,;]|\s\s|\(\s|\s\)", text) or not (text[0].isupper() and text.endswith(".")):
                problems.append(text)
            if ("Q7Z" in text) != (value == "Q7Z" and "{value}" in CATALOGUE[rule_id][0]):
                problems.append(f"value {value!r} shown wrongly: {text}")
    return problems


def test_each_message_reads_as_whole_sentences_with_and_without_element_and_value():
    problems = {rule_id: found for rule_id in ALL_IDS if (found := sentence_problems(rule_id))}
    assert not problems


def test_german_messages_contain_no_common_english_words_and_english_ones_no_german():
    mixed = {}
    for rule_id in ALL_IDS:
        english, german = (fill(template, {"element": "cbc:Note", "value": "Beispiel example"})
                           for template in CATALOGUE[rule_id])
        if words(german) & ENGLISH_WORDS or words(english) & GERMAN_WORDS:
            mixed[rule_id] = (sorted(words(english) & GERMAN_WORDS), sorted(words(german) & ENGLISH_WORDS))
    assert not mixed


_TERM = re.compile(r"\bB[TG]-(?:DEX-)?\d+\b")


def test_both_languages_cite_the_same_business_terms_and_every_term_exists():
    from invoicing.model.glossary import glossary

    known = {entry.term_id for entry in glossary()} | {"BG-DEX-06"}  # sub line VAT group: not in the model
    different = {rule_id: (english, german) for rule_id, (english, german) in CATALOGUE.items()
                 if set(_TERM.findall(english)) != set(_TERM.findall(german))}
    unknown = sorted({term for pair in CATALOGUE.values() for text in pair for term in _TERM.findall(text)} - known)
    assert not different
    assert not unknown


def test_the_language_check_would_notice_a_mixed_message():
    assert words("Der Betrag is missing (BT-92).") & ENGLISH_WORDS == {"is", "missing"}
    assert words("The amount fehlt, bitte 'der' ram:Name #SKONTO#TAGE=14#") & GERMAN_WORDS == {"fehlt", "bitte"}


def test_an_unknown_rule_id_gets_a_neutral_sentence_quoting_the_official_text():
    explanation = explain("BR-99", "[BR-99]-An Invoice shall have a {new} [term] (BT-999).", element="cbc:Note")
    assert explanation.en == ("The invoice does not meet rule BR-99 of the official validation. The rule says: “An "
                              "Invoice shall have a {new} [term] (BT-999)”. It concerns the element cbc:Note. Please "
                              "correct the invoice accordingly.")
    assert explanation.de == ("Die Rechnung erfüllt die Regel BR-99 der amtlichen Prüfung nicht. Der Regeltext lautet: "
                              "„An Invoice shall have a {new} [term] (BT-999)“. Betroffen ist das Element cbc:Note. "
                              "Bitte berichtigen Sie die Rechnung entsprechend.")


@pytest.mark.parametrize("official", ["", "   ", None, "[X]-", "{value} {element} [", "ü" * 5000])
def test_the_fallback_never_raises_and_always_says_something(official):
    explanation = explain("NEW-1", official, element=None, value=None)
    assert "NEW-1" in explanation.en and "NEW-1" in explanation.de
    assert "It concerns" not in explanation.en and "Betroffen" not in explanation.de


def test_the_buyer_reference_message_names_the_leitweg_id():
    explanation = explain("BR-DE-15", '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.')
    assert explanation.en == ("The buyer reference (BT-10) is missing. XRechnung requires it: for a public buyer this "
                              "is the Leitweg-ID (e.g. 04011000-1234512345-06), which the buyer gives you with the "
                              "order.")
    assert explanation.de == ("Die Käuferreferenz (BT-10) fehlt. XRechnung verlangt sie: Bei öffentlichen "
                              "Auftraggebern ist das die Leitweg-ID (z. B. 04011000-1234512345-06), die Ihnen der "
                              "Auftraggeber mit der Bestellung mitteilt.")


def test_a_code_list_message_quotes_the_value_when_there_is_one():
    found = explain("BR-CL-01", "[BR-CL-01]-…", element="cbc:InvoiceTypeCode", value="999")
    assert found.en.startswith('The invoice type code (BT-3) "999" is not in the code list UNTDID 1001. ')
    assert found.de.startswith("Der Code für die Rechnungsart (BT-3) „999“ steht nicht in der Codeliste UNTDID 1001. ")
    unknown = explain("BR-CL-01", "[BR-CL-01]-…", element="cbc:InvoiceTypeCode", value=None)
    assert unknown.en.startswith("The invoice type code (BT-3) is not in the code list UNTDID 1001. ")
    assert unknown.de.startswith("Der Code für die Rechnungsart (BT-3) steht nicht in der Codeliste UNTDID 1001. ")


def test_a_vat_category_message_names_the_category_and_the_fix():
    explanation = explain("BR-AE-05", "[BR-AE-05]-…", element="cac:ClassifiedTaxCategory")
    assert explanation.en == ("An invoice line in VAT category AE (reverse charge) must have the VAT rate (BT-152) 0. "
                              "Please set the rate to 0.")
    assert explanation.de == ("Eine Rechnungsposition der Umsatzsteuerkategorie AE (Steuerschuldnerschaft des "
                              "Leistungsempfängers) muss den Steuersatz (BT-152) 0 haben. Bitte setzen Sie den Satz "
                              "auf 0.")


def test_a_not_used_warning_describes_the_element_from_the_rule_test():
    explanation = explain("UBL-CR-534", "[UBL-CR-534]-A UBL invoice should not include the InvoiceLine "
                                        "DocumentReference IssueDate", element="ubl:Invoice")
    assert explanation.en == ("The invoice contains the element cac:InvoiceLine/cac:DocumentReference/cbc:IssueDate "
                              "(area: invoice line, BG-25). It is not part of EN 16931, so the recipient does not read "
                              "it; please leave it out.")
    assert explanation.de == ("Die Rechnung enthält das Element cac:InvoiceLine/cac:DocumentReference/cbc:IssueDate "
                              "(Bereich: Rechnungsposition, BG-25). Es gehört nicht zur EN 16931 und wird daher beim "
                              "Empfänger nicht ausgewertet; bitte lassen Sie es weg.")


@pytest.mark.parametrize("context, test, expected", [
    ("/ubl:Invoice | /cn:CreditNote", "not(cac:OrderReference/cbc:UUID)", ("cac:OrderReference/cbc:UUID", None, False)),
    ("/ubl:Invoice | /cn:CreditNote", "not((cac:InvoiceLine|cac:CreditNoteLine)/cbc:UUID)",
     ("cac:InvoiceLine/cbc:UUID", None, False)),
    ("/ubl:Invoice | /cn:CreditNote", "not(//@unitCodeListID)", ("", "unitCodeListID", True)),
    ("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement",
     "not(ram:CreditReason)", ("ram:ApplicableHeaderTradeSettlement/ram:CreditReason", None, False)),
    ("/ubl:Invoice | /cn:CreditNote", "not(cac:AdditionalDocumentReference[cbc:DocumentTypeCode = '130']/cac:Attachment)",
     None),
    ("//*[ends-with(name(), 'DocumentContextParameter')]", "not(ram:Value)", None),
    ("/ubl:Invoice | /cn:CreditNote", "not(cbc:UBLVersionID) or cbc:UBLVersionID = '2.1'", None),
])
def test_the_generator_reads_plain_not_used_tests_and_leaves_the_rest_to_hand_written_messages(context, test,
                                                                                                expected):
    assert readable(context, test) == expected


_LEAF = re.compile(r"(ID|Code|Amount|Quantity|DateTimeString)$")


def last_steps(context: str) -> list[str]:
    """The element name each top-level branch of a rule context ends with (`*[ends-with(name(), 'X')]` → X)."""
    branches, depth, start = [], 0, 0
    for index, char in enumerate(context):
        depth += (char in "([") - (char in ")]")
        if char == "|" and depth == 0:
            branches.append(context[start:index])
            start = index + 1
    branches.append(context[start:])
    names = []
    for branch in branches:
        plain = branch
        while re.search(r"\[[^\[\]]*\]", plain):
            plain = re.sub(r"\[[^\[\]]*\]", "", plain)
        last = plain.strip().split("/")[-1]
        names.append(re.search(r"'(\w+)'", branch).group(1) if last == "*" or last.endswith(":*") else last)
    return names


def test_only_rules_that_fire_on_a_code_identifier_amount_quantity_or_date_quote_the_value():
    """`{value}` is the text of the element the rule fired on: quoting it only makes sense for a leaf."""
    from validators.schematron import source as S

    official = _official()
    quoting = {rule_id for rule_id, templates in CATALOGUE.items() if "{value}" in templates[0]}
    checked, containers = set(), []
    for target in TARGETS:
        for rule in S.read(official / target.schematron).rules:
            for assertion in (a for a in rule.assertions if a.id in quoting):
                context = " ".join(rule.context.split())
                containers += [(assertion.id, name) for name in last_steps(context) if not _LEAF.search(name)]
                checked.add(assertion.id)
    assert not containers
    assert checked == quoting


def test_the_leaf_check_sees_through_unions_and_predicates():
    assert last_steps("(/ubl:Invoice[$isCVD]/cac:InvoiceLine | /cn:CreditNote[$x]/cac:CreditNoteLine)/cac:Item/"
                      "cbc:ItemClassificationCode") == ["cbc:ItemClassificationCode"]
    assert last_steps("cbc:InvoicedQuantity[@unitCode] | cac:Party") == ["cbc:InvoicedQuantity", "cac:Party"]
    assert last_steps("//ram:*[ends-with(name(), 'Amount') and not (self::ram:TaxTotalAmount)]") == ["Amount"]


def _official() -> Path:
    if not (DEFAULT_OFFICIAL / "schematron").is_dir():
        unavailable(f"the official rule files are not at {DEFAULT_OFFICIAL}")
    return DEFAULT_OFFICIAL


def test_the_generated_element_descriptions_match_the_official_rule_files(tmp_path):
    committed = Path(__file__).resolve().parents[2] / "validators" / "messages" / "unused_paths.py"
    regenerated = generate(_official(), tmp_path / "unused_paths.py")
    assert regenerated.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), \
        "validators/messages/unused_paths.py is stale: run python -m validators.messages.generate"
