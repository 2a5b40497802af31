"""Grounding: every figure in a draft must come from the profile; anything else becomes a visible slot.

Prompts alone do not stop a model from inventing figures, so this check runs in code on every part.
Figures are compared by value, whatever the numerals: 十二次 and 12次 are the same figure, 百分之九十四点四
and 94.4% too. Names of people and honours that the profile does not contain are slotted the same way
where a pattern can find them (a surname before a title; the words after 荣获/被评为…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.domain.numbering import leading_marker
from assistant.domain.profile import UnitProfile
from assistant.domain.text import HAN

SLOT_RE = re.compile(r"【待补充[：:][^【】]*】")
CN = "零〇一二两三四五六七八九十百千万亿"
# Words that count things in these reports; a Chinese numeral counts only before one of them, so idioms
# (统一, 一线, 进一步) are never read as figures.
MEASURE = ("人次|万元|亿元|千元|元|次|个|名|人|项|场|期|篇|份|批|支|家|户|条|所|座|处|件|台|套|本|册|课|轮|"
           "届|级|类|年|月|日|天|周|小时|分钟|公里|亩|平方米|万|亿")
_AR = re.compile(rf"(\d+(?:\.\d+)?)\s*(%|％|万|亿)?(?:\s*(?:余|多))?\s*({MEASURE})?")
_PCT_CN = re.compile(rf"百分之([{CN}点]+)")
# From the first numeral of a run (the lookbehind), so that a search stays linear in a long run.
_CN_COUNT = re.compile(rf"(?<![{CN}点])([{CN}]+(?:点[{CN}]+)?)(余|多)?({MEASURE})")
# Fixed political formulations and names that contain numerals (docs/domain.md, checklist 9).
FIXED_TERMS = re.compile(
    r"四个意识|四个自信|两个维护|两个确立|三会一课|一岗双责|第一议题|第一责任人?|第一书记|两学一做|三严三实|"
    r"四个全面|五位一体|两个责任|三重一大|八项规定|四风|一肩挑|四议两公开|两新组织|三个务必|两个结合|"
    r"三个代表|四下基层|五个一|(?<![一二三四五六七八九十])[一二三四五六七八九十]+大(?:精神|报告|代表)?|"
    r"(?:十|二十)[一二三四五六七八九]?届[一二三四五六七八九十]+中全会|十[一二三四五六七八九]五|"
    r"(?<![一二三四五六七八九十])[一二三四五六七八九十]+中全会"
)
_QUOTED = re.compile(r"[“\"‘][^”\"’]{1,16}[”\"’]")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
            "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
            "戴莫孔向汤")
_PERSON = re.compile(
    # a name starts after punctuation or after a word that introduces a person (由张三同志), never inside
    # a word (地方党委书记 is no 方党委)
    rf"(?:(?<![{HAN}])|(?<=[由向和与对把被请让经及同跟给为是]))"
    rf"([{SURNAMES}][{HAN}]{{1,2}})(?=同志|书记|主任|经理|部长|局长|校长|院长|村长|董事长|先生|女士)"
)
_HONOUR = re.compile(r"(荣获|获评|被评为|被授予|获得|评为)([“\"《]?[^，。；、\n]{0,30}?(?:称号|奖|荣誉|标兵|模范|先进[^，。；、\n]{0,8}|"
                     r"优秀[^，。；、\n]{0,12}|示范[^，。；、\n]{0,8}|[”\"》]))")

UNIT_LABEL = {"%": "百分比", "％": "百分比", "次": "次数", "人次": "人次", "名": "人数", "人": "人数",
              "元": "金额", "万元": "金额", "亿元": "金额", "千元": "金额", "年": "年份", "月": "月份", "日": "日期",
              "天": "天数", "个": "数量", "项": "项数", "场": "场次", "期": "期数", "篇": "篇数", "户": "户数",
              "家": "家数", "条": "条数", "万": "数量", "亿": "数量"}


@dataclass
class Figure:
    start: int
    end: int
    text: str
    value: float
    percent: bool
    unit: str


@dataclass
class Replacement:
    kind: str  # "figure" | "name" | "honour"
    original: str
    slot: str
    context: str


@dataclass
class GroundingResult:
    text: str
    replaced: list[Replacement] = field(default_factory=list)


def _cn_value(s: str) -> float | None:
    import cn2an

    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _masked(text: str) -> str:
    # Blank out spans that hold numerals but are not figures: fixed terms, quoted formulations, slots.
    def blank(m: re.Match[str]) -> str:
        return "\0" * len(m.group(0))

    t = SLOT_RE.sub(blank, text)
    t = FIXED_TERMS.sub(blank, t)
    return _QUOTED.sub(lambda m: blank(m) if re.search(f"[{CN}]", m.group(0)) and len(m.group(0)) <= 8 else
                       m.group(0), t)


def find_figures(text: str) -> list[Figure]:
    t = _masked(text)
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _PCT_CN.finditer(t):
        v = _cn_value(m.group(1))
        if v is not None:
            out.append(Figure(m.start(), m.end(), text[m.start():m.end()], v, True, "%"))
            taken.append((m.start(), m.end()))
    for m in _AR.finditer(t):
        if not free(m.start(), m.end()):
            continue
        v = float(m.group(1))
        mult = m.group(2)
        if mult == "万":
            v *= 10_000
        elif mult == "亿":
            v *= 100_000_000
        pct = mult in ("%", "％")
        out.append(Figure(m.start(), m.end(), text[m.start():m.end()], v, pct, mult if pct else (m.group(3) or "")))
        taken.append((m.start(), m.end()))
    for m in _CN_COUNT.finditer(t):
        if not free(m.start(), m.end()):
            continue
        num = m.group(1)
        v = _cn_value(num)
        # 一 alone is too often an article (一个坚强的支部, 一次性); 几/数 are not figures at all.
        if v is None or (v == 1 and num in ("一",)):
            continue
        out.append(Figure(m.start(), m.end(), text[m.start():m.end()], v, False, m.group(3)))
        taken.append((m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


def _kind(f: Figure) -> str:
    # Compared by value within a kind: 12次 = 十二次, but 3月 (a date) is not 3名 (a count).
    if f.percent:
        return "pct"
    if f.unit in ("月", "日") or (f.unit == "年" and 1900 <= f.value <= 2100):
        return "date"
    return "num"


def _key(f: Figure) -> tuple[float, str]:
    return (round(f.value, 4), _kind(f))


def figure_keys(text: str) -> set[tuple[float, str]]:
    """The figures a text holds, by value and kind (what grounding compares)."""
    return {_key(f) for f in find_figures(text)}


@dataclass
class Facts:
    """What the profile allows: figure values, and its whole text for names and honours."""

    values: set[tuple[float, str]]
    text: str


def profile_text(p: UnitProfile) -> str:
    parts = [p.unit_name, p.unit_kind, p.writer_position or "", p.superior_org or ""]
    for w in p.work_items:
        parts += [w.text, *w.figures, w.area or ""]
    for r in p.rectifications:
        parts += [r.feedback, r.action, r.status]
    parts += p.problems + p.causes + p.priorities
    return "\n".join(x for x in parts if x)


def facts_of(p: UnitProfile) -> Facts:
    text = profile_text(p)
    values = figure_keys(text)
    # The report year, last year (the feedback being rectified) and next year (the plans) are given by
    # the profile's year.
    # Counts of the profile's own lists (上年度反馈的3个问题) are given by the profile too.
    for n in (len(p.work_items), len(p.rectifications), len(p.problems), len(p.causes), len(p.priorities)):
        if n:
            values.add((float(n), "num"))
    for y in (p.year - 1, p.year, p.year + 1):
        values.add((float(y), "date"))
        values.add((float(y), "num"))  # a bare 2024 without 年
    return Facts(values=values, text=text)


def _context(text: str, a: int, b: int) -> str:
    lo = max(0, a - 12)
    hi = min(len(text), b + 12)
    return text[lo:hi].replace("\n", " ")


def ground(text: str, facts: Facts) -> GroundingResult:
    """Replace figures, names and honours not in the profile by 【待补充：…】 slots, line by line; the
    numbering markers at a line's start (（一） 1. （1）) and 一是/二是 are structure, not figures."""
    lines, replaced = [], []
    for line in text.split("\n"):
        m = leading_marker(line)
        head, body = (line[: m.end], line[m.end :]) if m else ("", line)
        g = _ground_line(body, facts)
        lines.append(head + g.text)
        replaced += g.replaced
    return GroundingResult(text="\n".join(lines), replaced=replaced)


