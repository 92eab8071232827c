"""XPath 2.0 syntax trees (`xpath.parse`) to Python source that runs on lxml trees with XPath's meaning.

Build-time code. `ExpressionCompiler.expr(tree, env)` returns `Code`: a Python expression and what it
yields — a list for an XPath sequence (`seq`), a single atomic value (`one`), an atomic value or None
(`opt`), or one node (`node`). The static kind lets the generated code skip conversions XPath would
make anyway (a string literal needs no atomization); whenever the kind is not known the generic
runtime helpers (`runtime.gcmp`, `runtime.ebv`, …) apply XPath's rules, errors included.

Subexpressions that do not depend on the context (absolute paths, global variables, and what is
built only from them) are hoisted into cached properties of the rule set's `Globals` class, so each
is computed once per document however many rules use it (`hoisted`).

Contract: the generated expression evaluates exactly as Saxon evaluates the XPath expression on the
same document — same result or the same XPath error code. `CompileError` is raised for a construct
outside the supported subset (never silently approximated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from validators.schematron import xpath as X
from validators.schematron.forms import boolean_may_raise, children, cost, may_raise


class CompileError(ValueError):
    """An XPath construct the compiler does not support; the message names it."""


@dataclass(frozen=True)
class Code:
    """A compiled expression: Python `text`, its `kind` and, for atomic kinds, the static `type`."""

    text: str
    kind: str  # "seq", "one", "opt", "node"
    type: str = "any"  # one/opt: "str", "bool", "int", "dec", "dbl", "num", "untyped", "any"
    nodes: bool = False  # seq: every item is a node
    flat: bool = False  # seq of nodes: document order, no duplicates, none inside another
    single: bool = False  # seq of nodes: at most one node
    elems: bool = False  # node / seq of nodes: lxml elements only (so lxml's own methods apply)
    test: str | None = None  # a cheaper Python text for the effective boolean value, where there is one
    iter: str | None = None  # seq: an iterable text for the same items, without building the list


@dataclass(frozen=True)
class Env:
    """What an expression sees: the context item's Python name and kind, focus, variables."""

    ctx: str | None = None
    ctx_kind: str = "node"  # "node" or "item"
    ctx_elem: bool = False  # the context item is an lxml element
    ctx_root: bool = False  # the context item is the document element (its rules' paths can be hoisted)
    pos: str | None = None
    last: str | None = None
    local: tuple = ()  # ((xpath name, Code), …) innermost last

    def bind(self, name: str, code: Code) -> "Env":
        return replace(self, local=self.local + ((name, code),))

    def lookup(self, name: str) -> Code | None:
        for bound, code in reversed(self.local):
            if bound == name:
                return code
        return None


def python_name(name: str) -> str:
    """A Python identifier for an XPath variable or function name."""
    return re.sub(r"\W", "_", name.replace("-", "_").replace(":", "__").replace(".", "_"))


_NUMERIC_TYPES = {"int", "dec", "dbl", "num"}
_SAME_TYPE = {"round": {"int", "dec", "dbl"}, "abs": {"int", "dec", "dbl"}, "floor": {"int", "dec", "dbl"},
              "ceiling": {"int", "dec", "dbl"}, "sum": {"int", "dec"}}
"""Functions whose result has the static type of their argument when that is known (XPath F&O 6.4; fn:sum of
integers or decimals, whose empty sum 0 is both)."""
_CONSTRUCTORS = {"xs:decimal": "dec", "xs:integer": "int", "xs:double": "dbl", "xs:string": "str",
                 "xs:boolean": "bool", "xs:date": "any", "xs:untypedAtomic": "untyped"}

# function name → (allowed arities, argument conversions, runtime call or None for inline, result Code kind, type)
# conversions: "str" xs:string?, "dbl" xs:double, "num" numeric?, "seq" item()*, "atom" xs:anyAtomicType?,
#              "node" node()?, "strs" string* (concat: each atomic → string)
_F = "F."
FUNCTIONS: dict[str, tuple] = {
    "normalize-space": ((0, 1), ("str",), _F + "normalize_space", "one", "str"),
    "string-length": ((0, 1), ("str",), _F + "string_length", "one", "int"),
    "upper-case": ((1,), ("str",), _F + "upper_case", "one", "str"),
    "lower-case": ((1,), ("str",), _F + "lower_case", "one", "str"),
    "contains": ((2,), ("str", "str"), _F + "contains", "one", "bool"),
    "starts-with": ((2,), ("str", "str"), _F + "starts_with", "one", "bool"),
    "ends-with": ((2,), ("str", "str"), _F + "ends_with", "one", "bool"),
    "substring-after": ((2,), ("str", "str"), _F + "substring_after", "one", "str"),
    "substring-before": ((2,), ("str", "str"), _F + "substring_before", "one", "str"),
    "substring": ((2, 3), ("str", "dbl", "dbl"), _F + "substring", "one", "str"),
    "translate": ((3,), ("str", "str", "str"), _F + "translate", "one", "str"),
    "matches": ((2, 3), ("str", "str", "str"), _F + "matches", "one", "bool"),
    "replace": ((3, 4), ("str", "str", "str", "str"), _F + "replace", "one", "str"),
    "tokenize": ((2, 3), ("str", "str", "str"), _F + "tokenize", "seq", "str"),
    "string-join": ((2,), ("seq", "str"), _F + "string_join", "one", "str"),
    "string-to-codepoints": ((1,), ("str",), _F + "string_to_codepoints", "seq", "int"),
    "codepoints-to-string": ((1,), ("seq",), _F + "codepoints_to_string", "one", "str"),
    "number": ((0, 1), ("atom",), _F + "number", "one", "dbl"),
    "string": ((0, 1), ("item",), _F + "string", "one", "str"),
    "sum": ((1, 2), ("seq", "atom"), _F + "sum_", "one", "num"),
    "avg": ((1,), ("seq",), _F + "avg", "opt", "num"),
    "max": ((1,), ("seq",), _F + "max_", "opt", "any"),
    "min": ((1,), ("seq",), _F + "min_", "opt", "any"),
    "round": ((1,), ("num",), _F + "round_", "opt", "num"),
    "abs": ((1,), ("num",), _F + "abs_", "opt", "num"),
    "floor": ((1,), ("num",), _F + "floor_", "opt", "num"),
    "ceiling": ((1,), ("num",), _F + "ceiling", "opt", "num"),
    "distinct-values": ((1,), ("seq",), _F + "distinct_values", "seq", "any"),
    "reverse": ((1,), ("seq",), _F + "reverse", "seq", "any"),
    "data": ((1,), ("seq",), _F + "data", "seq", "any"),
    "index-of": ((2,), ("seq", "atom"), _F + "index_of", "seq", "int"),
    "subsequence": ((2, 3), ("seq", "dbl", "dbl"), _F + "subsequence", "seq", "any"),
    "exactly-one": ((1,), ("seq",), _F + "exactly_one", "seq", "any"),
    "zero-or-one": ((1,), ("seq",), _F + "zero_or_one", "seq", "any"),
    "one-or-more": ((1,), ("seq",), _F + "one_or_more", "seq", "any"),
    "name": ((0, 1), ("node",), _F + "name", "one", "str"),
    "local-name": ((0, 1), ("node",), _F + "local_name", "one", "str"),
    "namespace-uri": ((0, 1), ("node",), _F + "namespace_uri", "one", "str"),
    "concat": (None, (), _F + "concat", "one", "str"),
    "count": ((1,), ("seq",), None, "one", "int"),
    "exists": ((1,), ("seq",), None, "one", "bool"),
    "empty": ((1,), ("seq",), None, "one", "bool"),
    "not": ((1,), ("seq",), None, "one", "bool"),
    "boolean": ((1,), ("seq",), None, "one", "bool"),
    "true": ((0,), (), None, "one", "bool"),
    "false": ((0,), (), None, "one", "bool"),
    "position": ((0,), (), None, "one", "int"),
    "last": ((0,), (), None, "one", "int"),
    "root": ((0, 1), ("node",), None, "node", "any"),
}
_IMPLICIT_CONTEXT = {"normalize-space", "string-length", "number", "string", "name", "local-name",
                     "namespace-uri", "root"}


