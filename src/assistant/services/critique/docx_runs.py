"""Edit a .docx paragraph's text in place, run by run, so that every run keeps its formatting.

A paragraph's text is the text of its runs (those inside hyperlinks too), and a run's text is its w:t elements
with tabs and breaks between them (python-docx's reading). Only the characters of w:t elements are edited;
each character that a replacement puts back stays in the run it was in, and characters added beyond the old
length go to the run of the last old character (an insertion: the run before it). Setting `run.text` instead
would drop what else a run holds (a field, a drawing) and a replacement across runs would lose one run's
bold or size.
"""

from __future__ import annotations

from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RUN_TEXT = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"


def _pieces(paragraph: Any) -> list[tuple[Any, str]] | None:
    """(element, text) of each text-bearing child of the paragraph's runs, in order; None when they do not add up
    to the paragraph's text (content this reading does not know)."""
    pieces: list[tuple[Any, str]] = []
    p = paragraph._p
    for item in p.xpath("w:r | w:hyperlink"):
        runs = [item] if item.tag == _W + "r" else item.xpath("w:r")
        for r in runs:
            pieces += [(el, str(el)) for el in r.xpath(_RUN_TEXT)]
    return pieces if "".join(t for _, t in pieces) == p.text else None


def edit_paragraph(paragraph: Any, edits: list[tuple[int, int, str]], check_only: bool = False) -> bool:
    """Replace [start, end) of the paragraph's text by each new text (edits do not overlap). Returns False, and
    changes nothing, when some edit would touch a tab, a break or text outside the runs; with `check_only`,
    only says whether the edits can be made."""
    pieces = _pieces(paragraph)
    if pieces is None:
        return False
    # one cell per character: (piece index, what that character becomes)
    cells: list[list[Any]] = [[i, ch] for i, (_, t) in enumerate(pieces) for ch in t]

    def editable(k: int) -> bool:
        return 0 <= k < len(cells) and pieces[cells[k][0]][0].tag == _W + "t"

    plan = []
    for start, end, new in sorted(edits):
        if end > len(cells) or not all(editable(k) for k in range(start, end)):
            return False
        if start == end and not (editable(start - 1) or editable(start)):
            return False
        plan.append((start, end, new))
    if check_only:
        return True
    for start, end, new in plan:
        for k in range(start, end):
            cells[k][1] = new[k - start] if k - start < len(new) else ""
        extra = new[end - start:]
        if extra and end > start:
            cells[end - 1][1] += extra
        elif extra and editable(start - 1):
            cells[start - 1][1] += extra
        elif extra:
            cells[start][1] = extra + cells[start][1]
    texts = ["" for _ in pieces]
    for i, ch in cells:
        texts[i] += ch
    for (el, old), text in zip(pieces, texts, strict=True):
        if el.tag == _W + "t" and text != old:
            el.text = text
            if text != text.strip():
                el.set(_XML_SPACE, "preserve")  # else Word drops a leading or trailing space
    return True
