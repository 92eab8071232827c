"""What each official rule looks at: the elements, attributes and values its context and test name.

Read from the compiled rule sets (`validators.rulesets`), which keep every assertion's context and
test as written in the official file. `targets(rule_set)` gives, per assertion, the element names
(Clark notation) and attribute names its XPath expressions mention and the string and number
literals it compares with (code-list entries are split into single codes); the mutators aim there,
so that every rule's context and test are exercised, not just what a corpus happens to contain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import import_module

from validators.schematron import xpath as X
from validators.schematron.build import absent_paths, child_paths
from validators.schematron.values import XPathError


@dataclass(frozen=True)
class Target:
    """An assertion and the names and values its context and test mention."""

    rule_id: str
    rule_set: str
    elements: tuple[str, ...]
    attributes: tuple[str, ...]
    codes: tuple[str, ...]
    numbers: tuple[str, ...]
    context: tuple[str, ...] = ()  # element names the rule's context can match (empty: any element)
    absent: tuple[tuple[str, ...], ...] = ()  # for a test not(a/b/@c): the paths whose presence fails it
    names: Callable[[str], bool] | None = None  # for a context without fixed names (`//ram:*[ends-with(name(),
    # 'ID')]`): which element names (Clark) it can match, as the engine offers elements to it (`Rule.names`)
    counted: tuple[tuple[str, ...], ...] = ()  # for a test count(a/b) <= 1: the paths whose second occurrence fails it
    children: tuple[tuple[str, str], ...] = ()  # (parent, child) name pairs of its test's paths ("@name": attribute)
    required: tuple[tuple[str, ...], ...] = ()  # for a test exists(a) or b: the paths whose absence can fail it
    rule_index: int = -1  # its rule's index in the compiled rule set (-1: none, as in hand-made targets)
    constant: bool = False  # its test cannot fail whatever the document holds (BR-CO-05's true())
    compared: tuple[tuple[tuple[str, ...], str], ...] = ()  # (path, value) for a test a/b >= 0: a value that fails it
    repeated: tuple[tuple[str, ...], ...] = ()  # for count(a[p]/b) <= 1: loose paths whose last elements, copied, fail it
    forbidden: tuple[tuple[str, ...], ...] = ()  # for not(//a/b) or c, not(a) and not(b): paths whose presence can fail it
    coded: tuple[tuple[tuple[str, ...], str], ...] = ()  # (path, code) for a test //a/b = 'B': one element given the code
    paired: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (path, path) for a test a/b = c/d: both, differing
    quantified: tuple[tuple[str, ...], ...] = ()  # for every $x in a/b satisfies …: paths whose items the test ranges over

    def checked(self, root) -> list:
        """The elements of the document at `root` its rule checks (`RuleSet.checked_by`); [] without a rule or
        when matching stops with an error."""
        if self.rule_index < 0:
            return []
        rule_set = self._rule_set()
        try:
            return rule_set.checked_by(root, rule_set.rules[self.rule_index])
        except XPathError:
            return []

    def fails_alone(self, root) -> bool:
        """Whether its rule, evaluated alone on the elements it checks in the document at `root`
        (`RuleSet.failing_alone`), fails this assertion — also where the whole rule set stops first."""
        if self.rule_index < 0:
            return False
        rule_set = self._rule_set()
        try:
            failing = rule_set.failing_alone(root, rule_set.rules[self.rule_index])
        except XPathError:
            return False
        return any(assertion.id == self.rule_id for assertion, _ in failing)

    def _rule_set(self):
        return import_module(f"validators.rulesets.{self.rule_set}").RULE_SET

    @property
    def any_element(self) -> bool:
        """Whether its context can be any element and names none (`//*[not(*) and not(normalize-space())]`,
        PEPPOL-EN16931-R008): every element is a place to edit."""
        return not self.elements and not self.context and self.names is None

    def takes(self, tag: str) -> bool:
        """Whether its rule's context can take an element named `tag` (by its names, or its name filter)."""
        return tag in self.context if self.context else self.names is None or self.names(tag)

    def aims_at(self, tag: str) -> bool:
        """Whether an element named `tag` is one of the places its mutants edit."""
        return self.any_element or tag in self.elements


