"""What every check needs: the report being checked, its lines, the rubric, and how to make a finding.

Checks read the cleaned lines (letter D restored to 党, noise blanked, so patterns are written once) and quote
their evidence from the raw lines, so the quote is what the writer sees in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.domain.letter_d import restore_d
from assistant.domain.models import ROLE_ZH, Finding, Report, Role, Severity
from assistant.domain.rubric import CheckConfig, Rubric
from assistant.domain.text import HAN_RE

CJK = HAN_RE
# Full-width punctuation of Chinese text: a half-width mark next to one of these is in Chinese text too.
CJK_PUNCT = "，。！？；：、“”‘’（）《》【】—…"


def count_chinese(text: str) -> int:
    """Chinese characters, as the notices count length (no punctuation, digits or Latin letters)."""
    return len(CJK.findall(text))


# texts, dim → an (n, dim) array of L2-normalised rows: assistant.services.index.embedding.local_embed, passed in by
# the service (the domain does not import services), used by unanswered-problem.
Embed = Callable[[list[str], int], Any]


class Parsed(Protocol):
    """The parts of assistant.domain.parse.ParsedDocument the checks use."""

    raw_lines: list[str]
    lines: list[str]
    reports: list[Report]


@dataclass
class Ctx:
    report: Report
    raw: list[str]
    clean: list[str]
    rubric: Rubric
    year: int | None = None
    embed: Embed | None = None
    cfg: CheckConfig = field(init=False)
    # Results two checks both need for a line (formulation hits: the formulation check's and dated-expression's),
    # worked out once per report: (what, line) → result.
    memo: dict[tuple[str, int], Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.cfg = self.rubric.checks()

    def text_lines(self, roles: set[Role] | None = None, skip_title: bool = True) -> Iterator[tuple[int, str]]:
        """(1-based line, cleaned text) of the report's non-empty lines, optionally only in some parts."""
        for sec in self.report.sections:
            if skip_title and sec.role == Role.title:
                continue
            if roles is not None and sec.role not in roles:
                continue
            for n in range(sec.start_line, sec.end_line + 1):
                text = self.line(n)
                if text.strip():
                    yield n, text

    def all_lines(self) -> Iterator[tuple[int, str]]:
        """Every non-empty cleaned line of the report except the title, whatever part it is in."""
        title_lines = {n for s in self.report.sections if s.role == Role.title
                       for n in range(s.start_line, s.end_line + 1)}
        for n in range(self.report.start_line, self.report.end_line + 1):
            text = self.line(n)
            if text.strip() and n not in title_lines:
                yield n, text

    def line(self, n: int) -> str:
        return self.clean[n - 1] if 0 < n <= len(self.clean) else ""

    def raw_line(self, n: int) -> str:
        return self.raw[n - 1] if 0 < n <= len(self.raw) else ""

    def part_at(self, line: int) -> str | None:
        for sec in self.report.sections:
            if sec.start_line <= line <= sec.end_line:
                return sec.role.value
        return None

    def quote(self, line: int, start: int, end: int, context: int = 0) -> tuple[int, str]:
        """(1-based column in the raw line, raw text) for a span of the cleaned line, widened by `context`
        characters within the clause."""
        clean = self.line(line)
        s, e = start, end
        while context and s > 0 and start - s < context and clean[s - 1] not in "，。；：！？,;:!?":
            s -= 1
        while context and e < len(clean) and e - end < context and clean[e] not in "，。；：！？,;:!?":
            e += 1
        raw = self.raw_line(line)
        offset = 0
        if len(raw) != len(clean):
            # The cleaner stripped a marker (##paidbegin##): find the cleaned text in the raw line.
            found = restore_d(raw).find(clean)
            offset = max(found, 0)
        if offset + e <= len(raw):
            return offset + start + 1, raw[offset + s: offset + e]
        return start + 1, clean[s:e]

    def finding(self, check: str, line: int | None, message: str, suggestion: str = "", *,
                span: tuple[int, int] | None = None, evidence: str = "", context: int = 6,
                severity: str | None = None, part: str | None = None) -> Finding | None:
        """A finding at `line` (and `span` of its cleaned text), or None when the rubric turns the check off."""
        sev = severity or self.rubric.severity(check)
        if sev == "off" or self.rubric.severity(check) == "off":
            return None
        column = None
        if line is not None and span is not None:
            column, evidence = self.quote(line, span[0], span[1], context)
        return Finding(check=check, severity=Severity(sev), part=part or (self.part_at(line) if line else None),
                       line=line, column=column, evidence=evidence, message=message, suggestion=suggestion)


def zh(role: Role | str) -> str:
    return ROLE_ZH.get(Role(role), str(role))