@dataclass
class UserFunction:
    """A stylesheet function (`xsl:function` in the Schematron file) as the compiler calls it."""

    python: str
    params: tuple  # ((name, as-type or None), …)
    result: str | None


@dataclass
class ExpressionCompiler:
    """Compiles expressions of one rule set; collects hoisted subexpressions and constants."""

    namespaces: dict
    global_names: set = field(default_factory=set)  # Schematron variables computed once per document
    functions: dict = field(default_factory=dict)  # "u:slack" → UserFunction
    global_code: dict = field(default_factory=dict)  # variable name → Code of its value (kind and type)
    hoisted: dict = field(default_factory=dict)  # syntax tree → (property name, Code)
    constants: dict = field(default_factory=dict)  # Python literal text → constant name
    rule_locals: dict = field(default_factory=dict)  # syntax tree → Code of a variable of the rule being compiled
    repeated: frozenset = frozenset()  # subexpressions the rule file uses more than once (see `_memo_node`)
    memos: dict = field(default_factory=dict)  # (subexpression, elements?) → (function name, its Code)
    _counter: int = 0
    _hoisting: bool = True

    # -- entry points --------------------------------------------------------------------------
    def compile_text(self, text: str, env: Env) -> Code:
        return self.expr(X.parse(text, self.namespaces), env)

    def fresh(self, stem: str = "n") -> str:
        self._counter += 1
        return f"{stem}{self._counter}"

    def constant(self, text: str) -> str:
        """A module-level constant for a literal that is costly to build (Decimal)."""
        if text not in self.constants:
            self.constants[text] = f"K{len(self.constants)}"
        return self.constants[text]

    # -- conversions ---------------------------------------------------------------------------
    @staticmethod
    def seq(code: Code) -> Code:
        if code.kind == "seq":
            return code
        if code.kind == "node":
            return Code(f"[{code.text}]", "seq", nodes=True, flat=True, single=True)
        if code.kind == "one":
            return Code(f"[{code.text}]", "seq")
        return Code(f"R.opt_seq({code.text})", "seq")

    def boolean(self, code: Code) -> str:
        """Python text for the effective boolean value."""
        if code.test is not None:
            return code.test
        if code.kind == "node":
            return "True"
        if code.kind == "one":
            if code.type == "bool":
                return code.text
            if code.type in ("str", "untyped"):
                return f"({code.text} != '')"
            return f"R.ebv_atom({code.text})"
        if code.kind == "opt":
            return f"R.ebv_opt({code.text})"
        if code.nodes:
            return f"bool({code.text})"
        return f"R.ebv({code.text})"

    def atom(self, code: Code) -> Code:
        """An optional single atomic value (XPTY0004 for more than one item)."""
        if code.kind in ("one", "opt"):
            return code
        if code.kind == "node":
            return Code(f"N.atomize({code.text})", "one", "untyped")
        if code.single:
            return Code(f"R.opt_atom({code.text})", "opt", "untyped" if code.nodes else "any")
        return Code(f"R.opt_atom({code.text})", "opt", "untyped" if code.nodes else "any")

    def string_arg(self, code: Code) -> str:
        if code.kind == "one" and code.type == "str":
            return code.text
        if code.kind == "one" and code.type == "untyped":
            return f"str({code.text})"
        if code.kind == "node":
            if code.elems:
                return f"({code.text}.text or '' if len({code.text}) == 0 else N.string_value({code.text}))"
            return f"N.string_value({code.text})"
        if code.kind == "seq" and code.elems:
            return f"R.elem_str({code.text})"
        return f"R.arg_str({self.seq(code).text})"

    def number_arg(self, code: Code) -> str:
        if code.kind in ("one", "opt") and code.type in _NUMERIC_TYPES:
            return code.text
        return f"R.arg_num({self.seq(code).text})"

    def double_arg(self, code: Code) -> str:
        if code.kind == "one" and code.type in _NUMERIC_TYPES:
            return f"float({code.text})"
        return f"R.arg_double({self.seq(code).text})"

    def item_arg(self, code: Code) -> str:
        """An optional item (node or atomic) for fn:string."""
        if code.kind in ("one", "node", "opt"):
            return code.text
        return f"R.one_item({code.text})"

    def node_arg(self, code: Code) -> str:
        if code.kind == "node":
            return code.text
        return f"R.one_node({self.seq(code).text})"

    # -- dispatch ------------------------------------------------------------------------------
    def expr(self, node, env: Env) -> Code:
        if env.ctx == "c" and node in self.rule_locals:
            return self.rule_locals[node]
        if self._hoisting and self._worth_hoisting(node) and self._context_free(node, env):
            return self._hoist(node, env.ctx_root)
        if (node in self.repeated and env.ctx_kind == "node" and env.ctx not in (None, "g.doc", "g.root", "c")
                and _memo_worthy(node) and not _uses_focus(node)
                and _free_of_locals(node, {name for name, _ in env.local})):
            return self._memo_node(node, env)
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node, env)

    def _hoist(self, node, at_root: bool) -> Code:
        """A context-free subexpression as a cached property of the per-document state (see module docstring)."""
        key = (node, at_root)
        known = self.hoisted.get(key)
        if known is not None:
            if known[1] is None:
                raise CompileError(f"recursive hoisting of {node}")
            return replace(known[1], text=f"g.{known[0]}", iter=None, test=None)
        name = f"h{len(self.hoisted)}"
        self.hoisted[key] = (name, None)
        env = Env(ctx="g.root", ctx_elem=True, ctx_root=True) if at_root else Env(ctx="g.doc")
        method = getattr(self, "_" + type(node).__name__.lower())
        code = method(node, env)
        self.hoisted[key] = (name, replace(code, iter=None, test=None))
        return replace(code, text=f"g.{name}", iter=None, test=None)

    @staticmethod
    def _worth_hoisting(node) -> bool:
        # Paths are what costs and what rules share; the operators around them are cheap to redo.
        return isinstance(node, (X.Path, X.Step, X.Filter))

    def _context_free(self, node, env: Env) -> bool:
        return _context_free(node, {name for name, _ in env.local}, env.ctx_root)

    # -- primaries -----------------------------------------------------------------------------
    def _literal(self, node: X.Literal, env: Env) -> Code:
        value = node.value
        if isinstance(value, str):
            return Code(repr(value), "one", "str")
        if isinstance(value, bool):
            return Code(repr(value), "one", "bool")
        if isinstance(value, int):
            return Code(repr(value), "one", "int")
        if isinstance(value, Decimal):
            return Code(self.constant(f"Decimal({str(value)!r})"), "one", "dec")
        return Code(repr(value), "one", "dbl")

    def _varref(self, node: X.VarRef, env: Env) -> Code:
        bound = env.lookup(node.name)
        if bound is not None:
            return bound
        if node.name in self.global_names:
            known = self.global_code.get(node.name)
            text = f"g.v_{python_name(node.name)}"
            return replace(known, text=text) if known is not None else Code(text, "seq")
        raise CompileError(f"undeclared variable ${node.name}")

    def _contextitem(self, node, env: Env) -> Code:
        if env.ctx is None:
            raise CompileError("the context item is undefined here (XPDY0002)")
        if env.ctx_kind == "node":
            return Code(env.ctx, "node", elems=env.ctx_elem)
        return Code(env.ctx, "one", "any")

    def _sequence(self, node: X.Sequence, env: Env) -> Code:
        if not node.items:
            return Code("[]", "seq", nodes=True, flat=True, single=True)
        parts = [self.seq(self.expr(item, env)) for item in node.items]
        nodes = all(part.nodes for part in parts)
        return Code("[" + ", ".join(f"*{part.text}" for part in parts) + "]", "seq", nodes=nodes)

    # -- functions -----------------------------------------------------------------------------
    def _call(self, node: X.Call, env: Env) -> Code:
        name = node.name
        if name.startswith("fn:"):
            name = name[3:]
        if name in _CONSTRUCTORS:
            if len(node.args) != 1:
                raise CompileError(f"{name}() takes one argument")
            argument = self.expr(node.args[0], env)
            if name == "xs:decimal" and argument.kind == "seq" and argument.elems:
                return Code(f"R.decimal_of({argument.text})", "opt", "dec")
            value = self.atom(argument)
            return Code(f"R.cast_opt({value.text}, {name!r})", "opt", _CONSTRUCTORS[name])
        if name in self.functions:
            return self._user_call(self.functions[name], node, env)
        if name not in FUNCTIONS:
            raise CompileError(f"function {name}() is not supported")
        arities, conversions, target, kind, result_type = FUNCTIONS[name]
        args = list(node.args)
        if arities is not None and len(args) not in arities:
            raise CompileError(f"{name}() with {len(args)} arguments")
        if not args and name in _IMPLICIT_CONTEXT:
            args = [X.ContextItem()]
        if target is None:
            return self._inline_call(name, args, env)
        if name == "concat":
            parts = []
            for arg in args:
                code = self.atom(self.expr(arg, env))
                parts.append(code.text if code.kind == "one" and code.type == "str" else f"R.string_of({code.text})")
            return Code(f"({' + '.join(parts)})", kind, result_type)
        if name == "normalize-space":
            text = self.string_arg(self.expr(args[0], env))
            return Code(f"{target}({text})", kind, result_type, test=f"R.nonblank({text})")
        if (name == "ends-with" and isinstance(args[0], X.Call) and args[0].name == "name" and not args[0].args
                and isinstance(args[1], X.Literal) and isinstance(args[1].value, str) and ":" not in args[1].value
                and env.ctx_kind == "node" and env.ctx_elem):
            # name() is prefix:local; for a suffix without a colon, the Clark tag's end says the same
            return Code(f"{env.ctx}.tag.endswith({args[1].value!r})", "one", "bool")
        texts, types = [], []
        for arg, conversion in zip(args, conversions):
            code = self.expr(arg, env)
            types.append(code.type)
            texts.append(self._convert(code, conversion))
        if name in _SAME_TYPE and types[0] in _SAME_TYPE[name] and len(args) == 1:
            result_type = types[0]  # the static type Saxon gives them: the argument's (`divide_decimal` needs it)
        return Code(f"{target}({', '.join(texts)})", kind, result_type)

    def _convert(self, code: Code, conversion: str) -> str:
        if conversion == "str":
            return self.string_arg(code)
        if conversion == "dbl":
            return self.double_arg(code)
        if conversion == "num":
            return self.number_arg(code)
        if conversion == "atom":
            return self.atom(code).text
        if conversion == "item":
            return self.item_arg(code)
        if conversion == "node":
            return self.node_arg(code)
        return self.seq(code).text

    def _inline_call(self, name: str, args: list, env: Env) -> Code:
        if name == "true":
            return Code("True", "one", "bool")
        if name == "false":
            return Code("False", "one", "bool")
        if name == "position":
            if env.pos is None:
                raise CompileError("position() outside a predicate")
            return Code(env.pos, "one", "int")
        if name == "last":
            if env.last is None:
                raise CompileError("last() outside a predicate")
            return Code(env.last, "one", "int")
        if name == "root":
            self.node_arg(self.expr(args[0], env))
            return Code("g.doc", "node")
        code = self.expr(args[0], env)
        if name in ("not", "boolean"):
            text = self.boolean(code)
            return Code(f"(not {text})" if name == "not" else text, "one", "bool")
        if code.test is not None and name in ("exists", "empty"):
            return Code(code.test if name == "exists" else f"(not {code.test})", "one", "bool")
        sequence = self.seq(code).text
        if name == "count":
            return Code(f"len({sequence})", "one", "int")
        if name == "exists":
            return Code(f"(len({sequence}) > 0)", "one", "bool")
        return Code(f"(len({sequence}) == 0)", "one", "bool")

    def _user_call(self, function: UserFunction, node: X.Call, env: Env) -> Code:
        if len(node.args) != len(function.params):
            raise CompileError(f"{node.name}() takes {len(function.params)} arguments")
        texts = []
        for arg, (_, as_type) in zip(node.args, function.params):
            code = self.seq(self.expr(arg, env))
            texts.append(code.text if as_type is None else f"R.convert_as({code.text}, {as_type!r})")
        return Code(f"{function.python}(g, {', '.join(texts)})", "seq")

    # -- operators -----------------------------------------------------------------------------
    def _binary(self, node: X.Binary, env: Env) -> Code:
        op = node.op
        if op in ("or", "and"):
            dot = _dot(env)
            operands = _chain(node, op)
            if not any(boolean_may_raise(operand, dot) for operand in operands):
                # none can raise, so any order gives the result: the cheapest first — for a leaf (`not(*)` among
                # the operands of `and`) its own text is cheap (PEPPOL-EN16931-R008 on CII: the blank test before
                # `name()`); compiled in the file's order, so that what they hoist keeps its names
                leaf = op == "and" and any(_no_children(operand) for operand in operands)
                texts = [self.boolean(self.expr(operand, env)) for operand in operands]
                order = sorted(range(len(operands)), key=lambda number: cost(operands[number], leaf=leaf))
                return Code(f"({f' {op} '.join(texts[number] for number in order)})", "one", "bool")
            left = self.boolean(self.expr(node.left, env))
            right = self.boolean(self.expr(node.right, env))
            if boolean_may_raise(node.left, dot):
                # Saxon evaluates the right operand when the left one raises, and a right operand that decides
                # the result (false for and, true for or) masks the error (XPath 3.1, 2.3.4 allows it)
                return Code(f"R.{'both' if op == 'and' else 'either'}(lambda: {left}, lambda: {right})", "one", "bool")
            return Code(f"({left} {op} {right})", "one", "bool")
        if op in ("union", "intersect", "except"):
            left = self.seq(self.expr(node.left, env)).text
            right = self.seq(self.expr(node.right, env)).text
            helper = {"union": "R.union", "intersect": "R.intersect", "except": "R.except_"}[op]
            return Code(f"{helper}({left}, {right}, g)", "seq", nodes=True, flat=False)
        if op == "to":
            left = self.atom(self.expr(node.left, env)).text
            right = self.atom(self.expr(node.right, env)).text
            return Code(f"R.integers({left}, {right})", "seq")
        helper = {"+": "add", "-": "subtract", "*": "multiply", "div": "divide", "idiv": "integer_divide",
                  "mod": "modulo"}[op]
        lhs = self.atom(self.expr(node.left, env))
        rhs = self.atom(self.expr(node.right, env))
        if op == "div" and "dec" in (lhs.type, rhs.type):
            helper = "divide_decimal"  # Saxon picks decimal division when an operand is statically xs:decimal
        if lhs.kind == "one" and rhs.kind == "one":
            result_type = "int" if op == "idiv" else _arithmetic_type(op, lhs.type, rhs.type)
            return Code(f"V.{helper}({lhs.text}, {rhs.text})", "one", result_type)
        result_type = "int" if op == "idiv" else _arithmetic_type(op, lhs.type, rhs.type)
        if lhs.kind != "one" and may_raise(node.right, _dot(env)):
            # Saxon evaluates the right operand only when the left one is not empty
            return Code(f"R.arith_then(V.{helper}, {lhs.text}, lambda: {rhs.text})", "opt", result_type)
        return Code(f"R.arith(V.{helper}, {lhs.text}, {rhs.text})", "opt", result_type)

    def _unary(self, node: X.Unary, env: Env) -> Code:
        operand = self.atom(self.expr(node.operand, env))
        function = "V.negate" if node.op == "-" else "V.numeric_operand"
        if operand.kind == "one":
            return Code(f"{function}({operand.text})", "one", _arithmetic_type("+", operand.type, operand.type))
        return Code(f"R.arith1({function}, {operand.text})", "opt", "num")

    def _compare(self, node: X.Compare, env: Env) -> Code:
        left = self.expr(node.left, env)
        right = self.expr(node.right, env)
        op = node.op
        if node.kind == "node":
            return Code(f"R.node_compare({op!r}, {self.node_arg(left)}, {self.node_arg(right)}, g)", "opt", "bool")
        if node.kind == "value":
            left_atom, right_atom = self.atom(left), self.atom(right)
            if left_atom.kind != "one" and may_raise(node.right, _dot(env)):
                # as for arithmetic: the right operand only when the left one is not empty
                return Code(f"R.vcmp_then({op!r}, {left_atom.text}, lambda: {right_atom.text})", "opt", "bool")
            return Code(f"R.vcmp({op!r}, {left_atom.text}, {right_atom.text})", "opt", "bool")
        if op in ("=", "!=") and _is_empty_string(node.right) and left.test is not None and left.type == "str":
            return Code(f"(not {left.test})" if op == "=" else left.test, "one", "bool")
        fast = _fast_compare(op, left, right)
        if fast is None:
            flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
            fast = _fast_compare(flipped, right, left)
        if fast is not None:
            return Code(fast, "one", "bool")
        if left.kind in ("one", "opt") and right.kind in ("one", "opt"):
            return Code(f"R.cmp_atoms({op!r}, {left.text}, {right.text})", "one", "bool")
        if right.kind == "one" and right.type != "any":
            return Code(f"R.gcmp_value({op!r}, {self.seq(left).text}, {right.text})", "one", "bool")
        if left.kind == "one" and left.type != "any":
            flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
            return Code(f"R.gcmp_value({flipped!r}, {self.seq(right).text}, {left.text})", "one", "bool")
        return Code(f"R.gcmp({op!r}, {self.seq(left).text}, {self.seq(right).text})", "one", "bool")

    def _if(self, node: X.If, env: Env) -> Code:
        condition = self.boolean(self.expr(node.condition, env))
        then = self.expr(node.then, env)
        otherwise = self.expr(node.otherwise, env)
        if then.kind == otherwise.kind and then.kind in ("one", "opt") :
            result_type = then.type if then.type == otherwise.type else "any"
            return Code(f"({then.text} if {condition} else {otherwise.text})", then.kind, result_type)
        then, otherwise = self.seq(then), self.seq(otherwise)
        return Code(f"({then.text} if {condition} else {otherwise.text})", "seq",
                    nodes=then.nodes and otherwise.nodes)

    def _for(self, node: X.For, env: Env) -> Code:
        clauses, inner = self._bindings(node.bindings, env)
        body = self.seq(self.expr(node.body, inner))
        item = self.fresh("r")
        return Code(f"[{item} {clauses} for {item} in {body.text}]", "seq", nodes=body.nodes)

    def _quantified(self, node: X.Quantified, env: Env) -> Code:
        clauses, inner = self._bindings(node.bindings, env)
        condition = self.boolean(self.expr(node.condition, inner))
        function = "any" if node.kind == "some" else "all"
        return Code(f"{function}({condition} {clauses})", "one", "bool")

    def _bindings(self, bindings, env: Env):
        clauses = []
        inner = env
        for name, source in bindings:
            code = self.seq(self.expr(source, inner))
            variable = self.fresh("v")
            clauses.append(f"for {variable} in {code.text}")
            item = Code(variable, "node") if code.nodes else Code(variable, "one", _item_type(code))
            inner = inner.bind(name, item)
        return " ".join(clauses), inner

    def _typeop(self, node: X.TypeOp, env: Env) -> Code:
        operand = self.expr(node.operand, env)
        type_name = node.type.name
        if node.op == "treat":
            return operand
        if node.op == "instance":
            return Code(f"R.instance_of({self.seq(operand).text}, {type_name!r}, {node.type.occurrence!r})",
                        "one", "bool")
        if type_name not in _CONSTRUCTORS:
            raise CompileError(f"cast to {type_name} is not supported")
        value = self.seq(operand).text
        optional = node.type.occurrence == "?"
        if node.op == "castable":
            return Code(f"R.castable_seq({value}, {type_name!r}, {optional})", "one", "bool")
        return Code(f"R.cast_seq({value}, {type_name!r}, {optional})", "opt", _CONSTRUCTORS[type_name])

    # -- paths ---------------------------------------------------------------------------------
    def _step(self, node: X.Step, env: Env) -> Code:
        return self._path(X.Path(None, (node,), ()), env)

    def _filter(self, node: X.Filter, env: Env) -> Code:
        base = self.seq(self.expr(node.primary, env))
        for predicate in node.predicates:
            base = self._predicate(base, predicate, env, reverse=False)
        return base

    def _path(self, node: X.Path, env: Env) -> Code:
        steps = list(node.steps)
        separators = list(node.separators)
        if len(steps) > 1 and ((self._hoisting and self._context_free(node, env)) or env.ctx == "c"):
            # every prefix of a context-free path is computed once per document and shared; in a rule,
            # a prefix its assertions share is a variable of the rule (see `rule_locals`)
            return self._apply(self.expr(path_prefix(node), env), separators[-1], steps[-1], env)
        if node.root is not None:
            current = Code("g.doc", "node")
            separators.insert(0, node.root)  # "/" or "//" before the first step
        elif isinstance(steps[0], X.Step):
            current = self._context_node(env)
            separators.insert(0, "/")
        else:
            current = self.expr(steps.pop(0), env)
        for separator, step in zip(separators, steps):
            current = self._apply(current, separator, step, env)
        return current

    def _context_node(self, env: Env) -> Code:
        if env.ctx is None:
            raise CompileError("a relative path needs a context item (XPDY0002)")
        if env.ctx_kind == "node":
            return Code(env.ctx, "node", elems=env.ctx_elem)
        return Code(f"R.context_node({env.ctx})", "node")

    def _apply(self, current: Code, separator: str, step, env: Env) -> Code:
        """`current separator step`, where `current` is one node or a sequence."""
        if separator == "//":
            shortcut = self._descend(current, step, env)
            if shortcut is not None:
                return shortcut
            current = self._apply(current, "/", X.Step("descendant-or-self", X.NodeTest("node")), env)
        if current.kind == "node":
            return self._from_node(current, step, env)
        if current.kind != "seq":
            raise CompileError("the left operand of '/' is not a node sequence")
        item = self.fresh("x")
        inner = self.seq(self._from_node(Code(item, "node", elems=current.elems), step, env))
        source = current.iter or current.text
        found = f"[y for {item} in {source} for y in {inner.iter or inner.text}]"
        if current.single:
            return Code(found, "seq", nodes=inner.nodes, flat=inner.flat, elems=inner.elems,
                        test=f"any(True for {item} in {source} for _ in {inner.iter})" if inner.iter else None)
        if not inner.nodes:
            atomic = self._from_node(Code(item, "node", elems=current.elems), step, env)
            if current.nodes and atomic.kind == "one":
                # E/f(.) over nodes: one value per node, in the nodes' order (no sorting of atomic results)
                return Code(f"[{atomic.text} for {item} in {source}]", "seq", type=atomic.type)
            if current.nodes and atomic.kind == "opt":
                return Code(f"[v for {item} in {source} for v in ({atomic.text},) if v is not None]", "seq",
                            type=atomic.type)
            return Code(f"R.step_over({current.text}, lambda {item}: {inner.text}, g, ordered=False)", "seq")
        if current.flat and isinstance(step, X.Step) and step.axis in ("child", "attribute", "self"):
            test = f"any(True for {item} in {source} for _ in {inner.iter})" if inner.iter else None
            return Code(found, "seq", nodes=True, flat=True, elems=inner.elems, test=test)
        return Code(f"R.sorted_nodes({found}, g)", "seq", nodes=True, elems=inner.elems)

    def _descend(self, current: Code, step, env: Env) -> Code | None:
        """`current//step` without visiting every descendant, where XPath allows it; None otherwise."""
        if isinstance(step, X.Binary) and step.op == "union":
            parts = []
            for alternative in _union_alternatives(step):
                if isinstance(alternative, X.Step):
                    parts.append(self._apply(current, "//", alternative, env))
                elif isinstance(alternative, X.Path) and alternative.root is None and isinstance(alternative.steps[0], X.Step):
                    part = self._apply(current, "//", alternative.steps[0], env)
                    for separator, later in zip(alternative.separators, alternative.steps[1:]):
                        part = self._apply(part, separator, later, env)
                    parts.append(part)
                else:
                    return None
            text = parts[0].text
            for part in parts[1:]:
                text = f"R.union({text}, {part.text}, g)"
            return Code(text, "seq", nodes=True, elems=all(part.elems for part in parts))
        if not isinstance(step, X.Step):
            return None
        if step.axis == "child" and step.test.kind in ("name", "element") and not _positional(step.predicates):
            return self._apply(current, "/", X.Step("descendant", step.test, step.predicates), env)
        if (step.axis == "attribute" and step.test.kind == "name" and _clark(step.test) and not step.predicates
                and current.kind == "node" and current.text == "g.doc"):
            return Code(f"g.attributes_named({_attribute_name(step.test)!r})", "seq", nodes=True, flat=True)
        return None

    def _from_node(self, node: Code, step, env: Env) -> Code:
        """`step` applied to the one node `node`."""
        if not isinstance(step, X.Step):
            inner = replace(env, ctx=node.text, ctx_kind="node", ctx_elem=node.elems, ctx_root=False, pos=None,
                            last=None)
            return self.expr(step, inner)
        axis = step.axis
        reverse = axis in ("parent", "ancestor", "ancestor-or-self", "preceding-sibling", "preceding")
        code = self._axis(node.text, node.elems, axis, step.test)
        for predicate in step.predicates:
            code = self._predicate(code, predicate, env, reverse=reverse)
        return code

    def _axis(self, node: str, elem: bool, axis: str, test: X.NodeTest) -> Code:
        clark = _clark(test)
        if axis == "child":
            if test.kind == "name" and clark:
                if elem:
                    iterable = f"{node}.iterchildren({clark!r})"
                    return Code(f"[*{iterable}]", "seq", nodes=True, flat=True, elems=True, iter=iterable,
                                test=f"R.has1({node}, {clark!r})")
                return Code(f"R.children(g, {node}, {clark!r})", "seq", nodes=True, flat=True, elems=True)
            if (test.kind == "name" and test.uri is None and test.local is None) or test.kind == "element":
                if elem:
                    iterable = f"{node}.iterchildren(R.ELEMENT)"
                    return Code(f"[*{iterable}]", "seq", nodes=True, flat=True, elems=True, iter=iterable,
                                test=f"(len({node}) > 0 and R.has_child_element({node}))")
                return Code(f"R.children(g, {node})", "seq", nodes=True, flat=True, elems=True)
            if test.kind == "name":
                return Code(f"N.children_in({node}, {test.uri!r}, {test.local!r})", "seq", nodes=True, flat=True,
                            elems=True)
            if test.kind == "text":
                return Code(f"N.text_children({node})", "seq", nodes=True, flat=True)
            if test.kind == "node":
                return Code(f"N.all_children({node})", "seq", nodes=True, flat=True)
            raise CompileError(f"child::{test.kind}() is not supported")
        if axis == "attribute":
            if test.kind == "name" and clark:
                return Code(f"N.attribute({node}, {_attribute_name(test)!r})", "seq", nodes=True, flat=True,
                            single=True, test=f"({node}.get({_attribute_name(test)!r}) is not None)" if elem else None)
            if test.kind == "name":
                return Code(f"N.attributes({node}, {test.uri!r}, {test.local!r})", "seq", nodes=True, flat=True)
            if test.kind in ("node", "attribute"):
                return Code(f"N.attributes({node})", "seq", nodes=True, flat=True)
            raise CompileError(f"attribute::{test.kind}() is not supported")
        element_test = test.kind in ("name", "element")
        if axis == "ancestor" and elem and element_test:
            # lxml lists element ancestors nearest first; the document node never passes an element test
            source = f"[*{node}.iterancestors({clark!r})][::-1]" if clark else f"[*{node}.iterancestors()][::-1]"
            code = Code(source, "seq", nodes=True, elems=True)
            return code if clark or test.uri is None and test.local is None else self._filtered(source, test, True)
        if axis == "descendant" and test.kind == "name" and clark:
            text = f"g.descendants({clark!r})" if node == "g.doc" else f"N.descendants({node}, {clark!r})"
            return Code(text, "seq", nodes=True, elems=True)
        if axis in ("preceding", "following"):
            text = f"R.{axis}({node}, {clark!r}, g)"
            if clark or test.kind == "node":
                return Code(text, "seq", nodes=True, elems=True)
            return self._filtered(text, test, element_test)
        sources = {
            "self": f"[{node}]",
            "parent": f"R.parent_of({node})",
            "ancestor": f"N.ancestors({node})",
            "ancestor-or-self": f"N.ancestors({node}, True)",
            "descendant": f"N.descendants({node})",
            "descendant-or-self": f"N.descendants({node}, None, True)",
            "following-sibling": f"N.following_siblings({node})",
            "preceding-sibling": f"N.preceding_siblings({node})",
        }
        if axis not in sources:
            raise CompileError(f"axis {axis} is not supported")
        source = sources[axis]
        single = axis in ("self", "parent")
        if test.kind == "node":
            return Code(source, "seq", nodes=True, flat=single, single=single,
                        elems=(elem and axis == "self") or axis in ("descendant", "following-sibling",
                                                                     "preceding-sibling"))
        code = self._filtered(source, test, element_test)
        return replace(code, single=single, flat=single)

    def _memo_node(self, node, env: Env) -> Code:
        """A subexpression the rule file repeats, evaluated once per context node and document: a module
        function `qN(n, g)` called through `R.memo`. Only for subexpressions that depend on nothing but
        their context node (and global variables), so the cached value is what XPath computes each time."""
        key = (node, env.ctx_elem)
        if key not in self.memos:
            name = f"q{len(self.memos)}"
            self.memos[key] = (name, None)
            method = getattr(self, "_" + type(node).__name__.lower())
            code = method(node, Env(ctx="n", ctx_kind="node", ctx_elem=env.ctx_elem))
            self.memos[key] = (name, replace(code, iter=None, test=None))
        name, code = self.memos[key]
        if code is None:
            raise CompileError(f"recursive memo of {node}")
        return replace(code, text=f"R.memo(g, {name!r}, {name}, {env.ctx})")

    def _filtered(self, source: str, test: X.NodeTest, element_test: bool) -> Code:
        item = self.fresh("a")
        return Code(f"[{item} for {item} in {source} if {_test_text(item, test)}]", "seq", nodes=True,
                    elems=element_test)

    def _predicate(self, base: Code, predicate, env: Env, *, reverse: bool) -> Code:
        source = base.iter or base.text
        if isinstance(predicate, X.Literal) and isinstance(predicate.value, int) and not isinstance(predicate.value, bool):
            ordered = f"{base.text}[::-1]" if reverse else base.text
            return replace(base, text=f"R.at_position({ordered}, {predicate.value})", single=True, iter=None, test=None)
        if isinstance(predicate, X.Call) and predicate.name == "last" and not predicate.args:
            return replace(base, text=f"{base.text}[:1]" if reverse else f"{base.text}[-1:]", single=True, iter=None,
                           test=None)
        item = self.fresh("p")
        inner = replace(env, ctx=item, ctx_kind="node" if base.nodes else "item", ctx_elem=base.elems,
                        ctx_root=False, pos=None, last=None)
        if not _uses_focus(predicate):
            code = self.expr(predicate, inner)
            if _never_numeric(code):
                condition = self.boolean(code)
                return replace(base, text=f"[{item} for {item} in {source} if {condition}]",
                               iter=f"({item} for {item} in {source} if {condition})",
                               test=f"any({condition} for {item} in {source})")
        position, last = self.fresh("pos"), self.fresh("last")
        code = self.seq(self.expr(predicate, replace(inner, pos=position, last=last)))
        return replace(base, text=f"R.select_positional({base.text}, lambda {item}, {position}, {last}: {code.text}, "
                                  f"reverse={reverse})", iter=None, test=None)


