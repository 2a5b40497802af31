"""The offline proposal, by rule: every sentence that carries a figure becomes a work item, under the area of
the heading above it; sentences under a heading that names problems or plans, or after a paragraph that opens
such a part without a heading (下一步，… / 工作中还存在一些不足：…), or of a paragraph that states a plan or a
shortfall by its opening (计划…/力争…, 一是…偏低，…), go to `problems`/`priorities` instead (they are not
this year's work: next year's targets must not be drafted as done). There an entry is each sentence that opens
an item (一是…), each sentence with a figure (kept whole, its figures verbatim, for the writer to confirm), and
the first sentence of a paragraph without such items. Nothing is reworded: a work item is its source sentence, less a
leading list marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.models import Role
from assistant.domain.numbering import leading_marker
from assistant.domain.paragraphs import heading_roles
from assistant.domain.profile import MAX_WORK_ITEMS
from assistant.services.profile_extract.figures import figure_texts
from assistant.services.profile_extract.model import Found
from assistant.services.profile_extract.sources import Segment

_MD_HEADING = re.compile(r"^(#{1,6})\s*")
_BULLET = re.compile(r"^(?:[-*+•·●◆■□▪]\s*)")
_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")
_LEAD = re.compile(r"^(.{2,30}?)[。：:](?=.)")  # 一、抓组织建设。全年… : the lead clause is the paragraph's heading
# A paragraph that opens a plans or problems part without a heading of its own (the rest of the document,
# up to the next heading, is that part): 下一步，… / 明年，… / 工作中还存在一些不足：…
_OPENS_PLANS = re.compile(r"^(?:下一步|下步|明年|今后|新的一年|来年|(?:19|20)\d{2}\s*年[，,]?\s*(?:我们|本?支部|党委|党总支)?"
                          r"(?:计划|力争|拟|打算))")
_OPENS_PROBLEMS = re.compile(r"^(?:[但同时，,]*)(?:工作中|我们|当前|目前)?(?:还|也|仍|依然)?(?:存在|有)着?(?:一些|不少|的)?"
                             r"(?:问题|不足|短板|差距|薄弱环节)|^(?:存在的?问题|问题和不足|不足之处)")
# Inside a problems part (存在的不足和下一步打算), a paragraph that opens with a year and what will be done starts
# the plans: 2025年，镇党委将…; elsewhere 将 is too often 把 (2024年，我们将党建与业务…) to say so.
_YEAR_WILL = re.compile(r"^(?:19|20)\d{2}\s*年[，,]\s*[^，。；]{0,12}?(?:将|计划|力争|拟|打算)")
# One paragraph that states a plan or a shortfall by its opening (计划…, 力争…, 一是青年党员比例偏低，…): only it.
_STATES_PLAN = re.compile(r"^(?:计划|力争|拟)")
_DONE = re.compile(r"实际|已经?完成|超额|均已|全部完成")  # 计划发展3名，实际发展4名: a plan that was done
_STATES_SHORTFALL = re.compile(r"^[一二三四五六七八九十]是[^，。；]{0,24}(?:不强|不够|不足|不高|不到位|欠缺|薄弱|滞后|单一|偏低|"
                               r"偏少|偏弱|较少|较弱|有待提高|有待加强)[，。；]")
# The signature and date that close a summary (中共…支部委员会 / 2025年12月18日): no problem, plan or work item.
_SIGNATURE = re.compile(r"^(?:(?:中共)?[^，。；：:\s]{2,30}(?:委员会|党委|党总支|党支部|党组|党工委)|"
                        r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
_INLINE_MARK = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|另外|此外)[，,：:]?")


@dataclass
class Heading:
    level: int
    area: str | None  # None for a heading that names a part (一、主要工作及成效)
    kind: str | None  # "work" | "problems" | "plans" | None (inherit)


def _kind(roles: list[Role]) -> str | None:
    if not roles:
        return None
    if roles[0] in (Role.problems, Role.causes):
        return "problems"
    if roles[0] == Role.plans:
        return "plans"
    return "work"


def _clean(text: str) -> str:
    t = _BULLET.sub("", _MD_HEADING.sub("", text.strip())).replace("**", "").strip()
    m = leading_marker(t)
    if m:
        t = t[m.end:].strip()
    return _INLINE_MARK.sub("", t).strip()


def _heading(seg: Segment, next_seg: Segment | None) -> tuple[Heading, str] | None:
    """The segment as a heading and what follows it in the same segment (a lead clause), or None."""
    if seg.body is not None:  # a spreadsheet row: a heading only when it is one cell of text (一、组织建设)
        if seg.heading_level is None:
            return None
        body = _clean(seg.text)
        roles = heading_roles(body, None, styled_heading=True)
        return Heading(1, None if roles else body, _kind(roles)), ""
    raw = seg.text.strip()
    md = _MD_HEADING.match(raw)
    marker = leading_marker(_MD_HEADING.sub("", raw))
    level = seg.heading_level if seg.heading_level else (len(md.group(1)) if md else
                                                          (marker.level if marker else None))
    body = _clean(raw)
    rest = ""
    short = len(body) <= 40 and not re.search(r"[。；！？]$", body.rstrip()) and not figure_texts(body)
    styled = seg.heading_level is not None or md is not None
    if marker and marker.level <= 4 and not short:
        m = _LEAD.match(body)
        if not m or figure_texts(m.group(1)):
            return None
        body, rest = m.group(1), body[m.end():].strip()
    elif not short or not (styled or (marker and marker.level <= 4)
                           or (len(body) <= 24 and next_seg is not None and len(next_seg.text) >= 40)):
        return None
    if marker is None and not styled and "，" in body:
        return None
    roles = heading_roles(body, None, styled_heading=True)
    area = None if roles else body.rstrip("。：: ")
    return Heading(level or 1, area, _kind(roles)), rest


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _row_figures(seg: Segment) -> list[str]:
    """A table row's figures: those in its text, and its cells that hold only a number (not a year)."""
    figs = figure_texts(seg.item_text)
    for c in seg.cell_figures:
        if c not in figs:
            figs.append(c)  # each once, as figure_texts gives them (a bare 4 is not the 4 of 46人次)
    return figs


