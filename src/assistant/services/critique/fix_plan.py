"""What `critique --fix` may change: the edits that answer the critique's findings without changing meaning.

Four kinds, each only on a line where the check reported it (a check the rubric turns off is not fixed):
- halfwidth-punct: , ! ? ; : → ，！？；：, and straight quotes → “” ‘’ when every straight quote of the line is
  in Chinese text and they pair up (an odd one could open or close: left as a finding);
- letter-d: the letters the cleaner restores (D → 党, XJP → 习近平), at the places domain/letter_d.py finds;
- formulation: a wrong group whose `expect` names one right text (三个意识 → 四个意识), or a whole formulation
  one or two characters off its `right` (主体党日 → 主题党日), or a fixed term one character off
  (双带领人 → 双带头人). A changed verb (坚定“四个意识”) or a swap into another formulation stays a finding:
  what the writer meant is not certain;
- numbering: a list whose only faults are skips and repeats is renumbered from its first marker (its markers
  only); a list that goes backwards or holds an item of another level stays a finding.

Checks read the cleaned lines; an edit is placed on the loader's line (the raw line), where the cleaned text
stands at one offset (the cleaner only trims the line and restores letters one for one). A line where that
does not hold is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.checks import fixed_terms
from assistant.domain.checks.base import Ctx
from assistant.domain.checks.formulations import formulation_hits
from assistant.domain.checks.punctuation import FULL_WIDTH, halfwidth_hits
from assistant.domain.checks.sequences import NumberedList, numbered_lists
from assistant.domain.letter_d import letter_word_spans, restore_d
from assistant.domain.numbering import int_to_cn
from assistant.domain.parse import ParsedDocument
from assistant.domain.rubric import Formulation, Rubric
from assistant.domain.text import compiled
from assistant.services.critique.run import CritiqueResult, report_year

FIXABLE = ("halfwidth-punct", "letter-d", "formulation", "numbering")
_QUOTES = "“”‘’\"'「」"
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百]+|\d+")
_MAX_CHANGED = 2  # a whole formulation is fixed only when it is this many characters off its right form


@dataclass(frozen=True)
class Edit:
    """Replace columns [start, end) of a 1-based line of the loader's lines by `new`."""

    line: int
    start: int
    end: int
    new: str
    check: str


def plan_edits(parsed: ParsedDocument, result: CritiqueResult, rubric: Rubric,
               year: int | None = None) -> list[list[Edit]]:
    """Groups of edits answering the rule findings of `result`; a group is applied whole or not at all (a
    renumbered list must not be left half done). Groups never overlap."""
    wanted = {(f.check, f.line) for f in result.findings if f.source == "rule" and f.check in FIXABLE}
    groups: list[list[Edit]] = []
    for report in parsed.reports:
        ctx = Ctx(report, parsed.raw_lines, parsed.lines, rubric, year if year is not None else report_year(report))
        for n in range(report.start_line, report.end_line + 1):
            offset = _offset(ctx, n)
            if offset is None:
                continue
            if ("letter-d", n) in wanted:
                groups += [[Edit(n, s, e, word, "letter-d")] for s, e, word in letter_word_spans(ctx.raw_line(n))]
            raw, clean = ctx.raw_line(n), ctx.line(n)
            for check, plan in (("halfwidth-punct", _halfwidth), ("formulation", _formulation)):
                if (check, n) in wanted:
                    # only where the raw text is the checked text (not a letter D the cleaner read as 党)
                    groups += [[Edit(n, s + offset, e + offset, new, check)] for s, e, new in plan(ctx, n)
                               if raw[s + offset: e + offset] == clean[s:e] != new]
        if any(c == "numbering" and report.start_line <= (ln or 0) <= report.end_line for c, ln in wanted):
            flagged = {ln for c, ln in wanted if c == "numbering"}
            groups += [g for lst in numbered_lists(ctx) if (g := _renumber(ctx, lst, flagged))]
    return _without_overlaps(groups)


def _offset(ctx: Ctx, n: int) -> int | None:
    """Where line n's cleaned text starts in its raw line, when it stands there whole (letters restored)."""
    clean, raw = ctx.line(n), ctx.raw_line(n)
    if not clean:
        return None
    at = restore_d(raw).find(clean)
    return at if at >= 0 else None