_PYTHON_OPS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _is_empty_string(node) -> bool:
    return isinstance(node, X.Literal) and node.value == ""


def _fast_compare(op: str, left: Code, right: Code) -> str | None:
    """Python text for a general comparison whose XPath meaning equals Python's for these static kinds."""
    python_op = _PYTHON_OPS[op]
    if left.kind == "one" and right.kind == "one":
        if left.type in ("str", "untyped") and right.type in ("str", "untyped"):
            return f"({left.text} {python_op} {right.text})"
        exact = {"int", "dec"}
        if (left.type in exact and right.type in exact) or (left.type in ("int", "dbl") and right.type in ("int", "dbl")):
            return f"({left.text} {python_op} {right.text})"
        return None
    if left.kind == "seq" and not left.nodes and left.type == "str" and right.kind == "one" and right.type == "str":
        # a sequence of strings against a string: string comparison, which cannot raise
        if op == "=":
            return f"({right.text} in {left.text})"
        if op == "!=":
            return f"any(s != {right.text} for s in {left.text})"
    if left.kind == "seq" and left.nodes and right.kind == "one":
        if right.type == "str" and op in ("=", "!="):
            return f"R.any_text_{'eq' if op == '=' else 'ne'}({left.text}, {right.text})"
        if right.type in ("int", "dec", "dbl"):
            return f"R.any_number({op!r}, {left.text}, {right.text})"
    if left.kind == "node" and right.kind == "one":
        if right.type == "str" and op in ("=", "!="):
            return f"(N.string_value({left.text}) {python_op} {right.text})"
    return None


