"""Compile an official Schematron file into a Python rule-set module (`validators/rulesets/*.py`).

Build-time code, run by `python -m validators.rulesets.generate` (see that module). `build_module`
reads the Schematron source (`source.read`), compiles every variable, stylesheet function, rule
context and assertion (`compiler`, `patterns`) and returns the module text. The module records the
source file and its SHA-256; a test regenerates every module from `../shared/official` and fails on
any difference.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from lxml import etree

from validators.schematron import source as S
from validators.schematron import xpath as X
from validators.schematron.compiler import (
    Code,
    CompileError,
    Env,
    ExpressionCompiler,
    UserFunction,
    navigation_paths,
    python_name,
)
from validators.schematron.forms import false_without, may_raise, true_without
from validators.schematron.patterns import (
    compile_pattern,
    decided_by_name,
    matches_only_the_root,
    name_filter,
    selects_from_all,
)


def build_module(path: Path, *, name: str, version: str, provenance: str, licence: str,
                 location_style: str = "iso") -> str:
    """The Python source of the compiled rule set for the Schematron file at `path`."""
    schema = S.read(path)
    global_code = _global_kinds(schema)
    compiler = _compiler(schema, global_code)
    compiler.repeated = _repeated_subexpressions(schema, compiler.namespaces)
    variables = [(variable, compiler.expr(X.parse(expression, compiler.namespaces), Env(ctx="g.doc")))
                 for variable, expression in schema.variables]
    functions = [_function(function, compiler) for function in schema.functions]
    rules: list = []
    assertions: list = []
    messages: list = []
    for index, rule in enumerate(schema.rules):
        rules.append(_rule(index, rule, schema.patterns.index(rule.pattern), compiler, assertions, messages))
    memos = [f"def {name}(n, g):\n    return {code.text}" for name, code in compiler.memos.values()]
    body = [_globals_class(variables, compiler), *functions, *memos, *messages, *(text for text, _ in rules),
            _tables(schema, name, version, path, rules, assertions, location_style)]
    constants = "".join(f"{constant} = {text}\n" for text, constant in compiler.constants.items())
    return _header(schema, path, name, version, provenance, licence) + constants + "\n\n" + "\n\n\n".join(body) + "\n"


def _compiler(schema: S.Schema, global_code: dict) -> ExpressionCompiler:
    compiler = ExpressionCompiler(dict(schema.namespaces))
    compiler.namespaces.setdefault("xs", "http://www.w3.org/2001/XMLSchema")
    compiler.global_names = {variable for variable, _ in schema.variables}
    compiler.global_code = dict(global_code)
    for function in schema.functions:
        compiler.functions[function.name] = UserFunction(
            "f_" + python_name(function.name), tuple(function.params), function.result)
    return compiler


def _repeated_subexpressions(schema: S.Schema, namespaces: dict) -> frozenset:
    """Subexpressions that occur more than once in the rule file's expressions (candidates for a memo)."""
    from collections import Counter

    counts: Counter = Counter()

    def visit(node):
        if not isinstance(node, (tuple, str, int, float, X.NodeTest, X.TypeName)) and node is not None:
            counts[node] += 1
        if isinstance(node, tuple):
            for item in node:
                visit(item)
        elif hasattr(node, "__dataclass_fields__") and not isinstance(node, (X.NodeTest, X.TypeName)):
            for name in node.__dataclass_fields__:
                visit(getattr(node, name))

    texts = [expression for _, expression in schema.variables]
    for rule in schema.rules:
        texts += [rule.context, *(expression for _, expression in rule.lets), *(a.test for a in rule.assertions)]
    for text in texts:
        visit(X.parse(text, namespaces))
    return frozenset(node for node, count in counts.items() if count > 1)


def _global_kinds(schema: S.Schema) -> dict:
    """What each Schematron variable yields (kind and type), settled over forward references."""
    known: dict = {}
    for _ in range(4):
        compiler = _compiler(schema, known)
        found = {}
        for variable, expression in schema.variables:
            code = compiler.expr(X.parse(expression, compiler.namespaces), Env(ctx="g.doc"))
            found[variable] = code
            compiler.global_code[variable] = code
        if {name: (code.kind, code.type, code.nodes) for name, code in found.items()} == \
                {name: (code.kind, code.type, code.nodes) for name, code in known.items()}:
            return found
        known = found
    raise CompileError("the kinds of the Schematron variables do not settle")


