"""A simple guess of a corpus report's unit kind (one of assistant.domain.profile.UNIT_KINDS), or None.

Cues are read from the title (e.g. the suffix （集团公司）) first, then from the opening and the first
part of the body. A kind is returned only when its cues clearly outnumber the others'; otherwise the
kind stays unknown (stored as ''), which is better than a wrong filter value.
"""

from __future__ import annotations

import re

from assistant.domain.models import Report, Role

# Cue words per kind; the order of kinds breaks no ties (ties give None).
CUES: dict[str, list[str]] = {
    "国有企业": ["集团公司", "国有企业", "国企", "子公司", "分公司", "经营指标", "生产经营", "党业融合", "央企"],
    "非公企业": ["非公企业", "非公有制", "民营企业", "两新组织", "非公党建"],
    "党政机关": ["机关党委", "机关党支部", "模范机关", "机关党建", "局党组", "政府办"],
    "政协人大机关": ["政协", "人大", "委员履职", "代表履职"],
    "学校": ["学校", "教师", "学生", "校园", "中学", "小学", "学院", "教学"],
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

TITLE_WEIGHT = 5  # a cue in the title counts as much as five in the text


def infer_unit_kind(report: Report, max_chars: int = 1500) -> str | None:
    if report.unit_kind:
        return report.unit_kind
    m = _SUFFIX.search(report.title)
    if m and m.group(1) in TITLE_SUFFIX:
        return TITLE_SUFFIX[m.group(1)]
    body = []
    for s in report.sections:
        if s.role in (Role.opening, Role.achievements):
            body.append(s.text)
    text = "".join(body)[:max_chars]
    scores: dict[str, int] = {}
    for kind, cues in CUES.items():
        n = sum(TITLE_WEIGHT * report.title.count(c) + text.count(c) for c in cues)
        if n:
            scores[kind] = n
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    # Require a clear lead (1.5×) and more than a single passing mention.
    if top >= 2 and 2 * top >= 3 * second:
        return best
    return None