def path_prefix(path: X.Path):
    """The path without its last step, in the form the parser gives it (a bare step for one relative step)."""
    if path.root is None and len(path.steps) == 2:
        return path.steps[0]
    return X.Path(path.root, path.steps[:-1], path.separators[:-1])


def navigation_paths(tree):
    """Relative, predicate-free child/attribute/parent/self paths evaluated against the context item of
    `tree` itself (not inside predicates), with all their prefixes: candidates for rule variables."""
    found: list[X.Step | X.Path] = []

    def pure(step) -> bool:
        return (isinstance(step, X.Step) and not step.predicates
                and step.axis in ("child", "attribute", "parent", "self"))

    def visit(node):
        if isinstance(node, X.Step):
            if pure(node):
                found.append(node)
            return
        if isinstance(node, X.Path):
            if node.root is None and all(pure(step) for step in node.steps):
                current = node
                while isinstance(current, X.Path):
                    found.append(current)
                    current = path_prefix(current)
                found.append(current)
            elif node.root is None and not isinstance(node.steps[0], X.Step):
                visit(node.steps[0])
            return
        if isinstance(node, X.Filter):
            visit(node.primary)
            return
        for child in children(node):
            visit(child)

    visit(tree)
    return found


def _memo_worthy(node) -> bool:
    """Worth a memo: more than one child step from the context node, or an operation over a path."""
    if isinstance(node, X.Step):
        return bool(node.predicates)
    if isinstance(node, X.Path):
        return len(node.steps) > 1 or node.root is not None
    if isinstance(node, (X.Literal, X.VarRef, X.ContextItem, X.Sequence)):
        return False
    return _contains_path(node)


