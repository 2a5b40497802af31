"""Marks of copied or careless text: halfwidth-punct (, ! ? ; : and straight quotes in Chinese text) and
letter-d (the letter D, or XJP, standing for 党 or 习近平)."""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.checks.base import CJK, CJK_PUNCT, Ctx
from assistant.domain.letter_d import find_letter_d
from assistant.domain.models import Finding

FULL_WIDTH = {",": "，", "!": "！", "?": "？", ";": "；", ":": "：", '"': "“”", "'": "‘’"}


@cache
def _marks(marks: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(marks)}]")


def _chinese_side(ch: str) -> bool:
    return bool(ch) and (bool(CJK.match(ch)) or ch in CJK_PUNCT)


def halfwidth_hits(text: str, marks: str) -> list[tuple[int, str]]:
    hits = []
    for m in _marks(marks).finditer(text):
        i, ch = m.start(), m.group()
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        # a space typed after the mark, as in English (增长6.8%; 新引进): the text beyond it is the mark's side
        after = after if after not in " \u00a0" else text[i + 1:].lstrip(" \u00a0")[:1]
        if ch in "\"'":
            # A straight quote counts when the quoted text is Chinese, on either side of the mark.
            if _chinese_side(before) or _chinese_side(after):
                hits.append((i, ch))
        elif _chinese_side(before) or (_chinese_side(after) and not (before.isascii() and before.isalpha())):
            # after a figure too: 同比增长14.3%;新引进 (an ASCII word before it, Note: 说明, is left alone)
            hits.append((i, ch))
    return hits


def halfwidth(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for n, text in ctx.all_lines():
        hits = halfwidth_hits(text, ctx.cfg.halfwidth_marks)
        if not hits:
            continue
        i, ch = hits[0]
        marks = "".join(dict.fromkeys(c for _, c in hits))
        fixes = "、".join(f"“{c}”→“{FULL_WIDTH.get(c, c)}”" for c in marks)
        msg = f"中文里用了半角标点“{marks}”" + (f"（本行共{len(hits)}处）" if len(hits) > 1 else "")
        f = ctx.finding("halfwidth-punct", n, msg, f"改为全角标点：{fixes}。", span=(i, i + 1), context=4)
        if f:
            out.append(f)
    return out


def letter_d(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for n in range(ctx.report.start_line, ctx.report.end_line + 1):
        raw = ctx.raw_line(n)
        hits = find_letter_d(raw)
        if not hits:
            continue
        col, letters = hits[0]
        word = "习近平" if letters.upper().startswith("XJP") else "党"
        before = raw[max(col - 2, 0): col]
        before = before[len(before) - len(before.lstrip("#")):] if "#" in before else before  # not a ##marker##
        shown = before + raw[col: col + len(letters) + 2]
        msg = f"字母“{letters}”代替了“{word}”（素材网站的写法）" + (f"，本行共{len(hits)}处" if len(hits) > 1 else "")
        f = ctx.finding("letter-d", n, msg, f"把字母改回“{word}”，并全文检查。", evidence=shown)
        if f:
            f.column = col + 1
            out.append(f)
    return out


def check(ctx: Ctx) -> list[Finding]:
    return halfwidth(ctx) + letter_d(ctx)