def _halfwidth(ctx: Ctx, n: int) -> list[tuple[int, int, str]]:
    text = ctx.line(n)
    hits = halfwidth_hits(text, ctx.cfg.halfwidth_marks)
    out = [(i, i + 1, FULL_WIDTH[ch]) for i, ch in hits if len(FULL_WIDTH.get(ch, "")) == 1]
    for quote in ("\"", "'"):
        at = [i for i, ch in hits if ch == quote]
        # Open and close alternate only when every straight quote of the line is a hit and they pair up.
        if at and len(at) == text.count(quote) and len(at) % 2 == 0:
            pair = FULL_WIDTH[quote]
            out += [(i, i + 1, pair[k % 2]) for k, i in enumerate(at)]
    return sorted(out)


def _formulation(ctx: Ctx, n: int) -> list[tuple[int, int, str]]:
    text = ctx.line(n)
    hits = formulation_hits(text, ctx.cfg.formulations, ctx.year, ctx.cfg.dated_expressions)
    if not hits:
        # as the check: near misses of fixed terms only on a line without a wrong formulation
        return [_narrowed(text, s, e, term.right) for s, e, term in fixed_terms.near_misses(text)]
    out = []
    for s, e, form, _what in hits:
        edits = _formulation_edits(text, s, e, form)
        out += edits or []
    return out


def _formulation_edits(text: str, s: int, e: int, form: Formulation) -> list[tuple[int, int, str]] | None:
    m = next((m for m in compiled(form.family).finditer(text) if m.span() == (s, e)), None)
    if m is None:
        return None  # a changed verb before the formulation (坚定“四个意识”): which verb was meant is not certain
    edits = []
    for g, ok in form.expect.items():
        got = m.groupdict().get(g)
        if got is None or got in ok:
            continue
        # 三 → 四, 3 → 4: the one right text written the same way (Chinese numeral or digit)
        same_kind = [v for v in ok if v.isdigit() == got.isdigit()]
        if len(same_kind) != 1:
            return _whole(text, s, e, form)
        edits.append((m.start(g), m.end(g), same_kind[0]))
    return edits or None


def _whole(text: str, s: int, e: int, form: Formulation) -> list[tuple[int, int, str]] | None:
    """The matched formulation replaced by its right form, when that is the same formulation a character or
    two off (主体党日 → 主题党日), not a phrase with more words (第一负责人 → 抓基层党建工作“第一责任人”)."""
    got, right = text[s:e], "".join(c for c in form.right if c not in _QUOTES)
    if any(c in _QUOTES for c in got) or len(got) != len(right):
        return None
    if sum(a != b for a, b in zip(got, right, strict=True)) > _MAX_CHANGED:
        return None
    return [_narrowed(text, s, e, right)]


def _narrowed(text: str, s: int, e: int, new: str) -> tuple[int, int, str]:
    """The replacement of text[s:e] by `new` cut down to the characters that differ."""
    old = text[s:e]
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return s + head, e - tail, new[head: len(new) - tail]



def _renumber(ctx: Ctx, lst: NumberedList, flagged: set[int]) -> list[Edit]:
    """The markers of a list that only skips or repeats, numbered on from its first; [] when it may not be."""
    if not lst.faults or not lst.faults <= {"skip", "repeat"} or not any(n in flagged for n, _ in lst.members):
        return []
    first = lst.members[0][1].value
    edits = []
    for k, (n, m) in enumerate(lst.members):
        num = _NUMERAL.search(m.text)
        offset = _offset(ctx, n)
        if num is None or offset is None:
            return []  # 首先/其次 carry no numeral; a line that cannot be placed: leave the whole list
        value = first + k
        if value == m.value:
            continue
        new = str(value) if num.group().isdigit() else int_to_cn(value)
        at = offset + m.start + num.start()
        if ctx.raw_line(n)[at: at + len(num.group())] != num.group():
            return []
        edits.append(Edit(n, at, at + len(num.group()), new, "numbering"))
    return edits


def _without_overlaps(groups: list[list[Edit]]) -> list[list[Edit]]:
    """Drop a group that touches a place an earlier group edits (a letter inside a wrong formulation): the next
    round of the fix, on the text with the first edit made, takes it up."""
    taken: dict[int, list[tuple[int, int]]] = {}
    out = []
    for g in groups:
        if any(_touch(ed.start, ed.end, ts, te) for ed in g for ts, te in taken.get(ed.line, [])):
            continue
        out.append(g)
        for ed in g:
            taken.setdefault(ed.line, []).append((ed.start, ed.end))
    return out


def _touch(s: int, e: int, ts: int, te: int) -> bool:
    return (s < te and ts < e) or s == ts  # an insertion (s == e) touches what starts where it stands
