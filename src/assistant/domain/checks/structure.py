"""Checks of the report's shape: missing-part, part-order, problems-share, too-long."""

from __future__ import annotations

import re

from assistant.domain.checks.base import Ctx, count_chinese, zh
from assistant.domain.checks.tense import (
    MARGIN,
    anchor_inversion,
    anchors,
    future,
    pledge_score,
    reads_as_closing,
    sections_with_hidden,
)
from assistant.domain.models import Finding, Role, Section
from assistant.domain.numbering import inline_markers, leading_marker
from assistant.domain.paragraphs import heading_roles
from assistant.domain.part_features import causes_lead

_ADVICE: dict[Role, str] = {
    Role.title: "补上标题，如“××党支部书记2024年抓基层党建工作述职报告”。",
    Role.opening: "开头用一段话说明在谁的领导下、履行什么职责，以“现将……报告如下”引出正文。",
    Role.achievements: "增加“主要工作及成效”，用事实和数据写本年度抓了什么、成效如何。",
    Role.rectification: "增加“上年度述职评议反馈问题整改情况”，逐条写清问题、措施和整改结果。",
    Role.problems: "增加“存在的问题”，逐条写具体的、属于自己的问题。",
    Role.causes: "增加“问题原因分析”，从主观、客观两方面剖析，重点讲主观原因。",
    Role.insights: "可增加“认识体会”。",
    Role.plans: "增加“下一步工作思路和措施”，措施要逐条回应存在的问题。",
    Role.closing: "结尾用一小段话表态，如“下一步，我将……”。",
}


def _body_roles(ctx: Ctx) -> list[tuple[Role, int]]:
    """The parts in order, with parts found hidden inside an unheaded part split out (checks/tense.py)."""
    return [(r, line) for r, line in sections_with_hidden(ctx) if r not in (Role.unknown, Role.title)]


def _causes_read_as_problems(ctx: Ctx, line: int, role: Role) -> bool:
    """A paragraph under a causes heading whose words read as problems (思想认识还有偏差…不够): causes own the
    writer's shortcomings, so it does not stand for a deleted problems part."""
    if role != Role.problems:
        return False
    sec = next((s for s in ctx.report.sections if s.start_line <= line <= s.end_line), None)
    if sec is None or sec.role != Role.causes:
        return False
    if not sec.heading:  # the items a causes lead announces (剖析根源，主要有以下几点：一是…不够)
        return causes_lead(ctx.line(sec.start_line).strip())
    return not heading_roles(sec.heading, leading_marker(sec.heading))[:1] == [Role.problems]


