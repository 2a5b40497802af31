"""Drafting a report: retrieve per part, draft every part (concurrently through the API, or with the
offline composer), ground, assemble, check, and redraft the parts that fail, a bounded number of times."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import PartRule, Rubric, load_rubric
from assistant.services.drafting import checks, verbatim
from assistant.services.drafting.assemble import assemble, normalise_part
from assistant.services.drafting.calls import Pace, call_parts
from assistant.services.drafting.cutting import cut_back
from assistant.services.drafting.grounding import Facts, facts_of, ground, slots_in
from assistant.services.drafting.guards import RESTATING, guard_defects
from assistant.services.drafting.length_plan import planned
from assistant.services.drafting.messages import (
    answer_budget,
    part_messages,
    repair_messages,
    sent_of,
    target_chars,
)
from assistant.services.drafting.models import Backend, DraftPart, DraftResult, Slot, Source
from assistant.services.drafting.offline import compose_part, compose_parts, make_title
from assistant.services.drafting.retrieve import Retriever
from assistant.services.drafting.work import INCOMPLETE, Work, garbled, guarded, mark_incomplete, settle
from assistant.services.llm import request_body
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.index.search import Hit
    from assistant.services.llm import ChatResult

Progress = Callable[[str], None]
COMPOSED = "模型没有写出可用的文字，这一部分改用离线模板按单位情况表拼写"
OFFLINE_NOTE = "离线模板生成（未使用大模型）：由单位情况表、句式模板和范例拼成"


def plan_parts(rubric: Rubric, include: list[Role] | None = None) -> list[PartRule]:
    """The rubric's parts to draft, in its order: required and expected ones, optional ones when asked."""
    want = set(include or [])
    return [p for p in rubric.parts if p.role != Role.title
            and (p.requirement in ("required", "expected") or p.role in want)]


def finish(w: Work, facts: Facts, settings: Settings | None = None) -> None:
    """Normalise, ground and check one part's latest answer; measure how much of it its exemplars hold verbatim."""
    text = normalise_part(w.raw, w.role, w.heading, w.rule.numbered)
    g = ground(text, facts)
    w.text = g.text
    w.replaced = g.replaced
    w.defects = checks.part_defects(w.role, w.text, truncated=w.truncated, filtered=w.filtered, dropped=w.dropped,
                                    over_budget=w.target if w.budget_cut else None)
    if w.sent is not None and not garbled(w):
        w.defects += guard_defects(w.text, w.role, w.target, w.sent)
    if settings is not None and w.given:
        w.verbatim = verbatim.share(w.text, w.given, w.own, settings.draft_verbatim_run)
        if w.verbatim > settings.draft_verbatim_max:
            w.defects.append(verbatim.too_much(w.verbatim, settings.draft_verbatim_max))


def compose_instead(w: Work, profile: UnitProfile, settings: Settings, facts: Facts) -> None:
    """A part left with no usable text after the repairs and the cut-back gets the offline composer's text from the
    unit's facts instead, named so in its notes and its mark (work.INCOMPLETE["composed"]): last year's feedback
    and this year's work, listed, serve the writer better than an empty slot where the facts were given. An
    opening or closing the parser still does not read as one is replaced whole: a paragraph of set form, which
    a plans item left where the closing should be only spoils."""
    unread = w.role in (Role.opening, Role.closing) and any(d.startswith(checks.UNRECOGNISED) for d in w.defects)
    if w.text.strip() and not unread:
        return
    composed = compose_part(w.role, profile, [], settings)[0]
    if not composed.strip():
        return
    model_defects = [*w.defects, COMPOSED]
    w.raw = composed
    w.truncated = w.filtered = w.dropped = w.budget_cut = False
    finish(w, facts)
    # the model's defects stay the part's (the draft exits 3): the composed text is a stand-in, not its answer
    w.defects = model_defects + [d for d in w.defects if d not in model_defects]
    w.composed = True
    w.notes.append(COMPOSED)


