"""Mutants that make an assertion fire: a search judged by the native engine, compared with the official one.

One random edit per assertion often leaves the assertion true: BR-AE-05 fires only when an invoice line's
category becomes AE while its rate stays above zero, UBL-SR-01 only when a second contract reference appears.
An assertion that fired on none of its compared mutants gets a search: the edits likeliest to fail it first
(`mutate.searching_mutants`), on several seeds — and on mutants that put one of the rule's codes in place, one
edit more —, until the native engine reports the assertion's id (the rules evaluated on schema-invalid documents
too).
The test compares what the search found with the official engine like any other mutant — the native engine only
chooses which documents are worth the official engine's time. A search judged by the native engine cannot find a
document on which only the official engine fires, so when nothing fired `firing` returns a few of the mutants it
tried: comparing them gives the official engine that chance.
"""

from __future__ import annotations

from functools import cache
from random import Random

from lxml import etree

from tests.differential.compare import FAMILIES, native_outcome, scenario_for
from tests.differential.mutate import mutants, searching_mutants
from tests.differential.targets import Target

PER_SEED = 25  # mutants tried per seed (`mutate.searching_mutants`: the likeliest to fail the assertion first)
SEEDS = 4  # seeds tried per assertion
TRIED_WHEN_SILENT = 2  # mutants returned for the official engine when none fired natively
SECOND_BASES = 3  # mutants putting one of the rule's codes in place that get a second edit
SECOND_EDITS = 8  # second edits tried on each (`mutate.mutants`)


def fired_natively(xml: bytes) -> frozenset[str]:
    """The error and warning ids the native engine reports on `xml`, rules evaluated whatever the schema says."""
    name, _ = scenario_for(xml)
    outcome = native_outcome(xml, name, all_rules=True)
    return outcome.ids("error", FAMILIES) | outcome.ids("warning", FAMILIES)


def firing(seeds: list, target: Target, rng: Random) -> tuple[list[tuple[str, str, bytes]], bool]:
    """([(seed name, edit, document)], whether the native engine fires `target` on it): the first mutant of up to
    `SEEDS` of `seeds` that fires, else up to `TRIED_WHEN_SILENT` of those tried."""
    tried = []
    for seed in checking_first(holding_codes_first(seeds, target), target)[:SEEDS]:
        made = searching_mutants(seed.xml, target, rng, PER_SEED)
        for description, xml in made:
            if target.rule_id in fired_natively(xml):
                return [(seed.name, description, xml)], True
            tried.append((seed.name, description, xml))
        # two edits: a code of the rule put in place (the context now matches: a VAT category AE), then one
        # more (the seller's VAT identifier removed)
        coded = [(description, xml) for description, xml in made if _puts_a_code(description, target)]
        for description, xml in coded[:SECOND_BASES]:
            for second, twice in mutants(xml, target, rng, SECOND_EDITS, places=SECOND_EDITS):
                if target.rule_id in fired_natively(twice):
                    return [(seed.name, f"{description}, then {second}", twice)], True
    return rng.sample(tried, min(len(tried), TRIED_WHEN_SILENT)), False


def holding_codes_first(seeds: list, target: Target, first: int = 2) -> list:
    """`seeds`, the `first` that hold most of the rule's codes as values (more than the seed holding fewest: a
    seed whose VAT category is already AE for BR-AE-06, not every seed for "VAT") at the front, the others in
    their order — a search on such seeds alone missed what the random ones had found (BR-E-02)."""
    if not target.codes:
        return seeds
    codes = set(target.codes)
    held = [len(codes & _values(seed.xml)) for seed in seeds]
    fewest = min(held, default=0)
    best = sorted((number for number, count in enumerate(held) if count > fewest), key=lambda number: -held[number])
    best = best[:first]
    return [seeds[number] for number in best] + [seed for number, seed in enumerate(seeds) if number not in best]


def checking_first(seeds: list, target: Target, wanted: int = SEEDS) -> list:
    """`seeds`, the first `wanted` of them in which the rule checks an element (`Target.checked`) at the front, in
    their order: where it checks none (a seed without a payment card for BR-51), no edit of what it looks at can
    make it fail. Rules without a compiled rule (hand-made targets) keep the order."""
    if target.rule_index < 0:
        return seeds
    front: list = []
    for seed in seeds:
        if len(front) == wanted:
            break
        if target.checked(parsed(seed.xml)):
            front.append(seed)
    return front + [seed for seed in seeds if seed not in front]


@cache
def parsed(xml: bytes):
    """A seed's document, parsed once per process (seeds are never edited in place: mutants are copies)."""
    return etree.fromstring(xml)


@cache
def _values(xml: bytes) -> frozenset[str]:
    """The values of a document's leaf elements and attributes, without surrounding space."""
    root = parsed(xml)
    values = {element.text.strip() for element in root.iter(etree.Element) if len(element) == 0 and element.text}
    values.update(value.strip() for element in root.iter(etree.Element) for value in element.attrib.values())
    return frozenset(values)


def _puts_a_code(description: str, target: Target) -> bool:
    return description.startswith("recode") or any(description.endswith(repr(code)) for code in target.codes)
