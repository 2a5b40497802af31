"""The code owns the structure: it cleans each part's text, renumbers its items at every level, and puts
the parts together under numbered headings in the rubric's order.

Whatever markers a model used (一、 / （一） / 1. / 一是), a part's top-level items become （一）（二）…,
the level below 1. 2. …, the next （1）（2）…; in-paragraph 一是/二是 sequences are renumbered in order.
"""

from __future__ import annotations

import re

from assistant.domain.models import Role
from assistant.domain.numbering import format_marker, inline_markers, int_to_cn, leading_marker
from assistant.domain.rules import load_data
from assistant.domain.text import HAN, HAN_RE
from assistant.services.drafting.models import DraftPart

ITEM_STYLES = ["（一）", "1.", "（1）"]  # the styles a part's items get, by depth
INLINE_LEVEL = 5  # 一是/二是
_FENCE = re.compile(r"^```.*$", re.M)
_MD = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*)")


def _heading_patterns(role: Role) -> list[re.Pattern[str]]:
    pats = load_data("cues.yaml").get("headings", {}).get(role.value, [])
    return [re.compile(p) for p in pats if isinstance(p, str)]


def _is_heading_echo(line: str, role: Role, heading: str | None) -> bool:
    # A short line without a full stop that names the part: the model repeated the heading the code writes.
    m = leading_marker(line)
    body = line[m.end:] if m else line
    body = body.strip().strip("：:")
    if not body or len(body) > 32 or "。" in body:
        return False
    if heading and (heading in body or body in heading):
        return True
    return any(p.search(body) for p in _heading_patterns(role))


def _is_title_echo(line: str) -> bool:
    return "述职报告" in line and len(line) <= 60 and "。" not in line and "：" not in line


def clean_lines(raw: str, role: Role, heading: str | None) -> list[str]:
    """The model's answer as paragraphs: fences, markdown marks and echoed headings removed."""
    text = _FENCE.sub("", raw.replace("\r\n", "\n"))
    lines = []
    for ln in text.split("\n"):
        ln = _MD.sub("", ln).replace("**", "").replace("__", "").strip()
        if ln:
            lines.append(ln)
    if any(HAN_RE.search(ln) for ln in lines):
        # a line without a Chinese character among prose (<<<, ---, a lone marker) is no paragraph; an answer with
        # none at all stays, for the prose check to name it
        lines = [ln for ln in lines if HAN_RE.search(ln)]
    # only the first line(s) can be an echo of the report title or of the part heading
    while lines and (_is_title_echo(lines[0]) or _is_heading_echo(lines[0], role, heading)):
        lines.pop(0)
    return lines


def renumber_inline(text: str) -> str:
    """一是…三是… → 一是…二是… within one paragraph (only when the sequence has two markers or more)."""
    ms = inline_markers(text)
    if len(ms) < 2:
        return text
    out, pos = [], 0
    for i, m in enumerate(ms, 1):
        out.append(text[pos : m.start])
        out.append(f"{int_to_cn(i)}是")
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def number_items(lines: list[str]) -> list[str]:
    """Renumber leading markers by depth: the shallowest marker level in the part becomes （一）."""
    marks = [leading_marker(ln) for ln in lines]
    levels = sorted({m.level for m in marks if m is not None})
    if len(levels) > 1 and INLINE_LEVEL in levels:
        # 一是/二是 at a paragraph's start under numbered items is an in-paragraph sequence, not an item
        levels.remove(INLINE_LEVEL)
        marks = [m if m is None or m.level != INLINE_LEVEL else None for m in marks]
    if not levels:
        return [renumber_inline(ln) for ln in lines]
    depth = {lv: min(i, len(ITEM_STYLES) - 1) for i, lv in enumerate(levels)}
    counters = [0] * len(ITEM_STYLES)
    out = []
    for ln, m in zip(lines, marks, strict=True):
        if m is None:
            out.append(renumber_inline(ln))
            continue
        d = depth[m.level]
        counters[d] += 1
        for deeper in range(d + 1, len(counters)):
            counters[deeper] = 0
        body = ln[m.end :].lstrip(" 　：:，,")
        out.append(format_marker(ITEM_STYLES[d], counters[d]) + renumber_inline(body))
    return out


_HALF = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_CJK = HAN
_HALF_RE = re.compile(rf"(?<=[{_CJK}）”])([,;:!?])|([,;:!?])(?=[{_CJK}（“])")
_QUOTE_RE = re.compile(r'"([^"\n]{1,60})"')


def fix_punct(line: str) -> str:
    """Half-width punctuation and straight quotes next to Chinese text become full-width (公文 style)."""
    line = _QUOTE_RE.sub(lambda m: f"“{m.group(1)}”" if re.search(f"[{_CJK}]", m.group(1)) else m.group(0), line)
    return _HALF_RE.sub(lambda m: _HALF[m.group(1) or m.group(2)], line)


def normalise_part(raw: str, role: Role, heading: str | None, numbered: bool) -> str:
    lines = [fix_punct(ln) for ln in clean_lines(raw, role, heading)]
    if role == Role.title:
        return lines[0].strip("《》") if lines else ""
    if not numbered:
        # opening and closing are plain paragraphs: a marker there is the model's, not the structure's
        return "\n".join(renumber_inline(ln) for ln in lines)
    return "\n".join(number_items(lines))


def assemble(title: str, parts: list[DraftPart]) -> tuple[str, str, list[Role]]:
    """The report as plain text and as markdown, and the role of each text line; numbers the headings of
    the numbered parts 一、二、…"""
    txt = [title]
    roles = [Role.title]
    md = [f"# {title}", ""]
    n = 0
    for p in parts:
        if p.role == Role.title:
            continue
        if p.heading:
            n += 1
            p.number = f"{int_to_cn(n)}、"
            txt.append(p.number + p.heading)
            roles.append(p.role)
            md += [f"## {p.number}{p.heading}", ""]
        for para in p.text.split("\n"):
            if para.strip():
                txt.append(para)
                roles.append(p.role)
                md += [para, ""]
    return "\n".join(txt) + "\n", "\n".join(md).rstrip() + "\n", roles
