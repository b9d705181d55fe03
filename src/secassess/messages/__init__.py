"""Every sentence secassess says to a person, as a code with parameters, and one catalogue per
language (``vi.json``, ``en.json``, beside this file: one ``"code": "text"`` per line, sorted; JSON
rather than YAML because every command that says anything reads one, and JSON reads in 2 ms where
YAML took 30): ``msg("cli.assess.finalized", i=3)`` is the
text of that code in the language of the moment — the user's language, which the edge sets (the
command line from ``--lang`` or the workspace, the web server per request) before calling anything.
A test checks that both catalogues have the same codes with the same placeholders, that no English
is left in the Vietnamese catalogue nor Vietnamese in the English one, and that every code the code
uses exists. The words of the domain (results, severities …) are :mod:`secassess.vocabulary`'s;
report wording is ``reporting/templates/*.yaml``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from secassess.i18n import Lang, get_lang

HERE = Path(__file__).resolve().parent


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """The catalogue of ``lang``, read once (the packaged file: no user input)."""
    with open(HERE / f"{lang}.json", encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data


def msg(code: str, /, **values: object) -> str:
    """The text of ``code`` in the current language, filled with ``values``."""
    text = catalogue(get_lang())[code]
    return text.format(**values) if values else text

