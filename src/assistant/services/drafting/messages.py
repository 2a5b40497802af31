"""The messages of each drafting call: the system prompt, the part's template rendered with the profile's
facts for that part and fenced exemplars trimmed to the prompt budget."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import PartRule
from assistant.services.drafting.fact_echo import RECT_LABELS, FactLine
from assistant.services.drafting.guards import QUOTED, Sent
from assistant.services.drafting.length_plan import part_length
from assistant.services.drafting.prompt_files import load_prompt, render
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.index.search import Hit

MIN_EXEMPLAR = 80  # characters: a shorter cut of an exemplar teaches nothing


def target_chars(profile: UnitProfile, role: Role) -> int:
    """The length asked of one part: its share of the target (length_plan: problems and causes about a third)."""
    return max(60, part_length(profile.target_length, role))


# The headings of the facts list, in 【】 so that a copy of them is told from prose (real reports hold none);
# the echo guard (guards.py) finds them in an answer.
FACT_HEADS = {"unit": "【本单位】", "work": "【今年做的工作】", "rectifications": "【去年评议指出的问题和整改】",
              "problems": "【我查摆的问题】", "causes": "【问题的原因】", "priorities": "【{year}年的重点工作】",
              "none": "（材料未提供）"}
MIN_ANSWER_TOKENS = 200  # the shortest part (a 60-character closing) still gets room for a full paragraph
MAX_EXEMPLARS = 1  # one exemplar shows the part's shape; more only gives a small model more to copy


def answer_budget(profile: UnitProfile, role: Role, settings: Settings) -> int:
    """max_tokens of a drafting call: the part's target length times settings.answer_margin (a Chinese
    character is at most about one token for the tokenizers we target, usually less)."""
    return max(MIN_ANSWER_TOKENS, round(target_chars(profile, role) * settings.answer_margin))


def _list(head: str, items: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    # the heading has no frame here: its words are looked for as a label (fact_echo.openers)
    return [(head + ("" if items else FACT_HEADS["none"]), ()), *((f"- {x}", f) for x, f in items)]


def fact_lines(profile: UnitProfile, role: Role) -> list[tuple[str, tuple[str, ...]]]:
    """The facts list of one part, line by line as sent, each with the words of its form that are no value
    (its labels and frame: what a copy of the list keeps and prose drops; fact_echo.py)."""
    p = profile
    kind = p.unit_kind + (f"，{p.level.value}级" if p.level else "")
    unit = f"{FACT_HEADS['unit']}{p.unit_name}（{kind}）" + (f"，上级党组织是{p.superior_org}" if p.superior_org else "")
    frame = ("本单位", *(("级）",) if p.level else ()), *(("上级党组织是",) if p.superior_org else ()))
    lines = [(unit, frame)]
    if role in (Role.achievements, Role.opening, Role.insights):
        items = []
        for w in p.work_items:
            figs = [f for f in w.figures if f not in w.text]
            items.append(((f"{w.area}：" if w.area else "") + w.text + (f"（{'、'.join(figs)}）" if figs else ""),
                          (f"{w.area}：",) if w.area else ()))
        lines += _list(FACT_HEADS["work"], items)
    if role in (Role.rectification,) or (role == Role.achievements and p.rectifications):
        a, b, c = RECT_LABELS
        lines += _list(FACT_HEADS["rectifications"],
                       [(f"{a}{r.feedback}；{b}{r.action}；{c}{r.status}", RECT_LABELS) for r in p.rectifications])
    plain = [(x, ()) for x in p.problems]
    if role in (Role.problems, Role.causes, Role.plans, Role.closing):
        lines += _list(FACT_HEADS["problems"], plain)
    if role == Role.causes:
        lines += _list(FACT_HEADS["causes"], [(x, ()) for x in p.causes])
    if role in (Role.plans, Role.closing):
        lines += _list(FACT_HEADS["priorities"].format(year=p.year + 1), [(x, ()) for x in p.priorities])
    return lines


def render_facts(profile: UnitProfile, role: Role) -> str:
    """The facts a part may use, as a short list to be rewritten in sentences (few labels to copy)."""
    return "\n".join(x for x, _ in fact_lines(profile, role))


def sent_facts(profile: UnitProfile, role: Role) -> list[FactLine]:
    """The facts list's lines as the form guard compares them: brackets and list marks removed, words kept."""
    return [FactLine(text=re.sub(r"^- |[【】]", "", x), frame=f) for x, f in fact_lines(profile, role) if f]


def fence(hit: Hit, text: str) -> str:
    # Fenced and labelled so the model reads it as material; fence marks inside are neutralised.
    body = text.replace("<<<", "‹‹‹").replace(">>>", "›››")
    return f"【参考范文 {hit.chunk_id}｜{hit.title}】\n<<<\n{body}\n>>>"


def exemplar_block(hits: list[Hit], budget: int) -> tuple[str, list[Hit]]:
    """Up to MAX_EXEMPLARS exemplars that fit in `budget` characters (the last one cut at a sentence end)."""
    blocks: list[str] = []
    used: list[Hit] = []
    left = budget
    for h in hits[:MAX_EXEMPLARS]:
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
        "facts": render_facts(profile, rule.role), "target_chars": target_chars(profile, rule.role),
    }, name="repair.md")
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def sent_of(profile: UnitProfile, rule: PartRule, settings: Settings, used: list[Hit]) -> Sent:
    """What the part's calls send that its answer must not repeat (guards.py): the system prompt, the part's
    template, the repair template and the facts list's headings with every value blanked, and the exemplars."""
    blank = {k: "\0" for k in [*base_values(profile), "facts", "exemplars", "target_chars", "heading", "part_name",
                               "defects", "previous"]}
    words = [render(load_prompt(name, settings), blank, name=name)
             for name in ("system.md", f"part_{rule.role.value}.md", "repair.md")]
    return Sent(skeleton="\0".join(QUOTED.sub("\0", w) for w in words),
                exemplars="\0".join(h.text for h in used),
                labels=[h.format(year=profile.year + 1) for h in FACT_HEADS.values()],
                unit_form=f"（{profile.unit_kind}，{profile.level.value}级）" if profile.level else "",
                # every facts line with a form, the other parts' too: a part restates what another was sent
                facts=list(dict.fromkeys(sent_facts(profile, Role.achievements) + sent_facts(profile, rule.role))),
                problems="\0".join(profile.problems),
                feedback=[x for r in profile.rectifications for x in (r.feedback, r.action)]
                if rule.role == Role.rectification else None)
