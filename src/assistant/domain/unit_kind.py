"""A simple guess of a corpus report's unit kind (one of assistant.domain.profile.UNIT_KINDS), or None.

Cues are read from the title first: a suffix such as （集团公司）, else the unit the title names before
党委/党支部…书记 (华瑞精密机械有限公司, 城关第二小学, 市财政局机关第二党支部), whose last kind word decides
the kind or, for a company, the family (国有企业 or 非公企业). Then the opening and the first part of the
body are read; when the title named a family, only that family's kinds count there, so a school or a
hospital the body mentions (a partner, a place) does not outweigh the unit itself. A kind is returned only
when its cues clearly outnumber the others'; otherwise the kind stays unknown (stored as ''), which is
better than a wrong filter value.
"""

from __future__ import annotations

import re

from assistant.domain.models import Report, Role

# Cue words per kind (regular expressions); the order of kinds breaks no ties (ties give None).
CUES: dict[str, list[str]] = {
    "国有企业": ["集团公司", "国有企业", "国企", "子公司", "分公司", "经营指标", "生产经营", "党业融合", "央企"],
    "非公企业": ["非公企业", "非公有制", "民营企业", "两新组织", "非公党建", "私营企业"],
    "党政机关": ["机关党委", "机关党支部", "模范机关", "机关党建", "局党组", "政府办"],
    "政协人大机关": ["政协", "人大", "委员履职", "代表履职"],
    "学校": ["学校", "教师", "学生", "校园", "(?<!集)中学", "小学", "学院", "教学"],  # not 集中学习
    "医院": ["医院", "医务", "患者", "医疗", "卫生院", "诊疗"],
    "村": ["村党支部", "村党组织", "村民", "村集体", "村两委", "驻村"],
    "乡镇": ["乡镇", "镇党委", "乡党委", "全镇", "全乡"],
    "社区": ["社区", "街道", "网格", "居民"],
    "园区党工委": ["党工委", "园区", "开发区", "商圈", "楼宇"],
    "市县党委": ["县委书记", "市委书记", "全县", "全市", "县委常委"],
}

# The unit named in a title suffix, e.g. 述职报告（集团公司）: decisive when present.
TITLE_SUFFIX: dict[str, str] = {
    "集团公司": "国有企业", "公司": "国有企业", "国有企业": "国有企业", "国企": "国有企业",
    "非公企业": "非公企业", "民营企业": "非公企业", "机关": "党政机关", "党政机关": "党政机关",
    "政协": "政协人大机关", "人大": "政协人大机关", "学校": "学校", "高校": "学校", "中学": "学校",
    "小学": "学校", "医院": "医院", "卫生院": "医院", "村": "村", "农村": "村", "乡镇": "乡镇", "镇": "乡镇",
    "社区": "社区", "街道": "社区", "园区": "园区党工委", "党工委": "园区党工委", "县委": "市县党委",
    "市委": "市县党委",
}
_SUFFIX = re.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")

# The unit a title names before its secretary (…党支部书记): the last of these words in it gives the
# kind, or the kinds it may be. Checked from the end, so 某大学机械学院 is a school and 某镇某村 a village.
UNIT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("有限责任公司", ("国有企业", "非公企业")), ("有限公司", ("国有企业", "非公企业")),
    ("公司", ("国有企业", "非公企业")), ("集团", ("国有企业", "非公企业")), ("企业", ("国有企业", "非公企业")),
    ("厂", ("国有企业", "非公企业")),
    ("大学", ("学校",)), ("学院", ("学校",)), ("学校", ("学校",)), ("中学", ("学校",)), ("小学", ("学校",)),
    ("幼儿园", ("学校",)), ("高校", ("学校",)),
    ("医院", ("医院",)), ("卫生院", ("医院",)),
    ("政协", ("政协人大机关",)), ("人大", ("政协人大机关",)),
    ("机关", ("党政机关",)), ("局", ("党政机关",)), ("委员会", ("党政机关",)), ("办公室", ("党政机关",)),
    ("村", ("村",)), ("镇", ("乡镇",)), ("乡", ("乡镇",)),
    ("社区", ("社区",)), ("街道", ("社区",)),
    ("园区", ("园区党工委",)), ("开发区", ("园区党工委",)), ("高新区", ("园区党工委",)),
    ("县委", ("市县党委",)), ("市委", ("市县党委",)),
]
_UNIT = re.compile(r"^(.{1,40}?)(?:党委|党工委|党总支|党支部|党组|总支部?|支部)?(?:第一)?书记")
# Cues that any enterprise's report uses: they do not tell a state-owned company from a private one.
_ANY_ENTERPRISE = {"生产经营", "经营指标", "党业融合", "子公司", "分公司"}

TITLE_WEIGHT = 5  # a cue in the title counts as much as five in the text


def infer_unit_kind(report: Report, max_chars: int = 1500) -> str | None:
    if report.unit_kind:
        return report.unit_kind
    m = _SUFFIX.search(report.title)
    if m and m.group(1) in TITLE_SUFFIX:
        return TITLE_SUFFIX[m.group(1)]
    family = title_unit_kinds(report.title)
    if len(family) == 1:
        return family[0]
    body = []
    for s in report.sections:
        if s.role in (Role.opening, Role.achievements):
            body.append(s.text)
    text = "".join(body)[:max_chars]
    scores: dict[str, int] = {}
    for kind, cues in CUES.items():
        if family and kind not in family:
            continue
        n = sum(TITLE_WEIGHT * len(re.findall(c, report.title)) + len(re.findall(c, text)) for c in cues
                if not (family and c in _ANY_ENTERPRISE))
        if n:
            scores[kind] = n
    if not scores:
        # A 集团 is most often state-owned (as the suffix （集团公司） is read); a plain 有限公司 could be either.
        if family and "集团" in _unit_name(report.title):
            return "国有企业"
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    # Require a clear lead (1.5×) and more than a single passing mention; within the family the title
    # named (a company), one mention of the kind (非公企业, 国企) is enough.
    if top >= (1 if family else 2) and 2 * top >= 3 * second:
        return best
    return None


def _unit_name(title: str) -> str:
    m = _UNIT.match(title.strip())
    return m.group(1) if m else ""


def title_unit_kinds(title: str) -> tuple[str, ...]:
    """The kinds the unit named in a title may be (one when its name says it), or () when it names none."""
    name = _unit_name(title)
    best, end = (), -1
    for word, kinds in UNIT_WORDS:
        k = name.rfind(word)
        if k >= 0 and k + len(word) > end:
            best, end = kinds, k + len(word)
    return best
