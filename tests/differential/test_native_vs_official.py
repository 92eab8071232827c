"""The native engine decides exactly as the official one: verdict, error ids and warning ids.

The official engine is the KoSIT configuration of `../shared/official` run by Saxon; the native one is
the same configuration's Schematron compiled to Python. Compared (see `compare`): every corpus file,
and mutants aimed at every assertion of every compiled rule set — for each assertion, documents
(generated in every syntax and scenario and in every VAT category, plus the corpus's valid files) that contain what the
assertion looks at, edited there (`mutate`). Every disagreement fails the test; the document, made as
small as the disagreement allows, is written to `test-output/differential/`.

An assertion that none of its mutants made fail gets a search for one that does (`firing`: the edits likeliest to
fail it, judged by the native engine; what it finds is compared like any other mutant, and when nothing fired, a
few of the mutants it tried are compared all the same). The summary lists the rule set's ids that fired in
neither engine on any compared document.

Each mutant is compared twice: as KoSIT judges it (the rules only on a schema-valid document) and with the
rules evaluated on a schema-invalid document too, which exercises every rule on broken data — including
which rule sets stop with an XPath error, i.e. which operand of and/or Saxon evaluates and whether a deciding
operand masks an error in the other. Every difference fails, in both.

Size: one mutant per assertion on every run (about 1,900); `DIFFERENTIAL_MUTANTS=N` makes N per
assertion (the larger run whose figures the closing note gives); `DIFFERENTIAL_SALT=text` makes other
random choices (other seeds, edits and values) than CI's. A summary (documents, mutants,
rule ids that fired in each engine) is written to `test-output/differential/summary-<rule set>.json`.
The same documents written differently (`lexical`: encodings, comments and CDATA inside values, other
prefixes, number and date forms), and with values at the edges of their types (`edges`: negative zero,
underflowing amounts, years beyond 9999 and before 1, timezones at their limits), are compared for six
generated seeds and every 25th corpus seed, and for every corpus seed in the larger run.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from random import Random

import pytest
from lxml import etree

from tests.corpus import expected_entries
from tests.differential import seeds as S
from tests.differential.compare import FAMILIES, compare, minimise
from tests.differential.edges import edges
from tests.differential.firing import firing, parsed
from tests.differential.lexical import variants
from tests.differential.mutate import mutants
from tests.differential.targets import targets
from tests.official import official_directory
from validators.scenario import by_name, choose

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "differential"
PER_ASSERTION = int(os.environ.get("DIFFERENTIAL_MUTANTS", "1"))
GENERATED = int(os.environ.get("DIFFERENTIAL_SEEDS", "24"))
CATEGORISED = max(8, GENERATED * 2 // 3)  # per syntax: seeds moved into other VAT categories (`categories`)
SALT = os.environ.get("DIFFERENTIAL_SALT", "")
"""Changes which seeds and mutants the random choices make (CI: none, so every run compares the same documents)."""
LEXICAL_EVERY = 25  # corpus seeds whose lexical variants a CI-sized run compares: every 25th


@pytest.fixture(scope="module", autouse=True)
def _official():
    official_directory()


@cache
def _seeds() -> tuple:
    """(seed, its element names, whether an XRechnung scenario matches it) for every starting document."""
    found = []
    for seed in (*S.generated(GENERATED), *S.categorised(CATEGORISED), *S.corpus()):
        root = etree.fromstring(seed.xml)
        matched = choose(root)
        found.append((seed, frozenset(element.tag for element in root.iter(etree.Element)),
                      matched is not None and "XRechnung" in matched.name))
    return tuple(found)


def _record(name: str, xml: bytes, differences: list[str], *, all_rules: bool = False) -> str:
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def still_differs(candidate: bytes) -> bool:
        comparison = compare(candidate, all_rules=all_rules)
        return bool(comparison.differences)

    small = minimise(xml, still_differs)
    path = OUTPUT / f"{name}.xml"
    path.write_bytes(small)
    return f"{path.name}: {'; '.join(differences)}"


def test_the_engines_agree_on_every_corpus_file():
    disagreements = []
    for entry in expected_entries():
        if entry.syntax is None:
            continue
        seed = next((s for s in S.corpus() if s.name == entry.path), None)
        xml = seed.xml if seed else _xml_of(entry.file)
        differences = compare(xml).differences
        if differences:
            disagreements.append(_record(f"corpus-{Path(entry.path).stem}", xml, differences))
    assert not disagreements, "\n".join(disagreements)


def test_the_engines_agree_on_documents_written_differently():
    """Every lexical variant (`lexical.variants`) of generated seeds of both syntaxes and of every
    `LEXICAL_EVERY`-th corpus seed (every one in the larger run)."""
    seeds = [seed for seed, _, _ in _seeds()]
    generated = [seed for seed in seeds if seed.name.startswith("generated")][:6]
    corpus = [seed for seed in seeds if not seed.name.startswith("generated")]
    every = 1 if PER_ASSERTION > 1 else LEXICAL_EVERY
    compared, disagreements = 0, []
    for seed in (*generated, *corpus[::every]):
        for description, xml in variants(seed.xml):
            compared += 1
            differences = compare(xml).differences
            if differences:
                label = f"lexical-{Path(seed.name).stem}-{description.replace(' ', '-')}"
                disagreements.append(_record(label, xml, [f"{seed.name}, {description}"] + differences))
    assert compared > 100
    assert not disagreements, "\n".join(disagreements)


@pytest.mark.timeout(3600)  # the larger run compares about 15,000 documents
def test_the_engines_agree_on_values_at_the_edges_of_their_types():
    """Every number and date leaf of generated seeds of both syntaxes and of every `LEXICAL_EVERY`-th corpus seed
    (every one in the larger run) set to a value at the edge of its type (`edges`), one value per leaf."""
    seeds = [seed for seed, _, _ in _seeds()]
    generated = [seed for seed in seeds if seed.name.startswith("generated")][:6]
    corpus = [seed for seed in seeds if not seed.name.startswith("generated")]
    every = 1 if PER_ASSERTION > 1 else LEXICAL_EVERY
    rng = Random("edges" + SALT)
    compared, disagreements = 0, []
    for seed in (*generated, *corpus[::every]):
        for description, xml in edges(seed.xml, rng):
            compared += 1
            differences = compare(xml).differences
            if differences:
                label = f"edge-{Path(seed.name).stem}-{compared}"
                disagreements.append(_record(label, xml, [f"{seed.name}, {description}"] + differences))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "summary-edges.json").write_text(json.dumps({
        "seeds": len(generated) + len(corpus[::every]), "documents": compared, "disagreements": len(disagreements)}))
    assert compared > 300
    assert not disagreements, "\n".join(disagreements)


def _compare_mutants(made: list, label: str, fired_native: set, fired_official: set, disagreements: list) -> set:
    """Compare each (seed name, edit, document) as KoSIT judges it and with all rules; the ids either engine fired
    with all rules are added to `fired_native`/`fired_official` and returned, differences to `disagreements`."""
    fired_here: set = set()
    for seed_name, description, xml in made:
        as_kosit = compare(xml)
        if as_kosit.differences:
            disagreements.append(_record(label, xml, [f"{seed_name}, {description}"] + as_kosit.differences))
        comparison = compare(xml, all_rules=True)
        for outcome, fired in ((comparison.native, fired_native), (comparison.official, fired_official)):
            ids = outcome.fired_ids(FAMILIES)  # information level too (BR-DE-TMP-32)
            fired |= ids
            fired_here |= ids
        if comparison.differences:
            disagreements.append(_record(label + "-all-rules", xml, [f"{seed_name}, {description} (all rules)"]
                                         + comparison.differences, all_rules=True))
    return fired_here


def _masked_in_both(xml: bytes, rule_set: str, masked_by: str) -> bool:
    """Whether both engines keep `rule_set` from reporting on `xml` (rules run whatever the schema says): both stop
    its family with an XPath error ("stop"), or both judge by the same scenario, which does not run it
    ("scenario")."""
    comparison = compare(xml, all_rules=True)
    if masked_by == "scenario":
        return (comparison.native.scenario == comparison.official.scenario
                and rule_set not in by_name(comparison.native.scenario).rule_sets)
    family = "xrechnung" if rule_set.startswith("xrechnung") else "en16931"
    return family in comparison.native.stopped and family in comparison.official.stopped


def _xml_of(path: Path) -> bytes:
    from invoicing.formats.pdf import extract_invoice_xml, is_pdf

    data = path.read_bytes()
    return extract_invoice_xml(data).xml if is_pdf(data) else data


def _hosts(target, tags: set) -> bool:
    """Whether a seed with these element names has an element the rule's context takes, where `mutate` can add
    the path a "not used" rule forbids (a context naming its elements), or edit the attributes a context matched
    by name looks at (`//*[ends-with(name(), 'BinaryObject')]` with `@mimeCode`) or add its forbidden path; a
    context that can be any element and names none (`Target.any_element`) has a place in every seed."""
    if target.context:
        return bool(target.absent) and bool(tags & set(target.context))
    if target.any_element:  # PEPPOL-EN16931-R008's //*[...]: every seed has elements to empty
        return bool(tags)
    return target.names is not None and any(target.names(tag) for tag in tags)


@pytest.mark.parametrize("rule_set", ["cen_ubl", "cen_cii", "xrechnung_ubl", "xrechnung_cii"])
def test_the_engines_agree_on_mutants_aimed_at_every_assertion(rule_set):
    syntax = "UBL" if rule_set.endswith("ubl") else "CII"
    xrechnung = rule_set.startswith("xrechnung")
    rng = Random(rule_set + SALT)
    documents = mutated = 0
    fired_native, fired_official, disagreements, untargeted = set(), set(), [], []
    searched = found_by_search = 0
    seeds_of: dict = {}
    masked: dict = {}  # rule id → the mutant on which its rule fails alone while both engines keep its rule set from
    # reporting (a stop or the scenario)
    for number, target in enumerate(targets(rule_set)):
        candidates = seeds_of[number] = [
            seed for seed, tags, is_xr in _seeds()
            if seed.syntax == syntax and (is_xr or not xrechnung) and (tags & set(target.elements) or _hosts(target, tags))]
        if not candidates:
            untargeted.append(target.rule_id)
            continue
        made: list = []
        for seed in rng.sample(candidates, len(candidates)):  # the first seed where an edit is possible
            made = [(seed.name, description, xml) for description, xml in mutants(seed.xml, target, rng, PER_ASSERTION)]
            if made:
                break
        if not made:  # the seeds hold the context, but nothing this rule looks at that an edit can change
            untargeted.append(target.rule_id)
            continue
        documents += 1
        label = f"{rule_set}-{target.rule_id}-{number}"
        fired_here = _compare_mutants(made, label, fired_native, fired_official, disagreements)
        if target.rule_id not in fired_here:
            # none of them made the assertion fail: search for a mutant that does (`firing`), on its own
            # random choices so that the mutants above stay the same
            searched += 1
            search_rng = Random(f"{rule_set}{SALT}-search-{number}")
            search = firing(search_rng.sample(candidates, len(candidates)), target, search_rng)
            found_by_search += search.fires
            mutated += len(search.found)
            _compare_mutants(search.found, label + "-searched", fired_native, fired_official, disagreements)
            if search.masked is not None and search.masked_by and _masked_in_both(search.masked[2], rule_set,
                                                                                   search.masked_by):
                masked[target.rule_id] = f"{search.masked_by}: {search.masked[0]}: {search.masked[1]}"
        mutated += len(made)
    never_fired = {target.rule_id for target in targets(rule_set)} - fired_native - fired_official
    # of those, the ids whose rule checks an element of one of their seeds (the others check none: no element
    # their context matches, or every one taken by an earlier rule of the same pattern, CII-DT-010's
    # ExchangedDocument/TypeCode)
    checked_somewhere = {target.rule_id for number, target in enumerate(targets(rule_set))
                         if target.rule_id in never_fired and any(target.checked(parsed(seed.xml))
                                                                  for seed in seeds_of[number])}
    constant = {target.rule_id for target in targets(rule_set) if target.constant} & never_fired
    masked = {rule_id: edit for rule_id, edit in masked.items() if rule_id in never_fired}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"summary-{rule_set}.json").write_text(json.dumps({
        "rule_set": rule_set, "assertions": len(targets(rule_set)), "mutants": mutated,
        "assertions_with_a_seed": documents, "assertions_without_a_seed": sorted(set(untargeted)),
        "ids_fired_native": len(fired_native), "ids_fired_official": len(fired_official),
        "ids_fired_in_one_engine_only": sorted(fired_native ^ fired_official),
        "assertions_searched_for_a_failing_mutant": searched, "found_by_the_search": found_by_search,
        "own_ids_never_fired": sorted(never_fired),
        "never_fired_and_checked_on_no_seed": sorted(never_fired - checked_somewhere),
        # why the others never fired: a test that cannot fail (true()), or the failing mutant found makes both
        # engines stop the rule set with an XPath error first or choose a scenario without it (the rule evaluated
        # alone fails there); the rest is what the search did not reach
        "never_fired_constant_test": sorted(constant),
        "never_fired_masked": dict(sorted(masked.items())),  # "stop: …" or "scenario: …", then seed and edit
        "never_fired_not_reached": sorted(never_fired - constant - set(masked) - (never_fired - checked_somewhere)),
        "disagreements": len(disagreements)}, indent=2))
    assert mutated >= documents > 0
    assert not disagreements, "\n".join(disagreements)
