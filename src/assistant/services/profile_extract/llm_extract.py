"""The model's proposal (prompts/profile_extract.md), checked in code: a model may reword, add up or invent a
figure, so every figure it gives, and every figure in the text of an entry, must stand verbatim in the
source. A figure that does not is dropped; an entry whose text carries one is dropped whole (its text would
put the figure into the draft). Each drop is named in the proposal's notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from assistant.domain.profile import MAX_ITEMS
from assistant.services.drafting.prompt_files import load_prompt
from assistant.services.llm import chat_json
from assistant.services.profile_extract.figures import figure_texts
from assistant.services.profile_extract.model import Found
from assistant.services.profile_extract.sources import Segment, Source, where_zh
from assistant.settings import Settings

# A summary runs to a few thousand characters; a longer file is cut here (and the notes say so) rather than
# sent whole: the answer must list every item, and a long answer is the one that gets cut off.
MAX_SOURCE_CHARS = 30_000


class ModelItem(BaseModel):
    text: str
    figures: list[str] = Field(default_factory=list)
    area: str | None = None
    segment: int | None = Field(default=None, description="the [S数字] the sentence stands in")


class ModelAnswer(BaseModel):
    unit_name: str | None = None
    year: int | None = None
    work_items: list[ModelItem] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    priorities: list[str] = Field(default_factory=list)


@dataclass
class Checked:
    unit_name: str | None
    year: int | None
    work_items: list[Found] = field(default_factory=list)
    problems: list[Found] = field(default_factory=list)
    priorities: list[Found] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def numbered_source(src: Source) -> tuple[str, int]:
    """The segments as `[S1] text` lines, cut at MAX_SOURCE_CHARS; and how many segments were sent."""
    lines, size = [], 0
    for i, s in enumerate(src.segments, 1):
        line = f"[S{i}] {s.text}"
        if size + len(line) > MAX_SOURCE_CHARS:
            return "\n".join(lines), i - 1
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines), len(src.segments)


def messages(src: Source, settings: Settings) -> tuple[list[dict[str, str]], int]:
    body, sent = numbered_source(src)
    return [{"role": "system", "content": load_prompt("profile_extract.md", settings).strip()},
            {"role": "user", "content": f"材料（{src.path}）：\n{body}"}], sent


def _segment_of(src: Source, k: int | None, text: str, figures: list[str]) -> Segment | None:
    if k is not None and 1 <= k <= len(src.segments):
        return src.segments[k - 1]
    probe = figures[0] if figures else text[:12]
    return next((s for s in src.segments if probe and probe in s.text), None)


def _check_text(kind: str, text: str, whole: str, notes: list[str]) -> list[str] | None:
    """The figures of an entry's text, or None (and a note) when one of them is not in the source."""
    figs = figure_texts(text)
    missing = [f for f in figs if f not in whole]
    if missing:
        notes.append(f"模型给出的{kind}“{text[:40]}”含有原文中找不到的数字（{'、'.join(missing)}），整条已删去")
        return None
    return figs


def check_answer(ans: ModelAnswer, src: Source) -> Checked:
    whole = src.text
    out = Checked(ans.unit_name, ans.year)
    for it in ans.work_items:
        text = " ".join(it.text.split())
        if len(text) < 2:
            continue
        in_text = _check_text("工作事项", text, whole, out.notes)
        if in_text is None:
            continue
        seg = _segment_of(src, it.segment, text, it.figures)
        figs: list[str] = []
        for f in (x.strip() for x in it.figures):
            if not f or f in figs:
                continue
            if f in whole:
                figs.append(f)
            else:
                out.notes.append(f"模型给出的数字“{f}”在原文中找不到，已删去（工作事项：{text[:30]}…）")
        figs += [f for f in in_text if f not in figs and not any(f in g for g in figs)]
        where = [seg.where] if seg is not None else []
        out.work_items.append(Found(text=text, figures=figs, area=(it.area or None), where=where))
    for name, items, dest in (("问题", ans.problems, out.problems), ("打算", ans.priorities, out.priorities)):
        for t in items[:MAX_ITEMS]:
            t = " ".join(t.split())
            figs = _check_text(name, t, whole, out.notes) if len(t) >= 4 else None
            if figs is not None:  # its figures, verbatim, are named in the proposal for the writer to confirm
                seg = _segment_of(src, None, t, [])
                dest.append(Found(text=t, figures=figs, where=[seg.where] if seg else []))
    return out


def extract_with_model(src: Source, settings: Settings) -> Checked:
    """One structured call, then the check; raises LLMError when the endpoint fails or the answer stays
    malformed after a re-ask."""
    msgs, sent = messages(src, settings)
    checked = check_answer(chat_json(settings, msgs, ModelAnswer), src)
    if sent < len(src.segments):
        checked.notes.append(f"材料较长，只把前 {sent} 段（到{where_zh(src.segments[sent - 1].where)}）交给模型，"
                             "其后的内容没有提取")
    return checked
