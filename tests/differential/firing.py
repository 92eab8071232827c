"""Mutants that make an assertion fire: a search judged by the native engine, compared with the official one.

One random edit per assertion often leaves the assertion true: BR-AE-05 fires only when an invoice line's
category becomes AE while its rate stays above zero, UBL-SR-01 only when a second contract reference appears.
An assertion that fired on none of its compared mutants gets a search: the edits likeliest to fail it first
(`mutate.searching_mutants`), on several seeds (those naming most of what the rule names, holding its codes, and
in which its rule checks an element first) — and on mutants that put one of the rule's codes in place, one edit
more —, until the native engine reports the assertion's id (the rules evaluated on schema-invalid documents too).
The test compares what the search found with the official engine like any other mutant — the native engine only
chooses which documents are worth the official engine's time. A search judged by the native engine cannot find a
document on which only the official engine fires, so when nothing fired `firing` returns a few of the mutants it
tried: comparing them gives the official engine that chance. Among those it returns first a mutant on which the
assertion's rule, evaluated alone, fails while the native engine stops the rule set with an XPath error (another
rule's test raised first, as in Saxon) or judges by a scenario that does not run the rule set (an XRechnung rule
on a document whose CustomizationID no XRechnung scenario matches): such an assertion cannot be seen failing
there, and the test reports it as masked rather than missed once the official engine does the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from random import Random

from lxml import etree

from tests.differential.compare import FAMILIES, native_outcome, scenario_for
from tests.differential.mutate import coded_mutants, mutants, searching_mutants
from tests.differential.targets import Target
from validators.scenario import by_name

PER_SEED = 25  # mutants tried per seed (`mutate.searching_mutants`: the likeliest to fail the assertion first)
SEEDS = 4  # seeds tried per assertion
TRIED_WHEN_SILENT = 2  # mutants returned for the official engine when none fired natively
SECOND_BASES = 3  # mutants putting one of the rule's codes in place that get a second edit
SECOND_EDITS = 8  # second edits tried on each (`mutate.mutants`)


@dataclass(frozen=True)
class Search:
    """What `firing` found: mutants (seed name, edit, document) for the official engine, whether the first fires
    the assertion natively, and a mutant on which the assertion's rule, evaluated alone, fails while the native
    engine stops the rule set with an XPath error first or chooses a scenario without it (None when no tried
    mutant did)."""

    found: list
    fires: bool
    masked: tuple | None = None
    masked_by: str | None = None  # "stop": the rule set stopped first; "scenario": no scenario runs it there


def natively(xml: bytes) -> tuple[frozenset[str], frozenset[str], str]:
    """(the ids of the assertions the native engine fires on `xml`, at any level, the rule-set families it stopped,
    the scenario it judged by), rules evaluated whatever the schema says."""
    name, _ = scenario_for(xml)
    outcome = native_outcome(xml, name, all_rules=True)
    return outcome.fired_ids(FAMILIES), outcome.stopped, name


def fired_natively(xml: bytes) -> frozenset[str]:
    """The ids of the assertions the native engine fires on `xml` (any level), rules evaluated whatever the schema
    says."""
    return natively(xml)[0]


def firing(seeds: list, target: Target, rng: Random) -> Search:
    """The first mutant of up to `SEEDS` of `seeds` on which the native engine fires `target`, else up to
    `TRIED_WHEN_SILENT` of those tried — the first of them one on which `target`'s rule fails alone while the rule
    set stops or its scenario leaves the rule set out (`Search.masked`; the test checks that the official engine
    does the same)."""
    tried: list = []
    masked, masked_by = None, None

    def fires(seed_name: str, description: str, xml: bytes) -> bool:
        nonlocal masked, masked_by
        ids, stopped, scenario = natively(xml)
        if target.rule_id in ids:
            return True
        if masked is not None:
            return False
        if stopped:
            why = "stop"
        elif target.rule_set not in by_name(scenario).rule_sets:
            why = "scenario"
        else:
            return False
        if target.fails_alone(etree.fromstring(xml)):
            masked, masked_by = (seed_name, description, xml), why
        return False

    for seed in checking_first(holding_codes_first(naming_most_first(seeds, target), target), target)[:SEEDS]:
        made = searching_mutants(seed.xml, target, rng, PER_SEED)
        for description, xml in made:
            if fires(seed.name, description, xml):
                return Search([(seed.name, description, xml)], True)
            tried.append((seed.name, description, xml))
        # two edits: a code of the rule put in place (the context now matches: a VAT category AE), then one
        # more — another code the test compares a path with (`Target.coded`), else one of `mutants` (the seller's
        # VAT identifier removed)
        coded = [(description, xml) for description, xml in made if _puts_a_code(description, target)]
        for description, xml in coded[:SECOND_BASES]:
            seconds = coded_mutants(xml, target) + mutants(xml, target, rng, SECOND_EDITS, places=SECOND_EDITS)
            for second, twice in seconds:
                if fires(seed.name, f"{description}, then {second}", twice):
                    return Search([(seed.name, f"{description}, then {second}", twice)], True)
    shown = rng.sample(tried, min(len(tried), TRIED_WHEN_SILENT))
    return Search(([masked] if masked is not None else []) + shown, False, masked, masked_by)


def naming_most_first(seeds: list, target: Target) -> list:
    """`seeds`, those holding more of the element names the rule mentions first (otherwise in their order): for
    BR-DE-22 (unique attachment file names) a seed with an attachment, whose reference a search can copy."""
    names = set(target.elements)
    return sorted(seeds, key=lambda seed: -len(names & _names(seed.xml)))


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
def _names(xml: bytes) -> frozenset[str]:
    """The element names (Clark) of a document."""
    return frozenset(element.tag for element in parsed(xml).iter(etree.Element))


@cache
def _values(xml: bytes) -> frozenset[str]:
    """The values of a document's leaf elements and attributes, without surrounding space."""
    root = parsed(xml)
    values = {element.text.strip() for element in root.iter(etree.Element) if len(element) == 0 and element.text}
    values.update(value.strip() for element in root.iter(etree.Element) for value in element.attrib.values())
    return frozenset(values)


def _puts_a_code(description: str, target: Target) -> bool:
    return description.startswith("recode") or any(description.endswith(repr(code)) for code in target.codes) or (
        description.startswith("insert-valued") and any(description.endswith(f" = {code}'") for _, code in target.coded))
