"""Parts hidden inside another part, for reports whose parts the parser could only label by position.

The parser labels parts without a recognised heading in the conventional order, so two swapped parts are
relabelled, and two parts that run together come out as one. The critique looks again in three places:
  - a numbered sequence (一、 （一） 1. （1）) that starts again, or goes back, inside one part: a second part
    begins there. Achievements and plans on either side are told apart by tense (achievements report what
    was done: 开展了, 全年, 12次; plans say what will be: 将, 要, 进一步); other parts by their own cue words
    (整改, 存在…不足, 究其原因), through the parser's cue scores;
  - a "closing" that holds a numbered list (下一步，我将重点做好以下工作：一是…二是…): plans.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.checks.base import Ctx, count_chinese
from assistant.domain.models import Role, Section
from assistant.domain.numbering import inline_markers, leading_marker
from assistant.domain.paragraphs import heading_roles
from assistant.domain.part_features import (  # cue scores cached there
    ANNOUNCES,
    COMMIT,
    PLANS_LEAD,
    causes_lead,
    cue_scores,
    is_bare_lead,
)
from assistant.domain.rules import load_data

# How much more a stretch reads as plans than another, per 100 Chinese characters, for the two to be told
# apart (the seed reports differ by 0.16 to 1.9 between their achievements and their plans).
MARGIN = 0.1
# Roles a stretch may be recognised as from its own cue words, and how clearly (summed cue scores; the
# role must also beat the part's own role by this factor).
_DISTINCT = (Role.achievements, Role.rectification, Role.problems, Role.causes)
_MIN_CUES = 4.0
_FACTOR = 2.0


def future(ctx: Ctx, start: int, end: int) -> float:
    """Plans cues minus achievements cues per 100 Chinese characters, over lines start..end."""
    score, chars = 0.0, 0
    for n in range(start, end + 1):
        text = ctx.line(n)
        if text.strip():
            cues = cue_scores(text)
            score += cues.get(Role.plans, 0.0) - cues.get(Role.achievements, 0.0)
            chars += count_chinese(text)
    return 100 * score / max(chars, 1)


def _cues(ctx: Ctx, start: int, end: int) -> dict[Role, float]:
    total: dict[Role, float] = {}
    for n in range(start, end + 1):
        if ctx.line(n).strip():
            for role, v in cue_scores(ctx.line(n)).items():
                total[role] = total.get(role, 0.0) + v
    return total


def restart_line(ctx: Ctx, sec: Section) -> int | None:
    """The first line inside a part where a numbered sequence (一、 （一） 1. （1）) starts again at one, or
    goes back, after reaching two or more with no higher level in between: where a second part begins."""
    reached: dict[str, tuple[int, int]] = {}  # style → (level, last value)
    prev: tuple[int, int] | None = None  # (level, value) of the marker before
    for n in range(sec.start_line, sec.end_line + 1):
        m = leading_marker(ctx.line(n))
        if m is None:
            continue
        own = reached.get(m.style)
        if prev is not None and prev[0] > m.level and m.value == prev[1] + 1 \
                and (own is None or m.value not in (own[1], own[1] + 1)):
            # 三、 right after （二） (and not after 二、 or 三、): the next item with a higher level's number, a
            # numbering slip (reported as numbering), not a second part
            prev = (prev[0], m.value)
            continue
        reached = {s: v for s, v in reached.items() if v[0] <= m.level}
        last = reached.get(m.style, (0, 0))[1]
        if n > sec.start_line and last >= 2 and m.value < last:
            return n
        reached[m.style] = (m.level, m.value)
        prev = (m.level, m.value)
    return None


def _split(ctx: Ctx, sec: Section) -> list[tuple[Role, int, int]]:
    at = restart_line(ctx, sec)
    if at is None:
        return []
    head, tail = (sec.start_line, at - 1), (at, sec.end_line)
    if sec.role in (Role.achievements, Role.plans):
        before, after = future(ctx, *head), future(ctx, *tail)
        other = Role.plans if sec.role == Role.achievements else Role.achievements
        later_reads_future = after > before + MARGIN
        earlier_reads_future = before > after + MARGIN
        # The stretch that reads as the other part is the hidden one.
        if (sec.role == Role.achievements and later_reads_future) or (sec.role == Role.plans and earlier_reads_future):
            return [(other, *tail)]
        if (sec.role == Role.plans and later_reads_future) or (sec.role == Role.achievements and earlier_reads_future):
            return [(other, *head)]
        if sec.role == Role.plans:
            cues = _cues(ctx, *tail)
            if cues.get(Role.achievements, 0.0) >= _MIN_CUES and \
                    cues[Role.achievements] >= _FACTOR * max(cues.get(Role.plans, 0.0), 0.1):
                return [(Role.achievements, *tail)]
        return []
    cues = _cues(ctx, *tail)
    own = cues.get(sec.role, 0.0)
    best = max(_DISTINCT, key=lambda r: cues.get(r, 0.0))
    if best != sec.role and cues.get(best, 0.0) >= _MIN_CUES and cues[best] >= _FACTOR * max(own, 0.1):
        return [(best, *tail)]
    return []


def _plans_in_closing(ctx: Ctx, sec: Section) -> list[tuple[Role, int, int]]:
    for n in range(sec.start_line, sec.end_line + 1):
        text = ctx.line(n)
        if len(inline_markers(text)) >= 2 or (leading_marker(text) is not None and n > sec.start_line):
            last = max(m for m in range(n, sec.end_line + 1) if ctx.line(m).strip())
            # The closing is the last paragraph when there is more than the list.
            end = last - 1 if last > n else last
            return [(Role.plans, n, end)]
    return []


def _achievements_before_plans(ctx: Ctx, sec: Section) -> list[tuple[Role, int, int]]:
    """Plans without a plans heading of their own, before the headed plans, that read as done work (全年举办…3期):
    achievements moved below the problems, labelled plans by position (the parser does not go back in the order)."""
    if sec.role != Role.plans or _names(sec, Role.plans):
        return []
    if not any(s.role == Role.plans and s.start_line > sec.end_line and _names(s, Role.plans)
               for s in ctx.report.sections):
        return []
    if future(ctx, sec.start_line, sec.end_line) >= -MARGIN:
        return []
    return [(Role.achievements, sec.start_line, sec.end_line)]


def _names(sec: Section, role: Role) -> bool:
    return bool(sec.heading) and role in heading_roles(sec.heading, leading_marker(sec.heading))


def hidden_parts(ctx: Ctx) -> list[tuple[Role, int, int]]:
    """(role, first line, last line) of each part found inside another part."""
    out: list[tuple[Role, int, int]] = []
    for sec in ctx.report.sections:
        if sec.role in (Role.title, Role.opening, Role.unknown):
            continue
        out += _plans_in_closing(ctx, sec) if sec.role == Role.closing else \
            (_split(ctx, sec) or _achievements_before_plans(ctx, sec))
    return out


def sections_with_hidden(ctx: Ctx) -> list[tuple[Role, int]]:
    """(role, start line) of the report's parts in order, with the hidden parts split out."""
    hidden = hidden_parts(ctx)
    parts: list[tuple[Role, int]] = [(role, a) for role, a, _ in hidden]
    for sec in ctx.report.sections:
        inside = sorted((a, b) for _, a, b in hidden if sec.start_line <= a <= sec.end_line)
        start = sec.start_line
        for a, b in inside:
            if any(ctx.line(n).strip() for n in range(start, a)):
                parts.append((sec.role, start))
            start = b + 1
        if any(ctx.line(n).strip() for n in range(start, sec.end_line + 1)):
            parts.append((sec.role, start))
    return sorted(parts, key=lambda p: p[1])