def extract_by_rule(segments: list[Segment], title_index: int | None) -> tuple[list[Found], list[Found], list[Found]]:
    """Work items, problems and priorities of a summary's segments (the title's segment skipped)."""
    stack: list[Heading] = []
    work: list[Found] = []
    problems: list[Found] = []
    plans: list[Found] = []
    for i, seg in enumerate(segments):
        if i == title_index:
            continue
        if seg.new_sheet:
            stack.clear()
        h = _heading(seg, segments[i + 1] if i + 1 < len(segments) else None)
        text = seg.item_text
        if h is not None:
            head, text = h
            while stack and stack[-1].level >= head.level:
                stack.pop()
            stack.append(head)
            if not text:
                continue
        elif seg.body is None:
            # a numbered paragraph that is no heading ends the headings of its level (3.推进… after 2.加强…。)
            m = leading_marker(_MD_HEADING.sub("", seg.text.strip()))
            while m is not None and m.level <= 4 and stack and stack[-1].level >= m.level:
                stack.pop()
        kind = next((x.kind for x in reversed(stack) if x.kind), "work")
        if h is None and seg.body is None and _SIGNATURE.match(seg.text.strip()):
            continue
        if h is None and seg.body is None:
            opening = _clean(seg.text)
            plans_open = bool(_OPENS_PLANS.match(opening) or (kind == "problems" and _YEAR_WILL.match(opening)))
            if plans_open or _OPENS_PROBLEMS.match(opening):
                kind = "plans" if plans_open else "problems"
                stack = [Heading(1, None, kind)]  # a part starts here, up to the next heading
            elif kind == "work" and _STATES_PLAN.match(opening) and not _DONE.search(opening):
                kind = "plans"
            elif kind == "work" and _STATES_SHORTFALL.match(seg.text.strip()):
                kind = "problems"
        area = seg.area or next((x.area for x in reversed(stack) if x.area), None)
        if seg.body is not None:  # a table row is one sentence
            figs = _row_figures(seg)
            if figs and kind == "work" and len(text) >= 2:
                work.append(Found(text=text, figures=figs, area=area, where=[seg.where]))
            elif kind != "work" and len(text) >= 4:  # a row of a problems or plans part
                (problems if kind == "problems" else plans).append(Found(text=text, figures=figs, where=[seg.where]))
            continue
        sents = _sentences(text)
        marked = [_marked(x, k) for k, x in enumerate(sents)]
        for k, sent in enumerate(sents):
            figs = figure_texts(sent)
            clean = _clean(sent)
            if kind == "work":
                if figs and len(clean) >= 2:
                    work.append(Found(text=clean, figures=figs, area=area, where=[seg.where]))
            elif len(clean) >= 4 and (figs or marked[k] or (k == 0 and not any(marked))):
                (problems if kind == "problems" else plans).append(Found(text=clean, figures=figs, where=[seg.where]))
    return work, problems, plans


def _marked(sentence: str, k: int) -> bool:
    """A sentence that opens an item of its paragraph (一是…, 其次…, or a list marker inside the paragraph): in a
    problems or plans part it states one problem or plan; a paragraph's first sentence before such items only
    introduces them (还存在一些不足。)."""
    t = sentence.strip()
    m = leading_marker(t)
    return bool(_INLINE_MARK.match(t)) or (m is not None and (k > 0 or m.level == 5))


def fit_limit(items: list[Found], limit: int = MAX_WORK_ITEMS) -> tuple[list[Found], list[Found]]:
    """At most `limit` work items: sentences of one paragraph are joined first, then neighbours of one area;
    what still does not fit is returned apart (the proposal lists it as comments)."""
    items = [i.model_copy(deep=True) for i in items]
    for same in (lambda a, b: a.where == b.where, lambda a, b: a.area == b.area):
        k = 0
        while len(items) > limit and k < len(items) - 1:
            a, b = items[k], items[k + 1]
            if same(a, b):
                a.text += b.text
                a.figures += [f for f in b.figures if f not in a.figures]
                a.where += [w for w in b.where if w not in a.where]
                del items[k + 1]
            else:
                k += 1
    return items[:limit], items[limit:]
