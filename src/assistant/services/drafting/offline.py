"""The offline composer: a report built without any LLM, from the profile, the sentence patterns in
prompts/offline.yaml and, where an index exists, fact-free sentences of retrieved exemplars. Named as offline
wherever its output appears.

What the profile gives is written as given; what it does not is a pattern with a visible 【待补充：…】 slot.
The problems, their causes and the measures are composed in offline_parts (by kind of problem); sentences of
exemplars are chosen in offline_exemplars; small text helpers (nested quotes, variants in turn) live in
offline_text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.domain.checks.base import count_chinese
from assistant.domain.models import Role
from assistant.domain.numbering import format_marker
from assistant.domain.profile import Rectification, UnitProfile, WorkItem
from assistant.domain.yamltext import YamlError, load_yaml
from assistant.services.drafting import offline_parts as parts
from assistant.services.drafting.length_plan import fit_slots, part_length, split, written
from assistant.services.drafting.messages import base_values, writer_position
from assistant.services.drafting.offline_exemplars import candidates
from assistant.services.drafting.offline_kinds import Kinds
from assistant.services.drafting.offline_text import Turns, bare, sentence, unnest_quotes
from assistant.services.drafting.prompt_files import (
    PromptError,
    bundled_dir,
    find_prompt,
    load_prompt,
    render,
)
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.index.search import Hit

ANSWER_OVERLAP = parts.ANSWER_OVERLAP
ANSWER_SHARED = parts.ANSWER_SHARED
_NOT_DONE = re.compile(r"^(?:做好|建设)")  # reads as a task set, not as work done (做好疫情防控)
AREA_WEIGHT = 8  # an `area` that names a theme counts as much as two of its keys


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


def unit_terms(profile: UnitProfile, pat: dict[str, Any]) -> dict[str, str]:
    """What the unit calls itself (公司, 全村…), its main work (生产经营…) and the goal its Party work serves."""
    table = pat.get("unit_terms") or {}
    t = table.get(profile.unit_kind) or table.get("default") or {}
    own = "本单位"
    for entry in [str(x) for x in t.get("own") or []]:
        needle, _, word = entry.partition("=")
        own = word or needle
        if needle in profile.unit_name:
            break
    center = str(t.get("center") or "各项工作")
    goal = render(str(t.get("goal") or "本单位高质量发展"), {"own": own, "center": center}, name="offline.yaml:goal")
    return {"own": own, "center": center, "goal": goal.strip()}


def _theme(w: WorkItem, themes: list[dict[str, Any]]) -> int | None:
    """The theme whose keys the item's text holds most (by characters), its `area` naming one of the theme's
    areas counting AREA_WEIGHT; the table's order breaks ties."""
    best, score = None, 0
    for i, t in enumerate(themes):
        n = sum(len(k) for k in t.get("keys") or [] if k in w.text)
        if w.area and any(a in w.area for a in t.get("areas") or []):
            n += AREA_WEIGHT
        if n > score:
            best, score = i, n
    return best


def group_work(items: list[WorkItem], pat: dict[str, Any]) -> list[tuple[dict[str, Any], list[WorkItem]]]:
    """The work items by theme, in the table's order (political work first), the other items last."""
    themes = list(pat.get("achievement_themes") or [])
    default = pat.get("achievement_theme_default") or {"name": "其他", "heading": "统筹抓好其他党建重点工作"}
    groups: dict[int, list[WorkItem]] = {}
    for w in items:
        i = _theme(w, themes)
        groups.setdefault(len(themes) if i is None else i, []).append(w)
    return [(themes[i] if i < len(themes) else default, groups[i]) for i in sorted(groups)]


def _heading(theme: dict[str, Any], ws: list[WorkItem]) -> str:
    """The theme's heading, or the one of its keys the items hold (纪律 work under 纪律, not 廉政)."""
    by_key = theme.get("heading_by_key") or {}
    return str(next((h for k, h in by_key.items() if any(k in w.text for w in ws)), theme.get("heading")))


