"""secassess text <-> OSCAL Markdown (``markup-line`` / ``markup-multiline``).

secassess texts are plain text with ``{parameter}`` placeholders (``{{`` and ``}}`` for literal
braces). OSCAL prose is CommonMark, where a parameter is ``{{ insert: param, name }}``. Characters
with a meaning in Markdown are backslash-escaped on the way out and unescaped on the way in, so
``from_markdown(to_markdown(t))`` gives back ``t`` (literal braces written the canonical way).
"""

from __future__ import annotations

import re

# the placeholder syntax of catalog texts (as secassess.catalog.resolve renders it)
_ESCAPED = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MD_SPECIAL = frozenset("\\`*_[]<>")
_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^\s{}]+)\s*\}\}")
_FROM = re.compile(r"\{\{\s*insert:\s*param,\s*([^\s{}]+)\s*\}\}|\\([!-/:-@\[-`{-~])|([{}])")


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


def to_markdown(text: str) -> str:
    """A secassess text as OSCAL Markdown: placeholders become parameter insertions."""
    out: list[str] = []
    pos = 0
    for m in _ESCAPED.finditer(text):
        out.append(_escape(text[pos:m.start()]))
        token = m.group(0)
        out.append("{" if token == "{{" else "}" if token == "}}" else f"{{{{ insert: param, {m.group(1)} }}}}")
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def from_markdown(text: str) -> str:
    """OSCAL Markdown as a secassess text: insertions become ``{name}``, literal braces doubled,
    backslash escapes removed. Other Markdown (emphasis, links) is kept as written."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return f"{{{m.group(1)}}}"
        if m.group(2) is not None:
            return m.group(2) * 2 if m.group(2) in "{}" else m.group(2)
        return m.group(3) * 2

    return _FROM.sub(sub, text)


def inserted_params(text: str) -> list[str]:
    """The parameter ids a Markdown text inserts."""
    return _INSERT.findall(text)
