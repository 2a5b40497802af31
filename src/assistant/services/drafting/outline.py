"""The outline (`draft outline`): the rubric's parts in order with their numbered headings, and proposed
item headings under each — from the LLM (as JSON) or, offline, from the profile."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.numbering import format_marker, int_to_cn, leading_marker
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import Rubric, load_rubric
from assistant.services.drafting.grounding import facts_of, ground, slots_in
from assistant.services.drafting.messages import base_values, render_facts
from assistant.services.drafting.models import Backend
from assistant.services.drafting.offline import achievement_headings, make_title
from assistant.services.drafting.prompt_files import load_prompt, render
from assistant.services.drafting.report import plan_parts
from assistant.services.llm import chat_json
from assistant.settings import Settings

MAX_ITEMS = 6


class OutlinePart(BaseModel):
    role: Role
    heading: str | None = None
    number: str | None = None
    items: list[str] = Field(default_factory=list)


class Outline(BaseModel):
    backend: Backend
    title: str
    parts: list[OutlinePart]
    markdown: str
    text: str
    slots: list[str] = Field(default_factory=list)


class OutlineAnswerPart(BaseModel):
    role: str = Field(description="the part's role id, e.g. achievements")
    items: list[str] = Field(default_factory=list, description="item headings, each at most 25 characters")


class OutlineAnswer(BaseModel):
    parts: list[OutlineAnswerPart]


def outline_messages(profile: UnitProfile, settings: Settings, rubric: Rubric) -> list[dict[str, str]]:
    rules = plan_parts(rubric)
    listing = "\n".join(f"- {r.role.value}: {r.heading}" + ("" if r.numbered else "（不列条目）") for r in rules)
    facts = "\n\n".join(dict.fromkeys(render_facts(profile, r) for r in (Role.achievements, Role.plans, Role.causes,
                                                                          Role.rectification)))
    user = render(load_prompt("outline.md", settings), {**base_values(profile), "parts": listing, "facts": facts},
                  name="outline.md")
    system = render(load_prompt("system.md", settings), base_values(profile), name="system.md")
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def _offline_items(role: Role, p: UnitProfile, settings: Settings) -> list[str]:
    if role == Role.achievements:
        return achievement_headings(p, settings)
    if role == Role.rectification:
        return [f"“{r.feedback}”的整改" for r in p.rectifications] or ["【待补充：上年度反馈问题】"]
    if role == Role.problems:
        return list(p.problems) or ["【待补充：本人存在的问题】"]
    if role == Role.causes:
        return list(p.causes) or ["【待补充：主观原因】", "【待补充：客观原因】"]
    if role == Role.plans:
        return list(p.priorities) or [f"针对“{x}”的措施" for x in p.problems] or ["【待补充：明年重点工作】"]
    return []


def _answer_role(name: str, rules: list) -> Role | None:  # noqa: ANN001
    """The part an answer names: its id (achievements), its heading or its Chinese name."""
    n = name.strip().lower()
    for r in rules:
        if n == r.role.value or (r.heading and r.heading in name) or ROLE_ZH[r.role] in name:
            return r.role
    return None


def _clean_item(item: str) -> str:
    m = leading_marker(item)
    return (item[m.end:] if m else item).strip().rstrip("。；;")


def draft_outline(profile: UnitProfile, settings: Settings, *, backend: Backend = "offline",
                  rubric: Rubric | None = None) -> Outline:
    rubric = rubric or load_rubric(settings.rubric)
    rules = plan_parts(rubric)
    facts = facts_of(profile)
    answered: dict[str, list[str]] = {}
    if backend == "api":
        ans = chat_json(settings, outline_messages(profile, settings, rubric), OutlineAnswer)
        for a in ans.parts:
            role = _answer_role(a.role, rules)
            if role is not None:
                answered.setdefault(role.value, []).extend(a.items)
    parts, n = [], 0
    for r in rules:
        items: list[str] = []
        if r.numbered:
            raw = answered.get(r.role.value) if backend == "api" else _offline_items(r.role, profile, settings)
            items = [ground(_clean_item(x), facts).text for x in (raw or []) if x.strip()][:MAX_ITEMS]
            n += 1
        parts.append(OutlinePart(role=r.role, heading=r.heading if r.numbered else ROLE_ZH[r.role],
                                 number=f"{int_to_cn(n)}、" if r.numbered else None, items=items))
    title = make_title(profile)
    md, txt = [f"# {title}", ""], [title]
    for p in parts:
        head = f"{p.number}{p.heading}" if p.number else f"（{p.heading}）"
        md += [f"## {head}" if p.number else head, ""]
        txt.append(head)
        for i, it in enumerate(p.items, 1):
            md.append(f"- {format_marker('（一）', i)}{it}")
            txt.append(f"{format_marker('（一）', i)}{it}")
        if p.items:
            md.append("")
    all_text = "\n".join(txt)
    return Outline(backend=backend, title=title, parts=parts, markdown="\n".join(md).rstrip() + "\n",
                   text=all_text + "\n", slots=slots_in(all_text))
