"""The parts of an offline draft that answer one another: problems, their causes and the measures.

Each admitted problem is classified by kind (offline_kinds); its heading, cause and measure are phrased for that
kind, in turn from the table's variants, and the specifics are slots. Where an index exists, a sentence of a
retrieved exemplar of the same part that shares the problem's words is added as phrasing (fact-free only, see
offline_exemplars). The profile's own problems, causes and priorities are always kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.domain.profile import UnitProfile
from assistant.services.drafting.offline_exemplars import best_match, candidates
from assistant.services.drafting.offline_kinds import Kind, Kinds, side
from assistant.services.drafting.offline_text import Turns, bare, bigrams, sentence, shared, subject
from assistant.services.drafting.prompt_files import PromptError, render

if TYPE_CHECKING:
    from assistant.services.index.search import Hit

_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’")  # an opening mark ends the search for a close: linear on unclosed marks
ANSWER_OVERLAP = 0.25  # share of a problem's character pairs a priority must repeat to answer it…
ANSWER_SHARED = 3  # …or this many of them (理论学习 is three)


@dataclass
class Ctx:
    """What composing one part needs: the profile, the patterns, the part's exemplars, and what it used."""

    profile: UnitProfile
    pat: dict[str, Any]
    values: dict[str, object]
    hits: list[Hit]
    kinds: Kinds
    turns: Turns = field(default_factory=Turns)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # chunk ids
    _said: set[str] = field(default_factory=set)  # exemplar sentences already used

    def get(self, key: str) -> Any:
        if key not in self.pat:
            raise PromptError(f"offline.yaml：没有句式 `{key}`")
        return self.pat[key]

    def r(self, template: str, key: str = "offline.yaml", **extra: object) -> str:
        return render(str(template), {**self.values, **extra}, name=f"offline.yaml:{key}").strip()

    def slot(self, text: str) -> str:
        return f"【待补充：{text}】"

    def exemplar(self, target: str, kind: Kind, *, least: int = 3) -> str:
        """A reusable exemplar sentence of this part about the same thing as `target` (a problem of this kind):
        it names one of the kind's keys, or shares more with the problem than the least, or ''."""
        cands = [(s, cid) for s, cid in candidates(self.hits, self.profile.unit_kind)
                 if any(k in s for k in kind.keys) or shared(s, target) > least]
        found = best_match(cands, target + " ".join(kind.keys), self._said, least=least)
        if not found:
            return ""
        self.used.add(found[1])
        return found[0]

    def exemplar_note(self) -> None:
        if self.used:
            self.notes.append("部分句式取自范文 " + "、".join(sorted(self.used)) + "，请据实修改")


def problem_kinds(c: Ctx) -> list[tuple[str | None, Kind]]:
    """(the problem as the profile states it, its kind) — or, when it admits none, the unit kind's usual ones."""
    if c.profile.problems:
        return [(x, c.kinds.classify(x)) for x in c.profile.problems]
    return [(None, k) for k in c.kinds.for_unit(c.profile.unit_kind)]


def _answers(priority: str, problem: str) -> bool:
    pb = bigrams(problem)
    n = len(pb & bigrams(priority))
    return bool(pb) and (n >= ANSWER_SHARED or n / len(pb) >= ANSWER_OVERLAP)


# ---- problems -------------------------------------------------------------------------------------------

def problems(c: Ctx) -> list[str]:
    items: list[str] = []
    titled: set[str] = set()
    from_table: list[str] = []
    for text, k in problem_kinds(c):
        title = ""
        # a heading in the reports' idiom for a problem the composer proposes; one the writer admitted stays as
        # written (a heading of other words would be one more thing the measures must answer)
        if text is None and not k.is_default and k.name not in titled:
            titled.add(k.name)
            title = sentence(c.r(c.turns.take("problem_titles", c.get("problem_titles")), "problem_titles",
                                 focus=k.focus))
        if text is not None:
            items.append(title + sentence(text) + c.slot(k.detail))
            continue
        # no problem admitted: the usual problem of this kind, in an exemplar's words where one is of the kind
        ex = _exemplar_of_kind(c, k)
        if not ex:
            from_table.append(k.name)
        items.append(title + (ex or sentence(k.problem)) + str(c.get("problem_template_slot")))
    if not c.profile.problems:
        c.notes.append("本单位未提供存在的问题：按" + c.profile.unit_kind + "常见问题列出提示，请据实查摆、改写")
    c.exemplar_note()
    return items


def _exemplar_of_kind(c: Ctx, k: Kind) -> str:
    cands = [(s, cid) for s, cid in candidates(c.hits, c.profile.unit_kind)
             if any(key in s for key in k.keys) and s not in c._said]
    if not cands:
        return ""
    s, cid = max(cands, key=lambda x: (sum(len(key) for key in k.keys if key in x[0]), -cands.index(x)))
    c._said.add(s)
    c.used.add(cid)
    return s


