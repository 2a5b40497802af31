"""What every module reads the same way, defined once: the class of Chinese characters and the year pattern."""

from __future__ import annotations

import re
from functools import cache

# CJK unified ideographs with extension A and the compatibility ideographs: every character a report writes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
# A year as reports write it (2024年, 2024 年), not part of a longer number.
YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A pattern of a data table (the rubric's, the formulations', the dated expressions'), compiled once."""
    return re.compile(pattern)