def _header(schema: S.Schema, path: Path, name: str, version: str, provenance: str, licence: str) -> str:
    sources = "\n".join(f"    {file}: SHA-256 {digest}" for file, digest in sorted(schema.sources.items()))
    return (
        f'"""{schema.title}: the official rule file compiled to Python. Generated; do not edit.\n\n'
        f"Generated by `python -m validators.rulesets.generate` from {path.name} ({provenance}),\n"
        f"rule set {name} {version}. Licence of the source: {licence}.\n\n"
        f"Source files read:\n{sources}\n"
        '"""\n'
        "# flake8: noqa\n"
        "# fmt: off\n"
        "from decimal import Decimal\n"
        ""
        "from validators.schematron import functions as F\n"
        "from validators.schematron import nodes as N\n"
        "from validators.schematron import runtime as R\n"
        "from validators.schematron import values as V\n"
        "from validators.schematron.engine import Assertion, Rule, RuleSet\n"
        "from validators.schematron.runtime import once\n\n"
    )


def _globals_class(variables: list, compiler: ExpressionCompiler) -> str:
    """The per-document state class; call it after every rule is compiled (hoisting adds to it)."""
    lines = ["class Globals(R.Globals):", '    """Variables and context-free subexpressions, each computed once per document."""', ""]
    for variable, code in variables:
        lines += ["    @once", f"    def v_{python_name(variable)}(g):  # ${variable}",
                  f"        return {code.text}", ""]
    for name, code in compiler.hoisted.values():
        lines += ["    @once", f"    def {name}(g):", f"        return {code.text}", ""]
    return "\n".join(lines).rstrip()


def _function(function: S.Function, compiler: ExpressionCompiler) -> str:
    """An xsl:function as a Python function (param, variable, value-of, sequence, choose)."""
    env = Env(ctx=None)
    params = []
    for name, as_type in function.params:
        python = "v_" + python_name(name)
        params.append(python)
        env = env.bind(name, Code(python, "seq"))
    lines = [f"def f_{python_name(function.name)}(g, {', '.join(params)}):  # {function.name}"]
    body = _instructions(list(function.body), env, compiler, indent=1, result=function.result)
    return "\n".join(lines + body)


def _instructions(elements: list, env: Env, compiler: ExpressionCompiler, *, indent: int, result) -> list:
    pad = "    " * indent
    lines: list[str] = []
    produced = False
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local == "param":
            continue
        if local == "variable":
            python = compiler.fresh("v_" + python_name(element.get("name")) + "_")
            value = _variable_value(element, env, compiler)
            if element.get("as"):
                value = Code(f"R.convert_as({compiler.seq(value).text}, {element.get('as')!r})", "seq")
            lines.append(f"{pad}{python} = {value.text}")
            env = env.bind(element.get("name"), Code(python, value.kind, value.type, value.nodes))
        elif local in ("value-of", "sequence"):
            value = compiler.expr(X.parse(element.get("select"), compiler.namespaces), env)
            if local == "value-of":
                value = Code(f"[V.Untyped(R.value_of({compiler.seq(value).text}))]", "seq")
            lines.append(f"{pad}return {_result(value, result, compiler)}")
            produced = True
        elif local == "choose":
            for index, branch in enumerate(element.iterchildren(etree.Element)):
                kind = etree.QName(branch).localname
                if kind == "when":
                    test = compiler.boolean(compiler.expr(X.parse(branch.get("test"), compiler.namespaces), env))
                    lines.append(f"{pad}{'if' if index == 0 else 'elif'} {test}:")
                else:
                    lines.append(f"{pad}else:")
                lines += _instructions(list(branch), env, compiler, indent=indent + 1, result=result)
            produced = True
        else:
            raise CompileError(f"xsl:{local} in a function is not supported")
    if not produced:
        lines.append(f"{pad}return []")
    return lines


def _variable_value(element, env: Env, compiler: ExpressionCompiler) -> Code:
    if element.get("select") is not None:
        return compiler.expr(X.parse(element.get("select"), compiler.namespaces), env)
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        # a temporary tree holding text: its string value as an untyped atomic value
        return Code(f"[V.Untyped({(element.text or '')!r})]", "seq")
    if len(children) == 1 and etree.QName(children[0]).localname == "value-of":
        value = compiler.expr(X.parse(children[0].get("select"), compiler.namespaces), env)
        return Code(f"[V.Untyped(R.value_of({compiler.seq(value).text}))]", "seq")
    raise CompileError(f"xsl:variable {element.get('name')} with element content is not supported")


def _result(value: Code, result: str | None, compiler: ExpressionCompiler) -> str:
    sequence = compiler.seq(value).text
    return f"R.convert_as({sequence}, {result!r})" if result else sequence


