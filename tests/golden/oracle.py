"""An oracle independent of tree-sitter, using CPython's own parser.

For every golden case: input.py and expected.py must parse, and with what
migfix adds taken away -- its helper functions (or their import), each
`if _migfix_...(...):` guard replaced by its body (the revision guard, `if
_migfix_revision_applied(...): return`, taken away whole), Alembic's own
if_not_exists=True / if_exists=True keywords, checkfirst=True, and the
IF [NOT] EXISTS / OR REPLACE phrases it writes into SQL -- expected.py must be exactly
input.py's syntax tree (both sides are treated alike: an input may already
carry guards). So the only
change migfix made is adding guards and helpers: no statement lost, moved,
duplicated or altered, whatever the layout.

Usage: /usr/bin/python3 oracle.py GOLDEN_DIR
"""
import ast
import pathlib
import re
import sys

# What migfix may insert into SQL strings in op.execute (src/sql.c).
SQL_PHRASES = re.compile(r" (?:IF NOT EXISTS|IF EXISTS|OR REPLACE)(?=\W)", re.IGNORECASE)


def is_guard(node):
    """An `if` (no else) whose condition calls a _migfix_ helper."""
    return (
        isinstance(node, ast.If)
        and not node.orelse
        and any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id.startswith("_migfix_")
            for n in ast.walk(node.test)
        )
    )


def is_revision_guard(node):
    """`if _migfix_revision_applied(...): return` at the top of upgrade()."""
    return (
        is_guard(node)
        and isinstance(node.test, ast.Call)
        and getattr(node.test.func, "id", "") == "_migfix_revision_applied"
        and len(node.body) == 1
        and isinstance(node.body[0], ast.Return)
        and node.body[0].value is None
    )


def is_helper(stmt):
    """migfix's helpers: defined inline, imported (--helpers module:NAME), or
    loaded from the shared module (`globals().update(_migfix_shared(...))`)."""
    if isinstance(stmt, ast.FunctionDef):
        return stmt.name.startswith("_migfix_")
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        return (ast.unparse(call.func) == "globals().update" and len(call.args) == 1
                and isinstance(call.args[0], ast.Call)
                and getattr(call.args[0].func, "id", "") == "_migfix_shared")
    return isinstance(stmt, ast.ImportFrom) and all(
        a.name.startswith("_migfix_") for a in stmt.names
    )


class Unguard(ast.NodeTransformer):
    def visit_Call(self, node):
        # --style native: Alembic's own if_not_exists=True / if_exists=True;
        # ENUM(...).create(bind, checkfirst=True).
        node.keywords = [
            k for k in node.keywords
            if not (k.arg in ("if_not_exists", "if_exists", "checkfirst")
                    and isinstance(k.value, ast.Constant) and k.value.value is True)
        ]
        return self.generic_visit(node)

    def visit_Constant(self, node):
        # Raw SQL made idempotent: the inserted phrases are taken away.
        if isinstance(node.value, str):
            node.value = SQL_PHRASES.sub("", node.value)
        return node

    def generic_visit(self, node):
        super().generic_visit(node)
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                body = []
                for stmt in value:
                    if is_helper(stmt):
                        continue
                    if is_revision_guard(stmt):
                        continue  # the whole `if ...: return` is migfix's
                    body.extend(stmt.body if is_guard(stmt) else [stmt])
                setattr(node, field, body)
        return node


def check(case):
    trees = {}
    for name in ("input.py", "expected.py"):
        path = case / name
        if not path.exists():
            return [f"{name} is missing"]
        try:
            # Bytes, so that CPython decodes them itself: a BOM, or the
            # PEP 263 coding declaration (golden/pep263-latin1).
            trees[name] = ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError as error:
            return [f"{name}:{error.lineno}:{error.offset}: CPython: {error.msg}"]
    expected, given = (ast.dump(Unguard().visit(trees[n])) for n in ("expected.py", "input.py"))
    if expected != given:
        return ["without migfix's guards and helpers, expected.py is not input.py"]
    return []


def main(golden):
    passed = failed = 0
    for case in sorted(p for p in pathlib.Path(golden).iterdir() if (p / "input.py").exists()):
        problems = check(case)
        if problems:
            failed += 1
            print(f"FAIL - {case.name}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"ok   - {case.name}")
    print(f"golden oracle: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
