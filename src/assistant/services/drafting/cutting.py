"""What is kept of a part that the guards (guards.py) still find defective after the repair rounds: the sound
sentences, each line keeping its own, and nothing a reader would take for the writer's text.

Dropped: the text from the first heading of another part on; sentences that echo the prompt (its words, the
facts list's headings and form, the repair message), copy the exemplar, start inside brackets (the rest of a
sentence cut up), talk about the writing (wrong_items.about_writing) or were said before; in a rambling line, the
clauses that say its words over (rambling.without_rambling); in the problems, items that are measures
(wrong_items.measure_lines); in the rectification, items that answer no feedback entry (unfounded_items); in a
part after the problems, sentences that are a problem's own text (the whole part restating them: every sentence
that mostly does; otherwise the nearly verbatim ones, a small model's list of the problems put above its
measures); lines that are fragments (no end mark and no item number: a facts line or
heading copied as a list), a label in 【】 that is no slot to fill, a lead (…：) whose list was all dropped; and
what runs past the length limit.
"""

from __future__ import annotations

import re

from assistant.domain.models import Role
from assistant.domain.numbering import leading_marker
from assistant.services.drafting import fact_echo
from assistant.services.drafting.fact_echo import MAX_RESTATED
from assistant.services.drafting.guards import (
    COPY_RUN,
    ECHO_RUN,
    NEAR_VERBATIM,
    REPAIR_WORDS,
    RESTATING,
    Sent,
    bare_heading,
    clipped,
    covered_share,
    flat,
    foreign_headings,
    grams,
    label_said_once,
    longest_shared,
    overlong_limit,
    without_said,
)
from assistant.services.drafting.rambling import RAMBLE_SHARE, REPEAT_MIN, said_again_share, without_rambling
from assistant.services.drafting.wrong_items import about_writing, measure_lines, unfounded_items

_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A line with no end mark anywhere is a fragment unless it ends so (a lead on ：, a slot in 【】); a closing quote
# or bracket is no end of a sentence there (开设“四点半课堂”).
_LEAD_ENDS = "：:】"
# A label in 【】 that the model copied or made up (【具体表现】：); a slot to fill (【待补充：…】) stays.
_LABEL_ONLY = re.compile(r"^【(?!待补充)[^【】]*】[：:]?$")


def _dropped_whole(ln: str) -> bool:
    """A line that is no prose of the part on its own: a label, or a fragment (no sentence end anywhere in it,
    no item number: a facts line or heading copied as a list). A line whose last sentence lacks its end is a
    cut-off answer, trimmed below."""
    s = ln.strip()
    if _LABEL_ONLY.match(s):
        return True
    return not any(c in s for c in "。！？；") and s[-1] not in _LEAD_ENDS and leading_marker(s) is None


def cut_back(text: str, role: Role, target: int, sent: Sent | None) -> tuple[str, bool]:
    """The sound text of a part the guards found defective (see the module's docstring). Returns the text and
    whether anything was dropped."""
    lines = text.split("\n")
    foreign = set(foreign_headings(text, role))
    # items of the wrong kind, dropped whole: measures in the problems, made-up problems in the rectification
    wrong = set(measure_lines(text)) if role == Role.problems else set()
    if sent is not None and sent.feedback is not None:
        wrong |= set(unfounded_items(text, sent.feedback))
    kept: list[str] = []
    for i, ln in enumerate(lines):
        if ln.strip() in foreign:
            if i == 0 or not any(k.strip() for k in kept):
                continue  # a foreign heading on top: that line only
            break  # the rest belongs to another part
        kept.append(ln)
    echo = grams(sent.words(), ECHO_RUN) if sent is not None else set()
    copy = grams(sent.exemplars, COPY_RUN) if sent is not None and sent.exemplars else set()
    words = fact_echo.openers(sent.labels) if sent is not None else []
    problems = sent.restatable() if sent is not None and role in RESTATING else ""
    # a part cut back for another defect keeps its sentences that name a problem, unless nearly verbatim
    bar = MAX_RESTATED if problems and fact_echo.restated(text, problems) > MAX_RESTATED else NEAR_VERBATIM
    seen: set[str] = set()
    out_lines: list[str | None] = []  # None: a line dropped whole (a lead's list may be all of those)
    total = 0
    limit = overlong_limit(target)
    lines_seen: set[str] = set()
    for ln in kept:
        if not ln.strip() or ln.strip() in wrong or ln.strip() in lines_seen:
            continue  # an item of the wrong kind, or a whole line said before
        lines_seen.add(ln.strip())
        m = leading_marker(ln)
        head = ln[:m.end] if m else ""
        parts = []
        # a rambling line's runs so far: a clause made of them adds nothing (other lines are left whole)
        said: set[str] | None = set() if said_again_share(ln[len(head):]) > RAMBLE_SHARE else None
        for s in _SENT.findall(ln[len(head):]):
            key = s.strip().rstrip("。！？；")
            if not key:
                continue
            if echo and longest_shared(s, echo, ECHO_RUN)[0]:
                continue
            if sent is not None and (any(x in s for x in (*sent.labels, *REPAIR_WORDS)) or bare_heading(s, sent.labels)):
                continue
            if copy and covered_share(s, copy, COPY_RUN) > 0.5:
                continue
            if sent is not None and fact_echo.is_form_echo(s, sent.facts, words):
                continue
            if about_writing(s):
                continue
            if clipped(s.lstrip()) or (sent is not None and sent.unit_form and sent.unit_form in s):
                continue
            if problems and fact_echo.restated(s, problems) > bar:
                continue
            if len(_HAN.findall(key)) >= REPEAT_MIN and key in seen:
                continue
            s = without_said(label_said_once(s), seen)
            if said is not None:
                s = without_rambling(s, said)
            if not s.strip("。！？；，、：: "):
                continue
            seen.add(key)
            if total + len(flat(s)) > limit:
                break
            parts.append(s)
            total += len(flat(s))
        line = head + "".join(parts).strip() if parts else ""
        out_lines.append(None if not parts or _dropped_whole(line) else line)
    # a lead (…：) whose next line was dropped whole introduced what was cut
    final = [x for k, x in enumerate(out_lines)
             if x is not None and not (x.rstrip()[-1] in "：:" and (k + 1 == len(out_lines) or out_lines[k + 1] is None))]
    if final and final[-1][-1] not in "。！？；”）】":
        # a sentence without its end (the answer was cut there): dropped, the note says what is missing
        last = final[-1]
        end = max(last.rfind(c) for c in "。！？；")
        final[-1] = last[: end + 1] if end >= 0 else ""
        final = [x for x in final if x.strip()]
    cut = "\n".join(final)
    return cut, flat(cut) != flat(text)


_SENTENCE_END = re.compile(r"(?<=[。！？])")  # split after each end mark: linear, unlike a findall of [^。]*。


def whole_sentences(text: str) -> str:
    """The complete sentences of a text (ending with 。！？, at least REPEAT_MIN Chinese characters), each line
    keeping its own; lines with none are dropped (list lines, labels, fragments)."""
    out = []
    for ln in text.split("\n"):
        m = leading_marker(ln)
        head = ln[:m.end] if m else ""
        pieces = _SENTENCE_END.split(ln[len(head):])
        keep = [s for s in pieces if s.endswith(("。", "！", "？")) and len(_HAN.findall(s)) >= REPEAT_MIN]
        if keep:
            out.append(head + "".join(keep).strip())
    return "\n".join(out)
