"""Text helpers of the offline composer: sentences, nested quotes, shared character pairs, variants in turn."""

from __future__ import annotations

import re
import zlib
from collections import Counter

from assistant.domain.text import HAN
from assistant.services.drafting.assemble import fix_punct

_CJK = re.compile(f"[^{HAN}]")


def sentence(s: str) -> str:
    """A clause as a sentence: trailing separators dropped, a full stop added unless it ends one."""
    s = s.strip().rstrip("；;，,、")
    return s if s.endswith(("。", "！", "？", "：")) else s + "。"


def bare(s: str) -> str:
    """A clause without its final punctuation, to be embedded in a longer sentence."""
    return s.strip().rstrip("。；;，,、！？")


def unnest_quotes(line: str) -> str:
    """No quote inside a quote: the marks of a pair that holds another pair are dropped, the inner pair kept
    (针对“新建企业党组织“建而不强””的问题 → 针对新建企业党组织“建而不强”的问题).

    Straight quotes next to Chinese become full-width first. A line whose double quotes do not pair up is
    left as it is (nothing to tell which quote closes which)."""
    line = fix_punct(line)
    if line.count("“") != line.count("”") or "“" not in line:
        return line
    stack: list[int] = []
    holds: dict[int, bool] = {}  # opening position -> holds another pair
    drop: set[int] = set()
    for i, ch in enumerate(line):
        if ch == "“":
            if stack:
                holds[stack[-1]] = True
            stack.append(i)
        elif ch == "”" and stack:
            j = stack.pop()
            if holds.get(j):
                drop |= {i, j}
    if stack:
        return line
    return "".join(ch for i, ch in enumerate(line) if i not in drop)


def bigrams(s: str) -> set[str]:
    t = _CJK.sub("", s)
    return {t[i : i + 2] for i in range(len(t) - 1)}


# Pairs every part of every report shares: they say nothing about what a sentence is about.
COMMON_PAIRS = frozenset({"党建", "建工", "工作", "基层", "层党", "党员", "组织", "建设", "党的", "进一", "一步",
                          "不够", "还不", "加强", "推动", "开展", "问题", "存在", "我们", "党组", "支部", "党支"})


def shared(a: str, b: str) -> int:
    """How many telling character pairs two texts share."""
    return len((bigrams(a) & bigrams(b)) - COMMON_PAIRS)


class Turns:
    """Variants used in turn, per list: the n-th use of a list takes the variant after the one before (round
    robin), so one draft does not say the same sentence for every item. Where the turn starts depends on the
    seed (the unit's name): two units' drafts do not read alike, and one profile always gives the same text."""

    def __init__(self, seed: str = "") -> None:
        self.count: Counter[str] = Counter()
        self.offset = zlib.crc32(seed.encode("utf-8")) if seed else 0

    def index(self, key: str, n: int) -> int:
        """The next turn's position in a list of n variants."""
        i = self.count[key]
        self.count[key] += 1
        return (i + self.offset) % n if n else 0

    def take(self, key: str, variants: list[str] | str) -> str:
        vs = [variants] if isinstance(variants, str) else list(variants)
        return str(vs[self.index(key, len(vs))]) if vs else ""