# Paragraphs that state their part beyond doubt, whatever the parser made of the text around them: strong,
# dominant cue words of a part with distinctive wording, or next year's work (下一步, 2026年，我将…) opening a list
# of measures.
_ANCHOR_ROLES = (Role.opening, Role.rectification, Role.problems, Role.causes, Role.insights)
_ANCHOR_CUES = 6.0
# A paragraph reads as the closing from this much closing cue (我将以更加……, ……提供坚强保证) when it is not a
# numbered item or a list (lists are measures). In the seed and eval texts no paragraph but the last
# scores above 3.
CLOSING_CUES = 4.0


_OPENS_LIST = re.compile(r"[：:。]\s*(?:一是|一要|首先|第一|[（(]一[）)]|1[.．、])")
# A paragraph announcing the measures below it (我将从以下三个方面抓好…。, part_features.ANNOUNCES) is the plans'
# lead, not a pledge.


@cache
def _pledge() -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(c["p"]), float(c["w"])) for c in load_data("cues.yaml")["closing_pledge"]]


def pledge_score(text: str) -> float:
    """The closing cues plus the shape of a pledge (cues.yaml `closing_pledge`, read by the critique only)."""
    score = cue_scores(text).get(Role.closing, 0.0)
    return score + sum(w for pat, w in _pledge() if pat.search(text))


def reads_as_closing(text: str) -> bool:
    if text.rstrip().endswith(("：", ":")) or leading_marker(text) is not None or len(inline_markers(text)) >= 2:
        return False
    if _OPENS_LIST.search(text) or ANNOUNCES.search(text):
        return False  # 下一步，我将重点抓好三项工作：一是… opens the plans' list, whose items follow
    return pledge_score(text) >= CLOSING_CUES


