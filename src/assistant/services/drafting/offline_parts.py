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
from assistant.services.drafting.offline_text import Turns, bare, bigrams, sentence, shared
from assistant.services.drafting.prompt_files import PromptError, render
from assistant.services.index.shingles import normalise

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
    said: set[str] = field(default_factory=set)  # exemplar sentences already used
    # the draft as composed without exemplars (normalised): an exemplar sentence it already holds is not taken,
    # e.g. one of the composer's own sentences in an earlier draft of the unit that was indexed
    avoid: str = ""
    # Slot lengths: the first pass records each slot's weight; the second is given what each slot asks for
    # (length_plan: the part's share of the target less what the part writes), in the same order.
    weights: list[float] = field(default_factory=list)
    asks: list[int] | None = None

    def fresh(self, cands: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(s, cid) for s, cid in cands if s not in self.said and normalise(s) not in self.avoid]

    def get(self, key: str) -> Any:
        if key not in self.pat:
            raise PromptError(f"offline.yaml：没有句式 `{key}`")
        return self.pat[key]

    def r(self, template: str, key: str = "offline.yaml", **extra: object) -> str:
        return render(str(template), {**self.values, **extra}, name=f"offline.yaml:{key}").strip()

    def slot(self, text: str, weight: float = 1.0) -> str:
        """A slot for the writer; with the length plan's asks, it says how much to add there (约150字)."""
        text = str(text).strip()
        if text.startswith("【待补充") and text.endswith("】"):  # an older prompts_dir copy holds whole slots
            text = text[5:-1]
        i = len(self.weights)
        self.weights.append(weight)
        if self.asks is not None and i < len(self.asks):
            return f"【待补充：{text}，约{self.asks[i]}字】"
        return f"【待补充：{text}】"

    def exemplar(self, target: str, kind: Kind, *, least: int = 3) -> str:
        """A reusable exemplar sentence of this part about the same thing as `target` (a problem of this kind):
        it names one of the kind's keys, or shares more with the problem than the least, or ''."""
        cands = [(s, cid) for s, cid in self.fresh(candidates(self.hits, self.profile.unit_kind))
                 if any(k in s for k in kind.keys) or shared(s, target) > least]
        found = best_match(cands, target + " ".join(kind.keys), self.said, least=least)
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
            # a generic ask: the kind's example list may not fit this unit's problem
            items.append(title + sentence(text) + c.slot(c.get("problem_ask")))
            continue
        # no problem admitted: the usual problem of this kind, in an exemplar's words where one is of the kind
        ex = _exemplar_of_kind(c, k)
        if not ex:
            from_table.append(k.name)
        items.append(title + (ex or sentence(k.problem)) + c.slot(c.get("problem_template_ask")))
    if not c.profile.problems:
        c.notes.append("本单位未提供存在的问题：按" + c.profile.unit_kind + "常见问题列出提示，请据实查摆、改写")
    c.exemplar_note()
    return items


def _exemplar_of_kind(c: Ctx, k: Kind) -> str:
    cands = [(s, cid) for s, cid in c.fresh(candidates(c.hits, c.profile.unit_kind))
             if any(key in s for key in k.keys)]
    if not cands:
        return ""
    s, cid = max(cands, key=lambda x: (sum(len(key) for key in k.keys if key in x[0]), -cands.index(x)))
    c.said.add(s)
    c.used.add(cid)
    return s


# ---- causes ---------------------------------------------------------------------------------------------

def _subjective(c: Ctx, group: list[tuple[str | None, Kind]]) -> str:
    """The subjective cause of a kind of problem, in the writer's voice (no title restating the problem)."""
    k = group[0][1]
    body = sentence(c.turns.take("subjective:" + k.name, k.subjective))
    ex = c.exemplar(" ".join(t or k.problem for t, _ in group), k)
    if ex and shared(ex, body) >= max(4, len(body) // 6):
        ex = ""  # says what the table already says
    return str(c.get("cause_subjective_prefix")) + body + ex + c.slot(c.get("cause_ask"))


def _objective_slot(c: Ctx) -> str:
    """The objective side the profile does not give: the unit's conditions are the writer's to state."""
    return str(c.get("cause_objective_none")) + c.slot(c.get("cause_objective_none_ask"))


def _given(c: Ctx, cause: str) -> tuple[str, str | None]:
    """A cause as given, with 主观上/客观上 before it when its words tell the side, and the ask after it."""
    s = side(cause)
    text = bare(cause)
    if s == "subjective" and not text.startswith("主观"):
        text = str(c.get("cause_subjective_prefix")) + text
    elif s == "objective" and not text.startswith("客观"):
        text = str(c.get("cause_objective_prefix")) + text
    ask = c.get("cause_objective_ask") if s == "objective" else c.get("cause_ask")
    return sentence(text) + c.slot(ask), s


def causes(c: Ctx) -> list[str]:
    pk = problem_kinds(c)
    groups: dict[str, list[tuple[str | None, Kind]]] = {}
    for text, k in pk:
        groups.setdefault(k.name, []).append((text, k))
    if c.profile.causes:
        given = [_given(c, x) for x in c.profile.causes]
        sides = {s for _, s in given}
        subj = bool(sides & {"subjective", "both"})
        obj = bool(sides & {"objective", "both"})
        # subjective first, as the lead says (既有客观因素，更有主观原因)
        items = [t for t, s in given if s != "objective"] + [t for t, s in given if s == "objective"]
        if obj and not subj and groups:
            items = [_subjective(c, g) for g in groups.values()] + items
            c.notes.append("提供的原因都是客观原因：按问题类别补充了主观原因的方向，请据实修改")
        elif subj and not obj:
            items.append(_objective_slot(c))
            c.notes.append("提供的原因没有客观原因：留了一条客观原因的待补充处，如无请删去")
        c.exemplar_note()
        return [x for x in items if x]
    items = [_subjective(c, g) for g in groups.values()]
    items.append(_objective_slot(c))
    c.notes.append("原因未提供：按问题类别写出主观原因的方向，客观原因和具体原因请据实补充")
    c.exemplar_note()
    return [x for x in items if x]


# ---- plans ----------------------------------------------------------------------------------------------

def _measure(c: Ctx, text: str | None, k: Kind) -> str:
    n = c.turns.index("measure:" + k.name, max(len(k.measure_title), len(k.measure)))
    title = k.measure_title[n % len(k.measure_title)] if k.measure_title else ""  # a title goes with its measure
    body = bare(k.measure[n % len(k.measure)])
    lead = ""
    if text is not None:
        # the problem's first clause whole (a cut of it reads as the measure's object: 围绕党员教育方式…; all of
        # it reads as one more problem)
        first = bare(re.split(r"[，,；;](?![^“]*”)", text.strip(), maxsplit=1)[0])
        lead = c.r(c.get("plan_lead"), "plan_lead", problem=first)
    ex = c.exemplar(text or k.problem, k)
    if ex and shared(ex, body + title) >= max(4, len(body) // 6):
        ex = ""
    return (sentence(title) if title else "") + lead + sentence(body) + ex + c.slot(c.get("plan_ask"))


def plans(c: Ctx) -> list[str]:
    p = c.profile
    if p.priorities:
        items = [c.r(c.get("plans_item"), "plans_item", priority=bare(x)) + c.slot(c.get("plan_ask"))
                 for x in p.priorities]
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
