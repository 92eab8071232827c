"""A parser for XPath 2.0 expressions and XSLT match patterns, as the official Schematron files use them.

`parse(text)` returns an abstract syntax tree of small frozen dataclasses (below). The grammar is
the one of the W3C recommendation "XML Path Language (XPath) 2.0", section 3 and appendix A
(precedence from low to high: `,`; for/some/every/if; or; and; comparisons; to; + -; * div idiv
mod; union |; intersect except; instance of; treat as; castable as; cast as; unary - +; paths).
Match patterns (XSLT 3.0, section 5.5) are parsed with the same grammar: a pattern is a union of
path expressions, and `patterns.py` gives them their matching meaning.

This is build-time code: the rule compiler (`validators.schematron.compiler`) turns the trees into
Python. Contract: `parse` raises `XPathSyntaxError` naming the position for anything outside the
grammar; it never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal


class XPathSyntaxError(ValueError):
    """The text is not an XPath 2.0 expression (the message names the position)."""


# --- the tree ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Literal:
    value: object  # str, int, Decimal or float


@dataclass(frozen=True)
class VarRef:
    name: str


@dataclass(frozen=True)
class ContextItem:
    pass


@dataclass(frozen=True)
class Call:
    name: str  # "normalize-space", "xs:decimal", "u:slack", …
    args: tuple


@dataclass(frozen=True)
class Sequence:
    items: tuple  # "()" is Sequence(())


@dataclass(frozen=True)
class NodeTest:
    kind: str  # "name" (element/attribute by name), "node", "text", "element", "attribute", "comment", "pi", "document"
    uri: str | None = None  # None: any namespace ("*" or "*:local")
    local: str | None = None  # None: any local name
    prefix: str | None = None  # as written, for error messages


@dataclass(frozen=True)
class Step:
    axis: str
    test: NodeTest
    predicates: tuple = ()


@dataclass(frozen=True)
class Filter:
    primary: object
    predicates: tuple


@dataclass(frozen=True)
class Path:
    """`root` is None (relative), "/" or "//"; `steps` alternate with their separators ("/" or "//")."""

    root: str | None
    steps: tuple  # each item a Step, a Filter or another primary expression
    separators: tuple = field(default=())  # separators[i] sits before steps[i + 1]


@dataclass(frozen=True)
class Binary:
    op: str  # "or", "and", "+", "-", "*", "div", "idiv", "mod", "union", "intersect", "except", "to"
    left: object
    right: object


@dataclass(frozen=True)
class Compare:
    kind: str  # "general", "value" or "node"
    op: str  # "=", "!=", "<", "<=", ">", ">=" (value comparisons are mapped onto these), "is", "<<", ">>"
    left: object
    right: object


@dataclass(frozen=True)
class Unary:
    op: str  # "-" or "+"
    operand: object


@dataclass(frozen=True)
class If:
    condition: object
    then: object
    otherwise: object


@dataclass(frozen=True)
class For:
    bindings: tuple  # ((name, expr), …)
    body: object


@dataclass(frozen=True)
class Quantified:
    kind: str  # "some" or "every"
    bindings: tuple
    condition: object


@dataclass(frozen=True)
class TypeName:
    name: str  # "xs:decimal", "item()", "node()", "element()", …
    occurrence: str = ""  # "", "?", "*", "+"


@dataclass(frozen=True)
class TypeOp:
    op: str  # "cast", "castable", "instance", "treat"
    operand: object
    type: TypeName


# --- tokens -----------------------------------------------------------------------------------

_NAME = r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*"
_TOKEN = re.compile(rf"""
    (?P<ws>\s+|\(:.*?:\))
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<string>"(?:[^"]|"")*"|'(?:[^']|'')*')
  | (?P<name>(?:{_NAME}|\*):(?:{_NAME}|\*)(?!:)|{_NAME})
  | (?P<symbol>//|::|\.\.|!=|<=|>=|<<|>>|[()\[\],/@.=<>|+\-*$?:])
""", re.VERBOSE | re.DOTALL)

_AXES = {"child", "descendant", "attribute", "self", "descendant-or-self", "following-sibling", "following",
         "namespace", "parent", "ancestor", "preceding-sibling", "preceding", "ancestor-or-self"}
_KIND_TESTS = {"node": "node", "text": "text", "element": "element", "attribute": "attribute",
               "comment": "comment", "processing-instruction": "pi", "document-node": "document",
               "schema-element": "element", "schema-attribute": "attribute", "item": "item"}
_VALUE_COMPARISONS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_GENERAL_COMPARISONS = {"=", "!=", "<", "<=", ">", ">="}


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "string", "name", "symbol", "end"
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise XPathSyntaxError(f"unexpected character {text[position]!r} at {position} in {text!r}")
        kind = match.lastgroup
        assert kind is not None  # every alternative of the pattern is a named group
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


# --- the parser -------------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str, namespaces: dict[str, str]):
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.namespaces = namespaces

    # token helpers
    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def peek(self, offset: int = 1) -> _Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def at(self, *texts: str) -> bool:
        return self.token.kind in ("symbol", "name") and self.token.text in texts

    def at_keyword(self, *words: str) -> bool:
        return self.token.kind == "name" and self.token.text in words

    def take(self, text: str | None = None) -> _Token:
        token = self.token
        if text is not None and token.text != text:
            self.fail(f"expected {text!r}")
        self.index += 1
        return token

    def fail(self, why: str):
        raise XPathSyntaxError(f"{why} at position {self.token.position} ({self.token.text!r}) in {self.text!r}")

    # grammar
    def expr(self):
        items = [self.expr_single()]
        while self.at(","):
            self.take()
            items.append(self.expr_single())
        return items[0] if len(items) == 1 else Sequence(tuple(items))

    def expr_single(self):
        token = self.token
        if token.kind == "name" and self.peek().text == "$" and token.text in ("for", "some", "every"):
            return self.for_or_quantified()
        if token.kind == "name" and token.text == "if" and self.peek().text == "(":
            self.take()
            self.take("(")
            condition = self.expr()
            self.take(")")
            self.take("then")
            then = self.expr_single()
            self.take("else")
            return If(condition, then, self.expr_single())
        return self.or_expr()

    def for_or_quantified(self):
        keyword = self.take().text
        bindings = []
        while True:
            self.take("$")
            name = self.take().text
            self.take("in")
            bindings.append((name, self.expr_single()))
            if not self.at(","):
                break
            self.take()
        if keyword == "for":
            self.take("return")
            return For(tuple(bindings), self.expr_single())
        self.take("satisfies")
        return Quantified(keyword, tuple(bindings), self.expr_single())

    def _binary_chain(self, operators: tuple[str, ...], operand, op_name=None):
        left = operand()
        while self.at(*operators) and self._is_operator_position():
            op = self.take().text
            left = Binary(op_name(op) if op_name else op, left, operand())
        return left

    def _is_operator_position(self) -> bool:
        # A name such as "div" or "and" is an operator here because an operand precedes it; the parser
        # only asks in operator position, so the remaining ambiguity is "*" as a name test, handled in steps.
        return True

    def or_expr(self):
        return self._binary_chain(("or",), self.and_expr)

    def and_expr(self):
        return self._binary_chain(("and",), self.comparison)

    def comparison(self):
        left = self.range_expr()
        token = self.token
        if token.kind == "symbol" and token.text in _GENERAL_COMPARISONS:
            self.take()
            return Compare("general", token.text, left, self.range_expr())
        if token.kind == "name" and token.text in _VALUE_COMPARISONS:
            self.take()
            return Compare("value", _VALUE_COMPARISONS[token.text], left, self.range_expr())
        if (token.kind == "name" and token.text == "is") or (token.kind == "symbol" and token.text in ("<<", ">>")):
            self.take()
            return Compare("node", token.text, left, self.range_expr())
        return left

    def range_expr(self):
        left = self.additive()
        if self.at_keyword("to"):
            self.take()
            return Binary("to", left, self.additive())
        return left

    def additive(self):
        return self._binary_chain(("+", "-"), self.multiplicative)

    def multiplicative(self):
        left = self.union()
        while (self.token.kind == "symbol" and self.token.text == "*") or self.at_keyword("div", "idiv", "mod"):
            op = self.take().text
            left = Binary(op, left, self.union())
        return left

    def union(self):
        left = self.intersect()
        while (self.token.kind == "symbol" and self.token.text == "|") or self.at_keyword("union"):
            self.take()
            left = Binary("union", left, self.intersect())
        return left

    def intersect(self):
        left = self.instance_of()
        while self.at_keyword("intersect", "except"):
            op = self.take().text
            left = Binary(op, left, self.instance_of())
        return left

    def instance_of(self):
        operand = self.treat()
        if self.at_keyword("instance") and self.peek().text == "of":
            self.take()
            self.take()
            return TypeOp("instance", operand, self.sequence_type())
        return operand

    def treat(self):
        operand = self.castable()
        if self.at_keyword("treat") and self.peek().text == "as":
            self.take()
            self.take()
            return TypeOp("treat", operand, self.sequence_type())
        return operand

    def castable(self):
        operand = self.cast()
        if self.at_keyword("castable") and self.peek().text == "as":
            self.take()
            self.take()
            return TypeOp("castable", operand, self.single_type())
        return operand

    def cast(self):
        operand = self.unary()
        if self.at_keyword("cast") and self.peek().text == "as":
            self.take()
            self.take()
            return TypeOp("cast", operand, self.single_type())
        return operand

    def single_type(self) -> TypeName:
        name = self.take().text
        occurrence = ""
        if self.at("?"):
            occurrence = self.take().text
        return TypeName(name, occurrence)

    def sequence_type(self) -> TypeName:
        name = self.take().text
        if self.at("("):
            self.take()
            depth = 1
            while depth:
                text = self.take().text
                depth += {"(": 1, ")": -1}.get(text, 0)
            name += "()"
        occurrence = ""
        if self.at("?", "*", "+"):
            occurrence = self.take().text
        return TypeName(name, occurrence)

    def unary(self):
        if self.at("-", "+"):
            op = self.take().text
            return Unary(op, self.unary())
        return self.path()

    # paths
    def path(self):
        if self.at("/"):
            self.take()
            if self._starts_step():
                return self._relative(root="/")
            return Path("/", ())
        if self.at("//"):
            self.take()
            return self._relative(root="//")
        return self._relative(root=None)

    def _starts_step(self) -> bool:
        token = self.token
        if token.kind in ("name", "number", "string"):
            # a name in operator position after "/" (e.g. "/ div 2") is not a step; XPath forbids that use anyway
            return True
        return token.kind == "symbol" and token.text in ("@", ".", "..", "*", "(", "$")

    def _relative(self, root):
        steps = [self.step()]
        separators = []
        while self.at("/", "//"):
            separators.append(self.take().text)
            steps.append(self.step())
        if root is None and len(steps) == 1:
            return steps[0]
        return Path(root, tuple(steps), tuple(separators))

    def step(self):
        token = self.token
        if token.kind == "symbol" and token.text == "..":
            self.take()
            return Step("parent", NodeTest("node"), self.predicates())
        if token.kind == "symbol" and token.text == "@":
            self.take()
            return Step("attribute", self.node_test("attribute"), self.predicates())
        if token.kind == "name" and self.peek().text == "::" and token.text in _AXES:
            axis = self.take().text
            self.take("::")
            principal = "attribute" if axis == "attribute" else "element"
            return Step(axis, self.node_test(principal), self.predicates())
        if token.kind == "name" and self.peek().text == "(" and token.text in _KIND_TESTS and token.text != "item":
            return Step("child", self.node_test("element"), self.predicates())
        if (token.kind == "name" and self.peek().text != "(") or (token.kind == "symbol" and token.text == "*"):
            return Step("child", self.node_test("element"), self.predicates())
        primary = self.primary()
        predicates = self.predicates()
        return Filter(primary, predicates) if predicates else primary

    def node_test(self, principal: str) -> NodeTest:
        token = self.take()
        text = token.text
        if token.kind == "name" and self.at("(") and text in _KIND_TESTS:
            self.take("(")
            # element(name) / attribute(name) tests are not used by the official files; refuse them
            if not self.at(")"):
                self.fail(f"{text}() with arguments is not supported")
            self.take(")")
            return NodeTest(_KIND_TESTS[text])
        if text == "*":
            return NodeTest("name")
        if token.kind != "name":
            self.fail("expected a name test")
        prefix, _, local = text.rpartition(":")
        if prefix == "*":
            return NodeTest("name", None, local)
        if local == "*":
            return NodeTest("name", self._uri(prefix), None, prefix)
        if prefix:
            return NodeTest("name", self._uri(prefix), local, prefix)
        # unprefixed names are in no namespace (XPath 2.0 default element namespace is none here)
        return NodeTest("name", "", local)

    def _uri(self, prefix: str) -> str:
        if prefix not in self.namespaces:
            self.fail(f"undeclared namespace prefix {prefix!r}")
        return self.namespaces[prefix]

    def predicates(self) -> tuple:
        predicates = []
        while self.at("["):
            self.take()
            predicates.append(self.expr())
            self.take("]")
        return tuple(predicates)

    def primary(self):
        token = self.token
        if token.kind == "number":
            self.take()
            text = token.text
            if "e" in text or "E" in text:
                return Literal(float(text))
            if "." in text:
                return Literal(Decimal(text))
            return Literal(int(text))
        if token.kind == "string":
            self.take()
            quote = token.text[0]
            return Literal(token.text[1:-1].replace(quote * 2, quote))
        if token.kind == "symbol" and token.text == "$":
            self.take()
            return VarRef(self.take().text)
        if token.kind == "symbol" and token.text == "(":
            self.take()
            if self.at(")"):
                self.take()
                return Sequence(())
            inner = self.expr()
            self.take(")")
            return inner if not isinstance(inner, Sequence) else inner
        if token.kind == "symbol" and token.text == ".":
            self.take()
            return ContextItem()
        if token.kind == "name" and self.peek().text == "(":
            name = self.take().text
            self.take("(")
            args = []
            if not self.at(")"):
                args.append(self.expr_single())
                while self.at(","):
                    self.take()
                    args.append(self.expr_single())
            self.take(")")
            return Call(name, tuple(args))
        self.fail("expected an expression")


def parse(text: str, namespaces: dict[str, str]) -> object:
    """The syntax tree of the XPath 2.0 expression `text`; prefixes resolve through `namespaces`."""
    parser = _Parser(text, namespaces)
    tree = parser.expr()
    if parser.token.kind != "end":
        parser.fail("unexpected text after the expression")
    return tree
