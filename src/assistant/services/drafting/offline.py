"""The offline composer: a report built without any LLM, from the profile, the sentence patterns in
prompts/offline.yaml and, where an index exists, fact-free sentences of retrieved exemplars. Named as offline
wherever its output appears.

What the profile gives is written as given; what it does not is a pattern with a visible 【待补充：…】 slot.
The problems, their causes and the measures are composed in offline_parts (by kind of problem); sentences of
exemplars are chosen in offline_exemplars; small text helpers (nested quotes, variants in turn) live in
offline_text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.domain.models import Role
from assistant.domain.numbering import format_marker
from assistant.domain.profile import UnitProfile, WorkItem
from assistant.domain.yamltext import YamlError, load_yaml
from assistant.services.drafting import offline_parts as parts
from assistant.services.drafting.messages import base_values, writer_position
from assistant.services.drafting.offline_exemplars import candidates
from assistant.services.drafting.offline_kinds import Kinds
from assistant.services.drafting.offline_text import Turns, bare, bigrams, nest_quotes, sentence
from assistant.services.drafting.prompt_files import PromptError, bundled_dir, find_prompt, load_prompt
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.index.search import Hit

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
ANSWER_OVERLAP = parts.ANSWER_OVERLAP
ANSWER_SHARED = parts.ANSWER_SHARED


def _patterns(settings: Settings) -> dict[str, Any]:
    """The bundled offline.yaml, with the keys of a prompts_dir copy over it (a copy may hold only its changes)."""
    def read(text: str, where: str) -> dict[str, Any]:
        try:
            data = load_yaml(text)
        except YamlError as e:
            raise PromptError(f"{where}：{e}") from e
        return data if isinstance(data, dict) else {}

    bundled = bundled_dir() / "offline.yaml"
    base = read(bundled.read_text(encoding="utf-8"), str(bundled)) if bundled.is_file() else {}
    own = find_prompt("offline.yaml", settings)
    if own.resolve() == bundled.resolve():
        return base
    return {**base, **read(load_prompt("offline.yaml", settings), str(own))}


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


def pattern_sentences(hits: list[Hit], limit: int = 3, unit_kind: str | None = None) -> list[tuple[str, str]]:
    """First sentences of exemplar items that carry no figure, name, placeholder, brand or other unit's level:
    (sentence, chunk_id)."""
    return candidates(hits, unit_kind, first_only=True)[:limit]


def answers(priority: str, problem: str) -> bool:
    """Whether a priority plausibly answers a problem: enough of the problem's character pairs recur."""
    return parts._answers(priority, problem)


def _items(bodies: list[str]) -> str:
    return "\n".join(format_marker("（一）", i) + b for i, b in enumerate(bodies, 1))


def _achievement_heading(c: parts.Ctx, area: str, taken: set[str]) -> str:
    """The heading of an area's item: a verb phrase of the area's theme (in the unit's turn), each verb once per
    draft, none repeating the area's own words (以党建引领推进党建与…融合), then the general ones."""
    themes = c.pat.get("achievement_verbs") or []
    n = next((i for i, t in enumerate(themes) if any(k in area for k in t.get("keys", []))), None)

    def turn(key: str, vs: list[str]) -> list[str]:
        i = c.turns.index(key, len(vs))
        return vs[i:] + vs[:i]

    own = turn(f"achievement_verbs:{n}", [str(v) for v in themes[n].get("verbs", [])]) if n is not None else []
    general = turn("achievement_verbs_default", [str(v) for v in c.pat.get("achievement_verbs_default") or ["着力抓好"]])
    fresh = [v for v in own + general if v not in taken] or general
    verb = next((v for v in fresh if not bigrams(v) & bigrams(area)), fresh[0])
    taken.add(verb)
    return c.r(c.get("achievements_item"), "achievements_item", verb=verb, area=area)


def compose_part(role: Role, profile: UnitProfile, hits: list[Hit], settings: Settings
                 ) -> tuple[str, list[str], set[str]]:
    """The text of one part, notes on where it came from, and the ids of the exemplars it used."""
    pat = _patterns(settings)
    c = parts.Ctx(profile=profile, pat=pat, values=base_values(profile), hits=hits, kinds=Kinds(pat), turns=Turns(profile.unit_name))
    text = _compose(role, c)
    return "\n".join(nest_quotes(line) for line in text.split("\n")), c.notes, c.used


def _compose(role: Role, c: parts.Ctx) -> str:
    p = c.profile
    if role == Role.opening:
        # the opening ends with 党建工作与中心工作深度融合: a 融合 area in the focus would say it twice
        areas = [a for a, _ in group_work(p.work_items) if a != OTHER_AREA and "融合" not in a]
        focus = "、".join(areas[:3]) or "党的建设各项重点任务"
        return c.r(c.get("opening"), "opening", focus=focus)
    if role == Role.achievements:
        taken: set[str] = set()
        return _items([_achievement_heading(c, area, taken) + "".join(sentence(w.text) for w in ws)
                       for area, ws in group_work(p.work_items)])
    if role == Role.rectification:
        if not p.rectifications:
            c.notes.append("本单位情况未提供上年度反馈问题")
            return c.r(c.get("rectification_none"), "rectification_none")
        items = [c.r(c.get("rectification_item"), "rectification_item", feedback=bare(x.feedback),
                     action=bare(x.action), status=x.status) for x in p.rectifications]
        return c.r(c.get("rectification_lead"), "rectification_lead", count=len(p.rectifications)) + "\n" + _items(items)
    if role == Role.problems:
        return c.r(c.get("problems_lead"), "problems_lead") + "\n" + _items(parts.problems(c))
    if role == Role.causes:
        return c.r(c.get("causes_lead"), "causes_lead") + "\n" + _items(parts.causes(c))
    if role == Role.insights:
        return _items([str(x) for x in c.get("insights_generic")])
    if role == Role.plans:
        return c.r(c.get("plans_lead"), "plans_lead") + "\n" + _items(parts.plans(c))
    if role == Role.closing:
        return c.r(c.get("closing"), "closing")
    raise ValueError(f"离线模板中没有 {role} 的句式")
