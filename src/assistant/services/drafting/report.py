"""Drafting a report: retrieve per part, draft every part (concurrently through the API, or with the
offline composer), ground, assemble, check, and redraft the parts that fail, a bounded number of times."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import PartRule, Rubric, load_rubric
from assistant.services.drafting import checks
from assistant.services.drafting.assemble import assemble, normalise_part
from assistant.services.drafting.grounding import Facts, Replacement, facts_of, ground, slots_in
from assistant.services.drafting.messages import part_messages, repair_messages
from assistant.services.drafting.models import Backend, DraftPart, DraftResult, Slot, Source
from assistant.services.drafting.offline import compose_part, make_title
from assistant.services.drafting.prose import GARBLED
from assistant.services.drafting.retrieve import Retriever
from assistant.services.llm import achat, make_async_client, request_body
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.index.search import Hit
    from assistant.services.llm import ChatResult

Progress = Callable[[str], None]
OFFLINE_NOTE = "离线模板生成（未使用大模型）：由单位情况表、句式模板和范例拼成"


@dataclass
class Work:
    """One part while it is being drafted."""

    rule: PartRule
    hits: list[Hit] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    raw: str = ""
    text: str = ""
    truncated: bool = False
    filtered: bool = False  # stopped by the server's content review
    dropped: bool = False  # the connection dropped mid-answer (the stream had no finish_reason)
    attempts: int = 0
    defects: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    prompt_chars: int = 0

    @property
    def role(self) -> Role:
        return self.rule.role

    @property
    def heading(self) -> str | None:
        return self.rule.heading if self.rule.numbered else None


def plan_parts(rubric: Rubric, include: list[Role] | None = None) -> list[PartRule]:
    """The rubric's parts to draft, in its order: required and expected ones, optional ones when asked."""
    want = set(include or [])
    return [p for p in rubric.parts if p.role != Role.title
            and (p.requirement in ("required", "expected") or p.role in want)]


def finish(w: Work, facts: Facts) -> None:
    """Normalise, ground and check one part's latest answer."""
    text = normalise_part(w.raw, w.role, w.heading, w.rule.numbered)
    g = ground(text, facts)
    w.text = g.text
    w.replaced = g.replaced
    w.defects = checks.part_defects(w.role, w.text, truncated=w.truncated, filtered=w.filtered, dropped=w.dropped)


def take(w: Work, res: ChatResult) -> None:
    """A part's latest answer and how it ended."""
    w.raw, w.truncated, w.filtered, w.dropped = res.text, res.truncated, res.filtered, res.dropped


# What a part whose last answer was still incomplete gets at its end, so the written draft never reads as
# complete where the model stopped (stderr and exit 3 say it too).
INCOMPLETE = {"truncated": "【待补充：此处回答被截断，后续内容未生成】",
              "filtered": "【待补充：此处回答被内容审核中断，内容可能不完整】",
              "dropped": "【待补充：此处连接在回答中途断开，后续内容未收到】",
              "garbled": "【待补充：以上回答不像中文公文（疑为乱码），请重写这一部分】"}


def garbled(w: Work) -> bool:
    return any(d.startswith(GARBLED) for d in w.defects)


def mark_incomplete(w: Work) -> None:
    if not w.text.strip():
        w.text = f"【待补充：{ROLE_ZH[w.role]}（未能生成）】"
    elif w.filtered:
        w.text = w.text.rstrip() + "\n" + INCOMPLETE["filtered"]
    elif w.dropped:
        w.text = w.text.rstrip() + "\n" + INCOMPLETE["dropped"]
    elif w.truncated:
        w.text = w.text.rstrip() + "\n" + INCOMPLETE["truncated"]
    elif garbled(w):
        w.text = w.text.rstrip() + "\n" + INCOMPLETE["garbled"]


def _retrieve(works: list[Work], profile: UnitProfile, settings: Settings, skip: bool) -> str | None:
    if skip:
        return None
    retriever = Retriever(settings)
    for w in works:
        w.hits = retriever(profile, w.role)
    return retriever.warning


def _request(settings: Settings, messages: list[dict[str, str]]) -> dict[str, Any]:
    return request_body(settings, messages)


