"""A part's lead and the numbered list it opens (issue 9): in a report without part headings, a short unnumbered
paragraph that leads into the causes (深入分析这些问题的根源…。), the insights (一年来的工作让我有了几点体会。) or
the plans (我将重点抓好以下几项工作。), followed by a numbered sequence that starts again at 1, makes that sequence
the lead's part — even where the items' own wording reads like another part's (a cause worded as a shortcoming,
an insight worded as 必须…). A hard rule of the domain, like the headings: the decoder keeps the lead and its items
in that part where the headings allow it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.domain.models import Role
from assistant.domain.part_features import (
    PLANS_LEAD,
    REPORT_FOLLOWS,
    ParaLike,
    _level,
    announces_items,
    causes_lead,
    cue_scores,
    is_bare_lead,
)

_LEAD_MAX = 90  # a lead is a line or two; a longer paragraph says its part itself
# An insights lead: the writer says the year's work taught them something (…有了更深的认识 / 形成了几点体会 /
# 深刻体会到 / 得到以下启示), not a list of work done.
_INSIGHTS_LEAD = re.compile(
    r"(有了|形成了?|得到了?|获得了?|收获了?|积累了?)[^。；：:]{0,12}(认识|体会|启示|感悟|经验)"
    r"|(几点|以下|如下)[^。；：:]{0,4}(认识|体会|启示|感悟)"
    r"|(深刻|深切|真切)(地)?(体会|认识|感受)到")

_STATES_ROOTS = re.compile(r"(在于|源于|由于|归因于|主要是|根本是|关键是|原因是|根子是|[上面]是)")


def lead_role(p: ParaLike, first: bool) -> Role | None:
    """The part a paragraph leads into, if it is a lead: unnumbered, short, not the report's first paragraph and
    not its 现将…报告如下, and either announcing the list (：/以下) or one short sentence."""
    text = p.text
    if first or p.marker or p.heading_roles or p.unnamed_heading or len(text) > _LEAD_MAX or len(p.inline) >= 2:
        return None
    if REPORT_FOLLOWS.search(text):
        return None
    if not (announces_items(p) or is_bare_lead(text) or PLANS_LEAD.search(text)):
        return None
    if causes_lead(text):
        # a lead that only announces the roots (…原因，既有客观的，也有主观的。); one that already says them (究其原因，
        # 主要是我学习不够深入。) is the whole causes part, and a list after it is the next part's
        said = re.split(r"[，,]", text, maxsplit=1)[-1]  # what follows the announcing clause
        states = bool(_STATES_ROOTS.search(said)) or cue_scores(said).get(Role.problems, 0.0) > 0
        return Role.causes if announces_items(p) or not states else None
    if PLANS_LEAD.search(text):
        return Role.plans
    if _INSIGHTS_LEAD.search(text):
        return Role.insights
    return None


def lead_spans(paras: Sequence[ParaLike]) -> dict[int, Role]:
    """Paragraph index → part, for each lead followed by a numbered sequence that starts at 1 (a new sequence or
    a restart), and for that sequence's items with their sub-items. The list ends at unnumbered text, a part
    heading, a marker of a higher level, or a break in the numbering."""
    out: dict[int, Role] = {}
    for i, p in enumerate(paras[:-1]):
        role = lead_role(p, i == 0)
        first = paras[i + 1]
        m = first.marker
        if role is None or m is None or first.heading_roles or getattr(m, "value", 0) != 1:
            continue
        if first.unnamed_heading and i + 2 < len(paras) and not paras[i + 2].marker:
            continue  # heading lines ((一)强化党员教育管理) with their text under each: left to the model
        style, level, value = getattr(m, "style", None), _level(first), 0
        span = [i]
        for k in range(i + 1, len(paras)):
            q = paras[k]
            qm = q.marker
            if qm is None or q.heading_roles:
                break
            if getattr(qm, "style", None) == style:
                if getattr(qm, "value", 0) != value + 1:
                    break  # a new list (1. again) or a slip in the numbering: not this lead's items
                value += 1
            elif _level(q) <= level:
                break  # a marker of the same or a higher level in another style: another list
            span.append(k)
        if len(span) > 1:
            for k in span:
                out[k] = role
    return out