def take(w: Work, res: ChatResult) -> None:
    """A part's latest answer and how it ended."""
    w.raw, w.truncated, w.filtered, w.dropped = res.text, res.truncated, res.filtered, res.dropped
    w.gave_up = ""
    w.budget_cut = res.budget_cut


def prepare(w: Work, profile: UnitProfile, settings: Settings) -> None:
    """A part's first messages, its budget and what its answers must not repeat."""
    w.messages, w.hits = part_messages(profile, w.rule, w.hits, settings)
    w.prompt_chars = sum(len(m["content"]) for m in w.messages)
    w.budget, w.target = answer_budget(profile, w.role, settings), target_chars(profile, w.role)
    w.sent = sent_of(profile, w.rule, settings, w.hits)


def share_problems(works: list[Work]) -> None:
    """The problems part as drafted joins what the causes, plans and insights must not restate (guards.py)."""
    drafted = next((w.raw for w in works if w.role == Role.problems), "")
    for w in works:
        if w.sent is not None and w.role in RESTATING:
            w.sent.drafted_problems = drafted


def to_repair(w: Work, profile: UnitProfile, settings: Settings) -> None:
    """The repair messages of a failing part: its defects named, and only its sound text sent back (an echo of
    the prompt sent back would be echoed again)."""
    previous = cut_back(w.text, w.role, w.target, w.sent)[0] if guarded(w) else w.text
    w.messages = repair_messages(profile, w.rule, previous, w.defects, settings)
    if w.sent is not None:
        w.sent.extra = list(w.defects)


def _retrieve(works: list[Work], profile: UnitProfile, settings: Settings, skip: bool) -> str | None:
    if skip:
        return None
    retriever = Retriever(settings)
    for w in works:
        w.hits = retriever(profile, w.role)
    return retriever.warning


def dry_run_requests(profile: UnitProfile, settings: Settings, *, rubric: Rubric | None = None,
                     include: list[Role] | None = None, roles: list[Role] | None = None
                     ) -> tuple[list[dict[str, Any]], list[str]]:
    """Every request the first round of a report would send, exactly, and notes; nothing is sent."""
    from assistant.services.drafting.calls import start_concurrency

    rubric = rubric or load_rubric(settings.rubric)
    rules = [r for r in plan_parts(rubric, include) if roles is None or r.role in roles]
    works = [Work(rule=r) for r in rules]
    notes = []
    api_embedding = settings.embedding == "api"
    if api_embedding:
        notes.append("检索已跳过：embedding=api 时检索会把查询发送到 embeddings 接口；这些提示中没有范文")
    warning = _retrieve(works, profile, settings, skip=api_embedding)
    if warning:
        notes.append(warning)
    out = []
    for w in works:
        prepare(w, profile, settings)
        out.append({"part": w.role.value, **request_body(settings, w.messages, {"max_tokens": w.budget}),
                    "stream": True})
    notes.append(f"流式发送，同时最多 {start_concurrency(settings)} 个请求（服务器排队或超时时自动减少）；"
                 f"等待第一个字最多 {settings.first_token_timeout:g} 秒，之后停顿最多 {settings.idle_timeout:g} 秒")
    notes.append(f"未通过检查的部分用 prompts/repair.md 重写（最多 {settings.max_repairs} 次）；"
                 "这些请求取决于模型的回答，此处不列出")
    return out, notes


_KIND_ZH = {"figure": "数字", "name": "人名", "honour": "荣誉"}


def _slots(works: list[Work]) -> list[Slot]:
    out: list[Slot] = []
    for w in works:
        invented = {r.slot for r in w.replaced}
        for r in w.replaced:
            why = f"情况表中没有的{_KIND_ZH.get(r.kind, r.kind)}已删去：{r.original}"
            out.append(Slot(part=w.role, slot=r.slot, reason=why, context=r.context))
        for s in slots_in(w.text):
            if s not in invented:
                why = ("模型的回答不完整" if s in INCOMPLETE.values() or s.endswith("（未能生成）】")
                       else "情况表中没有提供")
                out.append(Slot(part=w.role, slot=s, reason=why))
    return out


