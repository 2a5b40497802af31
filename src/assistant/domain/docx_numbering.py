"""Word's automatic list numbering, rebuilt as text.

`paragraph.text` in python-docx omits numbers that Word draws from numbering.xml (an auto-numbered
"一、主要工作" arrives as "主要工作"), so the numbering checks and the part boundaries would be blind to
them. This reads each paragraph's numPr (or its style's), the level's numFmt and lvlText, and counts.
"""

from __future__ import annotations

from typing import Any

from assistant.domain.numbering import int_to_cn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "taiwaneseCountingThousand", "japaneseCounting"}


def _val(el: Any, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int) -> int:
    """An integer attribute of numbering.xml; a missing or malformed one (a damaged file) counts as the default."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class WordNumbering:
    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, Any] = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
        for num in root.findall(W + "num"):
            num_id = num.get(W + "numId")
            aid = _val(num, "abstractNumId")
            a = abstract.get(aid or "")
            if a is None or num_id is None:
                continue
            for lvl in a.findall(W + "lvl"):
                ilvl = _int(lvl.get(W + "ilvl"), 0)
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                start = _int(_val(lvl, "start"), 1)
                self.levels[(num_id, ilvl)] = (fmt, text, start)

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str, int] | None:
        for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
            if ppr is None:
                continue
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                ilvl = _int(_val(num_pr, "ilvl"), 0)
                if num_id and num_id != "0":
                    return num_id, ilvl
        return None

    def label(self, paragraph: Any) -> str:
        """The number Word shows before this paragraph ('' when none); advances the counters."""
        key = self._num_pr(paragraph)
        if key is None or key not in self.levels:
            return ""
        num_id, ilvl = key
        fmt, text, start = self.levels[key]
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a shallower item restarts the deeper levels
        if fmt in ("bullet", "none"):
            return ""
        out = text
        for lv in range(ilvl + 1):
            value = counts.get(lv, self.levels.get((num_id, lv), ("decimal", "", 1))[2])
            lv_fmt = self.levels.get((num_id, lv), (fmt, "", 1))[0]
            out = out.replace(f"%{lv + 1}", int_to_cn(value) if lv_fmt in _CN_FORMATS else str(value))
        return out


def _style_ppr(paragraph: Any) -> Any:
    style = paragraph.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(W + "numPr") is not None:
            return ppr
        style = style.base_style
    return None