def _walk(node, elements: set, attributes: set, codes: set, numbers: set) -> None:
    if isinstance(node, X.Step):
        if node.test.kind == "name" and node.test.local is not None:
            name = f"{{{node.test.uri}}}{node.test.local}" if node.test.uri else node.test.local
            (attributes if node.axis == "attribute" else elements).add(name)
        for predicate in node.predicates:
            _walk(predicate, elements, attributes, codes, numbers)
        return
    if isinstance(node, X.Literal):
        if isinstance(node.value, str):
            for code in node.value.split():
                if len(code) <= 40:
                    codes.add(code)
        elif isinstance(node.value, (int, Decimal, float)) and not isinstance(node.value, bool):
            numbers.add(str(node.value))
        return
    if isinstance(node, (X.NodeTest, X.TypeName, str, int, float, Decimal)) or node is None:
        return
    if isinstance(node, tuple):
        for item in node:
            _walk(item, elements, attributes, codes, numbers)
        return
    for name in getattr(node, "__dataclass_fields__", ()):
        _walk(getattr(node, name), elements, attributes, codes, numbers)


@cache
def targets(name: str) -> tuple[Target, ...]:
    """One `Target` per assertion of the compiled rule set `name` ("cen_ubl", …), in the file's order."""
    module = import_module(f"validators.rulesets.{name}")
    rule_set, namespaces = module.RULE_SET, module.NAMESPACES
    found = []
    for rule in rule_set.rules:
        context = X.parse(rule.context, namespaces)
        for assertion in rule_set.assertions_of(rule):
            test = X.parse(assertion.test, namespaces)
            elements, attributes, codes, numbers = set(), set(), set(), set()
            _walk(context, elements, attributes, codes, numbers)
            _walk(test, elements, attributes, codes, numbers)
            found.append(Target(
                assertion.id, name, tuple(sorted(elements)), tuple(sorted(attributes)), tuple(sorted(codes)),
                tuple(sorted(numbers)), rule.keys, tuple(absent_paths(assertion.test, namespaces) or ()), rule.names,
                tuple(counted_paths(assertion.test, namespaces) or ()), tuple(sorted(child_pairs(test))),
                tuple(required_paths(test)), rule.index, _constant(test, assertion.kind), tuple(compared_paths(test)),
                tuple(repeated_paths(test)), tuple(forbidden_paths(test)), tuple(dict.fromkeys(coded_paths(test))),
                tuple(dict.fromkeys(paired_paths(test))), tuple(dict.fromkeys(quantified_paths(test)))))
    return tuple(found)


def _constant(test, kind: str) -> bool:
    """Whether a test can never make its assertion fire: an assert of true(), a report of false()."""
    return test == X.Call("true" if kind == "assert" else "false", ())


_ACROSS = {">=": -1, ">": 0, "<=": 1, "<": 0, "=": 1, "!=": 0}
"""For `path op n` to be false, the path's value is n plus this."""
_CASTS = ("xs:decimal", "xs:double", "xs:integer", "number")
_MIRRORED = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "=", "!=": "!="}


def compared_paths(tree) -> list[tuple[tuple[str, ...], str]]:
    """(path, value) for every comparison in a test of a path of named child steps with a number (BR-28:
    `(cac:Price/cac:AllowanceCharge/cbc:BaseAmount) >= 0`): the value just across the number (-1 there), which
    the path carries to make that comparison false — added where the document lacks it."""
    found: list = []
    if isinstance(tree, X.Compare) and tree.op in _ACROSS:
        for path, number, op in ((tree.left, tree.right, tree.op), (tree.right, tree.left, _MIRRORED[tree.op])):
            if isinstance(path, X.Call) and path.name in _CASTS and len(path.args) == 1:
                path = path.args[0]  # PEPPOL-EN16931-R121: xs:decimal(cac:Price/cbc:BaseQuantity) > 0
            value = getattr(number, "value", None)
            if not (isinstance(number, X.Literal) and isinstance(value, int) and not isinstance(value, bool)
                    or isinstance(value, Decimal)):
                continue
            decimals = _decimals_of(path)
            if decimals is not None:  # BR-DEC-16: string-length(substring-after(ram:TotalPrepaidAmount, '.')) <= 2
                if value + _ACROSS[op] >= 0:
                    found += [(names, "1." + "1" * int(value + _ACROSS[op])) for names in _relative_paths(decimals)]
                continue
            found += [(names, str(value + _ACROSS[op])) for names in _relative_paths(path)]
        return found
    for part in _parts(tree):
        found += compared_paths(part)
    return found


