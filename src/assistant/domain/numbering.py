"""Numbering markers of the 公文 hierarchy: 一、 （一） 1. （1） and the in-paragraph 一是/二是.

Levels: 1 一、, 2 （一）, 3 1., 4 （1）, 5 一是 (also 首先/其次 and 一方面/另一方面, read as 1, 2, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "零〇一二三四五六七八九十"


def cn_to_int(s: str) -> int | None:
    """Chinese numerals below 1000 (五, 十四, 二十三, 一百, 一百零五) to int; Arabic digits pass through; None for
    anything else (十十, 三二)."""
    if s.isdigit():
        return int(s)
    hundreds, sep, rest = s.partition("百")
    if sep:
        h = _CN_DIGITS.get(hundreds) if hundreds else 1
        r = _below_100(rest[1:]) if rest[:1] in ("零", "〇") else (_below_100(rest) if rest else 0)
        return None if not h or r is None else h * 100 + r
    return _below_100(s)


def _below_100(s: str) -> int | None:
    if not s:
        return None
    if len(s) == 1 and s in _CN_DIGITS:
        return _CN_DIGITS[s]
    tens, sep, ones = s.partition("十")
    if not sep or len(tens) > 1 or len(ones) > 1:
        return None
    t = _CN_DIGITS.get(tens) if tens else 1
    o = _CN_DIGITS.get(ones) if ones else 0
    if t is None or o is None or (tens and t == 0):
        return None
    return 10 * t + o


def int_to_cn(n: int) -> str:
    """0 … 9999 in Chinese numerals (十, 二十一, 一百零五, 一千零一十); other numbers in Arabic digits."""
    digits = "零一二三四五六七八九"
    if not 0 <= n <= 9999:
        return str(n)  # a list numbered past 9999 (or from a negative start in a .docx): no Chinese form needed
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        else:
            zero = True
    return out


STYLES = {"一、": 1, "（一）": 2, "1.": 3, "（1）": 4, "一是": 5}


def format_marker(style: str, value: int) -> str:
    if style == "一、":
        return f"{int_to_cn(value)}、"
    if style == "（一）":
        return f"（{int_to_cn(value)}）"
    if style == "1.":
        return f"{value}."
    if style == "（1）":
        return f"（{value}）"
    return f"{int_to_cn(value)}是"


@dataclass(frozen=True)
class Marker:
    style: str
    level: int
    value: int
    text: str
    start: int
    end: int


_LEADING = [
    ("一、", re.compile(rf"^([{CN_NUM}]{{1,3}})\s*[、，,]")),
    ("（一）", re.compile(rf"^[（(〔]\s*([{CN_NUM}]{{1,3}})\s*[）)〕]")),
    ("（1）", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]")),
    ("1.", re.compile(r"^(\d{1,2})\s*[.．、](?!\d)")),
    ("一是", re.compile(rf"^([{CN_NUM}]{{1,3}})(?:是|要|方面)")),
]
_ORDINAL_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 4, "一方面": 1, "另一方面": 2}
_ORDINAL_RE = re.compile(r"^(首先|其次|再次|另一方面|一方面)[，,：:]")

# In-paragraph sequence: 一是…二是…; only after the start of a sentence or clause, to avoid 统一是.
# After a sentence's end, a comma or a colon, full-width or ASCII (text copied from web pages: …落到实处!二是…).
_INLINE = re.compile(rf"(?:^|(?<=[。；;：:，,！？!?\s”\"]))([{CN_NUM}]{{1,3}})[是要](?![求素务点])")
_FIRST_RUN_ON = re.compile(r"(?<=[\u4e00-\u9fff])一[是要](?![求素务点])")


def leading_marker(text: str) -> Marker | None:
    s = text.lstrip()
    offset = len(text) - len(s)
    for style, pat in _LEADING:
        m = pat.match(s)
        if not m:
            continue
        value = cn_to_int(m.group(1))
        if value is None or value == 0 or value > 60:
            continue
        if style == "一是" and not s[m.end(): m.end() + 1]:
            continue
        # "一要" / "一方面" read as 一是-style items; "二〇二三年" or "一年来" never match (need 是/要/方面).
        return Marker(style, STYLES[style], value, m.group(0), offset, offset + m.end())
    m2 = _ORDINAL_RE.match(s)
    if m2:
        return Marker("一是", 5, _ORDINAL_WORDS[m2.group(1)], m2.group(1), offset, offset + m2.end(1))
    return None


_INLINE_ORDINAL = re.compile(r"(?:^|(?<=[。；;：:，,！？!?\s”\"]))(首先|其次|再次|一方面|另一方面)(?=[，,：:])")


def inline_markers(text: str) -> list[Marker]:
    """一是/二是… markers anywhere in a paragraph (including one at its start), and 首先/其次/再次 or
    一方面/另一方面 when the paragraph has the first of them (a lone 其次 is ordinary prose)."""
    out: list[Marker] = []
    for m in _INLINE.finditer(text):
        value = cn_to_int(m.group(1))
        if value is None or value == 0 or value > 30:
            continue
        out.append(Marker("一是", 5, value, m.group(0), m.start(), m.end()))
    if out and out[0].value == 2:
        # 我将一是…；二是…: the first run on after a word, with no mark before it, where the second follows
        first = None
        for m in _FIRST_RUN_ON.finditer(text, 0, out[0].start):
            first = m
        if first is not None:
            out.insert(0, Marker("一是", 5, 1, first.group(0), first.start(), first.end()))
    if not out:
        words = [(m.group(1), m) for m in _INLINE_ORDINAL.finditer(text)]
        if words and words[0][0] in ("首先", "一方面"):
            out = [Marker("一是", 5, _ORDINAL_WORDS[w], w, m.start(), m.end()) for w, m in words]
    return out


# A bracketed item run into a paragraph after a lead sentence ("…还存在一些不足。（一）…", "1.抓学习。（1）…（2）…"):
# only right after the end of a sentence or a colon, so that a bracketed number quoted mid-sentence is not one.
_RUN_IN = re.compile(rf"(?<=[。；;：:！？!?])\s*([（(]\s*(?:[{CN_NUM}]{{1,3}}|\d{{1,2}})\s*[）)])")


# The same after a comma (…作为重点，（1）建立台账；（2）…): an item only when the next run-in item continues it.
_RUN_IN_COMMA = re.compile(rf"(?<=[，,])\s*([（(]\s*(?:[{CN_NUM}]{{1,3}}|\d{{1,2}})\s*[）)])")


def run_in_markers(text: str) -> list[Marker]:
    """Bracketed items （一）/（1） that follow a sentence inside a paragraph, with their columns in `text`."""
    out: list[Marker] = []
    for m in _RUN_IN.finditer(text):
        lead = leading_marker(text[m.start(1):])
        if lead is not None and lead.style in ("（一）", "（1）"):
            out.append(replace(lead, start=lead.start + m.start(1), end=lead.end + m.start(1)))
    for m in _RUN_IN_COMMA.finditer(text):
        lead = leading_marker(text[m.start(1):])
        if lead is None or lead.style not in ("（一）", "（1）"):
            continue
        nxt = next((x for x in out if x.start > m.start(1) and x.style == lead.style), None)
        if nxt is not None and nxt.value == lead.value + 1:
            out.append(replace(lead, start=lead.start + m.start(1), end=lead.end + m.start(1)))
    return sorted(out, key=lambda x: x.start)
