"""Reading achievements and plans apart by tense, for parts the parser could only label by position.

The parser labels a report without part headings in the conventional order, so two swapped parts are
relabelled, and two parts that run together with only a numbering restart between them (四、 … 一、) come
out as one. What is left to tell them apart is tense: achievements report what was done (开展了, 全年,
累计, 12次), plans say what will be done (将, 要, 进一步, 推进). The parser's own cue scores measure both.
"""

from __future__ import annotations

from assistant.domain.checks.base import Ctx, count_chinese
from assistant.domain.models import Role, Section
from assistant.domain.numbering import leading_marker

# How much more a stretch reads as plans than another, per 100 Chinese characters, for the two to be told
# apart (the seed reports differ by 0.16 to 1.9 between their achievements and their plans).
MARGIN = 0.1


def future(ctx: Ctx, start: int, end: int) -> float:
    """Plans cues minus achievements cues per 100 Chinese characters, over lines start..end."""
    from assistant.domain.parse import cue_scores

    score, chars = 0.0, 0
    for n in range(start, end + 1):
        text = ctx.line(n)
        if text.strip():
            cues = cue_scores(text)
            score += cues.get(Role.plans, 0.0) - cues.get(Role.achievements, 0.0)
            chars += count_chinese(text)
    return 100 * score / max(chars, 1)


def restart_line(ctx: Ctx, sec: Section) -> int | None:
    """The first line inside an unheaded part where a numbered sequence (一、 （一） 1. （1）) starts again
    at one after reaching two or more with no higher level in between: where a second part begins."""
    if sec.heading is not None:
        return None
    reached: dict[str, tuple[int, int]] = {}  # style → (level, last value)
    for n in range(sec.start_line, sec.end_line + 1):
        m = leading_marker(ctx.line(n))
        if m is None or m.level > 4:
            continue
        reached = {s: v for s, v in reached.items() if v[0] <= m.level}
        if m.value == 1 and reached.get(m.style, (0, 0))[1] >= 2 and n > sec.start_line:
            return n
        reached[m.style] = (m.level, m.value)
    return None


def hidden_parts(ctx: Ctx) -> list[tuple[Role, int]]:
    """(role, line) of parts hidden inside an unheaded achievements or plans part: the stretch after a
    numbering restart that reads as plans inside achievements, or the stretch before it that reads as
    achievements inside plans."""
    out: list[tuple[Role, int]] = []
    for sec in ctx.report.sections:
        if sec.role not in (Role.achievements, Role.plans):
            continue
        at = restart_line(ctx, sec)
        if at is None:
            continue
        before, after = future(ctx, sec.start_line, at - 1), future(ctx, at, sec.end_line)
        if after <= before + MARGIN:
            continue
        if sec.role == Role.achievements:
            out.append((Role.plans, at))
        else:
            out.append((Role.achievements, sec.start_line))
    return out


def sections_with_hidden(ctx: Ctx) -> list[tuple[Role, int]]:
    """(role, start line) of the report's parts in order, with the hidden parts split out."""
    parts = [(s.role, s.start_line) for s in ctx.report.sections]
    for role, line in hidden_parts(ctx):
        sec = next(s for s in ctx.report.sections if s.start_line <= line <= s.end_line)
        if line == sec.start_line:  # achievements hidden at the start of a plans part: plans begin later
            at = restart_line(ctx, sec)
            parts = [p for p in parts if p != (sec.role, sec.start_line)] + [(role, line), (sec.role, at or line)]
        else:
            parts.append((role, line))
    return sorted(parts, key=lambda p: p[1])