def _union_alternatives(tree) -> list:
    if isinstance(tree, X.Binary) and tree.op == "union":
        return _union_alternatives(tree.left) + _union_alternatives(tree.right)
    return [tree]


def _never_numeric(code: Code) -> bool:
    if code.kind == "node":
        return True
    if code.kind == "seq":
        return code.nodes
    return code.type in ("bool", "str", "untyped")


def _positional(predicates) -> bool:
    for predicate in predicates:
        if isinstance(predicate, X.Literal) and isinstance(predicate.value, (int, Decimal, float)):
            return True
        if _uses_focus(predicate) or not _statically_boolean(predicate):
            return True
    return False


def _statically_boolean(node) -> bool:
    if isinstance(node, (X.Compare, X.Quantified)):
        return True
    if isinstance(node, X.Binary) and node.op in ("and", "or"):
        return True
    if isinstance(node, X.Call) and node.name in ("not", "exists", "empty", "boolean", "true", "false", "contains",
                                                  "starts-with", "ends-with", "matches"):
        return True
    if isinstance(node, (X.Path, X.Step)):
        return True  # a path yields nodes (or the rule files' atomic steps, never one number)
    return False


def _item_type(code: Code) -> str:
    if code.nodes:
        return "any"
    return code.type if code.type in ("str", "int", "dec", "dbl", "bool") else "any"


