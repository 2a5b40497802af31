"""Where the reports of a file start: at each title line, and — without a title — where the text after a run of
blank lines opens a report of its own (collections paste reports one after another, three blank lines apart,
and some of them have lost their title)."""

from __future__ import annotations

from assistant.domain.models import Role
from assistant.domain.numbering import leading_marker
from assistant.domain.paragraphs import AUTHOR, heading_roles, plain
from assistant.domain.part_features import REPORT_FOLLOWS, cue_scores

MIN_BLANKS = 3  # a run this long between two stretches of text is where a collection puts its next report
_OPENING_SCORE = 4.0  # 在…领导下 + 第一责任, or 现将…报告如下: the opening cues of data/cues.yaml


def _opens_report(texts: list[str]) -> bool:
    """Whether a stretch of text (its first lines) opens a report: an occasion line (——在…述职评议会上的发言), an
    opening paragraph (2022年，在…领导下，我认真履行…第一责任人职责… / 现将…报告如下), or a first part heading 一、."""
    first = texts[0]
    if AUTHOR.match(first) and first.startswith(("—", "－", "--")):
        return True
    m = leading_marker(first)
    if m is None and not heading_roles(first, None):
        if REPORT_FOLLOWS.search(first) or cue_scores(first).get(Role.opening, 0.0) >= _OPENING_SCORE:
            return True
    return m is not None and m.level == 1 and m.value == 1 and m.style == "一、"


def _has_body(texts: list[str]) -> bool:
    """Whether a stretch of a report already holds its body (a numbered paragraph or a part heading): blank
    lines under the title or the opening are not where another report starts."""
    return any(leading_marker(t) or heading_roles(t, None) for t in texts)


def untitled_starts(raw: list[str], lines: list[str], starts: list[int]) -> list[int]:
    """First lines (1-based) of the reports without a title: text after at least MIN_BLANKS blank lines of the
    source (a noise line blanked by the cleaning does not count) that opens a report, where the text since the
    last report start already holds a body. `starts` are the report starts found so far (title heads)."""
    n = len(lines)
    out: list[int] = []
    known = set(starts)
    i, blanks, seg_start = 1, 0, None
    while i <= n:
        if not raw[i - 1].strip():
            blanks += 1
            i += 1
            continue
        if not lines[i - 1].strip():  # a noise line: neither text nor a blank of the source
            blanks = 0
            i += 1
            continue
        after_run = blanks >= MIN_BLANKS or seg_start is None
        blanks = 0
        if i in known:
            seg_start = i
        elif after_run:
            block = _block(lines, i)
            if seg_start is None:
                if _opens_report(block):  # text before the first title
                    out.append(i)
                seg_start = i
            elif _opens_report(block) and _has_body(_texts(lines, seg_start, i - 1)):
                out.append(i)
                seg_start = i
        i += 1
    return out


def _texts(lines: list[str], a: int, b: int) -> list[str]:
    return [t for t in (plain(lines[k - 1]) for k in range(a, b + 1)) if t]


def _block(lines: list[str], i: int, k: int = 3) -> list[str]:
    """The first k lines of text from line i on."""
    out: list[str] = []
    for j in range(i, len(lines) + 1):
        t = plain(lines[j - 1])
        if t:
            out.append(t)
            if len(out) == k:
                break
    return out
