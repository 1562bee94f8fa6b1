"""Every string in netjournal/ speaks kindly (PRODUCT.md: the tone is a product requirement)."""

import ast
from pathlib import Path

import netjournal
from netjournal.domain.tone import unkind_words
from netjournal.screens.goal import OUTCOME_LINES
from netjournal.screens.reflection import kind_line

PACKAGE = Path(netjournal.__file__).parent
TONE_RULES = PACKAGE / "domain" / "tone.py"  # the one file that has to name the words


def string_literals():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == TONE_RULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            # Docstrings speak to programmers; every other string may reach a person.
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield path.relative_to(PACKAGE), node.lineno, node.value


def test_the_scan_reads_the_screens():
    found = {str(p) for p, _, _ in string_literals()}
    assert {"app.py", "screens/goal.py", "screens/meet.py", "screens/reflection.py", "commands.py"} <= found


def test_no_string_in_the_package_has_an_unkind_word():
    unkind = [(str(p), line, text) for p, line, text in string_literals() if unkind_words(text)]
    assert unkind == []


def test_the_scan_would_catch_one():
    assert unkind_words("You missed your goal") == ["missed"]


def test_lines_that_answer_the_evening_are_kind():
    lines = [*OUTCOME_LINES.values()] + [kind_line(n, o) for n in (0, 1, 2) for o in (None, "not_this_time", "met")]
    assert all(line and not unkind_words(line) for line in lines if line is not OUTCOME_LINES["open"])