def _arithmetic_type(op: str, left: str, right: str) -> str:
    if op == "div":
        if "dbl" in (left, right) or "untyped" in (left, right):
            return "dbl"
        if left in ("int", "dec") and right in ("int", "dec"):
            return "dec"
        return "num"
    if "dbl" in (left, right) or "untyped" in (left, right):
        return "dbl"
    if left == right == "int":
        return "int"
    if left in ("int", "dec") and right in ("int", "dec"):
        return "dec"
    return "num"


def _clark(test: X.NodeTest) -> str | None:
    if test.kind != "name" or test.local is None or test.uri is None:
        return None
    return f"{{{test.uri}}}{test.local}" if test.uri else test.local


def _attribute_name(test: X.NodeTest) -> str | None:
    return f"{{{test.uri}}}{test.local}" if test.uri else test.local


def _test_text(item: str, test: X.NodeTest) -> str:
    if test.kind == "name":
        clark = _clark(test)
        if clark:
            return f"R.has_name({item}, {clark!r})"
        return f"R.matches_name({item}, {test.uri!r}, {test.local!r})"
    if test.kind == "element":
        return f"N.is_element({item})"
    if test.kind == "attribute":
        return f"R.is_attribute({item})"
    if test.kind == "text":
        return f"R.is_text({item})"
    if test.kind == "document":
        return f"isinstance({item}, N.Document)"
    raise CompileError(f"node test {test.kind}() is not supported")


