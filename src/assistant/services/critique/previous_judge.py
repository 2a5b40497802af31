"""The year-on-year judgement by the LLM (critique --previous with the LLM review on and an API configured).

The topic/aspect matcher (domain/checks/previous.py, rectified.py) is exact on verbatim repeats but cannot tell a
shortcoming said again in other words from a new problem sharing its topic words, nor a rectification that answers
in other words: that needs the meaning. One call gives the model last year's problems (L1…), this year's (T1…) and
this year's rectification text (its own part or the achievements' sentences that speak of it), and asks for each T
whether it is an L said again (`same_as`) and for each L whether the rectification answers it, with a verbatim
quote (`evidence`). What it validly judged decides (merge); verbatim repeats stay whatever it says; an
`answered` whose quote is not in the rectification text is ignored. When the call fails the rule findings stand
and a note names the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from assistant.domain.checks.base import Ctx
from assistant.domain.checks.previous import (
    _MIN_GRAMS,
    _finding,
    _short,
    _where,
    bigrams,
    dice,
    head,
    normalise,
    problem_items,
)
from assistant.domain.checks.rectified import rectification_units
from assistant.domain.models import Finding, Role
from assistant.services.critique.quotes import norm, specific
from assistant.settings import Settings

# The note when the call fails: the findings are the rule matcher's (a named fallback).
FALLBACK = "上年度对比：大模型判断失败（{}），重复问题和未整改两项改用规则匹配的结果"
_REPEAT_HINT = "写今年新查摆出的问题；确属老问题没有解决的，要说明整改做了什么、为什么反复出现，把根源挖深。"
_RECTIFY_HINT = ("在“上年度述职评议反馈问题整改情况”中逐条写明这个问题采取了什么措施、整改到什么程度；"
                 "尚未整改到位的，说明原因和下一步打算。")


class ThisVerdict(BaseModel):
    id: str = Field(description="this year's problem: T1, T2, …")
    same_as: str | None = Field(default=None, description="the L id of last year's problem it says again, or null")
    reason: str = Field(default="", description="one sentence: why")


class LastVerdict(BaseModel):
    id: str = Field(description="last year's problem: L1, L2, …")
    answered: bool = Field(description="this year's rectification takes it up")
    evidence: str = Field(default="", description="verbatim quote of the rectification text that answers it")


class Judgement(BaseModel):
    # named for the question, not the year, and in the prompt's order (L listed first): a small model filled the
    # first list with the first ids it was shown (the test pair, the local 0.5B model)
    answers: list[LastVerdict] = Field(default_factory=list, description="one per last year's problem, L1, L2, …")
    repeats: list[ThisVerdict] = Field(default_factory=list, description="one per this year's problem, T1, T2, …")


@dataclass(frozen=True)
class Item:
    id: str
    line: int
    item: int | None  # which of a line's problems (一是…二是… in one paragraph), None on a line of one
    text: str


@dataclass
class Verdicts:
    """What the model validly judged: T id → L id or None (not a repeat), with its reason; L id → the evidence
    when answered, None when not. Ids it left out, or judged invalidly, are absent: the matcher decides them."""

    same: dict[str, tuple[str | None, str]]
    answered: dict[str, str | None]
    ignored: int = 0  # verdicts dropped: unknown ids, `answered` without a verbatim quote


def problems(ctx: Ctx, prefix: str) -> list[Item]:
    """The report's problems the matcher compares (long enough to be a problem, not a heading), numbered."""
    kept = [(n, k, t) for n, k, t in problem_items(ctx) if len(bigrams(t)) >= _MIN_GRAMS]
    return [Item(f"{prefix}{i}", n, k, t.strip()) for i, (n, k, t) in enumerate(kept, 1)]


def messages(last: list[Item], this: list[Item], rectification: str, settings: Settings) -> list[dict[str, str]]:
    from assistant.services.drafting.prompt_files import load_prompt, render

    def listing(items: list[Item]) -> str:
        return "\n".join(f"{it.id}：{it.text}" for it in items) or "（无）"

    user = render(load_prompt("previous_judge_user.md", settings),
                  {"last_problems": listing(last), "this_problems": listing(this),
                   "rectification": rectification or "（本年度报告没有写整改情况）"}, name="previous_judge_user.md")
    return [{"role": "system", "content": load_prompt("previous_judge_system.md", settings).strip()},
            {"role": "user", "content": user}]


def validate(answer: Judgement, last: list[Item], this: list[Item], rectification: str) -> Verdicts:
    """Keep the verdicts on ids that exist; an `answered` counts only with a quote (specific enough to pin a
    sentence down) found verbatim, whitespace aside, in the rectification text."""
    l_ids, t_ids = {it.id for it in last}, {it.id for it in this}
    text = norm(rectification)
    out = Verdicts(same={}, answered={})
    for v in answer.repeats:
        tid, lid = v.id.strip().upper(), (v.same_as or "").strip().upper() or None
        if tid not in t_ids or (lid is not None and lid not in l_ids) or tid in out.same:
            out.ignored += 1
            continue
        out.same[tid] = (lid, v.reason.strip())
    for v in answer.answers:
        lid, ev = v.id.strip().upper(), v.evidence.strip().strip("“”\"'")
        if lid not in l_ids or lid in out.answered:
            out.ignored += 1
            continue
        if not v.answered:
            out.answered[lid] = None
        elif ev and specific(ev) and norm(ev) in text:
            out.answered[lid] = ev
        else:
            out.ignored += 1  # a claim without a verbatim quote: the matcher's verdict stands
    return out


