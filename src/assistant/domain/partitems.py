"""The numbered items of a part: the top numbering level among its paragraphs, or 一是/二是 inside one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.domain.models import Item
from assistant.domain.numbering import Marker

if TYPE_CHECKING:
    from assistant.domain.paragraphs import Para


def build_items(body: list[Para]) -> tuple[list[Item], str | None, int | None]:
    marked = [p for p in body if p.marker]
    top = min((p.marker.level for p in marked if p.marker), default=None)
    if top is not None and top < 5:
        tops = [k for k, p in enumerate(body) if p.marker and p.marker.level == top]
        items = []
        for n, k in enumerate(tops):
            stop = tops[n + 1] if n + 1 < len(tops) else len(body)
            group = body[k:stop]
            m = body[k].marker
            assert m is not None
            items.append(
                Item(index=n + 1, marker=m.text, value=m.value, style=m.style, level=m.level,
                     start_line=group[0].line, end_line=group[-1].line, text="\n".join(p.text for p in group))
            )
        first = body[tops[0]].marker
        assert first is not None
        return items, first.style, first.level
    # Items written as 一是…二是…, one or several to a paragraph.
    items = []
    for p in body:
        ms = p.inline or ([p.marker] if p.marker else [])
        if p.marker is None and ms and ms[0].value == 1 and len(ms) < 2:
            continue
        if not ms and items and p.text.startswith("最后") and items[-1].start_line == items[-1].end_line:
            # 首先…其次…最后: the last one has no number of its own.
            ms = [Marker("一是", 5, items[-1].value + 1, "最后", 0, 2)]
        if not ms:
            continue
        for n, m in enumerate(ms):
            stop = ms[n + 1].start if n + 1 < len(ms) else len(p.text)
            items.append(Item(index=len(items) + 1, marker=m.text, value=m.value, style="一是", level=5,
                              start_line=p.line, end_line=p.line, text=p.text[m.start:stop]))
    if items:
        return items, "一是", 5
    return [], None, None