def opens_next_year(text: str, year: int | None) -> bool:
    """The paragraph opens on next year's work: 下一步, 新的一年, 明年, 今后, or the year after the report's."""
    head = text.lstrip()
    if head.startswith(("下一步", "新的一年", "明年", "今后")):
        return True
    return year is not None and head.startswith(f"{year + 1}年")


def anchors(ctx: Ctx) -> list[tuple[int, Role]]:
    out: list[tuple[int, Role]] = []
    for n, text in ctx.all_lines():
        cues = cue_scores(text)
        role = max(_ANCHOR_ROLES, key=lambda r: cues.get(r, 0.0))
        others = max((v for r, v in cues.items() if r != role), default=0.0)
        if cues.get(role, 0.0) >= _ANCHOR_CUES and cues[role] >= _FACTOR * others:
            if role == Role.problems and leading_marker(text) is None and PLANS_LEAD.search(text):
                role = Role.plans  # 我将聚焦存在的问题，重点抓好以下几项工作: pointing back at the problems, the plans' lead
            out.append((n, role))
        elif opens_next_year(text, ctx.year) and len(inline_markers(text)) >= 2 and cues.get(Role.plans, 0.0) >= 3:
            out.append((n, Role.plans))
        elif reads_as_closing(text) and ctx.part_at(n) != Role.opening.value:
            out.append((n, Role.closing))  # an opening may end on 请予评议 too
    return out


# A causes lead (究其原因/根源在于…, part_features.causes_lead) names its part with less cue weight than an anchor:
# its causes cues must reach this and beat every other part's but the problems' (causes speak of shortcomings).
_LEAD_CUES = 3.0


def lead_anchor(text: str) -> Role | None:
    """Causes, for an unnumbered paragraph that opens by announcing the roots of the problems and is no pledge,
    plans lead (针对问题根源，我将…) or insight: what it says is causes wherever it stands."""
    if leading_marker(text) is not None or COMMIT.search(text) or PLANS_LEAD.search(text) or not causes_lead(text):
        return None
    cues = cue_scores(text)
    own = cues.get(Role.causes, 0.0)
    if cues.get(Role.insights, 0.0) >= _LEAD_CUES:
        return None  # 反思…根源，我深刻体会到…: what the roots taught, an insight
    if own >= _LEAD_CUES and all(v <= own for r, v in cues.items() if r not in (Role.causes, Role.problems)):
        return Role.causes
    return None


def anchor_inversion(ctx: Ctx) -> tuple[int, Role, Role] | None:
    """(line, role, earlier role) of the first anchor paragraph that comes after an anchor of a part that
    should follow it, in a report without part headings (with headings, the labels already say it)."""
    order = ctx.rubric.order()
    if any(s.heading for s in ctx.report.sections):
        # With part headings the labels follow the headings: what can still be out of order is a paragraph that
        # names an earlier part (究其原因…) standing under a later part's heading (moved there).
        named = dict(anchors(ctx))
        named.update((n, Role.causes) for n, text in ctx.all_lines() if n not in named and lead_anchor(text))
        for n, role in sorted(named.items()):
            at = ctx.part_at(n)
            here = Role(at) if at in {r.value for r in order} else None
            # only parts whose wording is their own (究其原因, 整改到位); 存在…问题 is also said in causes and plans
            if role in (Role.causes, Role.rectification) and role in order and here is not None \
                    and order.index(here) > order.index(role):
                return n, role, here
            # the opening (现将…报告如下) anywhere but before the first part
            if role == Role.opening and here not in (None, Role.opening) and role in order:
                return n, role, here
        return roots_above_problems(ctx) or moved_before_heading(ctx)
    seen: list[Role] = []
    led: dict[int, Role] = {}  # a parsed part's start → the role its own lead paragraph is anchored to
    for n, role in anchors(ctx):
        if role not in order:
            continue
        sec = _section_at(ctx, n)
        if sec is not None and _is_item(ctx.line(n)) and led.get(sec.start_line) == sec.role != role:
            continue  # an item of a list its lead (究其原因，主要有以下几个方面。) names: the lead's part, whatever its cues
        if sec is not None and role == sec.role and not _is_item(ctx.line(n)):
            led.setdefault(sec.start_line, role)
        later = [r for r in seen if r in order and order.index(r) > order.index(role)]
        if later:
            return n, role, later[-1]
        seen.append(role)
    return None


def _section_at(ctx: Ctx, n: int) -> Section | None:
    return next((s for s in ctx.report.sections if s.start_line <= n <= s.end_line), None)


_ITEM_OPENS = re.compile(r"^\s*(?:[一二三四五六七八九十]是|首先|其次|再次|最后|第[一二三四五六七八九十][，、])")


