"""One part while a report is drafted (Work), and how a part is settled after the repairs: cut back to what is
sound, and marked where the model's answer stayed incomplete, so a written draft never reads as complete where
it is not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.rubric import PartRule
from assistant.services.drafting.cutting import cut_back, whole_sentences
from assistant.services.drafting.grounding import Replacement
from assistant.services.drafting.guards import GUARDED, Sent
from assistant.services.drafting.prose import GARBLED

if TYPE_CHECKING:
    from assistant.services.index.search import Hit


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
    budget: int = 0  # max_tokens of each call
    target: int = 0  # the part's target length in characters
    budget_cut: bool = False  # the last answer was stopped at max_tokens
    sent: Sent | None = None  # what the calls sent that the answer must not repeat (api only)
    cut: bool = False  # cut back to what was sound after the repairs
    given: list[str] = field(default_factory=list)  # the texts of the exemplars retrieved for this part
    own: list[str] = field(default_factory=list)  # the writer's own words (verbatim.own_texts)
    verbatim: float = 0.0  # share of the text standing verbatim in `given` (verbatim.py)
    gave_up: str = ""  # why the server's last call for this part was given up (calls.py give_up), else ""
    composed: bool = False  # the model left nothing usable: the offline composer's text from the facts instead

    @property
    def role(self) -> Role:
        return self.rule.role

    @property
    def heading(self) -> str | None:
        return self.rule.heading if self.rule.numbered else None


def guarded(w: Work) -> bool:
    return any(d.startswith(GUARDED) for d in w.defects)


def settle(w: Work) -> None:
    """After the repairs: a part the guards still find defective is cut back to what is sound (and marked). A
    part that still does not read as prose keeps only its whole sentences: a small model's last answer can be the
    prompt's facts list copied line by line, which the prose check names before the echo guard sees it."""
    if w.sent is None or not (guarded(w) or garbled(w)):
        return
    text, dropped = cut_back(w.text, w.role, w.target, w.sent)
    if garbled(w):
        text, dropped = whole_sentences(text), True
    if dropped:
        w.text, w.cut = text, True


# What a part whose last answer was still incomplete gets at its end, so the written draft never reads as
# complete where the model stopped (stderr and exit 3 say it too).
INCOMPLETE = {"truncated": "【待补充：此处回答被截断，后续内容未生成】",
              "filtered": "【待补充：此处回答被内容审核中断，内容可能不完整】",
              "dropped": "【待补充：此处连接在回答中途断开，后续内容未收到】",
              "garbled": "【待补充：模型的回答不像中文公文（乱码或照抄的提示），已删去，请据实补写这一部分】",
              "cut": "【待补充：此处删去了照抄提示、重复或超出这一部分的内容，请据实补写】",
              "gave_up": "【待补充：服务器多次没有写出这一部分，请据实补写】",
              "composed": "【待补充：模型没有写出可用的这一部分，以上是按单位情况表拼写的（离线模板），请据实修改补充】"}


def garbled(w: Work) -> bool:
    return any(d.startswith(GARBLED) for d in w.defects)


def mark_incomplete(w: Work) -> None:
    # an unnumbered part (opening, closing) is one paragraph: its note stays in it, so that the parser still
    # reads the part where it is
    sep = "\n" if w.rule.numbered else ""
    if not w.text.strip():
        w.text = (INCOMPLETE["gave_up"] if w.gave_up else INCOMPLETE["garbled"] if garbled(w)
                  else INCOMPLETE["cut"] if w.cut else f"【待补充：{ROLE_ZH[w.role]}（未能生成）】")
    elif w.composed:
        w.text = w.text.rstrip() + sep + INCOMPLETE["composed"]
    elif w.filtered:
        w.text = w.text.rstrip() + sep + INCOMPLETE["filtered"]
    elif w.dropped:
        w.text = w.text.rstrip() + sep + INCOMPLETE["dropped"]
    elif w.cut:  # cut back after the repairs (a cut-off end included): one note says it
        w.text = w.text.rstrip() + sep + INCOMPLETE["cut"]
    elif w.truncated:
        w.text = w.text.rstrip() + sep + INCOMPLETE["truncated"]
    elif garbled(w):  # not prose and not cut back by settle: its whole sentences, if any, then the note
        kept = whole_sentences(w.text)
        w.text = (kept + sep if kept else "") + INCOMPLETE["garbled"]