def _dot(env: Env) -> bool:
    """Whether the context item of `env` is a node (not absent, as in a function body, nor another item)."""
    return env.ctx is not None and env.ctx_kind == "node"


def _contains_path(node) -> bool:
    if isinstance(node, (X.Path, X.Step)):
        return True
    if isinstance(node, X.Filter):
        return True
    return any(_contains_path(child) for child in children(node))


def _uses_focus(node) -> bool:
    """Whether a predicate reads position() or last() of its own focus (not of nested predicates)."""
    if isinstance(node, X.Call) and node.name in ("position", "last") and not node.args:
        return True
    if isinstance(node, (X.Step, X.Filter)):
        # their predicates have their own focus; only the primary of a filter shares ours
        return isinstance(node, X.Filter) and _uses_focus(node.primary)
    if isinstance(node, X.Path):
        first = node.steps[0] if node.steps else None
        return node.root is None and first is not None and _uses_focus(first)
    return any(_uses_focus(child) for child in children(node))


def _context_free(node, local_names: set, at_root: bool = False) -> bool:
    """True when the value of `node` does not depend on the context item, focus or local variables.

    With `at_root` the context item is known to be the document element (a rule whose context matches
    only it), so expressions reading the context item are context-free too.
    """
    if isinstance(node, X.ContextItem):
        return at_root
    if isinstance(node, X.VarRef):
        return node.name not in local_names
    if isinstance(node, X.Call):
        if node.name in ("position", "last"):
            return False
        if not node.args and node.name in _IMPLICIT_CONTEXT:
            return at_root
        return all(_context_free(arg, local_names, at_root) for arg in node.args)
    if isinstance(node, X.Step):
        return at_root and _free_of_locals(node, local_names)
    if isinstance(node, X.Path):
        if node.root is None:
            first = node.steps[0]
            if isinstance(first, X.Step):
                if not at_root:
                    return False
            elif not _context_free(first, local_names, at_root):
                return False
        # later steps and predicates are evaluated against the path's own nodes; only variables matter
        return all(_free_of_locals(step, local_names) for step in node.steps)
    if isinstance(node, X.Filter):
        return _context_free(node.primary, local_names, at_root) and all(
            _free_of_locals(predicate, local_names) for predicate in node.predicates)
    if isinstance(node, (X.For, X.Quantified)):
        names = set(local_names)
        for name, source in node.bindings:
            if not _context_free(source, names, at_root):
                return False
            names.add(name)
        inner = node.body if isinstance(node, X.For) else node.condition
        return _context_free(inner, names, at_root)
    return all(_context_free(child, local_names, at_root) for child in children(node))


def _free_of_locals(node, local_names: set) -> bool:
    if isinstance(node, X.VarRef):
        return node.name not in local_names
    if isinstance(node, (X.For, X.Quantified)):
        names = set(local_names)
        for name, source in node.bindings:
            if not _free_of_locals(source, names):
                return False
            names.discard(name)
        inner = node.body if isinstance(node, X.For) else node.condition
        bound = {name for name, _ in node.bindings}
        return _free_of_locals(inner, local_names - bound)
    return all(_free_of_locals(child, local_names) for child in children(node))


def _chain(node, op: str) -> list:
    """The operands of a chain of `op` (`a and b and c`, however nested), in their order."""
    if isinstance(node, X.Binary) and node.op == op:
        return _chain(node.left, op) + _chain(node.right, op)
    return [node]


def _no_children(node) -> bool:
    """Whether `node` is `not(*)`: the context element has no element children."""
    return (isinstance(node, X.Call) and node.name == "not" and len(node.args) == 1
            and isinstance(node.args[0], X.Step) and node.args[0].axis == "child"
            and node.args[0].test.kind == "name" and node.args[0].test.local is None and not node.args[0].predicates)
