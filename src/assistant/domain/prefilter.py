"""One search for a whole table of patterns: on a long input most lines hold none of a table's expressions,
and a line is then passed over after a single regex search instead of one Python-level scan per entry."""

from __future__ import annotations

import re
from functools import cache

# Patterns that cannot be joined into one alternation without changing what they match: backreferences
# (numbered or named), conditionals and global inline flags (not allowed past the start of a pattern).
_UNJOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")
_NAMED = re.compile(r"\(\?P<(\w+)>")


@cache
def any_of(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern whose search finds a match in a text exactly when one of `patterns` does; None when they cannot
    be joined (the caller then scans entry by entry, as before)."""
    if not patterns or any(_UNJOINABLE.search(p) for p in patterns):
        return None
    # Group names are made unique per pattern (two entries may both name a group n); a name cannot change a match.
    parts = [_NAMED.sub(lambda m, i=i: f"(?P<{m.group(1)}_{i}>", p) for i, p in enumerate(patterns)]
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts))
    except re.error:
        return None


def none_match(pattern: re.Pattern[str] | None, text: str) -> bool:
    """True when the joined pattern proves that no entry of its table matches `text`."""
    return pattern is not None and pattern.search(text) is None
