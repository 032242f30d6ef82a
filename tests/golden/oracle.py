"""An oracle independent of tree-sitter: every golden input and expected file
must parse with CPython's own parser, and every input line must survive in the
expected file, in order, at most indented further.

Usage: /usr/bin/python3 oracle.py GOLDEN_DIR
"""
import ast
import pathlib
import sys


def check(case):
    problems = []
    for name in ("input.py", "expected.py"):
        path = case / name
        if not path.exists():
            return [f"{name} is missing"]
        try:
            ast.parse(path.read_bytes().decode("utf-8-sig"), filename=str(path))
        except SyntaxError as error:
            problems.append(f"{name}:{error.lineno}:{error.offset}: CPython: {error.msg}")
    expected = iter((case / "expected.py").read_bytes().splitlines(keepends=True))
    for line in (case / "input.py").read_bytes().splitlines(keepends=True):
        if not any(out.endswith(line) and not out[: len(out) - len(line)].strip(b" \t")
                   for out in expected):
            problems.append(f"input line {line!r} is missing from expected.py")
            break
    return problems


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
