"""Where an LLM's verbatim quote stands in the draft: the evidence test of the review's findings and disputes."""

from __future__ import annotations

import re


def norm(s: str) -> str:
    """The text without whitespace: a quote may break or join lines differently from the draft."""
    return re.sub(r"\s+", "", s)


def quoted_lines(quote: str, raw_lines: list[str], clean_lines: list[str]) -> list[int]:
    """1-based lines whose raw or cleaned text holds the quote (compared without whitespace)."""
    q = norm(quote)
    return [i + 1 for i, (r, c) in enumerate(zip(raw_lines, clean_lines, strict=False)) if q in norm(r) or q in norm(c)]
