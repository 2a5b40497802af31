"""Sentences of retrieved exemplars that the offline composer may reuse as phrasing: those that carry no fact
of their own (no figure, name, honour, date, document, brand or placeholder), do not speak for another level
or another kind of unit, and stand on their own (no 对此/上述 pointing back at a sentence left behind)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.domain.numbering import leading_marker
from assistant.services.drafting.grounding import FIXED_TERMS, Facts, ground
from assistant.services.drafting.offline_text import sentence, shared

if TYPE_CHECKING:
    from assistant.services.index.search import Hit

_FACTISH = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ×]|某某|【|（此处|《|(?<![一二三四五六七八九十百千])[一二三四五六七八九十百千]+(?:次|名|个|项|场|期|篇|家|户|人|支|条|批|年|月|日|届)")
# A sentence that speaks for a whole place or names a committee is another unit's (checklist 7, mixed level).
_LEVEL = re.compile(r"全(?:省|市|州|盟|县|区|旗|镇|乡|村|公司|集团|校|院|委)|[省市州县区镇乡旗]委|本(?:省|市|州|县|区|镇|乡)")
_DEPENDENT = re.compile(r"^(?:对此|为此|同时|此外|其中|另一方面|一方面|但|而且?|并且?|且|这|此|该|上述|以上|因此|所以|从而|"
                        r"首先|其次|再次|最后|总之|通过|经过|我们单位)")
_INLINE = re.compile(r"^(?:[一二三四五六七八九十]+是)")
_QUOTED = re.compile(r"[“‘]([^”’]{0,80})[”’]")  # bounded: an unclosed mark must not cost a scan to the end
# Quoted words every report may use; any other quoted text is a brand, slogan or name of someone's own.
COMMON_QUOTES = {"两新", "两张皮", "重业务、轻党建", "重经营、轻党建", "重部署、轻落实", "上热中温下冷", "最后一公里",
                 "有组织无活动", "建而不强", "一岗双责", "关键少数"}
# Words that place a sentence in one kind of unit; a sentence is reused only by a unit of a kind that shares them.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "国有企业": ("国企", "公司", "集团", "企业", "生产经营", "经营"),
    "非公企业": ("非公", "企业", "公司", "出资人", "生产经营", "经营"),
    "党政机关": ("机关",),
    "政协人大机关": ("政协", "人大", "委员", "机关"),
    "学校": ("学校", "教师", "教学", "学生", "师生", "课程"),
    "医院": ("医院", "医务", "临床", "科室", "医疗", "患者", "医德"),
    "村": ("村", "农牧", "农村", "乡村", "农民"),
    "乡镇": ("乡镇", "村", "农牧", "农村", "乡村", "农民", "镇"),
    "社区": ("社区", "居民", "网格", "街道", "物业", "小区"),
    "园区党工委": ("园区", "企业", "非公", "出资人", "公司"),
    "市县党委": ("乡镇", "村", "农村", "乡村", "企业", "机关", "社区"),
}
_ALL_KIND_WORDS = sorted({w for ws in KIND_WORDS.values() for w in ws}, key=len, reverse=True)
_NO_FACTS = Facts(values=set(), text="")


def _fits_kind(s: str, unit_kind: str | None) -> bool:
    own = KIND_WORDS.get(unit_kind or "", ())
    return all(w in own for w in _ALL_KIND_WORDS if w in s)


def reusable(s: str, unit_kind: str | None = None, *, min_len: int = 8, max_len: int = 70) -> bool:
    """Whether a sentence of an exemplar may be reused as phrasing by a unit of this kind."""
    if not min_len <= len(s) <= max_len or _FACTISH.search(s) or _LEVEL.search(s) or _DEPENDENT.search(s):
        return False
    if any(q not in COMMON_QUOTES and not FIXED_TERMS.fullmatch(q) for q in _QUOTED.findall(s)):
        return False
    if unit_kind is not None and not _fits_kind(s, unit_kind):
        return False
    return not ground(s, _NO_FACTS).replaced  # no figure, name or honour that grounding would catch


def _body(para: str) -> str:
    m = leading_marker(para)
    body = (para[m.end :] if m else para).strip()
    return _INLINE.sub("", body)


def candidates(hits: list[Hit], unit_kind: str | None = None, *, first_only: bool = False) -> list[tuple[str, str]]:
    """Reusable sentences of the hits, best hit first: (sentence ending in 。, chunk_id); each text once."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for h in hits:
        for para in h.text.split("\n"):
            parts = [x.strip() for x in re.split(r"(?<=[。；！？])", _body(para)) if x.strip()]
            for s in parts[:1] if first_only else parts:
                s = _INLINE.sub("", s)
                core = s.rstrip("。；！？")
                if core in seen or not reusable(core, unit_kind):
                    continue
                seen.add(core)
                out.append((sentence(core), h.chunk_id))
    return out


def best_match(cands: list[tuple[str, str]], target: str, used: set[str], *, least: int = 2
               ) -> tuple[str, str] | None:
    """The unused candidate that shares the most telling character pairs with the target (at least `least`)."""
    scored = [(shared(s, target), -i, s, cid) for i, (s, cid) in enumerate(cands) if s not in used]
    scored = [x for x in scored if x[0] >= least]
    if not scored:
        return None
    _, _, s, cid = max(scored)
    used.add(s)
    return s, cid