def _rule(index: int, rule: S.Rule, pattern: int, compiler: ExpressionCompiler, assertions: list,
          messages: list) -> tuple[str, str]:
    selecting = selects_from_all(rule.context, compiler)
    keys, match, head = _dispatch(index, rule, compiler, selecting)
    lines = [f"def rule_{index}(c, g, out):  # {_comment(rule.context)}"]
    env = Env(ctx="c", ctx_elem=True, ctx_root=matches_only_the_root(rule.context, compiler))
    lines += _rule_variables(rule, env, compiler)
    for name, expression in rule.lets:
        python = "v_" + python_name(name)
        code = compiler.expr(X.parse(expression, compiler.namespaces), env)
        lines.append(f"    {python} = {code.text}")
        env = env.bind(name, Code(python, code.kind, code.type, code.nodes, code.flat, code.single))
    absent: dict = {}
    guarded, first_test = False, len(lines)
    for assertion in rule.assertions:
        number = len(assertions)
        paths = _absent_path(assertion, compiler) if assertion.kind == "assert" else None
        if paths is not None:
            for path in paths:
                absent.setdefault(path, []).append(number)
        else:
            tree = X.parse(assertion.test, compiler.namespaces)
            test = compiler.boolean(compiler.expr(tree, env))
            condition = f"not {test}" if assertion.kind == "assert" else test
            present = _names_present(tree, assertion.kind)
            if present:
                guarded = True
                condition = f"{present} and {condition}"
            lines.append(f"    if {condition}:  # {assertion.id}")
            lines.append(f"        out.append(({number}, c))")
        assertions.append(_assertion(assertion, number, env, compiler, messages, index))
    if guarded:
        lines.insert(first_test, "    names = g.shared.names")
    if absent:
        table = {path: tuple(numbers) for path, numbers in absent.items()}
        head = [f"ABSENT_{index} = R.AbsentPaths({table!r})", "", ""] + head
        lines.append(f"    ABSENT_{index}.check(c, out)")
    if len(lines) == 1:
        lines.append("    pass")
    names = name_filter(rule.context, compiler) if not keys and not selecting else None
    extra = f", names=lambda t: {names}" if names else f", select=select_{index}" if selecting else ""
    entry = f"    Rule({index}, {pattern}, {rule.context!r}, {keys!r}, {match or 'None'}, rule_{index}{extra}),"
    return "\n".join(head + lines), entry


def _dispatch(index: int, rule: S.Rule, compiler: ExpressionCompiler, selecting: bool) -> tuple[tuple, str | None, list]:
    """(dispatch keys, match function name or None, code lines) of a rule context; for a selecting rule
    (`patterns.selects_from_all`) no match function but `select_N(g)`, its elements in one pass."""
    branches = compile_pattern(rule.context, compiler)
    if selecting:
        (branch,) = branches
        return (), None, [f"def select_{index}(g):",
                          f"    return [n for n in g.root.iter(R.ELEMENT) if {branch.condition}]", "", ""]
    all_keyed = all(branch.keys is not None for branch in branches)
    keys = tuple(sorted(set().union(*(branch.keys or () for branch in branches)))) if all_keyed else ()
    parts = []
    for branch in branches:
        condition = branch.condition
        if branch.keys is not None and len(branch.keys) == 1 and (not all_keyed or len(keys) > 1):
            (key,) = branch.keys  # the condition left the name to the dispatch, which offers other names too
            condition = f"n.tag == {key!r}" + ("" if condition == "True" else f" and {condition}")
        parts.append(condition)
    decided = all_keyed and all(part == "True" for part in parts) or (not keys and decided_by_name(rule.context, compiler))
    match = None if decided else f"match_{index}"  # the name the engine offers an element by decides it all
    head = []
    if match:
        head += [f"def {match}(n, g):", f"    return {' or '.join(f'({part})' for part in parts)}", "", ""]
    return keys, match, head


def _names_present(tree, kind: str) -> str | None:
    """The condition under which an assertion can fire at all, when the document's element names can decide it
    (`forms.true_without`: an assert whose test cannot raise holds in a document that lacks one of these names;
    a report's test is false there): Python text over `names`, the document's names, or None."""
    if may_raise(tree):
        return None
    needed = sorted(true_without(tree) if kind == "assert" else false_without(tree))
    if not needed:
        return None
    if len(needed) == 1:
        return f"{needed[0]!r} in names"
    return f"names.issuperset({tuple(needed)!r})"


