"""The Jinja analyser: follows every variable of a template through the shapes in scope."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jinja2 import TemplateNotFound, nodes

from briefgen.errors import Problem
from briefgen.render.errors import not_in_set_message, unknown_variable_message
from briefgen.render.jinja import environment
from briefgen.template_set.shapes import (
    ANY,
    LOOP,
    REPORTED,
    Items,
    Keys,
    Reported,
    Shape,
    Value,
    index,
    item,
    key,
    member,
    names_of,
)


@dataclass(frozen=True)
class Finding:
    """One thing ``check`` found: a problem, or (``warning``) a risk that still renders."""

    category: str  # syntax | include | unknown | unsafe | loads | split | data
    problem: Problem
    warning: bool = False


@dataclass(frozen=True)
class Source:
    """A parsed template and how to place its lines for the user."""

    file: str  # as problems name it
    ast: nodes.Template
    locate: Callable[[int], tuple[int, str]] = lambda line: (line, "")


Resolver = Callable[[str], "Source | None"]  # raises TemplateNotFound
ITEM_FILTERS = {"first", "last", "random"}
SAME_FILTERS = {"sort", "reverse", "unique", "list", "select", "reject", "selectattr",
                "rejectattr", "default", "d", "batch", "slice"}
ATTRIBUTE_FILTERS = {"map", "sort", "sum", "unique", "min", "max", "groupby", "selectattr",
                     "rejectattr"}
LENIENT_TESTS = {"defined", "undefined"}  # may look at what does not exist
LENIENT_FILTERS = {"default", "d"}


class Analyzer:
    """Follows every variable of a template (and what it includes or extends) through the
    shapes of the names in scope. ``strict``: the names in scope are all the template gets,
    so an unknown bare name is reported too (not for a fragment reached by no document)."""

    def __init__(self, resolve: Resolver | None, strict: bool = True) -> None:
        self.resolve = resolve
        self.strict = strict
        self.findings: dict[Finding, None] = {}
        self.reached: set[str] = set()
        self._done: set[tuple[str, frozenset[tuple[str, Shape]]]] = set()
        self._stack: list[Source] = []
        self._roots: dict[str, Shape] = {}  # what the template rendering starts from receives
        self._globals = set(environment().globals)

    # -- templates --------------------------------------------------------------------------
    def run(self, source: Source, scope: dict[str, Shape]) -> None:
        key_ = (source.file, frozenset(scope.items()))
        if key_ in self._done or any(s.file == source.file for s in self._stack):
            return
        self._done.add(key_)
        self.reached.add(source.file)
        if not self._stack:
            self._roots = dict(scope)
        self._stack.append(source)
        try:
            parents: list[Source] = []
            inner = dict(scope)
            for node in source.ast.body:
                if isinstance(node, nodes.Extends):
                    parents += self._sources(node, node.template, inner)
                else:
                    self._stmt(node, inner)
            for parent in parents:
                self.run(parent, dict(scope))
        finally:
            self._stack.pop()

    def report(self, node: nodes.Node, category: str, message: str) -> None:
        source = self._stack[-1]
        line, where = source.locate(node.lineno)
        self.findings[Finding(category, Problem(source.file, line, 1, where, message))] = None

    def _sources(self, node: nodes.Node, template: nodes.Expr, scope: dict[str, Shape]
                 ) -> list[Source]:
        """The templates an include, import or extends names, each problem reported."""
        names = _constant_names(template)
        if names is None:
            self.expr(template, scope)
            return []
        if self.resolve is None:
            self.report(node, "include", "a Word template cannot include, import or extend "
                                         f"other templates ('{names[0]}')")
            return []
        for name in names:
            try:
                found = self.resolve(name)
            except TemplateNotFound:
                continue
            return [found] if found else []
        if not getattr(node, "ignore_missing", False):
            self.report(node, "include", not_in_set_message(names[0]))
        return []

    # -- statements -------------------------------------------------------------------------
    def stmts(self, body: Iterable[nodes.Node], scope: dict[str, Shape]) -> None:
        for node in body:
            self._stmt(node, scope)

    def _stmt(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        handler = getattr(self, f"_stmt_{type(node).__name__}", None)
        if handler is not None:
            handler(node, scope)
            return
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            else:
                self._stmt(child, scope)

    def _stmt_For(self, node: nodes.For, scope: dict[str, Shape]) -> None:
        inner = dict(scope)
        self.bind(node.target, item(self.expr(node.iter, scope)), inner)
        inner["loop"] = LOOP
        if node.test is not None:
            self.expr(node.test, inner)
        self.stmts(node.body, inner)
        self.stmts(node.else_, dict(scope))

    def _stmt_If(self, node: nodes.If, scope: dict[str, Shape]) -> None:
        # An assignment inside {% if %} stays visible after it, as in Jinja.
        self.expr(node.test, scope)
        self.stmts(node.body, scope)
        for branch in node.elif_:
            self._stmt_If(branch, scope)
        self.stmts(node.else_, scope)

    def _stmt_Assign(self, node: nodes.Assign, scope: dict[str, Shape]) -> None:
        self.bind(node.target, self.expr(node.node, scope), scope)

    def _stmt_AssignBlock(self, node: nodes.AssignBlock, scope: dict[str, Shape]) -> None:
        if node.filter is not None:
            self.expr(node.filter, scope)
        self.stmts(node.body, dict(scope))
        self.bind(node.target, Value(str), scope)

    def _stmt_With(self, node: nodes.With, scope: dict[str, Shape]) -> None:
        inner = dict(scope)
        for target, value in zip(node.targets, node.values, strict=False):
            self.bind(target, self.expr(value, scope), inner)
        self.stmts(node.body, inner)

    def _stmt_Block(self, node: nodes.Block, scope: dict[str, Shape]) -> None:
        self.stmts(node.body, {**scope, "super": ANY})

    def _stmt_Macro(self, node: nodes.Macro, scope: dict[str, Shape]) -> None:
        scope[node.name] = ANY
        self._callable(node, scope)

    def _stmt_CallBlock(self, node: nodes.CallBlock, scope: dict[str, Shape]) -> None:
        self.expr(node.call, scope)
        self._callable(node, scope)

    def _callable(self, node: nodes.Macro | nodes.CallBlock, scope: dict[str, Shape]) -> None:
        for default in node.defaults:
            self.expr(default, scope)
        inner = {**scope, "caller": ANY, "varargs": ANY, "kwargs": ANY}
        for arg in node.args:
            inner[arg.name] = ANY
        self.stmts(node.body, inner)

    def _stmt_Include(self, node: nodes.Include, scope: dict[str, Shape]) -> None:
        for source in self._sources(node, node.template, scope):
            self.run(source, dict(scope) if node.with_context else dict(self._roots))

    def _stmt_Import(self, node: nodes.Import, scope: dict[str, Shape]) -> None:
        self._sources(node, node.template, scope)
        scope[node.target] = ANY

    def _stmt_FromImport(self, node: nodes.FromImport, scope: dict[str, Shape]) -> None:
        self._sources(node, node.template, scope)
        for name in node.names:
            scope[name[1] if isinstance(name, tuple) else name] = ANY

    def _stmt_Extends(self, node: nodes.Extends, scope: dict[str, Shape]) -> None:
        for parent in self._sources(node, node.template, scope):  # not at the top level
            self.run(parent, dict(scope))

    def bind(self, target: nodes.Node, shape: Shape, scope: dict[str, Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for part in target.items:
                self.bind(part, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            self._name(target, target.name, scope)

    # -- expressions ------------------------------------------------------------------------
    def expr(self, node: nodes.Node, scope: dict[str, Shape]) -> Shape:
        """The shape of an expression; every unknown or unsafe name in it reported."""
        if isinstance(node, nodes.Name):
            return self._name(node, node.name, scope)
        if isinstance(node, nodes.Const):
            return Value(type(node.value))
        if isinstance(node, nodes.TemplateData):
            return Value(str)
        if isinstance(node, nodes.Getattr):
            return self._get(node, self.expr(node.node, scope), node.attr, member)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._get(node, base, node.arg.value, key)
            self.expr(node.arg, scope)
            if isinstance(node.arg, nodes.Slice) or isinstance(base, Reported):
                return base if isinstance(base, Items | Value | Reported) else ANY
            return index(base)
        if isinstance(node, nodes.Filter):
            return self._filter(node, scope)
        if isinstance(node, nodes.Test):
            self._lenient(node.node, scope) if node.name in LENIENT_TESTS \
                else self.expr(node.node, scope)
            self._arguments(node, scope)
            return Value(bool)
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            if node.expr2 is not None:
                self.expr(node.expr2, scope)
            return self.expr(node.expr1, scope)
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        if isinstance(node, nodes.Compare | nodes.Not):
            return Value(bool)
        return ANY

    def _name(self, node: nodes.Node, name: str, scope: dict[str, Shape]) -> Shape:
        if name in scope:
            return scope[name]
        if name not in self._globals and name != "self" and self.strict:
            self.report(node, "unknown", unknown_variable_message(name, scope))
            return REPORTED
        return ANY

    def _get(self, node: nodes.Getattr | nodes.Getitem, base: Shape, name: str,
             look: Callable[[Shape, str], Shape | None]) -> Shape:
        if isinstance(base, Reported):
            return base
        if name.startswith("_"):
            self.report(node, "unsafe", "template tried something templates may not do: "
                                        f"access to attribute '{name}' is unsafe")
            return REPORTED
        found = look(base, name)
        if found is None:
            lacking = dict(base.missing).get(name) if isinstance(base, Keys) else None
            self.report(node, "unknown", unknown_variable_message(
                name, names_of(base), chain(node.node)) if lacking is None else
                unknown_variable_message(name, [], chain(node.node))
                + f": {lacking} lacks it (the other labels files have it)")
            return REPORTED
        return found

    def _lenient(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        """``x.y is defined``, ``x.y | default(...)``: only ``x`` has to exist."""
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            self.expr(node.node, scope)
            if isinstance(node, nodes.Getitem):
                self.expr(node.arg, scope)
        elif not isinstance(node, nodes.Name):
            self.expr(node, scope)

    def _arguments(self, node: nodes.Filter | nodes.Test | nodes.Call,
                   scope: dict[str, Shape]) -> None:
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            self.expr(arg, scope)
        for dyn in (node.dyn_args, node.dyn_kwargs):
            if dyn is not None:
                self.expr(dyn, scope)

    def _filter(self, node: nodes.Filter, scope: dict[str, Shape]) -> Shape:
        if node.node is None:  # {% filter %} block
            base: Shape = ANY
        elif node.name in LENIENT_FILTERS:
            self._lenient(node.node, scope)
            base = ANY
        else:
            base = self.expr(node.node, scope)
        self._arguments(node, scope)
        attribute = self._attribute_argument(node, base)
        if node.name in ITEM_FILTERS:
            return item(base)
        if node.name in SAME_FILTERS:
            return base
        if node.name == "map" and attribute is not None:
            return Items(attribute)
        if node.name in ("length", "count", "wordcount", "int"):
            return Value(int)
        return ANY

    def _attribute_argument(self, node: nodes.Filter, base: Shape) -> Shape | None:
        """Check ``map(attribute='x.y')``, ``selectattr('x')`` ... against the items."""
        if node.name not in ATTRIBUTE_FILTERS or not isinstance(base, Items):
            return None
        named = [kw.value for kw in node.kwargs if kw.key == "attribute"]
        positional = node.args[:1] if node.name in ("selectattr", "rejectattr", "groupby") \
            else []
        arg = (named or positional)[0] if named or positional else None
        if not isinstance(arg, nodes.Const) or not isinstance(arg.value, str):
            return None
        shape, prefix = base.item, f"{chain(node.node) if node.node else '…'}[i]"
        for part in arg.value.split("."):
            if part.isdigit():
                shape = item(shape)
                continue
            found = member(shape, part)
            if found is None:
                self.report(node, "unknown", unknown_variable_message(part, names_of(shape),
                                                                      prefix))
                return ANY
            shape, prefix = found, f"{prefix}.{part}"
        return shape


def chain(node: nodes.Node) -> str:
    """``doc.header.number`` for the expression that names it; ``…`` for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{chain(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        value = node.arg.value
        return f"{chain(node.node)}.{value}" if isinstance(value, str) \
            else f"{chain(node.node)}[{value!r}]"
    if isinstance(node, nodes.Getitem):
        return f"{chain(node.node)}[i]"
    return "…"


def _constant_names(node: nodes.Expr) -> list[str] | None:
    """The template names an include names literally; None when computed."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, nodes.List | nodes.Tuple) and node.items and all(
            isinstance(i, nodes.Const) and isinstance(i.value, str) for i in node.items):
        return [i.value for i in node.items]  # type: ignore[attr-defined]
    return None
