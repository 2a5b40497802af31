"""numbering: a sequence that skips, repeats or goes backwards, a part that restarts the part-level numbering
without a heading of its own, or levels nested the wrong way (一、 items inside a （一） item). A sequence below
the part level (（一）, 1. under 一、 parts or in a report without part headings) that restarts at one marks where a
new part begins and is not a defect; so does the part-level sequence in a report with no part headings at all,
where a lead announcing the list (…以下几方面工作：) stands for the new part's heading.

Levels (docs/domain.md): 1 一、, 2 （一）, 3 1., 4 （1）, 5 一是. A marker closes every deeper sequence; 一是
sequences written inside one paragraph start afresh in each paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding, Section
from assistant.domain.numbering import Marker, format_marker, inline_markers, leading_marker, run_in_markers
from assistant.domain.paragraphs import plain
from assistant.domain.part_features import announces

_INLINE_LEVEL = 5
@dataclass
class _Seq:
    style: str
    last: int
    line: int
    accept: set[int] = field(default_factory=set)
    # The shallower marker that closed this sequence, its line, and whether its style was new there.
    closer: tuple[Marker, int, bool] | None = None
    # Its markers (line, marker) and what went wrong inside it (skip, repeat, back, level): the safe fix
    # renumbers a list whose only faults are skips and repeats (services/critique/fix_plan.py).
    members: list[tuple[int, Marker]] = field(default_factory=list)
    faults: set[str] = field(default_factory=set)


@dataclass
class _State:
    ctx: Ctx
    open: dict[str, _Seq] = field(default_factory=dict)
    closed: dict[str, _Seq] = field(default_factory=dict)
    seen_styles: set[str] = field(default_factory=set)
    issues: dict[int, tuple[Marker, str, int]] = field(default_factory=dict)  # line → (marker, message, col)
    upcoming: dict[int, Marker | None] = field(default_factory=dict)  # line → the next line's leading marker
    following: dict[int, list[Marker]] = field(default_factory=dict)  # line → the leading markers after it
    lists: list[_Seq] = field(default_factory=list)  # every sequence begun, in order
    # The level the report's parts are numbered at: its part headings' marker, else 一、 (docs/domain.md
    # Numbering). A sequence below it that restarts at one where a new part begins marks the boundary, not a defect.
    part_level: int = 1
    headed: bool = True  # some part of the report has a heading of its own
    prev_lead: tuple[int, Marker] | None = None  # the line and leading marker of the numbered line before

    def new_seq(self, m: Marker, line: int, accept: set[int]) -> _Seq:
        seq = _Seq(m.style, m.value, line, accept, members=[(line, m)])
        self.lists.append(seq)
        self.open[m.style] = seq
        return seq

    def flag(self, line: int, m: Marker, message: str) -> None:
        self.issues.setdefault(line, (m, message, m.start))

    def close_deeper(self, m: Marker, line: int) -> None:
        for style, seq in list(self.open.items()):
            if _level(style) > m.level:
                seq.closer = (m, line, m.style not in self.seen_styles)
                self.closed[style] = self.open.pop(style)

    def reset(self) -> None:
        self.open.clear()
        self.closed.clear()

    def marker(self, m: Marker, line: int, section: Section | None) -> None:
        if self._wrong_level(m, line):
            return
        self.close_deeper(m, line)
        seq = self.open.get(m.style)
        if seq is None:
            self._begin(m, line)
        elif m.value in seq.accept:
            seq.last, seq.line, seq.accept = m.value, line, {m.value + 1}
            seq.members.append((line, m))
        elif m.value == 1 and seq.last > 1 and m.level == _INLINE_LEVEL:
            self.new_seq(m, line, {2})
        elif m.value < seq.last and self._old_goes_on(m, line, seq):
            # 一、 (or 二、) among the sub-items after 三、, with 四、 next: one item at the wrong level, reported once;
            # the sequence goes on as if it had not been there
            self.flag(line, m, f"编号“{m.text.strip()}”打断了前面的“{format_marker(m.style, seq.last)}”，之后又接着"
                               f"“{format_marker(m.style, seq.last + 1)}”：核对这一条的层级")
            seq.faults.add("level")
        elif m.value == 1 and seq.last > 1 and (m.level > self.part_level or self._lead_stands_for_heading(line)) \
                and self._new_part(seq.line, line):
            self.new_seq(m, line, {2})  # （一） again for the next part's items: the restart is the boundary
        elif m.value == 1 and seq.last > 1:
            at = section.start_line if section is not None and section.heading is None else line
            prev = format_marker(m.style, seq.last)
            self.flag(at, m, f"编号“{m.text.strip()}”重新从头开始（前面已到“{prev}”），"
                             "新的部分却没有自己的标题")
            self.new_seq(m, line, {2})
        else:
            expected = seq.last + 1
            exp_text = format_marker(m.style, expected)
            if m.value == seq.last:
                what = f"编号“{m.text.strip()}”重复了，应为“{exp_text}”"
            elif m.value > expected:
                what = f"编号跳号：“{format_marker(m.style, seq.last)}”之后是“{m.text.strip()}”，缺少“{exp_text}”"
            else:
                what = f"编号倒退：“{format_marker(m.style, seq.last)}”之后是“{m.text.strip()}”"
            self.flag(line, m, what)
            seq.faults.add("repeat" if m.value == seq.last else "skip" if m.value > expected else "back")
            seq.members.append((line, m))
            # Accept the next marker whether this one was a typo (expected + 1) or a real skip (value + 1).
            seq.last, seq.line, seq.accept = m.value, line, {m.value + 1, expected + 1}
        self.seen_styles.add(m.style)

    def _lead_stands_for_heading(self, line: int) -> bool:
        """In a report with no part headings at all, an unnumbered lead that announces the list right above the
        restart (2024年，我将重点抓好以下几方面工作：) opens the new part as a heading would."""
        if self.headed:
            return False
        prev = next((t for n in range(line - 1, self.ctx.report.start_line - 1, -1) if (t := plain(self.ctx.line(n)))), "")
        return bool(prev) and leading_marker(prev) is None and announces(prev)

    def _new_part(self, a: int, b: int) -> bool:
        """Whether lines a and b lie in different parts as parsed: a restart inside one part goes backwards."""
        def start(n: int) -> int | None:
            return next((s.start_line for s in self.ctx.report.sections if s.start_line <= n <= s.end_line), None)
        return start(a) != start(b)

    def _wrong_level(self, m: Marker, line: int) -> bool:
        """An item written at another level whose number continues an open sequence of a deeper level
        (（三） then 四、 then （五）; 1. 2. （三） 4.): one slip, reported once; the sequences go on as if it had been
        written right."""
        if m.level == _INLINE_LEVEL:
            return False
        own = self.open.get(m.style)
        # right in its own sequence too (（一）（二）三、（四） under 二、): a slip only when the own sequence says the
        # same number again later (三、原因分析): the number was the deeper sequence's
        again = next((f for f in self.following.get(line, []) if f.style == m.style), None)
        if own is not None and m.value in own.accept and not (again is not None and again.value == m.value):
            return False
        for style, seq in self.open.items():
            # the next item at this sequence's level or above, past sub-items under the slipped one
            # (1. 2. （三）（1）（2） 4.)
            nxt = next((f for f in self.following.get(line, []) if _level(f.style) <= _level(style)), None)
            # only when the item after it goes on in the deeper sequence (（三） then 4.): a skip in its own
            # sequence (1.（1）（2） then 3.) is otherwise as likely
            if style != m.style and _level(style) != _INLINE_LEVEL and _level(style) > m.level \
                    and m.value == seq.last + 1 \
                    and nxt is not None and nxt.style == style and nxt.value == m.value + 1:
                self.flag(line, m, f"层级用错：“{format_marker(style, seq.last)}”之后应为“{format_marker(style, m.value)}”，"
                                   f"写成了“{m.text.strip()}”")
                seq.last, seq.line, seq.accept = m.value, line, {m.value + 1}
                seq.faults.add("level")
                self.close_deeper(replace(m, style=style, level=_level(style)), line)
                return True
        return False

    def _old_goes_on(self, m: Marker, line: int, seq: _Seq) -> bool:
        """Whether the next item at this marker's level or above continues the open sequence past it."""
        if m.level == _INLINE_LEVEL:
            return False
        nxt = next((f for f in self.following.get(line, []) if _level(f.style) <= m.level), None)
        return nxt is not None and nxt.style == m.style and nxt.value == seq.last + 1

    def _after_wrong_first(self, m: Marker) -> bool:
        """Whether the item just before was flagged as a first item (value 1) at a shallower level, and this
        one goes on from it: the first item was written at the wrong level."""
        if not self.issues:
            return False
        last_line = max(self.issues)
        prev, _, _ = self.issues[last_line]
        return prev.value == m.value - 1 == 1 and prev.level < m.level

    def _first_written_above(self, m: Marker) -> tuple[int, Marker] | None:
        """The numbered line right before, when it is a first item at a shallower level of another style and this
        one is the second item of a deeper list ((一) then （2）): the first written at the wrong level."""
        if self.prev_lead is None or m.value != 2:
            return None
        pline, prev = self.prev_lead
        ok = prev.value == 1 and prev.style != m.style and prev.level < m.level and prev.level != _INLINE_LEVEL
        # it cut short the list it belongs under (3. then （一）: the 1. sequence closed by it)
        under = any(seq.closer is not None and seq.closer[1] == pline and prev.level < _level(style) < m.level
                    for style, seq in self.closed.items())
        return self.prev_lead if ok and under else None

    def _begin(self, m: Marker, line: int) -> None:
        old = self.closed.get(m.style)
        if m.value != 1:
            if old is not None and m.value == old.last + 1:
                closer = old.closer
                if closer is not None and closer[0].value == 1 and closer[2]:
                    cm, cline, _ = closer
                    self.flag(cline, cm, f"层级颠倒：“{format_marker(m.style, old.last)}”下面出现了"
                                         f"更高一级的“{cm.text.strip()}”，之后又接着“{m.text.strip()}”")
            elif m.level != _INLINE_LEVEL and self._after_wrong_first(m):
                pass  # （二） after a first item written 一、: that one slip is reported, not this item
            elif m.level != _INLINE_LEVEL and (first := self._first_written_above(m)) is not None:
                # 3. （一）（2）（3）: the first sub-item written at a shallower level; that slip, not this item
                pline, prev = first
                self.flag(pline, prev, f"层级用错：这一条应为“{format_marker(m.style, 1)}”，写成了“{prev.text.strip()}”")
            elif m.level != _INLINE_LEVEL:
                self.flag(line, m, f"编号没有从“{format_marker(m.style, 1)}”开始，而是“{m.text.strip()}”")
            elif old is None:
                self.flag(line, m, f"编号没有从“{format_marker(m.style, 1)}”开始，而是“{m.text.strip()}”")
        self.new_seq(m, line, {m.value + 1})


