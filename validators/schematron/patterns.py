"""XSLT match patterns (Schematron rule contexts) to dispatch keys and Python match conditions.

Build-time code. A rule context such as `cac:InvoiceLine/cac:Item[cbc:Name]` is a pattern: a node
matches when it passes the last step and its parent (for `/`) or some ancestor (for `//`) matches the
rest (XSLT 3.0, 5.5.3). `compile_pattern` returns, per union branch, the element name the node must
have (None: any element) — the engine dispatches on it, so the condition does not test it again —
and a Python condition on the candidate node `n`. Contexts that match attributes or the document
node are not used by the official files and raise `CompileError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from validators.schematron import xpath as X
from validators.schematron.compiler import (
    CompileError,
    Env,
    ExpressionCompiler,
    _clark,
    _never_numeric,
    _test_text,
    _uses_focus,
)


@dataclass(frozen=True)
class Branch:
    """One union branch of a pattern: the element names it can match (None: any) and its condition text.

    When `keys` holds a single name the condition does not test it again (the engine dispatches on it);
    with several names the condition tests them itself."""

    keys: frozenset | None
    condition: str  # Python boolean expression on `n` and `g`; "True" when the key says it all


def compile_pattern(text: str, compiler: ExpressionCompiler) -> list[Branch]:
    tree = X.parse(text, compiler.namespaces)
    return [_branch(alternative, compiler) for alternative in _alternatives(tree)]


def name_filter(text: str, compiler: ExpressionCompiler) -> str | None:
    """A Python condition on an element's Clark name `t` that every node the pattern matches passes, taken
    from the name tests and name-only predicates of its last step (`ram:*`, `ends-with(name(), 'Amount')`,
    `not(ends-with(name(), 'PriceAmount'))`); None when some branch has none. The engine offers a rule
    whose context can be any element only to elements whose name passes, once per name."""
    conditions = []
    for branch in _alternatives(X.parse(text, compiler.namespaces)):
        _, steps, _ = _steps(branch)
        last = steps[-1]
        if not isinstance(last, X.Step):
            return None
        parts = []
        if last.test.kind == "name" and last.test.uri is not None and last.test.local is None:
            parts.append(f"t.startswith({'{' + last.test.uri + '}'!r})")
        for predicate in last.predicates:
            parts += [part for part in map(_name_condition, _conjuncts(predicate)) if part]
        if not parts:
            return None
        conditions.append(" and ".join(parts))
    return " or ".join(f"({condition})" for condition in conditions)


def decided_by_name(text: str, compiler: ExpressionCompiler) -> bool:
    """Whether `name_filter`'s condition is all the pattern asks, so that no match function need check it again:
    every branch one step (`//ram:*[…]` or `ram:*[…]`, which match the same elements) with an any-name test (`*`,
    `ram:*`), and every conjunct of its predicates a condition on the name (CII-SR rules on `//ram:*[ends-with(name(),
    'ID')]`). Such predicates cannot raise, so they match exactly where the name passes."""
    for branch in _alternatives(X.parse(text, compiler.namespaces)):
        root, steps, _ = _steps(branch)
        last = steps[-1]
        if (len(steps) != 1 or root not in (None, "//") or not isinstance(last, X.Step) or last.axis != "child"
                or not (last.test.kind == "name" and last.test.local is None)):
            return False
        if any(_name_condition(part) is None for predicate in last.predicates for part in _conjuncts(predicate)):
            return False
    return True


def _conjuncts(tree) -> list:
    if isinstance(tree, X.Binary) and tree.op == "and":
        return _conjuncts(tree.left) + _conjuncts(tree.right)
    return [tree]


def _name_condition(tree) -> str | None:
    negate = False
    if isinstance(tree, X.Call) and tree.name == "not" and len(tree.args) == 1:
        negate, tree = True, tree.args[0]
    if (isinstance(tree, X.Call) and tree.name == "ends-with" and len(tree.args) == 2
            and isinstance(tree.args[0], X.Call) and tree.args[0].name == "name" and not tree.args[0].args
            and isinstance(tree.args[1], X.Literal) and isinstance(tree.args[1].value, str)
            and ":" not in tree.args[1].value):
        condition = f"t.endswith({tree.args[1].value!r})"
        return f"not {condition}" if negate else condition
    if (isinstance(tree, X.Step) and tree.axis == "self" and tree.test.kind == "name" and tree.test.uri is not None
            and tree.test.local is not None and not tree.predicates):  # not(self::ram:TaxTotalAmount)
        return f"t {'!=' if negate else '=='} {'{' + tree.test.uri + '}' + tree.test.local!r}"
    return None


def matches_only_the_root(text: str, compiler: ExpressionCompiler) -> bool:
    """Whether every branch of the pattern is `/name`: its rule can only fire on the document element."""
    tree = X.parse(text, compiler.namespaces)
    return all(isinstance(branch, X.Path) and branch.root == "/" and len(branch.steps) == 1
               and isinstance(branch.steps[0], X.Step) and not branch.steps[0].predicates
               for branch in _alternatives(tree))


def _alternatives(tree) -> list:
    if isinstance(tree, X.Binary) and tree.op == "union":
        return _alternatives(tree.left) + _alternatives(tree.right)
    return [tree]


def _branch(tree, compiler: ExpressionCompiler) -> Branch:
    keys = _keys(tree)
    condition = _matches(tree, "n", compiler, skip_last_name=keys is not None and len(keys) == 1)
    return Branch(keys, condition)


_ANY_ELEMENT = X.NodeTest("name", None, None, None)


def selects_from_all(text: str, compiler: ExpressionCompiler) -> bool:
    """Whether the pattern is `//*[P]` with a P that cannot raise an error — built only from `*` (has a
    child element), `normalize-space()` of the context, `name() = 'literal'`, `not`, `and`, `or`. Such a
    context (the XRechnung files' PEPPOL-EN16931-R008, which tests every element) is better selected in
    one pass over the document than offered to every element by the dispatch."""
    return _selection(X.parse(text, compiler.namespaces)) is not None


def _selection(tree) -> str | None:
    if not (isinstance(tree, X.Path) and tree.root == "//" and len(tree.steps) == 1):
        return None
    step = tree.steps[0]
    if not (isinstance(step, X.Step) and step.axis == "child" and step.test == _ANY_ELEMENT
            and len(step.predicates) == 1):
        return None
    predicate = _xpath1(step.predicates[0])
    return f"//*[{predicate}]" if predicate is not None else None


def _xpath1(tree) -> str | None:
    if isinstance(tree, X.Binary) and tree.op in ("and", "or"):
        left, right = _xpath1(tree.left), _xpath1(tree.right)
        return f"({left} {tree.op} {right})" if left is not None and right is not None else None
    if isinstance(tree, X.Call) and tree.name == "not" and len(tree.args) == 1:
        inner = _xpath1(tree.args[0])
        return f"not({inner})" if inner is not None else None
    if isinstance(tree, X.Call) and tree.name == "normalize-space" and not tree.args:
        return "normalize-space()"
    if isinstance(tree, X.Step) and tree.axis == "child" and not tree.predicates and tree.test == _ANY_ELEMENT:
        return "*"
    if (isinstance(tree, X.Compare) and tree.kind == "general" and tree.op == "="
            and isinstance(tree.left, X.Call) and tree.left.name == "name" and not tree.left.args
            and isinstance(tree.right, X.Literal) and isinstance(tree.right.value, str)
            and "'" not in tree.right.value):
        return f"name() = '{tree.right.value}'"
    return None


def _steps(tree) -> tuple[str | None, list, list]:
    """(root, steps, separators before each step) of a pattern path."""
    if isinstance(tree, X.Path):
        separators = list(tree.separators)
        if tree.root is not None:
            separators.insert(0, tree.root)
        else:
            separators.insert(0, None)
        return tree.root, list(tree.steps), separators
    return None, [tree], [None]


def _keys(tree) -> frozenset | None:
    """The element names a node matching `tree` can have, or None when it can be any element."""
    _, steps, _ = _steps(tree)
    last = steps[-1]
    if isinstance(last, X.Step):
        if last.axis == "attribute" or last.test.kind not in ("name", "element"):
            raise CompileError(f"rule contexts that match {last.axis}::{last.test.kind} are not supported")
        if last.axis not in ("child",):
            raise CompileError(f"axis {last.axis} in a pattern")
        clark = _clark(last.test)
        return frozenset((clark,)) if clark else None
    inner = last.primary if isinstance(last, X.Filter) else last
    found: set[str] = set()
    for alternative in _alternatives(inner):
        keys = _keys(alternative)
        if keys is None:
            return None
        found |= keys
    return frozenset(found)


def _matches(tree, var: str, compiler: ExpressionCompiler, *, skip_last_name: bool = False) -> str:
    """Python condition: the node `var` matches pattern `tree`."""
    if isinstance(tree, X.Binary) and tree.op == "union":
        return "(" + " or ".join(_matches(branch, var, compiler) for branch in _alternatives(tree)) + ")"
    root, steps, separators = _steps(tree)
    return _match_from(len(steps) - 1, steps, separators, root, var, compiler, skip_last_name)


def _match_from(index: int, steps: list, separators: list, root, var: str, compiler: ExpressionCompiler,
                skip_name: bool) -> str:
    step = steps[index]
    conditions = [_step_condition(step, var, compiler, skip_name)]
    separator = separators[index]
    # Every step of a rule context tests elements, so the document node never matches one: the parent
    # and ancestors that matter are lxml's (None above the document element).
    if index == 0:
        if separator == "/":
            conditions.append(f"{var}.getparent() is None")
        # "//" or no root: every element of the document has the document node as an ancestor
    else:
        up = compiler.fresh("u")
        rest = _match_from(index - 1, steps, separators, root, up, compiler, False)
        if separator == "/":
            conditions.append(f"(({up} := {var}.getparent()) is not None and {rest})")
        else:
            conditions.append(f"any({rest} for {up} in {var}.iterancestors())")
    conditions = [condition for condition in conditions if condition != "True"]
    return " and ".join(conditions) if conditions else "True"


def _step_condition(step, var: str, compiler: ExpressionCompiler, skip_name: bool) -> str:
    if isinstance(step, X.Filter):
        inner = _matches(step.primary, var, compiler)
        return " and ".join([inner] + [_predicate(predicate, var, step, compiler) for predicate in step.predicates])
    if not isinstance(step, X.Step):
        return _matches(step, var, compiler)
    if step.axis != "child":
        raise CompileError(f"axis {step.axis} in a pattern is not supported")
    if step.test.kind not in ("name", "element"):
        raise CompileError(f"a rule context step that matches {step.test.kind}() is not supported")
    clark = _clark(step.test)
    if skip_name or (step.test.kind == "element") or (step.test.uri is None and step.test.local is None):
        conditions = []  # the engine only offers elements, and a dispatch key was checked already
    elif clark:
        conditions = [f"{var}.tag == {clark!r}"]
    else:
        conditions = [_test_text(var, step.test)]
    conditions += [_predicate(predicate, var, step, compiler) for predicate in step.predicates]
    return " and ".join(conditions) if conditions else "True"


def _predicate(predicate, var: str, step, compiler: ExpressionCompiler) -> str:
    if isinstance(predicate, X.Literal) and isinstance(predicate.value, int):
        if not isinstance(step, X.Step):
            raise CompileError("a positional predicate on a parenthesized pattern is not supported")
        clark = _clark(step.test)
        return f"R.sibling_position({var}, {clark!r}) == {predicate.value}"
    env = Env(ctx=var, ctx_kind="node", ctx_elem=True)
    code = compiler.expr(predicate, env)
    if _uses_focus(predicate) or not _never_numeric(code):
        raise CompileError(f"a pattern predicate that may be positional is not supported: {predicate}")
    return compiler.boolean(code)
