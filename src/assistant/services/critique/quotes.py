"""Where an LLM's verbatim quote stands in the draft, and what a review finding must show to be kept: the
evidence test of the review's findings and disputes."""

from __future__ import annotations

import re

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.text import HAN
from assistant.services.drafting.grounding import figure_keys, find_figures

# A finding's quote must hold at least this many characters (Chinese, letters, digits): shorter ones (报告,
# 党支部, 存在问题) stand in almost every report and pin nothing down. The prompt asks for a verbatim quote of up
# to 60 characters; the shortest the tests' and the prompt's examples use is 7.
MIN_QUOTE_CHARS = 6
_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")
# A line reference (第13行, 13行) in a message points into the report; it is no figure about the unit.
# 第5行, 5-7行, 第5至7行: the second number only after a separator, and each number from its first digit, so that
# a run of digits is not split in every way (cubic on a long run).
_LINE_REF = re.compile(r"(?:第\s*)?(?<!\d)\d+(?:\s*(?:-|—|至|到|~)\s*\d+)?\s*行")


def norm(s: str) -> str:
    """The text without whitespace: a quote may break or join lines differently from the draft."""
    return re.sub(r"\s+", "", s)


def quoted_lines(quote: str, raw_lines: list[str], clean_lines: list[str]) -> list[int]:
    """1-based lines whose raw or cleaned text holds the quote (compared without whitespace)."""
    q = norm(quote)
    return [i + 1 for i, (r, c) in enumerate(zip(raw_lines, clean_lines, strict=False)) if q in norm(r) or q in norm(c)]


def specific(quote: str) -> bool:
    return len(_WORD_CHAR.findall(quote)) >= MIN_QUOTE_CHARS


def named_role(name: str | None) -> Role | None:
    """The part a finding names (problems, 存在问题, 存在的问题, 下一步), or None when it names none or one
    that could be several (问题: the problems or last year's)."""
    n = norm(name or "").replace("的", "").lower()
    if len(n) < 2:
        return None
    for r in Role:
        if n == r.value:
            return r if r not in (Role.title, Role.unknown) else None
    hits = [r for r, zh in ROLE_ZH.items() if r not in (Role.title, Role.unknown) and (n in zh or zh in n)]
    return hits[0] if len(hits) == 1 else None


def invented_figures(message: str, report_text: str) -> list[str]:
    """Figures in a review message that the report does not hold, compared by value like drafting's grounding
    (12次 = 十二次); line references are not figures."""
    said = find_figures(_LINE_REF.sub(lambda m: "\0" * len(m.group(0)), message))
    if not said:
        return []
    known = figure_keys(report_text)
    return [f.text for f in said if figure_keys(f.text) - known]
