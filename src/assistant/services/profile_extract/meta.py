"""What a summary says about itself: its title, the unit it is about, its year, and a guess of the unit's kind."""

from __future__ import annotations

import re
from collections import Counter

from assistant.domain.profile import UNIT_KIND_ALIASES, UNIT_KINDS
from assistant.domain.text import YEAR_RE
from assistant.domain.unit_kind import CUES, title_unit_kinds
from assistant.services.profile_extract.sources import Segment

_TITLE_WORDS = re.compile(r"总结|报告|情况|台账|汇报|要点|述职|清单|统计")
_PARTY_ORG = "党委|党总支|党支部|党组|党工委"
_ORG = re.compile(rf"^(.{{2,40}}(?:{_PARTY_ORG}))")
_FORMAL_ORG = re.compile(r"^(中共.{2,30}?(?:总支部|支部)?委员会)")  # 中共青石镇委员会, whole (not 中共青石镇)
_PLACE_ORG = re.compile(r"^(.{2,30}?(?:医院|卫生院|学校|中学|小学|大学|学院|公司|集团|社区|街道|村|镇|乡|局|委员会|机关|园区|开发区))")
# A Party organisation named in the opening sentence (2025年，某县人民医院党委坚持…); not 我院党委, 上级党委.
_ORG_IN_TEXT = re.compile(rf"(?:^|[，。；：\s])([^，。；：、\s“”‘’《》（）()]{{2,30}}?(?:{_PARTY_ORG}))")
_NOT_A_NAME = ("我", "本", "各", "全", "该", "上级", "在", "县委组织部", "区委组织部", "市委组织部", "坚持", "以来")


def find_title(segments: list[Segment]) -> int | None:
    """The index of the title among the first segments (a short line naming a summary or report), or None."""
    for i, s in enumerate(segments[:3]):
        t = s.text.strip().lstrip("#").strip()
        if s.heading_level == 0 or (len(t) <= 60 and "。" not in t and _TITLE_WORDS.search(t)
                                    and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", t)):
            return i
    return None


def year_of(title: str | None, segments: list[Segment]) -> int | None:
    if title:
        m = YEAR_RE.search(title)
        if m:
            return int(m.group(1))
    # No year in the title: the year the first half names most, at least twice (the plans, naming the next
    # year, come last).
    half = segments[: len(segments) // 2 + 1]
    counts = Counter(int(y) for s in half for y in YEAR_RE.findall(s.text))
    if counts:
        year, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= 2:
            return year
    return None


def unit_of(title: str | None, segments: list[Segment]) -> str | None:
    if title:
        t = re.sub(r"^关于", "", title.strip().lstrip("#").strip())
        t = re.sub(r"(?:19|20)\d{2}\s*年度?|（[^）]*）$", "", t)
        for pat in (_FORMAL_ORG, _ORG, _PLACE_ORG):
            m = pat.match(t)
            if m and not m.group(1).startswith(_NOT_A_NAME):
                return m.group(1)
    for s in segments[:4]:
        for m in _ORG_IN_TEXT.finditer(s.text):
            name = m.group(1)
            name = re.sub(r"^(?:(?:19|20)\d{2}\s*年(?:度|以来)?)", "", name)
            if len(name) >= 4 and not name.startswith(_NOT_A_NAME):
                return name
    return None


def guess_kind(unit_name: str | None, text: str) -> str:
    """One of UNIT_KINDS: from the unit's name when it says it (…医院党委), else the kind whose cue words the text
    uses most, else 党政机关. Always a guess: the proposal says so."""
    name = unit_name or ""
    for alias, kind in UNIT_KIND_ALIASES.items():
        if name.endswith(alias):
            return kind
    family = title_unit_kinds(name + "书记") if name else ()
    if len(family) == 1:
        return family[0]
    scores = {k: sum(len(re.findall(c, text)) for c in cues) for k, cues in CUES.items()
              if not family or k in family}
    best = max(scores.items(), key=lambda kv: kv[1], default=(None, 0))
    if best[0] and best[1] > 0:
        return best[0]
    return family[0] if family else UNIT_KINDS[2]  # 党政机关