def _rule_variables(rule: S.Rule, env: Env, compiler: ExpressionCompiler) -> list[str]:
    """Navigation paths from the context node that the rule's tests share, computed once per firing.

    Only predicate-free child/attribute/parent/self paths qualify: they cannot raise, so computing
    them up front cannot turn a run that Saxon completes into a failed one.
    """
    compiler.rule_locals = {}
    if env.ctx_root:
        return []  # a rule on the document element hoists its paths into the per-document state instead
    counts: dict = {}
    expressions = [expression for _, expression in rule.lets] + [assertion.test for assertion in rule.assertions]
    for expression in expressions:
        for path in navigation_paths(X.parse(expression, compiler.namespaces)):
            counts[path] = counts.get(path, 0) + 1
    shared = sorted((path for path, count in counts.items() if count > 1), key=_path_length)
    lines = []
    for path in shared:
        code = compiler.expr(path, env)
        name = compiler.fresh("l")
        lines.append(f"    {name} = {code.text}")
        compiler.rule_locals[path] = Code(name, "seq", nodes=True, flat=code.flat, single=code.single,
                                          elems=code.elems)
    return lines


def _path_length(path) -> int:
    return len(path.steps) if isinstance(path, X.Path) else 1


def _absent_path(assertion: S.Assertion, compiler: ExpressionCompiler):
    return absent_paths(assertion.test, compiler.namespaces)


def absent_paths(test: str, namespaces: dict):
    """For a test of the form not(a/b/@c) (child steps without predicates): the paths whose presence fails it
    (tuples of Clark names, "@name" for an attribute), or None for any other test."""
    try:
        tree = X.parse(test, namespaces)
    except X.XPathSyntaxError:
        return None
    if not (isinstance(tree, X.Call) and tree.name == "not" and len(tree.args) == 1):
        return None
    return child_paths(tree.args[0])


def child_paths(tree):
    """Every tuple of names a pure child path can take (unions expanded), or None."""
    if isinstance(tree, X.Binary) and tree.op == "union":
        left, right = child_paths(tree.left), child_paths(tree.right)
        return None if left is None or right is None else left + right
    if isinstance(tree, X.Step):
        tree = X.Path(None, (tree,), ())
    if not isinstance(tree, X.Path) or tree.root is not None or any(sep != "/" for sep in tree.separators):
        return None
    variants: list[tuple[str, ...]] = [()]
    for step in tree.steps:
        if isinstance(step, X.Step):
            if step.predicates or step.test.kind != "name" or step.test.uri is None or step.test.local is None:
                return None
            name = (f"{{{step.test.uri}}}{step.test.local}" if step.test.uri else step.test.local)
            if step.axis == "attribute":
                name = "@" + name
            elif step.axis != "child":
                return None
            variants = [variant + (name,) for variant in variants]
        else:
            inner = child_paths(step)
            if inner is None:
                return None
            variants = [variant + tail for variant in variants for tail in inner]
    if any(any(part.startswith("@") for part in variant[:-1]) for variant in variants):
        return None
    return variants


def _assertion(assertion: S.Assertion, number: int, env: Env, compiler: ExpressionCompiler, messages: list,
               rule: int) -> str:
    texts, dynamic = [], []
    for kind, value in assertion.message:
        if kind == "text":
            texts.append(value)
        else:
            texts.append("\0")
            if kind == "value-of":
                code = compiler.seq(compiler.expr(X.parse(value, compiler.namespaces), env)).text
                dynamic.append(f"R.value_of({code})")
            elif value:
                code = compiler.node_arg(compiler.expr(X.parse(value, compiler.namespaces), env))
                dynamic.append(f"F.name({code})")
            else:
                dynamic.append("F.name(c)")
    text = " ".join("".join(texts).split())
    function = "None"
    if dynamic:
        text = text.replace("{", "{{").replace("}", "}}").replace("\0", "{}")
        function = f"message_{number}"
        messages.append(f"def {function}(c, g):\n    return ({', '.join(dynamic)},)")
    return (f"    Assertion({assertion.id!r}, {assertion.flag!r}, {assertion.kind!r}, {text!r}, "
            f"{' '.join(assertion.test.split())!r}, {assertion.role!r}, {function}, {rule}),")


def _tables(schema: S.Schema, name: str, version: str, path: Path, rules: list, assertions: list,
            location_style: str) -> str:
    lines = [f"NAMESPACES = {dict(sorted(schema.namespaces.items()))!r}", "", "ASSERTIONS = (", *assertions, ")", "",
             "RULES = (", *(entry for _, entry in rules), ")", ""]
    digest = schema.sources[path.name]
    lines += [
        "RULE_SET = RuleSet(",
        f"    name={name!r}, title={schema.title!r}, version={version!r},",
        f"    source={path.name!r}, sha256={digest!r},",
        f"    globals=Globals, patterns={tuple(schema.patterns)!r}, rules=RULES, assertions=ASSERTIONS,",
        f"    location_style={location_style!r},",
        ")",
    ]
    return "\n".join(lines)


def _comment(text: str) -> str:
    return textwrap.shorten(" ".join(text.split()), 100)
