"""The offline composer: a report built without any LLM, from the profile, the sentence patterns in
prompts/offline.yaml and, where the profile is silent, sentences of retrieved exemplars that carry no
facts of their own. Named as offline wherever its output appears.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.domain.models import Role
from assistant.domain.numbering import format_marker, leading_marker
from assistant.domain.profile import UnitProfile, WorkItem
from assistant.services.drafting.prompting import base_values, writer_position
from assistant.services.drafting.prompts import load_prompt, render
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.search import Hit

# Themes for grouping work items that have no `area`, by keyword (the usual 五大建设 of these reports).
AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("政治建设", ("政治", "第一议题", "两个维护", "两个确立", "政治建设", "意识形态")),
    ("理论武装和思想建设", ("学习", "理论", "三会一课", "主题党日", "培训", "宣讲", "读书", "研讨")),
    ("组织建设和党员队伍建设", ("支部", "发展党员", "党员", "组织生活", "换届", "阵地", "标准化", "书记")),
    ("党风廉政建设", ("廉", "纪律", "警示", "监督", "八项规定", "作风")),
    ("党建与中心工作融合", ("融合", "经营", "生产", "项目", "中心工作", "业务", "服务", "群众", "乡村振兴",
                        "人居环境", "产业", "集体经济", "治理", "民生", "网格")),
]
OTHER_AREA = "党建引领重点任务"
ANSWER_OVERLAP = 0.25  # share of a problem's character pairs a priority must repeat to answer it…
ANSWER_SHARED = 3  # …or this many of them (理论学习 is three)
_NOT_A_FACT_FREE = re.compile(r"[0-9０-９xX×]|某某|AAA|【|（此处|[一二三四五六七八九十百千]+(?:次|名|个|项|场|期|篇|家|户|人)")


def _patterns(settings: Settings) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(load_prompt("offline.yaml", settings))
    return data if isinstance(data, dict) else {}


def _sentence(s: str) -> str:
    s = s.strip().rstrip("；;，,")
    return s if s.endswith(("。", "！", "？", "：")) else s + "。"


def make_title(profile: UnitProfile) -> str:
    """e.g. 某某公司党委书记2024年抓基层党建工作述职报告; no doubled 党委 when the unit is itself a 党委."""
    pos = writer_position(profile)
    name = profile.unit_name
    for org in ("党支部", "党总支", "党工委", "党委", "党组"):
        # 石桥村党支部 + 村党支部书记 → 石桥村党支部书记: the unit already says which level it is.
        if name.endswith(org) and org in pos:
            name, pos = name[: -len(org)], pos[pos.index(org):]
            break
    return f"{name}{pos}{profile.year}年抓基层党建工作述职报告"


def group_work(items: list[WorkItem]) -> list[tuple[str, list[WorkItem]]]:
    groups: dict[str, list[WorkItem]] = {}
    for w in items:
        area = w.area or next((a for a, kws in AREAS if any(k in w.text for k in kws)), OTHER_AREA)
        groups.setdefault(area, []).append(w)
    return list(groups.items())


def pattern_sentences(hits: list[Hit], limit: int = 3) -> list[tuple[str, str]]:
    """First sentences of exemplar items that carry no figure, name or placeholder: (sentence, chunk_id)."""
    out: list[tuple[str, str]] = []
    for h in hits:
        for para in h.text.split("\n"):
            m = leading_marker(para)
            body = para[m.end :] if m else para
            first = re.split(r"(?<=[。；！？])", body.strip())[0].strip()
            if not 8 <= len(first) <= 60 or _NOT_A_FACT_FREE.search(first) or "我们单位" in first:
                continue
            if any(first == s for s, _ in out):
                continue
            out.append((_sentence(first), h.chunk_id))
            if len(out) >= limit:
                return out
    return out


def _bigrams(s: str) -> set[str]:
    t = re.sub(r"[^\u4e00-\u9fff]", "", s)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def answers(priority: str, problem: str) -> bool:
    """Whether a priority plausibly answers a problem: enough of the problem's character pairs recur."""
    pb = _bigrams(problem)
    shared = len(pb & _bigrams(priority))
    return bool(pb) and (shared >= ANSWER_SHARED or shared / len(pb) >= ANSWER_OVERLAP)


