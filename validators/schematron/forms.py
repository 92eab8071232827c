"""What the form of an XPath expression tells before it runs: whether evaluating it can raise a dynamic error,
what it roughly costs, and which element names it needs (build-time analysis for `compiler` and `build`).

"Cannot raise" is claimed only where XPath 2.0 rules it out for every document (F&O function signatures,
general comparison rules); everything else counts as able to raise, so the compiled code keeps Saxon's
behaviour of evaluating the other operand of and/or when one raises (see `compiler`).
"""

from __future__ import annotations

from decimal import Decimal

from validators.schematron import xpath as X


def children(node):
    """The subexpressions of `node` (its operands, arguments, steps and predicates)."""
    if isinstance(node, (X.Literal, X.VarRef, X.ContextItem, X.NodeTest, X.TypeName, str, int, float, Decimal)):
        return
    if isinstance(node, tuple):
        for item in node:
            yield from children(item)
        return
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        if isinstance(value, tuple):
            for item in value:
                if isinstance(item, tuple):
                    for part in item:
                        if not isinstance(part, str):
                            yield part
                elif not isinstance(item, str):
                    yield item
        elif value is not None and not isinstance(value, (str, bool, int)):
            yield value


_SAFE_CALLS = frozenset({"exists", "empty", "count"})
"""Functions that raise only when evaluating their argument raises (XPath F&O 14.2: any sequence is allowed)."""

_BOOLEAN_OF = frozenset({"not", "boolean"})
"""Functions taking an effective boolean value, which raises for a sequence of several atomic values (FORG0006)."""

_STRING_RESULTS = frozenset({"normalize-space", "upper-case", "lower-case", "string", "concat", "substring-before",
                             "substring-after", "translate", "name", "local-name", "namespace-uri"})
"""Functions returning exactly one string (XPath F&O 5.4, 5.5, 2.3, 14.1: "" for no node)."""

_STRING_TESTS = frozenset({"contains", "starts-with", "ends-with"})
"""Functions of two optional strings returning a boolean (XPath F&O 5.5)."""

_NAMES = frozenset({"name", "local-name", "namespace-uri"})


def cost(node, *, leaf: bool = False) -> int:
    """A rough cost of evaluating `node`: its size, names and string values of the context node weighing more
    (`not(*) and not(normalize-space())` should look at the children first, not the whole subtree's text) — unless
    the context is known to be a `leaf` (no element children), whose text is at hand."""
    own = 1
    if isinstance(node, X.Call) and node.name in _NAMES:
        own = 5
    elif isinstance(node, X.Call) and node.name in ("normalize-space", "string", "string-length") and (
            not node.args or isinstance(node.args[0], X.ContextItem)):
        own = 3 if leaf else 20
    return own + sum(cost(child, leaf=leaf) for child in children(node))


def may_raise(node, dot: bool = True) -> bool:
    """Whether evaluating `node` might raise a dynamic error; False only where it cannot. `dot` says that the
    context item is a node (a rule's context, a step's); it is unknown inside a filter of other items and
    absent in a function body.

    Cannot raise: literals, paths and their predicates when those cannot, existence tests and counts, string
    functions of at most one node or string each (function conversion casts an untyped value to xs:string, which
    never fails; several items would be XPTY0004), the name of a node, and general comparisons whose sides are both
    strings or nodes (compared as strings), both counts, lengths or numeric literals, or both booleans."""
    if isinstance(node, X.Literal):
        return False
    if isinstance(node, X.ContextItem):
        return not dot  # absent focus (XPDY0002) where it is not a node
    if isinstance(node, X.Path):
        # a path starts at the context node (or its root): an error where the context item is no node (XPTY0020)
        # and every step but the last must give nodes (XPTY0019)
        return (node.root is not None and not dot) or not all(_nodes(step) for step in node.steps[:-1]) or any(
            may_raise(step, dot if position == 0 and node.root is None else True)
            for position, step in enumerate(node.steps))
    if isinstance(node, X.Step):
        return not dot or any(may_raise(predicate) for predicate in node.predicates)
    if isinstance(node, X.Filter):
        return may_raise(node.primary, dot) or any(may_raise(predicate, _nodes(node.primary))
                                                    for predicate in node.predicates)
    if isinstance(node, X.Call):
        return _call_may_raise(node, dot)
    if isinstance(node, X.Binary) and node.op in ("and", "or"):
        return boolean_may_raise(node.left, dot) or boolean_may_raise(node.right, dot)
    if isinstance(node, X.Compare) and node.kind == "general":
        left, right = _comparable_as(node.left), _comparable_as(node.right)
        return may_raise(node.left, dot) or may_raise(node.right, dot) or left is None or left != right
    return True


def _call_may_raise(node: X.Call, dot: bool) -> bool:
    name, args = node.name, node.args
    if name in ("true", "false") and not args:
        return False
    if any(may_raise(arg, dot) for arg in args):
        return True
    if name in _SAFE_CALLS and len(args) == 1:
        return False
    if name in _BOOLEAN_OF and len(args) == 1:
        return not single_or_nodes(args[0])
    if name in _NAMES or name in ("normalize-space", "string", "string-length"):
        if not args:
            return not dot  # of the context item: absent focus where it is not a node
        return len(args) != 1 or not (_one_node(args[0]) if name in _NAMES else _one_string(args[0]))
    if name in ("upper-case", "lower-case") and len(args) == 1:
        return not _one_string(args[0])
    if name in _STRING_TESTS or name in ("substring-before", "substring-after"):
        return len(args) != 2 or not all(_one_string(arg) for arg in args)
    if name == "translate":
        # the first argument may be empty; the map strings are xs:string, exactly one each
        return len(args) != 3 or not _one_string(args[0]) or not all(_exactly_one_string(arg) for arg in args[1:])
    if name == "concat":
        return len(args) < 2 or not all(_one_string(arg) or _numeric_literal(arg) for arg in args)
    return True