def _shift(m: Marker | None, off: int) -> Marker | None:
    return replace(m, start=m.start + off, end=m.end + off) if m is not None and off else m


def _level(style: str) -> int:
    return {"一、": 1, "（一）": 2, "1.": 3, "（1）": 4, "一是": 5}[style]


@dataclass(frozen=True)
class NumberedList:
    """One numbered sequence of a report as the numbering check read it: its markers in order, and its faults."""

    style: str
    members: tuple[tuple[int, Marker], ...]  # (1-based line, marker; columns in the cleaned line)
    faults: frozenset[str]  # skip, repeat, back (goes backwards), level (an item written at another level)


def numbered_lists(ctx: Ctx) -> list[NumberedList]:
    """Every numbered sequence of the report, as the check saw it."""
    return [NumberedList(s.style, tuple(s.members), frozenset(s.faults)) for s in _run(ctx).lists]


def _part_level(ctx: Ctx) -> int:
    """The shallowest level among the part headings' own markers (二、存在的问题 → 1); 1 when no part
    heading is numbered."""
    levels = [m.level for s in ctx.report.sections if s.heading
              for m in [leading_marker(plain(s.heading))] if m is not None and m.level != _INLINE_LEVEL]
    return min(levels, default=1)


def _run(ctx: Ctx) -> _State:
    st = _State(ctx, part_level=_part_level(ctx), headed=any(s.heading for s in ctx.report.sections))
    all_lines = list(ctx.all_lines())
    leads = [(n, leading_marker(plain(t))) for n, t in all_lines]
    marked = [(n, m) for n, m in leads if m is not None]
    st.upcoming = {n: (marked[k + 1][1] if k + 1 < len(marked) else None) for k, (n, _) in enumerate(marked)}
    st.following = {n: [m for _, m in marked[k + 1:k + 40]] for k, (n, _) in enumerate(marked)}
    starts = {s.start_line: s for s in ctx.report.sections}
    section: Section | None = None
    for n, text in ctx.all_lines():
        if n in starts:
            section = starts[n]
            if section.heading is not None and leading_marker(section.heading) is None:
                st.reset()  # a heading without a number starts the numbering afresh
        # Markdown decoration (## 一、…, **（一）…**) is not part of the numbering; columns stay the line's.
        body = plain(text)
        off = max(text.find(body[:4]), 0) if body else 0
        lead = _shift(leading_marker(body), off)
        inline = [_shift(m, off) for m in inline_markers(body) if lead is None or m.start + off >= lead.end]
        all_run_in = [_shift(m, off) for m in run_in_markers(body) if lead is None or m.start + off >= lead.end]
        run_in = [m for m in all_run_in if lead is None or m.level > lead.level]
        if lead is not None:
            # 3.抓…（1）…（二）…: a sub-item written at a level at or above its item's, numbered on from the one before
            for a, b in zip(all_run_in, all_run_in[1:], strict=False):
                if a.level > lead.level >= b.level and b.value == a.value + 1 and b.style != a.style:
                    st.flag(n, b, f"层级用错：“{format_marker(a.style, a.value)}”之后应为“{format_marker(a.style, b.value)}”，"
                                  f"写成了“{b.text.strip()}”")
        if lead is not None:
            st.marker(lead, n, section)
            st.prev_lead = (n, lead)
        for m in run_in:
            st.marker(m, n, section)
        if lead is None or lead.level != _INLINE_LEVEL:
            # 一是…二是… inside a paragraph that does not start with one: a sequence of its own.
            if inline:
                st.open.pop("一是", None)
                st.closed.pop("一是", None)
        for m in inline:
            st.marker(m, n, section)
    return st


def check(ctx: Ctx) -> list[Finding]:
    st = _run(ctx)
    out: list[Finding] = []
    for line in sorted(st.issues):
        m, message, col = st.issues[line]
        text = ctx.line(line)
        span = (col, col + len(m.text)) if text[col: col + len(m.text)] == m.text else None
        f = ctx.finding("numbering", line, message,
                        "按“一、（一）1.（1）”的层级依次编号，不跳号、不重复；每个部分用自己的标题。",
                        span=span, evidence="" if span else m.text, context=8)
        if f:
            out.append(f)
    return out