def _import_openai() -> None:
    try:
        import openai  # noqa: F401
    except Exception:  # noqa: BLE001 - the import in the main thread raises it again, as one line
        pass


def warm_openai_import() -> threading.Thread:
    """Import the openai package in a thread while retrieval imports chromadb: the two cold imports overlap
    (≈0.5 s each here; the first report's wall time is the target of the benchmark)."""
    t = threading.Thread(target=_import_openai, name="import-openai", daemon=True)
    t.start()
    return t


def draft_report(profile: UnitProfile, settings: Settings, *, backend: Backend = "offline",
                 rubric: Rubric | None = None, include: list[Role] | None = None,
                 progress: Progress | None = None) -> DraftResult:
    """A whole report. backend="api" drafts each part with its own call (concurrently, bounded by
    settings.concurrency) and redrafts failing parts up to settings.max_repairs times; "offline" composes
    without an LLM. Raises LLMError (api) with one line when the endpoint fails."""
    say = progress or (lambda _m: None)
    rubric = rubric or load_rubric(settings.rubric)
    facts = facts_of(profile)
    title = make_title(profile)
    works = [Work(rule=r, target=target_chars(profile, r.role)) for r in plan_parts(rubric, include)]
    warnings: list[str] = []
    warming = warm_openai_import() if backend == "api" else None
    w0 = _retrieve(works, profile, settings, skip=False)
    if warming is not None:
        warming.join()
    if w0:
        warnings.append(w0)
        say(w0)
    own = verbatim.own_texts(profile)
    for w in works:
        w.given, w.own = [h.text for h in w.hits], own
    pace = Pace(settings, say)  # one for the report: what the server showed in a round holds for the next
    if backend == "offline":
        warnings.append(OFFLINE_NOTE)
        _compose_offline(works, profile, settings, facts, title)
    else:
        for w in works:
            prepare(w, profile, settings)
        asyncio.run(call_parts(works, settings, say, take, pace, give_up=_giving_up(say)))
        share_problems(works)
        for w in works:
            finish(w, facts, settings)
    text, findings, parts = _check_round(title, works, rubric, warnings)
    rounds = settings.max_repairs if backend == "api" else 0
    for n in range(rounds):
        failing = [w for w in works if w.defects]
        if not failing:
            break
        say(f"第 {n + 1} 轮重写：" + "，".join(f"{ROLE_ZH[w.role]}（{len(w.defects)} 处问题）" for w in failing))
        for w in failing:
            to_repair(w, profile, settings)
        asyncio.run(call_parts(failing, settings, say, take, pace, give_up=_giving_up(say)))
        share_problems(works)
        for w in failing:
            finish(w, facts, settings)
        text, findings, parts = _check_round(title, works, rubric, warnings)
    # never hand back a silently empty or cut-off part: leave a visible slot where it belongs
    for w in works:
        settle(w)
        if backend == "api":
            compose_instead(w, profile, settings, facts)
    warnings += [w.gave_up for w in works if w.gave_up]
    incomplete = [w for w in works if not w.text.strip() or w.truncated or w.filtered or garbled(w) or w.cut
                  or w.composed]
    for w in incomplete:
        mark_incomplete(w)
    if incomplete:
        text, findings, parts = _check_round(title, works, rubric, warnings)
    for w in works:
        if w.defects:
            say(f"{ROLE_ZH[w.role]}：写了 {w.attempts} 次仍有问题：" + "；".join(w.defects))
    md = parts[1]
    return DraftResult(
        backend=backend, model=settings.model if backend == "api" else None, title=title,
        parts=parts[0], markdown=md, text=text, slots=_slots(works), findings=findings,
        warnings=list(dict.fromkeys(warnings)),
    )