def missing_parts(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    order = ctx.rubric.order()
    present = _body_roles(ctx)
    # A part counts when some stretch of text is it (hidden parts split out), a paragraph's own wording
    # says it is (an anchor, wherever it stands), or a sentence states it.
    # A part that is only its heading (二、存在的问题及原因 over the causes alone, the problems deleted) is missing.
    def _bare(s: Section) -> bool:
        return bool(s.heading) and s.start_line == s.end_line and s.text.strip() == (s.heading or "").strip()

    bare = {s.role for s in ctx.report.sections if _bare(s)} - {s.role for s in ctx.report.sections if not _bare(s)}
    roles = ({r for r, _ in present} - bare) | {r for n, r in anchors(ctx) if not _causes_read_as_problems(ctx, n, r)} \
        | {e.role for e in ctx.report.embedded}
    if Role.closing not in roles and displaced_closing(ctx) is not None:
        roles.add(Role.closing)  # there, out of its place: part-order says so
    for rule in ctx.rubric.parts:
        if rule.requirement == "optional" or rule.role in roles:
            continue
        if rule.role == Role.title:
            if any(s.role == Role.title for s in ctx.report.sections):
                continue
            # A file whose text starts without a title is one report without one: worth a warning.
            f = ctx.finding("missing-part", ctx.report.start_line, "缺少标题", _ADVICE[Role.title],
                            severity="warning", part=Role.title.value)
            if f:
                out.append(f)
            continue
        # Point at the place where the part belongs: the first present part that should follow it.
        later = [ln for role, ln in present if role in order and order.index(role) > order.index(rule.role)]
        line = min(later) if later else ctx.report.end_line
        kind = "必备" if rule.requirement == "required" else "通常应有"
        sev = "error" if rule.requirement == "required" else "warning"
        if rule.requirement == "required" and ctx.rubric.severity("missing-part") in ("warning", "info"):
            sev = ctx.rubric.severity("missing-part")
        f = ctx.finding("missing-part", line, f"缺少“{zh(rule.role)}”部分（{kind}）", _ADVICE[rule.role],
                        severity=sev, part=rule.role.value)
        if f:
            out.append(f)
    return out


def _out_of_place(seq: list[int]) -> set[int]:
    """Positions not in a longest non-decreasing subsequence; on ties the later elements are kept, so the
    part that comes too early is the one reported."""
    n = len(seq)
    best = [1] * n
    nxt = [-1] * n
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if seq[j] >= seq[i] and best[j] + 1 >= best[i]:
                best[i], nxt[i] = best[j] + 1, j
    if not n:
        return set()
    start = max(range(n), key=lambda i: (best[i], i))
    keep: set[int] = set()
    while start != -1:
        keep.add(start)
        start = nxt[start]
    return set(range(n)) - keep


# A closing paragraph with this many body paragraphs after it was moved (the parser labels unheaded parts
# in order, so the move shows only in the paragraph's own cues: checks/tense.py).
_BODY_AFTER = 2


_PLEDGES = re.compile(r"(我|我们|本人)[^。，,]{0,4}(将|要|会|决心)")
# Weaker than reads_as_closing's bar: the place (the last paragraph of a middle part, before the next part's
# heading) and a report with no closing at its end say the rest.
_DISPLACED_CUES = 2.0


def displaced_closing(ctx: Ctx) -> int | None:
    """The line of a closing moved between two parts, in a report that has none at its end: the last paragraph
    of a part before the plans, standing before the next part's heading, unnumbered and no list, a pledge of
    the writer's (我将…, 以更加…). The parser labels it with the part it ends."""
    if any(s.role == Role.closing for s in ctx.report.sections):
        return None
    secs = ctx.report.sections
    middle = (Role.achievements, Role.rectification, Role.problems, Role.causes, Role.insights)
    for s, nxt in zip(secs, secs[1:], strict=False):
        if s.role not in middle or not nxt.heading or s.end_line == s.start_line:
            continue
        text = ctx.line(s.end_line).strip()
        if not text or leading_marker(text) is not None or inline_markers(text) or text.endswith(("：", ":")):
            continue
        if _PLEDGES.search(text) and pledge_score(text) >= _DISPLACED_CUES:
            return s.end_line
    return None


def misplaced_closing(ctx: Ctx) -> list[Finding]:
    lines = list(ctx.all_lines())
    # the closing itself, and the opening (which may end on 向大家汇报，请予评议) are no closing out of place
    closing = {n for s in ctx.report.sections if s.role in (Role.closing, Role.opening)
               for n in range(s.start_line, s.end_line + 1)}
    for i, (n, text) in enumerate(lines):
        if n in closing or not reads_as_closing(text):
            continue
        after = [m for m, _ in lines[i + 1:] if m not in closing]
        if len(after) >= _BODY_AFTER:
            f = ctx.finding("part-order", n, f"结尾表态出现在正文中间（其后还有{len(after)}段正文）",
                            "把表态的段落移到全文最后。", part=ctx.part_at(n))
            return [f] if f else []
    n = displaced_closing(ctx)
    if n is not None:
        f = ctx.finding("part-order", n, "结尾表态出现在两个部分之间，而全文最后没有表态",
                        "把表态的段落移到全文最后。", part=ctx.part_at(n))
        return [f] if f else []
    return []


def swapped_tense(ctx: Ctx) -> list[Finding]:
    """Unheaded achievements that read as plans, and plans that read as achievements: swapped parts."""
    ach = [s for s in ctx.report.sections if s.role == Role.achievements]
    plans = [s for s in ctx.report.sections if s.role == Role.plans]
    if len(ach) != 1 or len(plans) != 1 or ach[0].heading or plans[0].heading:
        return []  # parts under headings are labelled by their headings: an order problem shows in the labels
    a, p = ach[0], plans[0]
    if future(ctx, a.start_line, a.end_line) <= future(ctx, p.start_line, p.end_line) + MARGIN:
        return []
    f = ctx.finding("part-order", a.start_line,
                    "“主要工作及成效”读起来像下一步打算，“下一步工作思路”反倒像已做的工作：两部分可能放反了",
                    "先写本年度做了什么、成效如何，再写下一步打算。", part=Role.achievements.value)
    return [f] if f else []


def part_order(ctx: Ctx) -> list[Finding]:
    order = ctx.rubric.order()
    parts = [(role, line) for role, line in _body_roles(ctx) if role in order]
    seq = [order.index(role) for role, _ in parts]
    out: list[Finding] = []
    for i in sorted(_out_of_place(seq)):
        role, line = parts[i]
        before = [r for r, _ in parts[i + 1:] if order.index(r) < order.index(role)]
        after = [r for r, _ in parts[:i] if order.index(r) > order.index(role)]
        if before:
            msg = f"“{zh(role)}”出现在“{zh(before[0])}”之前，顺序不合惯例"
        else:
            msg = f"“{zh(role)}”出现在“{zh(after[-1])}”之后，顺序不合惯例"
        conv = "→".join(zh(r) for r in order if r not in (Role.title, Role.insights))
        f = ctx.finding("part-order", line, msg, f"按惯例的顺序调整：{conv}。", part=role.value)
        if f:
            out.append(f)
    return out or misplaced_closing(ctx) or swapped_tense(ctx) or anchored_order(ctx)


def anchored_order(ctx: Ctx) -> list[Finding]:
    """Paragraphs whose own wording names their part (存在…不足, 究其原因, 整改…销号, 下一步…一是), out of order."""
    got = anchor_inversion(ctx)
    if got is None:
        return []
    line, role, other = got
    order = ctx.rubric.order()
    where = "之后" if order.index(other) > order.index(role) else "之前"
    f = ctx.finding("part-order", line, f"这一段是“{zh(role)}”，却出现在“{zh(other)}”{where}，顺序不合惯例",
                    "按惯例的顺序调整各部分，并给每个部分加上标题。", part=role.value)
    return [f] if f else []


def problems_share(ctx: Ctx) -> list[Finding]:
    body = [s for s in ctx.report.sections if s.role != Role.title]
    total = sum(count_chinese(s.text) for s in body)
    pc = [s for s in body if s.role in (Role.problems, Role.causes)]
    if not pc or total == 0:
        return []  # no problems part at all is reported as missing-part
    share = sum(count_chinese(s.text) for s in pc) / total
    want = ctx.rubric.problems_share
    if share >= want:
        return []
    f = ctx.finding("problems-share", pc[0].start_line,
                    f"问题和原因只占全文的{share:.1%}，低于要求的{want:.1%}（“讲成绩把芝麻当西瓜，讲问题把西瓜当芝麻”）",
                    "压缩成绩部分的铺陈，把问题写具体、把原因剖析透。", part=pc[0].role.value)
    return [f] if f else []


def too_long(ctx: Ctx) -> list[Finding]:
    limit = ctx.rubric.length_limit
    total, crossed = 0, None
    for n, text in ctx.all_lines():
        total += count_chinese(text)
        if crossed is None and total > limit:
            crossed = n
    if total <= limit:
        return []
    f = ctx.finding("too-long", ctx.report.start_line,
                    f"全文约{total}字（只计汉字），超过{limit}字的篇幅限制，从第{crossed}行起超出",
                    f"删减到{limit}字以内：成绩部分少铺陈，多用事实和数字。", part=Role.title.value)
    return [f] if f else []


def check(ctx: Ctx) -> list[Finding]:
    return missing_parts(ctx) + part_order(ctx) + problems_share(ctx) + too_long(ctx)
