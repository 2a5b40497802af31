"""One part on its own (`draft section ROLE`): streamed to the terminal as it is written, with each
sentence grounded before it is shown, then normalised, checked and repaired like a part of a report."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.numbering import int_to_cn
from assistant.domain.parse import parse_text
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import PartRule, Rubric, load_rubric
from assistant.services.critique import structural_findings
from assistant.services.drafting.calls import progress_line
from assistant.services.drafting.grounding import Facts, facts_of, ground
from assistant.services.drafting.models import Backend, DraftResult
from assistant.services.drafting.offline import compose_part, make_title
from assistant.services.drafting.report import (
    OFFLINE_NOTE,
    _slots,
    _to_part,
    compose_instead,
    finish,
    plan_parts,
    prepare,
    take,
    to_repair,
)
from assistant.services.drafting.retrieve import Retriever
from assistant.services.drafting.work import Work, mark_incomplete, settle
from assistant.services.llm import ChatResult, make_async_client
from assistant.services.llm_stream import astream_chat
from assistant.settings import Settings

_SENTENCE_END = re.compile(r"[。；！？\n]")


class GroundedStream:
    """Passes streamed text on sentence by sentence, grounded, so an invented figure is never shown."""

    def __init__(self, facts: Facts, out: Callable[[str], None]) -> None:
        self.facts, self.out, self.buf = facts, out, ""

    def __call__(self, delta: str) -> None:
        self.buf += delta
        ends = [m.end() for m in _SENTENCE_END.finditer(self.buf)]
        if ends:
            cut = ends[-1]
            self.out(ground(self.buf[:cut], self.facts).text)
            self.buf = self.buf[cut:]

    def close(self) -> None:
        if self.buf:
            self.out(ground(self.buf, self.facts).text)
            self.buf = ""


# The critique's structural checks that mean something for one part on its own (missing parts, order and
# the heading's number need the whole report).
SECTION_CHECKS = {"placeholder"}


def section_defects(title: str, w: Work, rubric: Rubric) -> list[str]:
    """The critique's placeholder check on one part, read as the parser reads a report (title, heading, body)."""
    lines = [title, *([w.heading] if w.heading else []), *w.text.split("\n")]
    findings = structural_findings(parse_text("\n".join(lines), "section"), rubric)
    return [f"{f.check}：{f.message}" + (f"（“{f.evidence}”）" if f.evidence else "")
            for f in findings if f.check in SECTION_CHECKS]


def call(settings: Settings, w: Work, on_delta: Callable[[str], None] | None = None) -> ChatResult:
    """One streamed call of a part (its budget and timeouts as in a report)."""

    async def run() -> ChatResult:
        client = make_async_client(settings)
        try:
            return await astream_chat(settings, w.messages, client=client, max_tokens=w.budget, on_delta=on_delta)
        finally:
            await client.close()

    return asyncio.run(run())


def rule_for(role: Role, rubric: Rubric) -> PartRule:
    return rubric.part(role) or PartRule(role=role, heading=ROLE_ZH[role], requirement="optional")


def draft_section(profile: UnitProfile, role: Role | str, settings: Settings, *, backend: Backend = "offline",
                  rubric: Rubric | None = None, stream: Callable[[str], None] | None = None,
                  progress: Callable[[str], None] | None = None) -> DraftResult:
    say = progress or (lambda _m: None)
    role = Role(role)
    rubric = rubric or load_rubric(settings.rubric)
    title = make_title(profile)
    if role in (Role.title, Role.unknown):
        raise ValueError(f"{role.value} 不能单独起草")
    facts = facts_of(profile)
    rule = rule_for(role, rubric)

    def check(w: Work) -> None:
        finish(w, facts)
        w.defects += [d for d in section_defects(title, w, rubric) if d not in w.defects]

    w = Work(rule=rule)
    retriever = Retriever(settings)
    w.hits = retriever(profile, role)
    warnings = [retriever.warning] if retriever.warning else []
    for x in warnings:
        say(x)
    if backend == "offline":
        warnings.append(OFFLINE_NOTE)
        w.raw, w.notes, used = compose_part(role, profile, w.hits, settings)
        w.hits = [h for h in w.hits if h.chunk_id in used]
        w.attempts = 1
        check(w)
    else:
        prepare(w, profile, settings)
        streamer = GroundedStream(facts, stream) if stream else None
        res = call(settings, w, streamer)
        if streamer:
            streamer.close()
        take(w, res)
        w.attempts = 1
        say(progress_line(w, res, 1, 1))
        check(w)
        for _ in range(settings.max_repairs):
            if not w.defects:
                break
            say(f"{ROLE_ZH[role]}：重写（{'；'.join(w.defects)}）")
            to_repair(w, profile, settings)
            res = call(settings, w)
            take(w, res)
            w.attempts += 1
            say(progress_line(w, res, w.attempts, w.attempts))
            check(w)
        settle(w)
        compose_instead(w, profile, settings, facts)
        mark_incomplete(w)  # an empty or cut-off answer gets a visible slot, never passes as complete
    part = _to_part(w)
    numbered = [p.role for p in plan_parts(rubric, [role]) if p.numbered]
    if part.heading and role in numbered:
        part.number = f"{int_to_cn(numbered.index(role) + 1)}、"
    head = f"{part.number or ''}{part.heading}" if part.heading else None
    text = (head + "\n" if head else "") + part.text + "\n"
    md = (f"## {head}\n\n" if head else "") + "\n\n".join(x for x in part.text.split("\n") if x) + "\n"
    return DraftResult(backend=backend, model=settings.model if backend == "api" else None, title=title,
                       parts=[part], markdown=md, text=text, slots=_slots([w]), warnings=warnings)