def achievement_headings(profile: UnitProfile, settings: Settings) -> list[str]:
    """The headings of the achievement items (for the offline outline)."""
    pat = _patterns(settings)
    terms = unit_terms(profile, pat)
    return [render(_heading(t, ws), terms, name="offline.yaml:heading").strip()
            for t, ws in group_work(profile.work_items, pat)]


def pattern_sentences(hits: list[Hit], limit: int = 3, unit_kind: str | None = None) -> list[tuple[str, str]]:
    """First sentences of exemplar items that carry no figure, name, placeholder, brand or other unit's level:
    (sentence, chunk_id)."""
    return candidates(hits, unit_kind, first_only=True)[:limit]


def answers(priority: str, problem: str) -> bool:
    """Whether a priority plausibly answers a problem: enough of the problem's character pairs recur."""
    return parts._answers(priority, problem)


def _items(bodies: list[str]) -> str:
    """Numbered items; a single one is a plain paragraph (one item is not numbered)."""
    if len(bodies) == 1:
        return bodies[0]
    return "\n".join(format_marker("（一）", i) + b for i, b in enumerate(bodies, 1))


def _achievement(c: parts.Ctx, theme: dict[str, Any], ws: list[WorkItem]) -> str:
    """Heading, first-person lead, the facts as given, and what the writer adds."""
    terms = {**c.values}
    heading = c.r(_heading(theme, ws), "achievement_themes", **terms)
    lead = c.r(str(theme.get("lead") or ""), "achievement_themes", **terms)
    facts = [bare(w.text) for w in ws]
    body = lead + "。".join(facts) + "。" if lead else "".join(sentence(f) for f in facts)
    party = theme.get("ask_party") and not any("党" in f for f in facts)
    ask = [str(c.get("achievement_ask_party") if party else c.get("achievement_ask"))]
    if any(not w.figures for w in ws):
        ask.append(str(c.get("achievement_ask_figures")))
    if any(_NOT_DONE.match(f) for f in facts):
        ask.append(str(c.get("achievement_ask_done")))
    return sentence(heading) + body + c.slot("，".join(ask), weight=1.0 + 0.5 * (len(ws) - 1))


def _rectification(c: parts.Ctx, x: Rectification) -> str:
    # the feedback is named inside a sentence: its own commas become 、 (…质量不高、主题党日形式单一的问题)
    feedback = re.sub(r"[，,；;]", "、", bare(x.feedback))
    head = c.r(c.get("rectification_item"), "rectification_item", feedback=feedback, action=bare(x.action))
    if "status" not in x.model_fields_set:  # the profile does not say how far it got: nothing settled is written
        return head + str(c.get("rectification_unknown")) + c.slot(c.get("rectification_unknown_ask"))
    status = x.status.strip()
    if status == "已整改":
        return head + str(c.get("rectification_done")) + c.slot(c.get("rectification_done_ask"))
    if status == "持续整改":
        return head + str(c.get("rectification_ongoing")) + c.slot(c.get("rectification_ongoing_ask"))
    return head + c.r(c.get("rectification_other"), "rectification_other", status=bare(status)) + \
        c.slot(c.get("rectification_done_ask"))


def compose_part(role: Role, profile: UnitProfile, hits: list[Hit], settings: Settings,
                 asks: list[int] | None = None, *, said: set[str] | None = None, avoid: str = ""
                 ) -> tuple[str, list[str], set[str]]:
    """The text of one part, notes on where it came from, and the ids of the exemplars it used. With `asks`
    (compose_parts), each slot says how many characters the writer should add there. `said`: the exemplar
    sentences the draft's other parts already used (shared, so that none is said twice); `avoid`: the draft
    composed without exemplars, normalised (an exemplar sentence it holds is not taken again)."""
    text, notes, used, _ = _compose_one(role, profile, hits, settings, asks, said, avoid)
    return text, notes, used