def dry_run_requests(profile: UnitProfile, settings: Settings, *, rubric: Rubric | None = None,
                     include: list[Role] | None = None, roles: list[Role] | None = None
                     ) -> tuple[list[dict[str, Any]], list[str]]:
    """Every request the first round of a report would send, exactly, and notes; nothing is sent."""
    rubric = rubric or load_rubric(settings.rubric)
    rules = [r for r in plan_parts(rubric, include) if roles is None or r.role in roles]
    works = [Work(rule=r) for r in rules]
    notes = []
    api_embedding = settings.embedding == "api"
    if api_embedding:
        notes.append("未检索范例：embedding=api 时检索会把查询发到向量化接口，"
                     "所以这些请求里没有范例")
    warning = _retrieve(works, profile, settings, skip=api_embedding)
    if warning:
        notes.append(warning)
    out = []
    for w in works:
        msgs, _ = part_messages(profile, w.rule, w.hits, settings)
        out.append({"part": w.role.value, **_request(settings, msgs)})
    notes.append("未通过检查的部分会用 prompts/repair.md 重写（最多 "
                 f"{settings.max_repairs} 次）；这些请求取决于模型的回答，此处不列出")
    return out, notes


async def _call_all(works: list[Work], settings: Settings, progress: Progress, total: int) -> None:
    sem = asyncio.Semaphore(settings.concurrency)
    client = make_async_client(settings)
    done = 0

    async def one(w: Work) -> None:
        nonlocal done
        async with sem:
            res = await achat(settings, w.messages, client=client)
        take(w, res)
        w.attempts += 1
        done += 1
        what = "已重写" if w.attempts > 1 else "已起草"
        progress(f"[{done}/{total}] {w.role.value} {what}（{len(res.text)} 字）")

    try:
        await asyncio.gather(*(one(w) for w in works))
    finally:
        await client.close()


_KIND_ZH = {"figure": "数字", "name": "人名", "honour": "荣誉"}


def _slots(works: list[Work]) -> list[Slot]:
    out: list[Slot] = []
    for w in works:
        invented = {r.slot for r in w.replaced}
        for r in w.replaced:
            out.append(Slot(part=w.role, slot=r.slot, reason=f"情况表中没有的{_KIND_ZH.get(r.kind, r.kind)}已删去：{r.original}",
                            context=r.context))
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
    works = [Work(rule=r) for r in plan_parts(rubric, include)]
    warnings: list[str] = []
    warming = warm_openai_import() if backend == "api" else None
    w0 = _retrieve(works, profile, settings, skip=False)
    if warming is not None:
        warming.join()
    if w0:
        warnings.append(w0)
        say(w0)
    if backend == "offline":
        warnings.append(OFFLINE_NOTE)
        for w in works:
            w.raw, w.notes, used_ids = compose_part(w.role, profile, w.hits, settings)
            w.hits = [h for h in w.hits if h.chunk_id in used_ids]  # sources: only what the text used
            w.attempts = 1
            finish(w, facts)
    else:
        for w in works:
            w.messages, used = part_messages(profile, w.rule, w.hits, settings)
            w.hits = used
            w.prompt_chars = sum(len(m["content"]) for m in w.messages)
        asyncio.run(_call_all(works, settings, say, len(works)))
        for w in works:
            finish(w, facts)
    text, findings, parts = _check_round(title, works, rubric, warnings)
    rounds = settings.max_repairs if backend == "api" else 0
    for n in range(rounds):
        failing = [w for w in works if w.defects]
        if not failing:
            break
        say(f"第 {n + 1} 轮重写：" + "，".join(f"{w.role.value}（{len(w.defects)} 处问题）" for w in failing))
        for w in failing:
            w.messages = repair_messages(profile, w.rule, w.text, w.defects, settings)
        asyncio.run(_call_all(failing, settings, say, len(failing)))
        for w in failing:
            finish(w, facts)
        text, findings, parts = _check_round(title, works, rubric, warnings)
    # never hand back a silently empty or cut-off part: leave a visible slot where it belongs
    incomplete = [w for w in works if not w.text.strip() or w.truncated or w.filtered or garbled(w)]
    for w in incomplete:
        mark_incomplete(w)
    if incomplete:
        text, findings, parts = _check_round(title, works, rubric, warnings)
    for w in works:
        if w.defects:
            say(f"{w.role.value}：试了 {w.attempts} 次仍未通过检查：" + "；".join(w.defects))
    md = parts[1]
    return DraftResult(
        backend=backend, model=settings.model if backend == "api" else None, title=title,
        parts=parts[0], markdown=md, text=text, slots=_slots(works), findings=findings,
        warnings=list(dict.fromkeys(warnings)),
    )


def _to_part(w: Work) -> DraftPart:
    return DraftPart(
        role=w.role, heading=w.heading, text=w.text, attempts=w.attempts, defects=list(w.defects),
        notes=list(w.notes), prompt_chars=w.prompt_chars,
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