def _giving_up(say: Progress) -> Callable[[Work, Exception], None]:
    """A part the server kept timing out on while it answered the others: the report keeps the part's last answer
    (a repair round) or marks it (work.mark_incomplete), and says so, instead of losing every other part."""
    def give_up(w: Work, err: Exception) -> None:
        w.gave_up = f"{ROLE_ZH[w.role]}：服务器多次没有写完这一部分（{err}），" + ("保留上一稿" if w.raw else "改用离线模板拼写")
        say(w.gave_up)
    return give_up


def _compose_offline(works: list[Work], profile: UnitProfile, settings: Settings, facts: Facts, title: str) -> None:
    """Compose every part offline. Each part is first composed without exemplars: that text is the composer's own
    (not counted as copied), and an exemplar sentence it holds is not taken again (an earlier draft of the unit in
    the index would otherwise put the same sentence in twice). A part whose exemplar sentences make more than
    draft_verbatim_max of it is composed again with fewer exemplars. Then the parts are composed once more with
    those exemplars and slots that ask for the rest of the target length (compose_parts, length_plan)."""
    from assistant.services.index.shingles import normalise

    bare_parts = {w.role: compose_part(w.role, profile, [], settings)[0] for w in works}
    avoid = normalise("\n".join(bare_parts.values()))
    said: set[str] = set()  # exemplar sentences already used in this draft: none is said twice
    chosen: dict[Role, list[Hit]] = {}
    fewer: set[Role] = set()
    for w in works:
        w.own = [*w.own, bare_parts[w.role]]
        hits = list(w.hits)
        for n in range(len(hits), -1, -1):
            before = set(said)
            w.raw = compose_part(w.role, profile, hits[:n], settings, said=said, avoid=avoid)[0]
            finish(w, facts, settings)
            if w.verbatim <= settings.draft_verbatim_max or n == 0:
                break
            said.clear()
            said.update(before)  # this try's sentences are not used after all
        chosen[w.role] = hits[:n]
        if n < len(hits) and w.given:
            fewer.add(w.role)
    composed = compose_parts([(w.role, w.heading) for w in works], profile, chosen, settings, title, avoid=avoid)
    for w in works:
        w.raw, w.notes, used_ids = composed[w.role]
        w.attempts = 1
        finish(w, facts, settings)
        if w.role in fewer:
            w.notes.append(f"为使与范文逐字相同的文字不超过 {settings.draft_verbatim_max:.0%}，少用了范文的句式")
        w.hits = [h for h in chosen[w.role] if h.chunk_id in used_ids]  # sources: only what the text used


def _to_part(w: Work) -> DraftPart:
    return DraftPart(
        role=w.role, heading=w.heading, text=w.text, attempts=w.attempts, defects=list(w.defects),
        notes=list(w.notes), prompt_chars=w.prompt_chars, verbatim_share=round(w.verbatim, 4),
        target_chars=w.target, chars=planned(w.text),
        sources=[Source(chunk_id=h.chunk_id, score=round(h.score, 4), report_id=h.report_id, title=h.title)
                 for h in w.hits],
    )


def _check_round(title: str, works: list[Work], rubric: Rubric, warnings: list[str]
                 ) -> tuple[str, list[Any], tuple[list[DraftPart], str]]:
    parts = [DraftPart(role=Role.title, text=title, heading=None)] + [_to_part(w) for w in works]
    text, md, line_roles = assemble(title, parts)
    findings, per_part, warn = checks.report_findings(text, rubric, [w.role for w in works], line_roles)
    warnings.extend(warn)
    for w in works:
        for d in per_part.get(w.role, []):
            if d not in w.defects:
                w.defects.append(d)
    # the parts as returned carry the defects the report-level checks found too
    parts = [parts[0]] + [p.model_copy(update={"defects": list(w.defects)}) for p, w in zip(parts[1:], works,
                                                                                          strict=True)]
    return text, findings, (parts, md)


def part_name(role: Role) -> str:
    return ROLE_ZH[role]