def _compose_one(role: Role, profile: UnitProfile, hits: list[Hit], settings: Settings, asks: list[int] | None,
                 said: set[str] | None = None, avoid: str = "") -> tuple[str, list[str], set[str], list[float]]:
    pat = _patterns(settings)
    values = {**base_values(profile), **unit_terms(profile, pat)}
    c = parts.Ctx(profile=profile, pat=pat, values=values, hits=hits, kinds=Kinds(pat), turns=Turns(profile.unit_name),
                  asks=asks, avoid=avoid)
    if said is not None:
        c.said = said
    text = _compose(role, c)
    # no quote inside a quote: the inner marks of a nested pair are dropped (针对新建企业党组织“建而不强”的问题)
    return "\n".join(unnest_quotes(line) for line in text.split("\n")), c.notes, c.used, c.weights


def compose_parts(rules: list[tuple[Role, str | None]], profile: UnitProfile, hits: dict[Role, list[Hit]],
                  settings: Settings, title: str, avoid: str = "") -> dict[Role, tuple[str, list[str], set[str]]]:
    """Every part, with slots that ask for the rest of the target length (length_plan): a first pass measures
    what each part writes, a second says in each slot how much to add, so that what is written plus what the
    slots ask comes to the profile's target_length."""
    roles = [r for r, _ in rules]
    # each pass shares one `said` over its parts (no exemplar sentence twice); both start empty, so the second
    # pass picks the same sentences as the first and differs only in what its slots ask
    said: set[str] = set()
    first = {r: _compose_one(r, profile, hits.get(r, []), settings, None, said, avoid) for r in roles}
    heads = count_chinese(title) + sum(count_chinese(h or "") for _, h in rules)
    fixed = {r: written(first[r][0]) for r in roles}
    budgets = {r: part_length(profile.target_length, r, roles) for r in roles}
    per_part = fit_slots(profile.target_length - heads, budgets, fixed, {r: len(first[r][3]) for r in roles})
    out = {}
    said2: set[str] = set()
    for r in roles:
        weights = first[r][3]
        asks = split(per_part.get(r, 0), weights) if weights else None
        out[r] = compose_part(r, profile, hits.get(r, []), settings, asks, said=said2, avoid=avoid)
    return out


def _compose(role: Role, c: parts.Ctx) -> str:
    p = c.profile
    if role == Role.opening:
        return c.r(c.get("opening"), "opening")
    if role == Role.achievements:
        lead = c.r(c.turns.take("achievements_lead", c.get("achievements_lead")), "achievements_lead")
        return lead + "\n" + _items(
            [_achievement(c, t, ws) for t, ws in group_work(p.work_items, c.pat)])
    if role == Role.rectification:
        if not p.rectifications:
            c.notes.append("本单位情况未提供上年度反馈问题")
            return c.r(c.get("rectification_none"), "rectification_none") + c.slot(c.get("rectification_none_ask"))
        n = len(p.rectifications)
        lead = c.r(c.get("rectification_lead"), "rectification_lead", count=n) if n > 1 else \
            c.r(c.get("rectification_lead_one"), "rectification_lead_one")
        return lead + "\n" + _items([_rectification(c, x) for x in p.rectifications])
    if role == Role.problems:
        return c.r(c.get("problems_lead"), "problems_lead") + "\n" + _items(parts.problems(c))
    if role == Role.causes:
        return c.r(c.get("causes_lead"), "causes_lead") + "\n" + _items(parts.causes(c))
    if role == Role.insights:
        return _items([str(x) for x in c.get("insights_generic")])
    if role == Role.plans:
        return c.r(c.get("plans_lead"), "plans_lead") + "\n" + _items(parts.plans(c))
    if role == Role.closing:
        # a prompts_dir copy's single `closing` (the bundled file has only `closings`) is used as it is
        closings = c.pat.get("closing") or c.get("closings")
        return c.r(c.turns.take("closings", closings), "closings")
    raise ValueError(f"离线模板中没有 {role} 的句式")