_TEXT_OF = ("normalize-space", "upper-case", "lower-case", "string", "xs:string")
"""Functions through which a test compares a path's text with a code (BR-AE-01: normalize-space(cbc:ID) = 'AE')."""


def coded_paths(tree) -> list[tuple[tuple[str, ...], str]]:
    """(path, code) for every comparison of a path with one code by `=` (BR-B-02: //cac:ClassifiedTaxCategory/cbc:ID
    = 'B'), also through `_TEXT_OF` and inside a step's predicate, the path then continuing the steps up to it
    (BR-O-04: //cac:AllowanceCharge[…]/cac:TaxCategory[normalize-space(cbc:ID) = 'O'] gives
    //AllowanceCharge/TaxCategory/ID): the path's first element given that code makes the comparison true there while
    the path's other elements keep theirs — one invoice line Split payment beside others still Standard rated, which
    a code given everywhere (`mutate`'s recode) cannot show."""
    found: list = []
    if isinstance(tree, X.Compare) and tree.op == "=":
        for path, code in ((tree.left, tree.right), (tree.right, tree.left)):
            while isinstance(path, X.Call) and path.name in _TEXT_OF and len(path.args) == 1:
                path = path.args[0]
            value = getattr(code, "value", None)
            if isinstance(code, X.Call) and code.name in ("true", "false") and not code.args:
                code, value = X.Literal(code.name), code.name  # BR-O-04's cbc:ChargeIndicator = true()
            if isinstance(code, X.Literal) and isinstance(value, str) and 0 < len(value) <= 40 and value.split() == [value]:
                found += [(names, value) for names in _relative_paths(path) or _loose_paths(path) or ()
                          if not names[-1].startswith("@")]  # attributes get codes by `mutate`'s attribute edits
        return found
    if isinstance(tree, (X.Path, X.Step)):
        path = tree if isinstance(tree, X.Path) else X.Path(None, (tree,), ())
        for position, step in enumerate(path.steps):
            if not isinstance(step, X.Step) or not step.predicates:
                continue
            before = _prefixes(path, position)
            for predicate in step.predicates:
                for names, code in coded_paths(predicate):
                    if names[0] in ("/", "//"):
                        found.append((names, code))
                    elif names[0] != "..":
                        found += [(prefix + names, code) for prefix in before]
        return found
    for part in _parts(tree):
        found += coded_paths(part)
    return found