def _ground_line(text: str, facts: Facts) -> GroundingResult:
    reps: list[tuple[int, int, Replacement]] = []
    for f in find_figures(text):
        if _key(f) in facts.values:
            continue
        label = UNIT_LABEL.get(f.unit) or (f"数字（{f.unit}）" if f.unit else "数字")
        slot = f"【待补充：{label}】"
        reps.append((f.start, f.end, Replacement("figure", f.text, slot, _context(text, f.start, f.end))))
    for m in _PERSON.finditer(text):
        name = m.group(1)
        if name not in facts.text:
            reps.append((m.start(1), m.end(1),
                         Replacement("name", name, "【待补充：姓名】", _context(text, m.start(), m.end()))))
    for m in _HONOUR.finditer(text):
        honour = m.group(2)
        core = honour.strip("“”\"《》")
        if core and core not in facts.text:
            reps.append((m.start(2), m.end(2),
                         Replacement("honour", honour, "【待补充：荣誉名称】", _context(text, m.start(), m.end()))))
    # Apply from the end, skipping overlaps (an honour may contain a figure).
    reps.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    kept: list[tuple[int, int, Replacement]] = []
    for r in reps:
        if kept and r[0] < kept[-1][1]:
            continue
        kept.append(r)
    out = text
    for a, b, rep in reversed(kept):
        out = out[:a] + rep.slot + out[b:]
    return GroundingResult(text=out, replaced=[r[2] for r in kept])


def slots_in(text: str) -> list[str]:
    return SLOT_RE.findall(text)
