"""dated-expression, anniversaries by arithmetic: "新中国成立70周年" is 1949 + 70 = 2019, so it belongs to a
2019 report's work, or to a 2018 report's plans for 2019 (an anniversary is known years ahead), or to this
year's work that prepares for it (迎接/喜迎…). "改革开放30周年" in a 2018 report is copied from 2008.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.numbering import cn_to_int

# The event and the year it happened (general history, docs/domain.md).
EVENTS: dict[str, int] = {
    "新中国成立": 1949, "中华人民共和国成立": 1949, "建国": 1949,
    "中国共产党成立": 1921, "建党": 1921, "党的诞生": 1921,
    "改革开放": 1978, "十一届三中全会召开": 1978,
    "中国人民解放军建军": 1927, "人民解放军建军": 1927, "建军": 1927,
    "五四运动": 1919, "共青团成立": 1922, "建团": 1922, "中国共产主义青年团成立": 1922,
    "抗日战争胜利": 1945, "抗战胜利": 1945, "中国人民抗日战争暨世界反法西斯战争胜利": 1945,
    "红军长征胜利": 1936, "长征胜利": 1936, "遵义会议召开": 1935, "遵义会议": 1935,
    "辛亥革命": 1911, "香港回归": 1997, "澳门回归": 1999,
    "人民政协成立": 1949, "中国人民政治协商会议成立": 1949, "人民政协": 1949,
    "全国人民代表大会成立": 1954, "人民代表大会制度建立": 1954, "全国人大成立": 1954,
    "中国人民志愿军抗美援朝出国作战": 1950, "抗美援朝出国作战": 1950, "西藏和平解放": 1951,
    "毛泽东同志诞辰": 1893, "邓小平同志诞辰": 1904, "周恩来同志诞辰": 1898,
}
_EVENT = "|".join(sorted(map(re.escape, EVENTS), key=len, reverse=True))
_ANNIVERSARY = re.compile(rf"(?P<event>{_EVENT})(?P<n>[0-9]{{1,3}}|[一二三四五六七八九十百零〇两]{{1,5}})周年")
_SPEECH = re.compile(r"(纪念|庆祝)?大会上?的?(重要)?讲话|大会上")
# This year's work may prepare for next year's anniversary: 迎接/喜迎/筹备/献礼.
_PREPARE = re.compile(r"(迎接|喜迎|筹备|献礼|谋划|为)[^。；，]{0,8}$")


@dataclass(frozen=True)
class Anniversary:
    start: int
    end: int
    text: str
    year: int  # the year the anniversary falls in


def anniversaries(text: str) -> list[Anniversary]:
    out = []
    for m in _ANNIVERSARY.finditer(text):
        if _SPEECH.match(text, m.end()):
            continue  # 在庆祝…周年大会上的重要讲话 names a speech of that year, studied any year
        n = cn_to_int(m.group("n"))
        if n:
            out.append(Anniversary(m.start(), m.end(), m.group(0), EVENTS[m.group("event")] + n))
    return out


# A sentence that names its year (2019年是…周年, 2021年恰逢…) speaks of that year, wherever it stands.
_NAMED_YEAR = re.compile(r"(20[0-9]{2})年(?:是|为|恰逢|正值|适逢|恰是|正是)[^。；！？]*$")


def wrong_anniversaries(text: str, years: tuple[int, ...]) -> list[Anniversary]:
    """Anniversaries of a line that fall in none of the years it speaks of (nor, when prepared for, the next)."""
    out = []
    for a in anniversaries(text):
        named = _NAMED_YEAR.search(text[: a.start])
        ok = {int(named.group(1))} if named else set(years)
        if _PREPARE.search(text[: a.start]):
            ok |= {y + 1 for y in years}
        if a.year not in ok:
            out.append(a)
    return out


# Plenary sessions of the Central Committee by the year each was held (general history): a session's spirit is
# studied the year it is held and the next, and cannot be studied before it. Lists such as 十九届五中、六中全会
# are read session by session.
PLENARY: dict[str, dict[int, int]] = {
    "十八": {1: 2012, 2: 2013, 3: 2013, 4: 2014, 5: 2015, 6: 2016, 7: 2017},
    "十九": {1: 2017, 2: 2018, 3: 2018, 4: 2019, 5: 2020, 6: 2021, 7: 2022},
    "二十": {1: 2022, 2: 2023, 3: 2024, 4: 2025},
}
_SESSIONS = re.compile(r"(?P<term>十八|十九|二十)届(?P<list>(?:[一二三四五六七]中[、和及]?){2,})全会")
_ORDINAL = {c: i for i, c in enumerate("一二三四五六七", start=1)}


@dataclass(frozen=True)
class Session:
    start: int
    end: int
    text: str
    held: int


def listed_sessions(text: str) -> list[Session]:
    """Sessions named in a list (十九届四中、五中全会): each with the year it was held, where known."""
    out = []
    for m in _SESSIONS.finditer(text):
        years = PLENARY[m.group("term")]
        for k in re.findall(r"([一二三四五六七])中", m.group("list")):
            held = years.get(_ORDINAL[k])
            if held is not None:
                out.append(Session(m.start(), m.end(), f"{m.group('term')}届{k}中全会", held))
    return out


def wrong_sessions(text: str, years: tuple[int, ...]) -> list[Session]:
    """Listed sessions that fit none of the years a line speaks of. A session not yet held is always wrong; the
    earlier sessions of a list that ends on a current one are the spirit studied since the congress (二十大和二十届
    二中、三中、四中全会精神 in 2025), so only a list whose latest session is no longer current is wrong."""
    out: list[Session] = []
    found = listed_sessions(text)
    for start in dict.fromkeys(s.start for s in found):
        group = [s for s in found if s.start == start]
        ahead = [s for s in group if s.held > max(years)]
        latest = max(group, key=lambda s: s.held)
        out += ahead or ([latest] if not any(latest.held <= y <= latest.held + 1 for y in years) else [])
    return out


def wrong_date(text: str, years: tuple[int, ...]) -> tuple[int, int, str, str] | None:
    """The first computed date of a line that fits none of the years it speaks of, as (start, end, message,
    suggestion): a listed plenary session first, then an anniversary."""
    spoken = "或".join(f"{y}年" for y in years)
    for s in wrong_sessions(text, years):
        return s.start, s.end, f"“{s.text}”{s.held}年召开，与此处所说的{spoken}不符", "核对年份：全会精神在召开当年和次年学习。"
    for a in wrong_anniversaries(text, years):
        return a.start, a.end, f"“{a.text}”是{a.year}年，而此处说的是{spoken}", "核对年份：纪念日的周年数按事件年份推算。"
    return None