def boolean_may_raise(node, dot: bool = True) -> bool:
    """Whether taking the effective boolean value of `node` (an operand of and/or) might raise: evaluating it
    might, or its value may be several items that do not start with a node (FORG0006)."""
    return may_raise(node, dot) or not single_or_nodes(node)


def single_or_nodes(node) -> bool:
    """Whether the effective boolean value of `node`'s value cannot raise (FORG0006 is for several items that
    do not start with a node): nodes, or one string, number or boolean by its form."""
    return _comparable_as(node) is not None


def _comparable_as(node) -> str | None:
    """How a side of a general comparison compares: "string" (nodes, which are untyped, or strings), "number"
    (counts, lengths, numeric literals) or "boolean"; None when not known from its form."""
    if _nodes(node) or _exactly_one_string(node):
        return "string"
    if _numeric_literal(node) or (isinstance(node, X.Call) and node.name in ("count", "string-length")):
        return "number"
    if isinstance(node, X.Compare) or (isinstance(node, X.Binary) and node.op in ("and", "or")) or (
            isinstance(node, X.Call) and (node.name in _STRING_TESTS or node.name in _BOOLEAN_OF
                                          or node.name in ("exists", "empty", "true", "false"))):
        return "boolean"
    return None


def _numeric_literal(node) -> bool:
    return isinstance(node, X.Literal) and isinstance(node.value, (int, float, Decimal))


def _exactly_one_string(node) -> bool:
    """A string literal or a call of a function that returns exactly one string."""
    return (isinstance(node, X.Literal) and isinstance(node.value, str)) or (
        isinstance(node, X.Call) and node.name in _STRING_RESULTS)


def _one_string(node) -> bool:
    """At most one item, which function conversion turns into a string without error: a string, or one node.
    (Whether the context item is a node is `may_raise`'s question, asked of every argument first.)"""
    return _exactly_one_string(node) or _one_node(node)


def _one_node(node) -> bool:
    """At most one node by its form: the context item, `..`, `self::x`, an attribute by name, and paths of these."""
    if isinstance(node, X.ContextItem):
        return True
    if isinstance(node, X.Step):
        return node.axis in ("self", "parent") or (
            node.axis == "attribute" and node.test.kind == "name" and node.test.local is not None
            and node.test.uri is not None)
    if isinstance(node, X.Path):
        return node.root is None and bool(node.steps) and all(separator == "/" for separator in node.separators) \
            and all(isinstance(step, X.Step) and _one_node(step) for step in node.steps)
    return False


def _nodes(node) -> bool:
    """Whether `node` is a sequence of nodes by its form: axis steps only (`a/count(b)` is not)."""
    if isinstance(node, (X.Step, X.ContextItem)):
        return True
    if isinstance(node, X.Path):
        return all(isinstance(step, X.Step) or (isinstance(step, X.Filter) and _nodes(step)) for step in node.steps)
    return isinstance(node, X.Filter) and _nodes(node.primary)


def true_without(node) -> frozenset[str]:
    """Element names (Clark notation) any one of which, when the document has no element of that name, makes the
    boolean test `node` true — for a test that cannot raise (`may_raise`), so skipping it changes no outcome.

    An element step yields only elements of the document, so a path with a step named `x` is empty in a
    document without `x` elements, whatever its axis; `not(//cac:Delivery/cbc:ID)` is then true."""
    if isinstance(node, X.Call) and len(node.args) == 1 and node.name in ("not", "empty"):
        return false_without(node.args[0])
    if isinstance(node, X.Binary) and node.op == "or":
        return true_without(node.left) | true_without(node.right)
    if isinstance(node, X.Binary) and node.op == "and":
        return true_without(node.left) & true_without(node.right)
    return frozenset()


def false_without(node) -> frozenset[str]:
    """Element names any one of which, when absent from the document, makes the boolean value of `node` false
    (see `true_without`)."""
    if isinstance(node, X.Binary) and node.op == "and":
        return false_without(node.left) | false_without(node.right)
    if isinstance(node, X.Binary) and node.op == "or":
        return false_without(node.left) & false_without(node.right)
    if isinstance(node, X.Compare) and node.kind == "general":
        return empty_without(node.left) | empty_without(node.right)  # a general comparison with () is false
    if isinstance(node, X.Call) and len(node.args) == 1 and node.name in ("exists", "boolean"):
        return empty_without(node.args[0])
    if isinstance(node, X.Call) and len(node.args) == 1 and node.name in ("not", "empty"):
        return true_without(node.args[0])
    return empty_without(node)


def empty_without(node) -> frozenset[str]:
    """Element names any one of which, when absent from the document, makes `node` the empty sequence: the named
    element steps of a path (a later step has nothing to start from when an earlier one is empty)."""
    if isinstance(node, X.Step):
        test = node.test
        if node.axis != "attribute" and test.kind == "name" and test.uri is not None and test.local is not None:
            return frozenset({f"{{{test.uri}}}{test.local}" if test.uri else test.local})
        return frozenset()
    if isinstance(node, X.Path):
        return frozenset().union(*(empty_without(step) for step in node.steps))
    if isinstance(node, X.Filter):
        return empty_without(node.primary)
    if isinstance(node, X.Binary) and node.op == "union":
        return empty_without(node.left) & empty_without(node.right)
    return frozenset()