# ---- causes ---------------------------------------------------------------------------------------------

def _subjective(c: Ctx, group: list[tuple[str | None, Kind]]) -> str:
    k = group[0][1]
    title = c.turns.take("cause_title:" + k.name, k.cause_title)
    body = sentence(c.turns.take("subjective:" + k.name, k.subjective))
    ex = c.exemplar(" ".join(t or k.problem for t, _ in group), k)
    if ex and shared(ex, body) >= max(4, len(body) // 6):
        ex = ""  # says what the table already says
    return (sentence(title) if title else "") + body + ex + str(c.get("cause_slot"))


def _objective(c: Ctx, kinds: list[Kind], slot_key: str) -> str:
    texts: list[str] = []
    for t in (bare(k.objective) for k in kinds if k.objective):
        # two at most, and not two that say much the same (点多面广…相对有限 twice)
        if len(texts) < 2 and all(shared(t, u) < 0.4 * min(len(bigrams(t)), len(bigrams(u))) for u in texts):
            texts.append(t)
    if not texts:
        return ""
    return c.r(c.get("cause_objective"), "cause_objective", objective="；".join(texts)) + str(c.get(slot_key))


def causes(c: Ctx) -> list[str]:
    pk = problem_kinds(c)
    groups: dict[str, list[tuple[str | None, Kind]]] = {}
    for text, k in pk:
        groups.setdefault(k.name, []).append((text, k))
    kinds = [g[0][1] for g in groups.values()]
    if c.profile.causes:
        given = [sentence(x) for x in c.profile.causes]
        sides = {side(x) for x in c.profile.causes}
        subj = bool(sides & {"subjective", "both"})
        obj = bool(sides & {"objective", "both"})
        items = list(given)
        if obj and not subj and groups:
            items = [_subjective(c, g) for g in groups.values()] + items
            c.notes.append("提供的原因都是客观原因：按问题类别补充了主观原因的方向，请据实修改")
        elif subj and not obj and kinds:
            items.append(_objective(c, kinds, "cause_objective_added_slot"))
            c.notes.append("提供的原因没有客观原因：按问题类别补充了一条，如不符合实际请删去")
        c.exemplar_note()
        return [x for x in items if x]
    items = [_subjective(c, g) for g in groups.values()]
    items.append(_objective(c, kinds, "cause_objective_slot"))
    c.notes.append("原因未提供：按问题类别写出主观、客观两方面原因的方向，具体原因请据实补充")
    c.exemplar_note()
    return [x for x in items if x]


# ---- plans ----------------------------------------------------------------------------------------------

def _measure(c: Ctx, text: str | None, k: Kind) -> str:
    n = c.turns.index("measure:" + k.name, max(len(k.measure_title), len(k.measure)))
    title = k.measure_title[n % len(k.measure_title)] if k.measure_title else ""  # a title goes with its measure
    body = bare(k.measure[n % len(k.measure)])
    lead = ""
    if text is not None:
        subj = subject(text) or bare(text.split("，")[0])
        lead = c.r(c.turns.take("plan_leads", c.get("plan_leads")), "plan_leads", subject=subj)
    ex = c.exemplar(text or k.problem, k)
    if ex and shared(ex, body + title) >= max(4, len(body) // 6):
        ex = ""
    return (sentence(title) if title else "") + lead + sentence(body) + ex + str(c.get("plan_slot"))


def plans(c: Ctx) -> list[str]:
    p = c.profile
    if p.priorities:
        items = [c.r(c.get("plans_item"), "plans_item", priority=bare(x)) for x in p.priorities]
        # every admitted problem gets a measure: one no priority answers (in its words, or as a priority of its
        # kind: 打造“发改先锋”党建品牌 answers 缺少特色品牌 — a quoted name says nothing of the kind) gets its
        # kind's, to fill in
        kinds_of = [c.kinds.classify(_QUOTED.sub("", pr)) for pr in p.priorities]
        open_ = [(x, k) for x, k in problem_kinds(c)
                 if x is not None and not any(_answers(pr, x) for pr in p.priorities)
                 and (k.is_default or all(pk.name != k.name for pk in kinds_of))]
        items += [_measure(c, x, k) for x, k in open_]
        if open_:
            c.notes.append(f"{len(open_)}个问题没有对应的重点工作：按问题类别补充了措施方向，请据实补充")
    else:
        items = [_measure(c, x, k) for x, k in problem_kinds(c)]
        c.notes.append("重点工作未提供：按问题类别逐条写出措施方向，具体举措请据实补充")
    c.exemplar_note()
    return items
