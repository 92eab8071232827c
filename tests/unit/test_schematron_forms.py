"""What the rule compiler concludes from an expression's form alone (`validators.schematron.forms`).

Whether each conclusion matches Saxon's evaluation is tested in `test_xpath_semantics.py` (the and/or operands
compiled from these conclusions) and by the differential tests; here each rule of the analysis on its own.
"""

from __future__ import annotations

import pytest

from validators.schematron import xpath as X
from validators.schematron.compiler import Env, ExpressionCompiler
from validators.schematron.forms import cost, false_without, may_raise, single_or_nodes, true_without

NS = {"cac": "urn:cac", "cbc": "urn:cbc"}
A, B, C = "{urn:cac}A", "{urn:cbc}B", "{urn:cac}C"


def parse(text: str):
    return X.parse(text, NS)


@pytest.mark.parametrize("expression", [
    "normalize-space(@x) = 'AE'", "upper-case(normalize-space(.)) = 'AE'", "contains(normalize-space(..), 'x')",
    "string-length(translate(@x, ' ', '')) > 2", "concat(@x, 1, 'y') = 'z'", "name() = 'cbc:B'",
    "count(cac:A) = 1", "exists(cac:A) = true()", "cac:A = 'x'", "cac:A = cbc:B", "not(cac:A) and cbc:B",
])
def test_what_cannot_raise_by_its_form(expression):
    assert not may_raise(parse(expression))


@pytest.mark.parametrize("expression, why", [
    ("normalize-space(cbc:B) = 'AE'", "several cbc:B children are a type error (XPTY0004)"),
    ("cac:A/normalize-space(.) = 'x'", "a path ending in a function gives strings, one per node"),
    ("name(@*) = 'x'", "several attributes"),
    ("count(cac:A) = cbc:B", "an untyped value compared with a number is cast (FORG0001)"),
    ("cac:A = 1", "likewise"),
    ("translate(@x, cbc:B, 'y') = 'z'", "the map string must be exactly one string"),
    ("xs:decimal(cbc:B) > 0", "a cast"),
    ("$v = 'x'", "a variable's value is not known by its form"),
])
def test_what_may_raise(expression, why):
    assert may_raise(parse(expression)), why


def test_the_context_item_must_be_a_node_for_names_and_paths():
    assert not may_raise(parse("name() = 'x'"), dot=True)
    assert may_raise(parse("name() = 'x'"), dot=False)
    assert may_raise(parse("cac:A = 'x'"), dot=False)
    # in a filter of atomic values the predicate's context item is no node
    assert may_raise(parse("count((1, 2)[name() = 'x'])"))


def test_the_boolean_value_of_several_strings_is_no_single_value():
    assert not single_or_nodes(parse("cac:A/normalize-space(.)"))
    assert single_or_nodes(parse("normalize-space(cac:A)")) and single_or_nodes(parse("cac:A/cbc:B"))


def test_a_test_that_needs_an_absent_element_is_decided_by_the_names():
    assert true_without(parse("not(//cac:A/cbc:B/@x)")) == {A, B}
    assert true_without(parse("not(cac:A) or not(cbc:B)")) == {A, B}
    assert true_without(parse("not(cac:A) and not(cac:A/cbc:B)")) == {A}
    assert true_without(parse("(exists(cac:A) and cbc:B = 'x') or not(cac:A)")) == {A}
    assert true_without(parse("empty(cac:A[cbc:B = 'x'])")) == {A}  # a predicate's names are not needed
    assert true_without(parse("not((cac:A | cac:C)/cbc:B)")) == {B}  # either branch of a union may give nodes
    assert true_without(parse("not(cac:A = 'x')")) == {A}  # a general comparison with () is false
    assert true_without(parse("exists(cac:A)")) == frozenset()
    assert true_without(parse("not(normalize-space(cac:A) = '')")) == frozenset()  # "" for no node


def test_a_report_needs_its_names_to_fire():
    assert false_without(parse("cac:A/cbc:B")) == {A, B}
    assert false_without(parse("exists(cac:A) or exists(cac:C)")) == frozenset()
    assert false_without(parse("exists(cac:A) and exists(cac:C)")) == {A, C}
    assert false_without(parse("not(not(cac:A))")) == {A}


def test_the_cost_puts_child_tests_before_names_and_names_before_string_values():
    leaf, named, blank = parse("not(*)"), parse("not(name() = 'x')"), parse("not(normalize-space())")
    assert cost(leaf) < cost(named) < cost(blank)


def test_operands_that_cannot_raise_run_cheapest_first_a_leafs_text_before_its_name():
    # PEPPOL-EN16931-R008 on CII (XRechnung-CII-validation.sch): once not(*) holds, the element's own text is at hand,
    # so the blank test comes before name(), which most leaves then need not compute
    leaf, named, blank = parse("not(*)"), parse("not(name() = 'x')"), parse("not(normalize-space())")
    assert cost(leaf, leaf=True) < cost(blank, leaf=True) < cost(named, leaf=True)
    compiler = ExpressionCompiler(NS)
    text = compiler.boolean(compiler.compile_text("not(name() = 'x') and not(*) and not(normalize-space())",
                                                  Env(ctx="c")))
    assert text.index("R.children(g, c)") < text.index("nonblank") < text.index("F.name")
    # without not(*) the whole subtree's text stays last; a chain that may raise keeps Saxon's order (R.both)
    text = compiler.boolean(compiler.compile_text("not(normalize-space()) and not(name() = 'x') and cac:A",
                                                  Env(ctx="c")))
    assert text.index("F.name") < text.index("nonblank")
    assert "R.both" in compiler.boolean(compiler.compile_text("normalize-space(cac:A) = 'x' and cac:B and cac:C",
                                                              Env(ctx="c")))