def _is_item(text: str) -> bool:
    """A numbered item (一、 （一） 1.) or an item opened by 一是/首先/第一."""
    return leading_marker(text) is not None or bool(_ITEM_OPENS.match(text))


def roots_above_problems(ctx: Ctx) -> tuple[int, Role, Role] | None:
    """(line, causes, problems) of a whole causes paragraph (究其原因，主观上是我…) standing under the problems'
    heading above a paragraph that states a problem: the roots moved above what they explain. A lead that only
    announces the roots' list (究其原因，主要有以下几点：) or is one short sentence is followed by its items."""
    order = ctx.rubric.order()
    if Role.causes not in order or Role.problems not in order:
        return None
    secs = ctx.report.sections
    for k, sec in enumerate(secs):
        # the problems' own lines; or, under a combined heading (存在的问题及原因) whose problems part is the heading
        # alone, the unheaded causes part after it: the roots read first take all the paragraphs for causes
        bare_above = k > 0 and secs[k - 1].role == Role.problems and secs[k - 1].heading is not None \
            and not any(ctx.line(n).strip() for n in range(secs[k - 1].start_line + 1, secs[k - 1].end_line + 1))
        if not (sec.role == Role.problems or (sec.role == Role.causes and sec.heading is None and bare_above)):
            continue
        roots = None
        for n in range(sec.start_line, sec.end_line + 1):
            text = ctx.line(n).strip()
            if not text:
                continue
            if roots is None:
                if lead_anchor(text) and not text.endswith(("：", ":")) and not is_bare_lead(text) \
                        and not ANNOUNCES.search(text):
                    roots = n
                continue
            cues = cue_scores(text)
            if cues.get(Role.problems, 0.0) >= 3 and cues[Role.problems] > 1.5 * cues.get(Role.causes, 0.0):
                return roots, Role.causes, Role.problems
            if _is_item(text) and _SHORTFALL_TITLE.search(_ITEM_HEAD.sub("", text, count=1).split("。", 1)[0] + "。"):
                return roots, Role.causes, Role.problems  # 一是党员作用发挥不均衡。…: a problem item below its roots
    return None


# An item whose title sentence names a shortfall (一是村级后备力量不足。): a problem stated, below a whole causes
# paragraph that does not announce a list (that paragraph's items would be its roots).
_ITEM_HEAD = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十0-9]+[)）、.．]|[一二三四五六七八九十]是|首先|其次|再次|最后)[，,]?")
_SHORTFALL_TITLE = re.compile(
    r"^[^。；]{2,24}(?:(?:不够|不太|还不|仍不)[^。；，]{0,3}|不(?:足|强|高|深|实|严|细|宽|广|稳定?|均衡|平衡|到位|充分|明显|规范|"
    r"健全|完善|紧密|经常|多)|欠缺|薄弱|滞后|偏少|较少|偏弱|较弱|偏低|较低|单一|有差距|有待[^。；，]{2})(?:的问题)?[。；]$")


def _list_lead(ctx: Ctx, sec: Section, last: int) -> Role | None:
    """Causes, for a part that ends on a list (一是…四是…) whose lead announces the roots (分析原因，…主要有以下几个
    方面): the lead and its items moved above the next heading together."""
    n = last
    while n > sec.start_line and (not ctx.line(n).strip() or _is_item(ctx.line(n))):
        n -= 1
    text = ctx.line(n).strip()
    if n == last or leading_marker(text) is not None or PLANS_LEAD.search(text) or not causes_lead(text):
        return None
    return Role.causes


def moved_before_heading(ctx: Ctx) -> tuple[int, Role, Role] | None:
    """(line, role, next part) of a part's last paragraph whose wording is, beyond doubt, a part that belongs after
    the headed part that follows it (a causes paragraph moved above its “存在的问题及原因” heading)."""
    order = ctx.rubric.order()
    secs = [s for s in ctx.report.sections if s.role in order]
    for sec, nxt in zip(secs, secs[1:], strict=False):
        if nxt.heading is None:
            continue
        last = next((n for n in range(sec.end_line, sec.start_line, -1) if ctx.line(n).strip()), None)
        if last is None:
            continue
        cues = cue_scores(ctx.line(last))
        role = max(_ANCHOR_ROLES, key=lambda r: cues.get(r, 0.0))
        if cues.get(role, 0.0) < _ANCHOR_CUES or any(v > cues[role] for v in cues.values()):
            lead = lead_anchor(ctx.line(last)) or _list_lead(ctx, sec, last)
            if lead is None:
                continue
            role = lead
        if role != sec.role and order.index(role) > order.index(nxt.role):
            return last, role, nxt.role
    return None
