"""Figures as a summary writes them: a number with its unit or measure word, copied verbatim (12名, 3.5万元,
98%, 两次, 15个党支部, 1:5, 1200余人次).

A range is one figure (1至2名, 8至10户, 三至五个); a batch is one though it is an ordinal (第二批: 入选第二批示范…);
a Chinese count of parts or years counts (三个方面, 三项重点任务, 连续三年).

What is not a figure: a date or period alone (2025年, 2025年6月, 6月15日, 第3季度, 上半年), an ordinal (第一,
第3次), a list marker (一是, （一）, 1.), a fixed political term that holds a numeral (三会一课, 第一议题, 二十大,
四个意识 — the drafting's FIXED_TERMS — and the terms of _TERMS: 九项准则, 两张皮, 二次供水, 二十届三中、四中全会),
a bare number without a measure word (except a spreadsheet cell that holds only a number), an age limit
(35岁以下), a document number (〔2025〕3号). Chinese numerals count from 二/两 up (一 alone is too often an article:
一批, 一线, 一次性), except 一 with 次/轮/半 (每月一次, 开展一轮, 一半以上; not 新一轮, 一次性).

Spans that are not figures are blanked out first (same length), then figures are found in what is left and
sliced from the original text, so a figure is always a substring of its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.numbering import leading_marker
from assistant.services.drafting.grounding import FIXED_TERMS

# Longest first, so 人次 wins over 人 and 个百分点 over 个.
MEASURES = sorted(
    """人次 户次 场次 批次 课时 学时 小时 分钟 平方米 平方公里 公里 千米 万元 亿元 千元 元 个月 个百分点 百分点
    个党支部 个党小组 个党总支 个支部 个基层党组织 个党组织 个网格 个村 个社区
    个 名 人 位 次 项 场 期 篇 份 批 支 家 户 条 所 座 处 件 台 套 本 册 轮 堂 节 门 类 组 队 张 幅 部 首 间 栋
    亩 米 吨 公顷 倍 分 笔 天 周 年 届 岁 万人 万户
    期次 班次 架次 车次 台次 人天 人日 对 副 辆 株 棵 只 头 箱 袋 盏 块 栏 起 例 宗 卷 枚 斤 公斤 千克 立方米 床
    """.split(), key=len, reverse=True)
# Measure words a Chinese numeral before them rarely counts with (抓两头, 两只手): only after an Arabic number.
_ARABIC_ONLY = {"头", "只", "副"}
# A measure word that, with the next character, is a word of its own (四对接, 一一对应): then no figure.
_WORD_AFTER = {"对": "接应照比象标口待话于"}
_MEASURE = "|".join(MEASURES)
_AR_NUM = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_DIGIT = "一二两三四五六七八九十"
CN_ALL = "零〇一二两三四五六七八九十百千万亿"

# Terms with a numeral that the drafting's FIXED_TERMS does not hold (it needs the whole 二十届三中全会; a summary
# writes 二十届三中、四中全会).
_TERMS = re.compile(r"九项准则|两张皮|二次供水|(?:十|二十)[一二三四五六七八九]?届(?=[一二三四五六七八九十]+中)")
# Not figures (blanked before matching). Order does not matter; each is a whole span.
_NOT_FIGURES = [
    _TERMS,
    re.compile(r"\d{4}\s*[-—–~～至到]\s*\d{4}\s*年度?"),  # 2024—2026年
    re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[届级]"),  # 2025届毕业生, 2023级新生: a class, not a count
    re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年度?(?:\s*\d{1,2}\s*月(?:份|底|初|末)?(?:\s*\d{1,2}\s*[日号])?)?"),  # 2025年6月
    re.compile(r"(?<![\d个])\d{1,2}\s*月(?:份|底|初|末|上旬|中旬|下旬)?(?:\s*\d{1,2}\s*[日号])?"),  # 6月, 6月15日
    re.compile(r"(?<![\d.])\d{1,2}\s*日"),
    re.compile(rf"第\s*(?:\d+|[{CN_ALL}]+)(?!\s*批)"),  # ordinals: 第3季度, 第一书记, 第二次 (not 第二批)
    re.compile(rf"(?:[\d{CN_DIGIT}]|[一二三四])\s*季度|[上下]半年"),
    re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号"),  # 〔2025〕3号
    re.compile(r"(?<!\d)\d+\s*岁\s*(?:及\s*)?(?:以下|以上|以内|以后|之前)"),  # an age limit, not a count
    re.compile(r"(?<!\d)\d+\s*(?:岁\s*)?(?:至|到|[-—–~～])\s*\d+\s*周?岁"),  # an age band (36至60岁), not a count
    re.compile(r"(?:[一二三四五六七八九十]|(?<!\d)\d+)\s*(?:是|要|方面)(?=[^面])"),  # 一是 …, in a paragraph
    re.compile(r"(?:上午|下午|晚上|早上|时间)\s*\d{1,2}\s*[:：]\s*\d{2}"),  # a clock time, not a ratio
]
_RATIO = re.compile(rf"(?<![\d.])(?:{_AR_NUM})\s*[:：∶]\s*(?:{_AR_NUM})(?![\d.])")
_PERCENT = re.compile(rf"(?<![\d.A-Za-z])(?:{_AR_NUM})\s*(?:%|％|‰|个百分点|百分点)")
_PCT_CN = re.compile(rf"百分之[{CN_ALL}点]+")
# An Arabic number with an optional multiplier (万, 亿…), 余/多, and a measure word; at least one of the two.
_AR = re.compile(rf"(?<![\d.A-Za-z])(?:{_AR_NUM})\s*(?:(?:万|千|百|亿)\s*(?:余|多)?\s*(?:{_MEASURE})?|"
                 rf"(?:余|多)?\s*(?:{_MEASURE}))")
# A range with its measure word: 1至2名, 8至10户, 2-3个, 三至五名.
_RANGE = re.compile(rf"(?<![\d.A-Za-z])(?:{_AR_NUM})\s*(?:至|到|-|—|–|~|～)\s*(?:{_AR_NUM})\s*(?:万|千|百|亿)?\s*"
                    rf"(?:余|多)?\s*(?:{_MEASURE}|%|％)|(?<![{CN_ALL}第])[{CN_DIGIT}]+\s*(?:至|到)\s*[{CN_DIGIT}]+\s*(?:{_MEASURE})")
_BATCH = re.compile(rf"第\s*(?:\d+|[{CN_ALL}]+)\s*批")  # 入选第二批示范品牌
# 一 as a count: with 次/轮 (每月开展一次, 再开展一轮), or a half (一半以上); not 一次性, 新一轮, 每一次, 统一, 十届一次会议.
_ONE = re.compile(r"(?<![一二三四五六七八九十第之统单逐唯进新上下首末每这那同届])一(?:[次轮](?![性次轮])|半(?![一半]))")
# 连续三年: a Chinese numeral with 年 is a count after 连续 (elsewhere 三年行动, 十年来 are names and periods).
_YEARS_RUNNING = re.compile(rf"(?<=连续)[{CN_DIGIT}][{CN_ALL}]*\s*年")
# A Chinese numeral from 二/两 up (十, 二十三, 一百, 两千) with 余/多 and a measure word.
_CN = re.compile(rf"(?<![{CN_ALL}第之周期])([{CN_DIGIT}][{CN_ALL}]*)\s*(余|多)?\s*({_MEASURE})")
# After a Chinese count, words that make it a formulation (三个方面, 两个确立, 四个一批), not a count.
_CN_FORMULA_AFTER = re.compile(r"[“\"‘「]|层面|环节|维度|聚焦|坚持|着力|突出|必须|意识|自信|维护|确立|务必|代表|全面|"
                               r"一批|一|结合|责任|字|部曲|步走|化|融合|同步|联动|提升|强化|到位|优先|引领|不|有")


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str


def _blank(text: str) -> str:
    t = text
    m = leading_marker(t)
    if m:
        t = "\0" * m.end + t[m.end:]
    for pat in (FIXED_TERMS, *_NOT_FIGURES):
        t = pat.sub(lambda x: "\0" * len(x.group(0)), t)
    return t


def find_figures(text: str) -> list[Figure]:
    """The figures of `text` in order, each a verbatim slice of it (see the module's docstring)."""
    t = _blank(text)
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []

    def add(a: int, b: int) -> None:
        while b > a and text[b - 1].isspace():
            b -= 1
        if all(b <= x or a >= y for x, y in taken):
            taken.append((a, b))
            out.append(Figure(a, b, text[a:b]))

    def word_after(end: int) -> bool:
        return end < len(t) and t[end] in _WORD_AFTER.get(t[end - 1], "")

    for pat in (_RANGE, _BATCH, _RATIO, _PERCENT, _PCT_CN, _AR, _ONE, _YEARS_RUNNING):
        for m in pat.finditer(t):
            if not word_after(m.end()):
                add(m.start(), m.end())
    for m in _CN.finditer(t):
        num = m.group(1)
        if set(num) == {"一"} or word_after(m.end()) or (num[0] in "一十" and len(num) == 1 and m.group(3) in ("类", "年", "分", "部")):
            continue
        if _CN_FORMULA_AFTER.match(t, m.end()) or m.group(3) in ("年", "分", "米", "周", "岁", *_ARABIC_ONLY):
            continue  # 三年行动, 十分, 两个务必: Chinese numerals with these read as words, not counts
        add(m.start(), m.end())
    return sorted(out, key=lambda f: f.start)


def figure_texts(text: str) -> list[str]:
    """The figures of `text` as written, each once, in order."""
    seen: list[str] = []
    for f in find_figures(text):
        if f.text not in seen:
            seen.append(f.text)
    return seen


def is_number_cell(text: str) -> bool:
    """A spreadsheet cell that holds only a number (or a percentage): a figure of its row."""
    return bool(re.fullmatch(rf"(?:{_AR_NUM})\s*(?:%|％)?", text.strip()))