def paired_paths(tree) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(path, path) for every comparison of two paths of named child steps by `=` (BR-TMP-3: the gross price's
    BasisQuantity = the net price's): both present with different values make it false."""
    if isinstance(tree, X.Compare) and tree.op == "=":
        return [(left, right) for left in _relative_paths(tree.left) for right in _relative_paths(tree.right)
                if not left[-1].startswith("@") and not right[-1].startswith("@")]
    return [pair for part in _parts(tree) for pair in paired_paths(part)]


def quantified_paths(tree) -> list[tuple[str, ...]]:
    """The paths of named child steps (from the parent: ".." first) an `every` ranges over, a final function step
    dropped: where they are empty the test is true whatever it says (BR-AF-08 in EN16931-CII-validation.sch: every
    $rate in ../ram:RateApplicablePercent/xs:decimal(.) — a rate its context's parent holds only in a
    schema-invalid document)."""
    found: list = []
    if isinstance(tree, X.Quantified) and tree.kind == "every":
        for _, over in tree.bindings:
            if isinstance(over, X.Path) and len(over.steps) > 1 and not isinstance(over.steps[-1], X.Step):
                over = X.Path(over.root, over.steps[:-1], over.separators[:-1])
            found += _relative_paths(over)
    return found + [path for part in _parts(tree) for path in quantified_paths(part)]


def _prefixes(path, position: int) -> list[tuple[str, ...]]:
    """The loose paths (`_loose_paths`) of `path`'s steps up to `position`, also where it starts with a union of
    paths from the root (BR-O-04: (/ubl:Invoice|/cn:CreditNote)/cac:AllowanceCharge)."""
    first = path.steps[0]
    if isinstance(first, X.Filter) and not first.predicates:
        first = first.primary
    if path.root is None and isinstance(first, X.Binary) and first.op == "union":
        heads = _loose_paths(first) or []
        rest = _loose_paths(X.Path(None, path.steps[1:position + 1], path.separators[1:position])) if position else [()]
        return [head + tail for head in heads for tail in rest or []]
    return _loose_paths(X.Path(path.root, path.steps[:position + 1], path.separators[:position])) or []


def _parts(tree) -> list:
    """The direct sub-expressions of a parsed XPath expression (none for names, literals' values and types)."""
    if isinstance(tree, (X.NodeTest, X.TypeName, str, int, float, Decimal)) or tree is None:
        return []
    if isinstance(tree, tuple):
        return list(tree)
    return [getattr(tree, name) for name in getattr(tree, "__dataclass_fields__", ())]


def forbidden_paths(tree) -> list[tuple[str, ...]]:
    """The paths whose presence can fail a test `not(a)`, for the search (`absent` keeps `build.absent_paths`, which
    the plain mutants use): also a path from the root or with predicates, as `_loose_paths` gives it (UBL-CR-667:
    not(//cac:BuyersItemIdentification/cbc:ID/@schemeID)), and those of each operand of and/or (BR-S-10: not(a) and not(b); CII-DT-052: not(ram:ExemptionReasonCode) or
    self::ram:ApplicableTradeTax, which fails where the other operand is false)."""
    if isinstance(tree, X.Binary) and tree.op in ("and", "or"):
        return forbidden_paths(tree.left) + forbidden_paths(tree.right)
    if isinstance(tree, X.Call) and tree.name == "not" and len(tree.args) == 1:
        inner = tree.args[0]
        if isinstance(inner, X.Call) and inner.name == "exists" and len(inner.args) == 1:
            inner = inner.args[0]  # BR-DEX-15: not(exists(//ram:ParentLineID))
        return list(child_paths(inner) or _loose_paths(inner) or ())
    return []


def repeated_paths(tree) -> list[tuple[str, ...]]:
    """For count(p) <= 1, < 2 or = 1 (also of distinct-values(p), also as an operand of and/or) where p has
    predicates or starts at the root, which `counted_paths` leaves out: p as `_loose_paths` gives it. Copies of the
    last elements found along it, each next to itself (and with another value: CII-SR-462's distinct due date
    codes), are counted too when the predicates look at them or their ancestors (UBL-SR-04: a second ID in the
    document reference of type 130)."""
    if isinstance(tree, X.Binary) and tree.op in ("and", "or"):
        return repeated_paths(tree.left) + repeated_paths(tree.right)
    path = _counted(tree, ("<=", "<", "="))
    if path is None:
        return []
    if isinstance(path, X.Call) and path.name == "distinct-values" and len(path.args) == 1:
        path = path.args[0]
    elif child_paths(path) and tree.op != "=":
        return []  # `counted_paths` adds its last step twice
    return list(_loose_paths(path) or ())


def _relative_paths(tree) -> list[tuple[str, ...]]:
    """`build.child_paths` of a path, also of one from the parent (".." first: BR-DEC-25's ../ram:BasisAmount)."""
    if isinstance(tree, X.Path) and tree.root is None and len(tree.steps) > 1 and _parent(tree.steps[0]):
        rest = X.Path(None, tree.steps[1:], tree.separators[1:])
        return [("..", *names) for names in child_paths(rest) or ()]
    return list(child_paths(tree) or ())


def _decimals_of(tree):
    """p for `string-length(substring-after(p, '.'))` (the number of decimals of p), else None."""
    if isinstance(tree, X.Call) and tree.name == "string-length" and len(tree.args) == 1:
        inner = tree.args[0]
        if (isinstance(inner, X.Call) and inner.name == "substring-after" and len(inner.args) == 2
                and inner.args[1] == X.Literal(".")):
            return inner.args[0]
    return None


def counted_paths(test: str, namespaces: dict):
    """For a test of the form count(a/b) <= 1 (or < 2; child steps without predicates): the paths whose second
    occurrence fails it, as `build.absent_paths` gives them; None for any other test."""
    try:
        tree = X.parse(test, namespaces)
    except X.XPathSyntaxError:
        return None
    path = _counted(tree, ("<=", "<"))
    return None if path is None else child_paths(path)


def _counted(tree, ops: tuple[str, ...]):
    """p for a test `count(p) <= 1`, `< 2` or `= 1` (of those in `ops`), else None."""
    if (isinstance(tree, X.Compare) and tree.op in ops and isinstance(tree.right, X.Literal)
            and tree.right.value == (2 if tree.op == "<" else 1)
            and isinstance(tree.left, X.Call) and tree.left.name == "count" and len(tree.left.args) == 1):
        return tree.left.args[0]
    return None


def required_paths(tree) -> list[tuple[str, ...]]:
    """The paths a test asks to be present — exists(a/b), boolean(a/b) or a bare a/b, as the whole test or an
    operand of and/or (not inside not() or a comparison) —, as `build.child_paths` gives them, else with their
    predicates dropped and "/" or "//" first for a path from the root (`_loose_paths`), ".." first for one from
    the parent: removing every element on them can make the test false (BR-33: exists(cbc:AllowanceChargeReason)
    or exists(cbc:AllowanceChargeReasonCode) fails once both are gone)."""
    if isinstance(tree, X.Binary) and tree.op in ("and", "or"):
        return required_paths(tree.left) + required_paths(tree.right)
    if isinstance(tree, X.Call) and tree.name in ("exists", "boolean") and len(tree.args) == 1:
        tree = tree.args[0]
    if isinstance(tree, X.Path) and tree.root is None and len(tree.steps) > 1 and _parent(tree.steps[0]):
        # ../a (CII's BR-31 on a ChargeIndicator: (../ram:ActualAmount)): ".." first
        rest = X.Path(None, tree.steps[1:], tree.separators[1:])
        return [("..", *path) for path in child_paths(rest) or ()]
    if isinstance(tree, (X.Path, X.Step, X.Binary)):
        return list(child_paths(tree) or _loose_paths(tree) or ())
    return []


def _loose_paths(tree) -> list[tuple[str, ...]] | None:
    """A path's names with its predicates dropped, "/" or "//" first for one from the root (BR-G-02:
    exists(//cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[…]/cbc:CompanyID)): removing every element
    on it removes those the predicates select too. None when a step is not a named child or attribute step."""
    if isinstance(tree, X.Binary) and tree.op == "union":
        left, right = _loose_paths(tree.left), _loose_paths(tree.right)
        return None if left is None or right is None else left + right
    if isinstance(tree, X.Step):
        tree = X.Path(None, (tree,), ())
    if not isinstance(tree, X.Path) or any(separator != "/" for separator in tree.separators):
        return None
    names = [] if tree.root is None else [tree.root]
    for step in tree.steps:
        if not (_named(step) and step.axis in ("child", "attribute")) or (names and names[-1].startswith("@")):
            return None
        names.append(("@" if step.axis == "attribute" else "") + _clark_of(step))
    return [tuple(names)]


def _parent(step) -> bool:
    return isinstance(step, X.Step) and step.axis == "parent" and step.test.kind == "node" and not step.predicates


def child_pairs(tree) -> set[tuple[str, str]]:
    """(parent, child) Clark-name pairs of consecutive named child steps in `tree`'s paths (`a/b`, `a/@c` as
    (a, "@c")), wherever they stand: the mutators add such a child to an existing parent."""
    pairs: set = set()
    if isinstance(tree, X.Path):
        steps = list(tree.steps)
        for parent, child in zip(steps, steps[1:]):
            if _named(parent) and parent.axis == "child" and _named(child) and child.axis in ("child", "attribute"):
                prefix = "@" if child.axis == "attribute" else ""
                pairs.add((_clark_of(parent), prefix + _clark_of(child)))
    for part in _parts(tree):
        pairs |= child_pairs(part)
    return pairs


def _named(step) -> bool:
    return isinstance(step, X.Step) and step.test.kind == "name" and step.test.local is not None


def _clark_of(step) -> str:
    return f"{{{step.test.uri}}}{step.test.local}" if step.test.uri else step.test.local
