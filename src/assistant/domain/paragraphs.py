"""Paragraph features for the parser: numbering marker, part heading, numbering restarts; title lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from assistant.domain.models import Role
from assistant.domain.numbering import Marker, inline_markers, leading_marker
from assistant.domain.prefilter import any_of, none_match
from assistant.domain.rules import load_data
from assistant.domain.text import HAN

_MD_PREFIX = re.compile(r"^(?:#{1,6}\s*|>\s*|[-*+]\s+(?=\S))")
_MD_BOLD = re.compile(r"^\*\*(.+?)\*\*[:：]?$")
_SIGNATURE = re.compile(
    r"^((述职人|报告人|汇报人|单位|署名)[:：].{0,30}|[（(]?\d{4}\s*年\s*\d{0,2}\s*月(\s*\d{0,2}\s*日)?[）)]?"
    rf"|[^\s，。；：]{{0,20}}(党委|党支部|党总支|党工委|党组)书记[：:]?\s*[{HAN}]{{2,3}})$"
)


# An author or occasion line under the title: ——在…述职评议会上的发言, 县委书记 王某明, （2023年12月）.
AUTHOR = re.compile(
    r"^(——|—|－－|--).{2,60}$|^[（(]?\s*(述职人|报告人|汇报人)[:：].{0,30}$"
    rf"|^[^\s，。；：,;:]{{0,24}}(书记|副书记|主任|局长|校长|院长|部长|董事长|总经理|主席|县长|区长|市长|镇长|乡长|"
    rf"理事长|会长|秘书长|行长|所长|站长|社长|总裁|厂长|经理)\s+[{HAN}]{{2,4}}$"
)
_ANNEX = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]?\s*[:：.．、]?")


def _unnamed_heading(p: Para, styled: bool, next_text: str | None = None) -> bool:
    """A short numbered heading line (一、 or （一） or 1.) or a Word heading that names no part; or, unnumbered,
    a short line without sentence punctuation over a longer paragraph (共学共建，让基层组织“强”起来)."""
    if p.heading_roles:
        return False
    if not (p.marker or styled):
        return (next_text is not None and len(p.text) <= 24 and len(next_text) >= 40
                and not re.search(r"[。；;！!？?]", p.text) and not p.text.endswith(("：", ":")))
    if p.marker and p.marker.level > 4:
        return False
    body = (p.text[p.marker.end:] if p.marker else p.text).strip().rstrip("。.")
    return 0 < len(body) <= 36 and not re.search(r"[。；;！？]", body) and not body.endswith(("：", ":"))


def plain(text: str) -> str:
    """Text of a line without Markdown decoration (#, **, >, list bullets)."""
    t = text.strip()
    t = _MD_PREFIX.sub("", t).strip()
    m = _MD_BOLD.match(t)
    if m:
        t = m.group(1).strip()
    return t.replace("**", "")


@dataclass
class Para:
    line: int  # 1-based line in the source file
    text: str
    marker: Marker | None = None
    inline: list[Marker] = field(default_factory=list)
    heading_roles: list[Role] = field(default_factory=list)
    restarts: bool = False  # numbering goes back to 1 in a sequence that had reached 2 or more
    continues: bool = False  # the next number of a running sequence (二是 after 一是)
    in_list: bool = False  # some earlier paragraph of the report is numbered
    lead_in: bool = False  # a short unnumbered line ending in a colon that announces the numbered list below it
    unnamed_heading: bool = False  # a numbered heading line that names no part (聚焦主业，让堡垒更坚强)


@cache
def _heading_rules() -> tuple[list[tuple[Role, re.Pattern[str]]], int]:
    data = load_data("cues.yaml")["headings"]
    rules = [(Role(k), re.compile(p)) for k, v in data.items() if k != "max_length" for p in v]
    return rules, int(data.get("max_length", 32))


@cache
def _any_heading_rule() -> re.Pattern[str] | None:
    return any_of(tuple(p.pattern for _, p in _heading_rules()[0]))


def heading_roles(text: str, marker: Marker | None, styled_heading: bool = False) -> list[Role]:
    """Roles named by a part heading (most prominent first); [] if the line is not a part heading."""
    rules, max_len = _heading_rules()
    body = text[marker.end:] if marker else text
    body = body.strip().rstrip("：:。.").strip()
    if not body or len(body) > max_len or "。" in body:
        return []
    if not marker and not styled_heading and re.search(r"[，,；;！？]", body):
        return []  # an unnumbered line with clauses is a sentence (…切实履职尽责，为…提供坚强保证), not a heading
    if none_match(_any_heading_rule(), body):
        return []
    found: list[tuple[int, int, Role]] = []
    for role, pat in rules:
        m = pat.search(body)
        if m:
            found.append((m.start(), -(m.end() - m.start()), role))
    if not found:
        return []
    found.sort()
    covered = max(-f[1] for f in found)
    # A second-level (or lower) numbered line is usually an item, not a part: require that the part
    # words make up much of it, unless Word styled it as a heading.
    if marker and marker.level >= 2 and not styled_heading and covered / len(body) < 0.4:
        return []
    roles: list[Role] = []
    for _, _, r in found:
        if r not in roles:
            roles.append(r)
    if Role.problems in roles and Role.causes in roles:
        # 问题及原因: the causes' longer match starts with the same word, but a combined part opens on its problems
        roles.remove(Role.problems)
        roles.insert(roles.index(Role.causes), Role.problems)
    return roles


@cache
def _title_rules() -> tuple[list[re.Pattern[str]], int]:
    data = load_data("cues.yaml")["title"]
    return [re.compile(p) for p in data["patterns"]], int(data.get("max_length", 60))


def is_title(text: str) -> bool:
    pats, max_len = _title_rules()
    t = plain(text)
    if not t or len(t) > max_len or t[-1] in "。；;，,：:！!？?" or leading_marker(t):
        return False
    if "，" in t and not t.endswith(("报告", "述职报告")):
        return False  # a sentence with clauses (…以这次述职为契机，…) is no title
    if "如下" in t or "现将" in t or "：" in t or ":" in t:
        return False
    if t.startswith(("—", "－", "--")):
        return False  # a subtitle under the title (——在…述职评议会上的发言)
    if "报告" not in t and heading_roles(t, None):
        return False  # an unnumbered part heading that names the review (上年度述职评议问题整改情况)
    return any(p.search(t) for p in pats)


def find_titles(lines: list[str], heading_levels: dict[int, int]) -> list[int]:
    out = []
    for i, line in enumerate(lines, start=1):
        if line.strip() and is_title(line):
            # A Word heading of level 2 or deeper that mentions 报告 is a part, not a new report.
            if heading_levels.get(i, 0) >= 2:
                continue
            out.append(i)
    return out


_UNIT_END = re.compile(r"(委员会|党委|党支部|党总支|党工委|党组|书记|公司|集团|局|院|校|学院|医院|街道|社区|村|镇|乡|县委|市委|"
                       r"办公室|机关|中心|园区|开发区)$")
_TITLE_TAIL = re.compile(r"^((19|20)\d{2}\s*年|关于|抓|履行|述职|年度)")


def title_head(lines: list[str], t: int) -> int:
    """The first line of the title whose last line is t: a title on two lines puts the unit on the line above
    (XX镇党委书记 / 2023年度抓基层党建工作述职报告)."""
    if t < 2:
        return t
    prev = plain(lines[t - 2])
    if (not prev or len(prev) > 40 or re.search(r"[。；;，,：:！？]", prev) or leading_marker(prev)
            or is_title(prev)):
        return t
    title = plain(lines[t - 1])
    if _TITLE_TAIL.match(title) or _UNIT_END.search(prev):
        return t - 1
    return t


def build_paras(lines: list[str], start: int, end: int, heading_levels: dict[int, int]) -> list[Para]:
    paras: list[Para] = []
    for i in range(start, end + 1):
        t = plain(lines[i - 1])
        if not t:
            continue
        marker = leading_marker(t)
        p = Para(line=i, text=t, marker=marker, inline=inline_markers(t))
        p.heading_roles = heading_roles(t, marker, styled_heading=i in heading_levels)
        paras.append(p)
    # A signature block, date or 附件 line after the last paragraph, and an author line or date under the
    # title, belong to no part.
    while paras and len(paras) > 1 and (_SIGNATURE.match(paras[-1].text) or _ANNEX.match(paras[-1].text)):
        paras.pop()
    while len(paras) > 1 and (AUTHOR.match(paras[0].text) or _SIGNATURE.match(paras[0].text)):
        paras.pop(0)
    for k, p in enumerate(paras):
        nxt = paras[k + 1].text if 0 < k < len(paras) - 1 else None  # not the first or the last paragraph
        p.unnamed_heading = _unnamed_heading(p, styled=p.line in heading_levels, next_text=nxt)
    _mark_sequences(paras)
    for p, q in zip(paras, paras[1:], strict=False):
        p.lead_in = (not p.marker and not p.heading_roles and bool(q.marker) and len(p.text) <= 50
                     and p.text.rstrip().endswith(("：", ":")))
    return paras


def _mark_sequences(paras: list[Para]) -> None:
    last_val: dict[str, int] = {}
    last_idx: dict[str, int] = {}
    seen_marker = False
    for i, p in enumerate(paras):
        p.in_list = seen_marker
        m = p.marker
        if m:
            seen_marker = True
            if m.style in last_val:
                higher = any(q.marker and q.marker.level < m.level for q in paras[last_idx[m.style] + 1 : i])
                if not higher:
                    p.restarts = m.value == 1 and last_val[m.style] >= 2
                    p.continues = m.value == last_val[m.style] + 1
            last_val[m.style] = m.value
            last_idx[m.style] = i
        if p.inline:
            last_val["一是"] = max(x.value for x in p.inline)
            last_idx["一是"] = i
