"""The messages of each drafting call: the system prompt, the part's template rendered with the profile's
facts for that part and fenced exemplars trimmed to the prompt budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import PartRule
from assistant.services.drafting.length_plan import part_length
from assistant.services.drafting.prompt_files import load_prompt, render
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.index.search import Hit

MIN_EXEMPLAR = 80  # characters: a shorter cut of an exemplar teaches nothing


def target_chars(profile: UnitProfile, role: Role) -> int:
    """The length asked of one part: its share of the target (length_plan: problems and causes about a third)."""
    return max(60, part_length(profile.target_length, role))


def _line(label: str, value: str | None) -> str | None:
    return f"{label}：{value}" if value else None


def render_facts(profile: UnitProfile, role: Role) -> str:
    """The facts a part may use, as labelled lines; the base facts go to every part."""
    p = profile
    lines = [x for x in [
        _line("单位", p.unit_name), _line("单位类别", p.unit_kind), _line("层级", p.level.value if p.level else None),
        _line("述职年度", f"{p.year}年"), _line("述职人职务", writer_position(p)), _line("上级党组织", p.superior_org),
    ] if x]
    show_work = role in (Role.achievements, Role.opening, Role.insights)
    if show_work:
        lines.append("本年度工作（只能使用这里的数字和事实）：")
        for w in p.work_items:
            figs = f"（数据：{'、'.join(w.figures)}）" if w.figures else ""
            area = f"[{w.area}] " if w.area else ""
            lines.append(f"- {area}{w.text}{figs}")
    if role in (Role.rectification,) or (role == Role.achievements and p.rectifications):
        lines.append("上年度述职评议反馈问题及整改：" + ("" if p.rectifications else "（未提供）"))
        for r in p.rectifications:
            lines.append(f"- 问题：{r.feedback}；整改：{r.action}；状态：{r.status}")
    if role in (Role.problems, Role.causes, Role.plans, Role.closing):
        lines.append("述职人承认的问题：" + ("" if p.problems else "（未提供）"))
        lines += [f"- {x}" for x in p.problems]
    if role == Role.causes:
        lines.append("原因：" + ("" if p.causes else "（未提供）"))
        lines += [f"- {x}" for x in p.causes]
    if role in (Role.plans, Role.closing):
        lines.append(f"{p.year + 1}年重点工作：" + ("" if p.priorities else "（未提供）"))
        lines += [f"- {x}" for x in p.priorities]
    return "\n".join(lines)


def fence(hit: Hit, text: str) -> str:
    # Fenced and labelled so the model reads it as material; fence marks inside are neutralised.
    body = text.replace("<<<", "‹‹‹").replace(">>>", "›››")
    return f"【参考范文 {hit.chunk_id}｜{hit.title}】\n<<<\n{body}\n>>>"


def exemplar_block(hits: list[Hit], budget: int) -> tuple[str, list[Hit]]:
    """As many exemplars as fit in `budget` characters (the last one cut at a sentence end)."""
    blocks: list[str] = []
    used: list[Hit] = []
    left = budget
    for h in hits:
        overhead = len(fence(h, "")) + 2
        room = left - overhead
        if room < MIN_EXEMPLAR:
            break
        text = h.text.strip()
        if len(text) > room:
            cut = text[:room]
            end = max(cut.rfind("。"), cut.rfind("；"))
            text = cut[: end + 1] if end >= MIN_EXEMPLAR else cut
        blocks.append(fence(h, text))
        used.append(h)
        left -= len(blocks[-1]) + 2
    return ("\n\n".join(blocks) if blocks else "（无）"), used


def writer_position(profile: UnitProfile) -> str:
    """The writer's position, or the one the unit's name implies (青山村党支部 → 党支部书记)."""
    if profile.writer_position:
        return profile.writer_position
    for org in ("党支部", "党总支", "党工委", "党委", "党组"):
        if profile.unit_name.endswith(org):
            return org + "书记"
    return "党组织书记"


def base_values(profile: UnitProfile) -> dict[str, object]:
    return {
        "unit_name": profile.unit_name, "year": profile.year, "next_year": profile.year + 1,
        "writer_position": writer_position(profile),
        "superior_org": profile.superior_org or "上级党组织",
    }


def part_messages(profile: UnitProfile, rule: PartRule, hits: list[Hit], settings: Settings
                  ) -> tuple[list[dict[str, str]], list[Hit]]:
    """The messages for drafting one part, and the exemplars that made it into the prompt."""
    role = rule.role
    system = render(load_prompt("system.md", settings), base_values(profile), name="system.md")
    template = load_prompt(f"part_{role.value}.md", settings)
    values = {**base_values(profile), "facts": render_facts(profile, role),
              "target_chars": target_chars(profile, role), "heading": rule.heading, "part_name": ROLE_ZH[role]}
    without = render(template, {**values, "exemplars": ""}, name=f"part_{role.value}.md")
    budget = settings.prompt_budget - len(system) - len(without)
    block, used = exemplar_block(hits, budget)
    user = render(template, {**values, "exemplars": block}, name=f"part_{role.value}.md")
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}], used


def repair_messages(profile: UnitProfile, rule: PartRule, previous: str, defects: list[str], settings: Settings
                    ) -> list[dict[str, str]]:
    system = render(load_prompt("system.md", settings), base_values(profile), name="system.md")
    user = render(load_prompt("repair.md", settings), {
        **base_values(profile), "part_name": ROLE_ZH[rule.role], "defects": "\n".join(f"- {d}" for d in defects),
        "previous": previous.replace("<<<", "‹‹‹").replace(">>>", "›››") or "（空）",
        "facts": render_facts(profile, rule.role),
    }, name="repair.md")
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]