def _items(bodies: list[str]) -> str:
    return "\n".join(format_marker("（一）", i) + b for i, b in enumerate(bodies, 1))


def compose_part(role: Role, profile: UnitProfile, hits: list[Hit], settings: Settings
                 ) -> tuple[str, list[str], set[str]]:
    """The text of one part, notes on where it came from, and the ids of the exemplars it used."""
    text, notes, used = _compose(role, profile, hits, settings)
    return text, notes, used


def _compose(role: Role, profile: UnitProfile, hits: list[Hit], settings: Settings
             ) -> tuple[str, list[str], set[str]]:
    pat = _patterns(settings)
    p = profile
    vals = base_values(p)
    notes: list[str] = []
    used: set[str] = set()

    def r(key: str, **extra: object) -> str:
        return render(str(pat[key]), {**vals, **extra}, name=f"offline.yaml:{key}").strip()

    def from_exemplars(generic_key: str, missing: str) -> list[str]:
        found = pattern_sentences(hits)
        if found:
            used.update(c for _, c in found)
            notes.append("句式取自范文 " + "、".join(c for _, c in found) + "，具体内容请据实补充")
            return [s + f"【待补充：{missing}】" for s, _ in found]
        notes.append("本单位情况未提供，使用通用句式，请据实补充")
        return [str(x) for x in pat[generic_key]]

    if role == Role.opening:
        focus = "、".join([a for a, _ in group_work(p.work_items) if a != OTHER_AREA][:3]) or "党的建设各项重点任务"
        return r("opening", focus=focus), notes, used
    if role == Role.achievements:
        bodies = []
        for area, ws in group_work(p.work_items):
            bodies.append(r("achievements_item", area=area) + "".join(_sentence(w.text) for w in ws))
        return _items(bodies), notes, used
    if role == Role.rectification:
        if not p.rectifications:
            notes.append("本单位情况未提供上年度反馈问题")
            return r("rectification_none"), notes, used
        items = [r("rectification_item", feedback=x.feedback.rstrip("。；"), action=x.action.rstrip("。；"),
                   status=x.status) for x in p.rectifications]
        return r("rectification_lead", count=len(p.rectifications)) + "\n" + _items(items), notes, used
    if role == Role.problems:
        bodies = [_sentence(x) for x in p.problems] or from_exemplars("problems_generic", "具体表现")
        return r("problems_lead") + "\n" + _items(bodies), notes, used
    if role == Role.causes:
        if p.causes:
            bodies = [_sentence(x) for x in p.causes]
        elif p.problems:
            bodies = [r("causes_from_problem", problem=x.rstrip("。；")) for x in p.problems[:3]]
            notes.append("原因未提供，按承认的问题列出待补充的原因")
        else:
            bodies = from_exemplars("causes_generic", "具体原因")
        return r("causes_lead") + "\n" + _items(bodies), notes, used
    if role == Role.insights:
        return _items([str(x) for x in pat["insights_generic"]]), notes, used
    if role == Role.plans:
        if p.priorities:
            bodies = [r("plans_item", priority=x.rstrip("。；")) for x in p.priorities]
            # every admitted problem gets a measure: those no priority answers get one to fill in
            bodies += [r("plans_from_problem", problem=x.rstrip("。；")) for x in p.problems
                       if not any(answers(pr, x) for pr in p.priorities)]
        elif p.problems:
            bodies = [r("plans_from_problem", problem=x.rstrip("。；")) for x in p.problems]
        else:
            bodies = from_exemplars("plans_generic", "具体措施")
        return r("plans_lead") + "\n" + _items(bodies), notes, used
    if role == Role.closing:
        return r("closing"), notes, used
    raise ValueError(f"the offline composer has no pattern for {role}")