def judge(this: Ctx, last: Ctx, settings: Settings) -> tuple[list[Item], list[Item], Verdicts] | None:
    """One call; None when there is nothing to judge. Raises LLMError when the endpoint fails or the answer
    stays malformed after a re-ask (services/llm.py chat_json)."""
    from assistant.services.llm import chat_json

    l_items, t_items = problems(last, "L"), problems(this, "T")
    if not l_items:
        return None
    units, _ = rectification_units(this)
    rect = "\n".join(t.strip() for _, t in units)
    answer = chat_json(settings, messages(l_items, t_items, rect, settings), Judgement)
    return l_items, t_items, validate(answer, l_items, t_items, rect)


def verbatim(a: str, b: str, threshold: float) -> bool:
    """The matcher's near-identical words: a problem copied but for a word or two (bigram Dice of the normalised
    texts at the threshold); such a repeat stands whatever the model says."""
    return dice(normalise(a), normalise(b)) >= threshold


def merge(this: Ctx, last: Ctx, found: list[Finding], judged: tuple[list[Item], list[Item], Verdicts],
          verbatim_at: float, notes: list[str]) -> list[Finding]:
    """The rule findings with the model's valid verdicts applied to repeated-problem and unrectified."""
    l_items, t_items, v = judged
    by_key = {(it.line, it.item): it for it in l_items}
    t_of = {(it.line, it.item): it for it in t_items}
    l_of = {it.id: it for it in l_items}
    out: list[Finding] = []
    rule_repeat: dict[str, Finding] = {}
    rule_unrect: dict[str, Finding] = {}
    dropped = 0
    for f in found:
        t = t_of.get((f.line, f.item)) if f.check == "repeated-problem" else None
        old = by_key.get((f.previous_line, f.previous_item)) if f.previous_line is not None else None
        if t is not None and old is not None:
            if t.id not in v.same or verbatim(t.text, old.text, verbatim_at):
                out.append(f)  # not judged, or a verbatim repeat: the matcher's finding stands
                rule_repeat[t.id] = f
            elif v.same[t.id][0] == old.id:
                out.append(f)
                rule_repeat[t.id] = f
            else:
                dropped += 1
            continue
        if t is not None:
            rule_repeat[t.id] = f  # against a problem of last year too short to be listed: it stands
        if f.check == "unrectified" and old is not None:
            rule_unrect[old.id] = f
            if v.answered.get(old.id, None) is None:  # not judged, or judged unanswered: stands
                out.append(f)
            continue
        out.append(f)
    added = 0
    for t in t_items:
        lid, reason = v.same.get(t.id, (None, ""))
        if lid is None or t.id in rule_repeat:
            continue
        old = l_of[lid]
        msg = (f"与上年度报告所列问题是同一个问题（大模型判断：{_short(reason, 60) or '说法不同，所指相同'}）："
               f"本年{_where(t.line, t.item)}“{_short(head(t.text))}”；上年{_where(old.line, old.item)}“{_short(head(old.text))}”")
        f = _finding(this, "repeated-problem", t.line, t.text, msg, _REPEAT_HINT, old.line,
                     old.text if old.item else last.raw_line(old.line) or old.text, t.item, old.item)
        if f is not None:
            out.append(f.model_copy(update={"source": "llm"}))
            added += 1
    _, at = rectification_units(this)
    line = at or next((s.start_line for s in this.report.sections), this.report.start_line)
    where = "今年的整改情况" if any(s.role == Role.rectification for s in this.report.sections) else "今年的报告中"
    answered = []
    for old in l_items:
        if old.id not in v.answered:
            continue
        ev = v.answered[old.id]
        if ev is not None:
            if old.id in rule_unrect:
                answered.append(f"上年{_where(old.line, old.item)}（“{_short(ev, 30)}”）")
            continue
        if old.id in rule_unrect:
            continue
        msg = (f"上年度报告查摆的问题，{where}没有提到整改（大模型判断）：上年{_where(old.line, old.item)}"
               f"“{_short(head(old.text))}”")
        f = _finding(this, "unrectified", line, this.line(line), msg, _RECTIFY_HINT, old.line,
                     old.text if old.item else last.raw_line(old.line) or old.text, prev_item=old.item)
        if f is not None:
            out.append(f.model_copy(update={"source": "llm"}))
            added += 1
    said = [f"上年度对比由大模型判断：新增{added}条、撤下规则提示{dropped + len(answered)}条"]
    if answered:
        said.append("判为已整改的有" + "，".join(answered))
    if v.ignored:
        said.append(f"{v.ignored}条判断编号不存在或“已整改”没有逐字引文，已舍去（按规则匹配）")
    notes.append("；".join(said))
    return sorted(out, key=lambda f: f.line or 0)


def judged_findings(this: Ctx, last: Ctx, found: list[Finding], settings: Settings,
                    notes: list[str]) -> list[Finding]:
    """`found` (the rule findings of the comparison) with the model's judgement merged; on LLMError the rule
    findings unchanged and the fallback note."""
    from assistant.services.llm_errors import LLMError

    try:
        judged = judge(this, last, settings)
    except LLMError as e:
        first = (str(e).strip().splitlines() or [e.__class__.__name__])[0]
        notes.append(FALLBACK.format(first))
        return found
    if judged is None:
        return found
    return merge(this, last, found, judged, settings.previous_verbatim_threshold, notes)
