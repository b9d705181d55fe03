"""The message catalogues (``secassess/messages/vi.json`` and ``en.json``): every sentence the program
says is a code with parameters, and each language's catalogue holds all of them in that language.

These tests scan every code of both catalogues, so a message in the wrong language, a placeholder one
language forgets, a code the program uses that has no text, or a text nobody uses fails here rather
than in front of an officer.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from secassess.i18n import set_lang
from secassess.messages import HERE, catalogue, msg

SRC = Path(__file__).resolve().parents[1] / "src" / "secassess"

# Letters only Vietnamese uses (vowels with tone marks, ă â đ ê ô ơ ư).
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
# Vietnamese proper names and official terms an English sentence may quote as they are.
NAMES_IN_ENGLISH = ("Công an tỉnh Quảng Ngãi", "Sông Lam", "KT. GIÁM ĐỐC", "Lưu:")
# English words that are not Vietnamese words and not the names of options, keys or codes: one of them
# outside quotes and code in a Vietnamese text means an untranslated piece ("(justification)",
# "month must be in 1..12", pydantic's "Value should have at most 500 items").
ENGLISH_WORDS = frozenset((
    "the", "and", "of", "is", "are", "must", "should", "with", "from", "this", "that", "was", "were", "has",
    "have", "been", "will", "would", "cannot", "could", "file", "files", "found", "value", "values", "error",
    "invalid", "missing", "expected", "please", "justification", "month", "months", "least", "most",
    "between", "only", "not", "which", "when", "there", "their", "your", "you", "does", "did", "item",
    "items", "line", "column",
))
# What a Vietnamese text may hold in English on purpose: quoted names, commands, option names, keys
# and placeholders, file names, metavariables (FILE, ITEM).
CODE_LIKE = re.compile(r"“[^”]*”|\"[^\"]*\"|`[^`]*`|\{[^}]*\}|--?[\w-]+|<[^>]*>|\S*/\S*|\w+(?:\.\w+)+"
                       r"|\([a-z_]+(?:, [a-z_]+)+\)|\b[A-Z][A-Z_]+\b")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_both_catalogues_hold_the_same_codes_with_the_same_placeholders() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert len(vi) > 1000
    assert set(vi) == set(en), sorted(set(vi) ^ set(en))
    differ = {code: (_placeholders(vi[code]), _placeholders(en[code])) for code in vi
              if _placeholders(vi[code]) != _placeholders(en[code])}
    assert not differ


def test_every_code_is_a_dotted_lower_case_name_and_no_text_is_empty() -> None:
    for lang in ("vi", "en"):
        for code, text in catalogue(lang).items():
            assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", code), code
            assert text.strip(), (lang, code)


def test_no_english_text_holds_vietnamese() -> None:
    found = {}
    for code, text in catalogue("en").items():
        for name in NAMES_IN_ENGLISH:
            text = text.replace(name, "")
        if VIETNAMESE.search(text):
            found[code] = text
    assert not found


def test_no_vietnamese_text_holds_english_words() -> None:
    found = {}
    for code, text in catalogue("vi").items():
        words = set(re.findall(r"[A-Za-z]+", CODE_LIKE.sub(" ", text).lower()))
        if words & ENGLISH_WORDS:
            found[code] = (sorted(words & ENGLISH_WORDS), text)
    assert not found


def test_the_english_word_check_catches_an_untranslated_message() -> None:
    words = set(re.findall(r"[A-Za-z]+", CODE_LIKE.sub(" ", "tháng không hợp lệ (month must be in 1..12)").lower()))
    assert words & ENGLISH_WORDS == {"month", "must"}
    words = set(re.findall(r"[A-Za-z]+", CODE_LIKE.sub(" ", "dùng “secassess user list --unit X” hoặc tệp units.yaml").lower()))
    assert not words & ENGLISH_WORDS


def _codes_used() -> dict[str, list[str]]:
    """Every code the program asks for, with where: ``msg("…")`` in Python and in the web templates."""
    used: dict[str, list[str]] = {}
    literal = re.compile(r"""\bmsg\(\s*["']([^"']+)["']""")
    for path in [*SRC.rglob("*.py"), *SRC.rglob("*.j2")]:
        if path == SRC / "messages" / "__init__.py":  # its docstring's example
            continue
        for code in literal.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, []).append(str(path.relative_to(SRC)))
    return used


def test_every_code_used_has_a_text_and_every_text_is_used() -> None:
    used = _codes_used()
    known = set(catalogue("vi"))
    assert not {code: where for code, where in used.items() if code not in known}
    assert not sorted(known - set(used))


def test_the_program_asks_for_codes_only_by_literal_name() -> None:
    """A computed code could not be checked by the test above."""
    computed = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg"
                    and node.args and not isinstance(node.args[0], ast.Constant)):
                computed.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not computed


def test_no_sentence_is_written_as_a_pair_in_the_code_any_more() -> None:
    """``tr`` stays for pairs held as data (a noun in a table, a vocabulary); a sentence written as two
    literal strings at the place it is said belongs in the catalogues."""
    pairs = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "i18n.py":  # tr itself, and yes/no: a vocabulary pair the catalogues' module needs
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and len(node.args) >= 2 and all(isinstance(a, (ast.Constant, ast.JoinedStr)) for a in node.args[:2])):
                pairs.append(f"{path.relative_to(SRC)}:{node.lineno}")
    templates = [str(p.relative_to(SRC)) for p in SRC.rglob("*.j2")
                 if re.search(r"""\btr\(\s*["']""", p.read_text(encoding="utf-8"))]
    assert not pairs
    assert not templates


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_msg_speaks_the_language_of_the_moment(lang: str) -> None:
    set_lang(lang)  # type: ignore[arg-type]
    try:
        code = "validation.must_true_false"
        assert msg(code, f="x") == catalogue(lang)[code].format(f="x")  # type: ignore[arg-type]
        assert "x" in msg(code, f="x")
        assert bool(VIETNAMESE.search(msg(code, f="x"))) == (lang == "vi")
    finally:
        set_lang("vi")


def test_the_catalogues_are_sorted_one_message_per_line() -> None:
    """So that a translator's change is one line of a diff and a merge rarely conflicts."""
    for lang in ("vi", "en"):
        lines = (HERE / f"{lang}.json").read_text(encoding="utf-8").splitlines()
        assert lines[0] == "{" and lines[-1] == "}"
        codes = [line.split('"', 2)[1] for line in lines[1:-1]]
        assert codes == sorted(codes) and len(codes) == len(catalogue(lang))


# The root command's description and global options are written in both languages on purpose: they are
# read before --lang is.
ROOT = "secassess"
WALK_HELP = """
import json, sys
import click
from secassess.i18n import set_lang
set_lang(sys.argv[1])
from secassess.cli import cli
out = {}
def walk(cmd, path, parent):
    ctx = click.Context(cmd, info_name=path[-1], parent=parent)
    out[" ".join(path)] = cmd.get_help(ctx)
    if isinstance(cmd, click.Group):
        for name in cmd.list_commands(ctx):
            walk(cmd.get_command(ctx, name), [*path, name], ctx)
walk(cli, ["secassess"], None)
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def helps() -> dict[str, dict[str, str]]:
    """The help of every command and subcommand, as a fresh process in each language prints it (help
    texts are read when the command's module is imported, so each language needs its own process)."""
    import json
    import subprocess
    import sys

    out = {}
    for lang in ("vi", "en"):
        done = subprocess.run([sys.executable, "-c", WALK_HELP, lang], capture_output=True, text=True, check=True)
        out[lang] = json.loads(done.stdout)
    return out


def test_every_commands_help_is_in_english_with_lang_en(helps: dict[str, dict[str, str]]) -> None:
    assert len(helps["en"]) > 60
    found = {}
    for command, text in helps["en"].items():
        if command == ROOT:
            continue
        for name in NAMES_IN_ENGLISH:
            text = text.replace(name, "")
        if VIETNAMESE.search(text):
            found[command] = VIETNAMESE.findall(text)[:5]
    assert not found


def test_every_commands_help_is_in_vietnamese_by_default(helps: dict[str, dict[str, str]]) -> None:
    found = {}
    for command, text in helps["vi"].items():
        if command == ROOT:
            continue
        # click's own words are translated by cli/click_vi.py; the options' names and metavars are code
        words = set(re.findall(r"[A-Za-z]+", CODE_LIKE.sub(" ", text).lower())) & ENGLISH_WORDS
        if words:
            found[command] = sorted(words)
        assert VIETNAMESE.search(text), command
    assert not found
