"""Remove what is not report text, line by line, keeping line numbers (noise lines become empty)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.domain.letter_d import restore_d
from assistant.domain.rules import load_data


@dataclass(frozen=True)
class NoiseLine:
    line: int  # 1-based
    what: str
    text: str


@dataclass
class CleanResult:
    lines: list[str]
    noise: list[NoiseLine]


@cache
def _rules() -> tuple[list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]], int]:
    data = load_data("cleaning.yaml")
    noise = [(r["what"], re.compile(r["pattern"])) for r in data.get("noise_lines", [])]
    inline = [(r["what"], re.compile(r["pattern"])) for r in data.get("strip_inline", [])]
    return noise, inline, int(data.get("max_noise_line", 200))


def noise_reason(line: str) -> str | None:
    noise, _, longest = _rules()
    if len(line.strip()) > longest:
        return None  # report text, whatever words it borrows (see cleaning.yaml)
    for what, pat in noise:
        if pat.search(line):
            return what
    return None


def noise_phrases(line: str) -> list[tuple[str, int, int]]:
    """Noise patterns found inside a line, whatever its length: (what, start, end). A long line is kept
    as report text, but an advertisement or paywall notice pasted into it is still worth pointing at."""
    noise, _, _ = _rules()
    out = []
    for what, pat in noise:
        m = pat.search(line)
        if m:
            out.append((what, m.start(), m.end()))
    return out


def clean_line(line: str) -> str:
    _, inline, _ = _rules()
    for _what, pat in inline:
        line = pat.sub("", line)
    # Full-width spaces used as indentation carry no meaning once lines are parsed.
    return restore_d(line.strip().strip("\u3000").strip())


def clean_lines(lines: list[str]) -> CleanResult:
    out: list[str] = []
    noise: list[NoiseLine] = []
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            out.append("")
            continue
        what = noise_reason(line)
        if what:
            noise.append(NoiseLine(i, what, line))
            out.append("")
            continue
        cleaned = clean_line(line)
        if not cleaned and line.strip():
            noise.append(NoiseLine(i, "marker", line))
        out.append(cleaned)
    return CleanResult(out, noise)
