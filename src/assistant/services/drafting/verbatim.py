"""How much of a drafted part stands verbatim in the exemplars it was given, and sentences said twice.

A character of the part (punctuation and spaces not counted) is copied when it lies in a run of at least
`draft_verbatim_run` characters that also stands in one of the part's exemplars (the retrieved chunks), and
that run is not the writer's own: a run found in the profile (its work items, problems…) or in the offline
composer's own sentence patterns is not counted, so an earlier draft of the same unit in the index does not make
the profile's facts count as copied. The share is kept under `draft_verbatim_max` (docs/drafting.md).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.services.index.shingles import codes, normalise, shingle_hashes

if TYPE_CHECKING:
    import numpy as np

    from assistant.domain.profile import UnitProfile

OWN_RUN = 6  # characters: a stretch of own words this long is the writer's own wherever it stands
_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_SLOT = re.compile(r"【[^【】]*】")


def _windows(texts: list[str], run: int) -> np.ndarray:
    import numpy as np

    hs = [shingle_hashes(codes(normalise(t)), run) for t in texts if t]
    return np.unique(np.concatenate(hs)) if hs else np.zeros(0, np.uint64)


def _strings(x: Any) -> list[str]:
    if isinstance(x, str):
        return [x]
    if isinstance(x, dict):
        return [s for v in x.values() for s in _strings(v)]
    if isinstance(x, list | tuple):
        return [s for v in x for s in _strings(v)]
    return []


def own_texts(profile: UnitProfile) -> list[str]:
    """Words that are no exemplar's: the profile's texts and the genre's set formulae (data/stock_phrases.yaml).
    The offline composer adds the part as it composes it without exemplars (report.py)."""
    from assistant.services.index.copies import stock_phrases

    return _strings(profile.model_dump(mode="json")) + stock_phrases()


def share(text: str, exemplars: list[str], own: list[str] | None = None, run: int = 12) -> float:
    """The share of `text`'s characters (no punctuation, no slots) in runs of `run` or more found in `exemplars`."""

    t = normalise(_SLOT.sub("", text))
    if len(t) < run or not exemplars:
        return 0.0
    c = codes(t)
    copied = _covered(c, shingle_hashes(c, run), _windows(exemplars, run), run)
    if own:
        # Own words at the character level, by shorter stretches: a sentence put together from the profile's names
        # and set wording (在集团公司党委的坚强领导下，我认真履行党支部书记…职责) is the writer's own, though no
        # 12-character run of it stands whole in the profile or the formulae.
        copied &= ~_covered(c, shingle_hashes(c, OWN_RUN), _windows(own, OWN_RUN), OWN_RUN)
    return float(copied.sum()) / len(t)


def _covered(c: np.ndarray, h: np.ndarray, windows: np.ndarray, run: int) -> np.ndarray:
    """Which characters of `c` lie in a window (of `run` characters, hashes `h`) found in `windows`."""
    import numpy as np

    at = np.flatnonzero(np.isin(h, windows))
    cov = np.zeros(len(c) + 1, dtype=np.int32)
    np.add.at(cov, at, 1)
    np.add.at(cov, at + run, -1)
    return np.cumsum(cov[: len(c)]) > 0


def sentences(text: str, least: int = 12) -> list[str]:
    """The sentences of a text with at least `least` characters (normalised), in order."""
    out = []
    for m in _SENT.finditer(_SLOT.sub("", text)):
        s = normalise(m.group())
        if len(s) >= least:
            out.append(s)
    return out


def repeated(text: str, least: int = 12) -> list[str]:
    """Sentences of `least` or more characters said more than once in the text (normalised)."""
    seen: set[str] = set()
    twice: list[str] = []
    for s in sentences(text, least):
        if s in seen and s not in twice:
            twice.append(s)
        seen.add(s)
    return twice



def too_much(value: float, bound: float) -> str:
    """The defect said to the model (a repair round) and to the user."""
    return (f"与参考范文逐字相同的文字占本部分的 {value:.0%}（上限 {bound:.0%}）：范文只能借鉴写法，"
            "请用本单位自己的话重写这些句子")
