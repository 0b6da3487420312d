"""The product spells it "email": every string our code can show or send (messages, mail bodies, form labels, help
texts, the API's descriptions, which DRF takes from docstrings) and every template. Comments are not read here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "analytics", "interviewmaster", "interviews", "planning", "resumes", "studypaths")
# A pattern over uploaded resumes: it recognises the word as candidates write it, it does not print it.
READS_RESUMES = {("resumes/positions.py", "|email|e-mail|")}


def _strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_string_in_our_code_spells_it_e_mail():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/tests/" in relative or "/migrations/" in relative:
                continue
            for line, text in _strings(path):
                if "e-mail" in text.lower() and not any(
                        relative == where and fragment in text for where, fragment in READS_RESUMES):
                    found.append(f"{relative}:{line}")
    assert found == []


def test_no_template_spells_it_e_mail():
    found = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "templates").rglob("*.*"))
             if path.suffix in {".html", ".txt"} and "e-mail" in path.read_text().lower()]
    assert found == []
