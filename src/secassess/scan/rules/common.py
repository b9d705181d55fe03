"""What every rule evaluator returns, and the wording helpers they share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["pass", "fail", "undecided"]
SHOWN = 5  # items listed in one sentence before "and N more"


@dataclass(frozen=True)
class RuleResult:
    """How one rule was judged against one scan: the outcome, one sentence in each language, the
    observations or findings that decided it, and the ports the rule needed that the scan did
    not look at (what it did not cover)."""

    outcome: Outcome
    vi: str
    en: str
    observation_ids: tuple[int, ...] = ()
    missing_ports: tuple[str, ...] = ()


def join_items(items: Sequence[str], lang: str) -> str:
    shown = list(items[:SHOWN])
    rest = len(items) - len(shown)
    text = "; ".join(shown)
    if rest > 0:
        text += f"; và {rest} mục khác" if lang == "vi" else f"; and {rest} more"
    return text


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def ports_text(specs: Iterable[str]) -> str:
    return ", ".join(specs)


def failed(vi: Sequence[str], en: Sequence[str], ids: Iterable[int], tail_vi: str = "",
           tail_en: str = "") -> RuleResult:
    """A failure: what failed, item by item (at most :data:`SHOWN`), in one sentence per language."""
    return RuleResult("fail", cap(join_items(vi, "vi")) + tail_vi + ".", cap(join_items(en, "en")) + tail_en + ".",
                      tuple(ids))
