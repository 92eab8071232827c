"""The differential test's search for mutants that make an assertion fail (`tests/differential/firing.py`).

The search only chooses documents; the official engine judges them in the differential test. These tests
check that it chooses what it says: a second occurrence of what a rule counts, a code put everywhere a value
stands, an attribute a rule forbids added, and — with the native engine as the judge — a mutant on which the
aimed-at assertion fires.
"""

from __future__ import annotations

from random import Random

from lxml import etree

from tests.differential.firing import fired_natively, firing
from tests.differential.mutate import searching_mutants
from tests.differential.seeds import generated
from tests.differential.targets import Target, child_pairs, counted_paths, targets
from validators.schematron import xpath as X

NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
CAC, CBC = "{%s}" % NS["cac"], "{%s}" % NS["cbc"]


def _target(**fields) -> Target:
    values = {"rule_id": "X-1", "rule_set": "cen_ubl", "elements": (), "attributes": (), "codes": (), "numbers": ()}
    return Target(**{**values, **fields})


def test_a_count_of_at_most_one_names_the_path_whose_second_occurrence_fails_it():
    assert counted_paths("count(cac:ContractDocumentReference/cbc:ID) <= 1", NS) == [
        (f"{CAC}ContractDocumentReference", f"{CBC}ID")]
    assert counted_paths("(count(cbc:Note) < 2)", NS) == [(f"{CBC}Note",)]
    # not "at most one": nothing to add twice
    assert counted_paths("count(cbc:Note) <= 2", NS) is None
    assert counted_paths("count(cbc:Note[1]) <= 1", NS) is None
    assert counted_paths("count(//cbc:Note) <= 1", NS) is None


def test_the_parent_child_pairs_of_a_tests_paths_are_read_wherever_they_stand():
    tree = X.parse("not(//cac:A[cbc:B = '1']/cbc:C/@schemeID) and count(cac:D/*) = 0", NS)
    assert child_pairs(tree) == {(f"{CAC}A", f"{CBC}C"), (f"{CBC}C", "@schemeID")}


def test_what_a_rule_counts_is_added_twice_first():
    xml = b'<r xmlns:cbc="%s"><cbc:ID>1</cbc:ID></r>' % NS["cbc"].encode()
    target = _target(elements=(f"{CBC}ID",), context=("r",), counted=((f"{CBC}Note",),))
    description, first = searching_mutants(xml, target, Random(1), 5)[0]
    assert description.startswith("insert-twice r")
    assert len(etree.fromstring(first).findall(f"{CBC}Note")) == 2


def test_a_child_the_test_names_is_added_to_an_element_of_the_parents_name():
    xml = b'<r xmlns:cac="%s"><cac:A/></r>' % NS["cac"].encode()
    target = _target(elements=(f"{CAC}A",), children=((f"{CAC}A", f"{CBC}Note"), (f"{CAC}A", "@listID")))
    made = dict(searching_mutants(xml, target, Random(1), 50))
    assert etree.fromstring(made["add-child A 'Note'"]).find(f"{CAC}A/{CBC}Note") is not None
    assert etree.fromstring(made["add-child A '@listID'"]).find(f"{CAC}A").get("listID") == "X"


def test_a_code_is_put_everywhere_a_short_value_stands_in_elements_of_one_name():
    xml = (b'<r xmlns:cac="%s" xmlns:cbc="%s"><cac:A><cbc:ID>S</cbc:ID></cac:A><cac:B><cbc:ID>S</cbc:ID></cac:B>'
           b'<cbc:ID>DE123</cbc:ID></r>' % (NS["cac"].encode(), NS["cbc"].encode()))
    target = _target(elements=(f"{CBC}ID",), codes=("AE",))
    made = dict(searching_mutants(xml, target, Random(1), 50))
    recoded = [xml for description, xml in made.items() if description.startswith("recode")]
    assert len(recoded) == 1
    assert [element.text for element in etree.fromstring(recoded[0]).iter(f"{CBC}ID")] == ["AE", "AE", "DE123"]


def test_an_attribute_a_rule_looks_for_is_added_where_it_is_missing():
    xml = b'<r xmlns:cbc="%s"><cbc:ID>1</cbc:ID></r>' % NS["cbc"].encode()
    target = _target(elements=(f"{CBC}ID",), attributes=("schemeName",))
    made = [etree.fromstring(xml) for _, xml in searching_mutants(xml, target, Random(1), 50)]
    assert any(root.find(f"{CBC}ID").get("schemeName") == "X" for root in made)


def test_the_search_returns_a_mutant_on_which_the_native_engine_fires_the_assertion():
    # UBL-SR-01 (EN16931-UBL-validation.sch): at most one contract reference; no generated invoice has one
    (target,) = [target for target in targets("cen_ubl") if target.rule_id == "UBL-SR-01"]
    seeds = [seed for seed in generated(4) if seed.syntax == "UBL"]
    assert all("UBL-SR-01" not in fired_natively(seed.xml) for seed in seeds)
    found, fires = firing(seeds, target, Random(1))
    assert fires and len(found) == 1
    _, description, xml = found[0]
    assert description.startswith("insert-twice")
    assert "UBL-SR-01" in fired_natively(xml)


def test_when_nothing_fires_the_search_returns_some_of_what_it_tried():
    # BR-CO-05 (EN16931-UBL-validation.sch) tests true(): no document makes it fail
    target = next(target for target in targets("cen_ubl") if target.rule_id == "BR-CO-05")
    seeds = [seed for seed in generated(2) if seed.syntax == "UBL"]
    found, fires = firing(seeds, target, Random(1))
    assert not fires
    assert 0 < len(found) <= 2


def test_a_rule_on_every_element_is_aimed_at_every_element():
    # PEPPOL-EN16931-R008 (XRechnung-UBL-validation.sch): //*[not(*) and not(normalize-space())], no element named
    (target,) = [target for target in targets("xrechnung_ubl") if target.rule_id == "PEPPOL-EN16931-R008"]
    assert target.any_element and target.aims_at("{urn:example}anything")
    (named,) = [target for target in targets("xrechnung_ubl") if target.rule_id == "BR-DE-1"]
    assert not named.any_element and not named.aims_at("{urn:example}anything")
    seeds = [seed for seed in generated(2) if seed.syntax == "UBL"]
    found, fires = firing(seeds, target, Random(1))
    assert fires and "PEPPOL-EN16931-R008" in fired_natively(found[0][2])
