"""Does a drafted part read as Chinese prose of its part at all? A model (or a broken proxy) can answer with
random characters, which the other checks pass: no figure, no placeholder, no wrong part's wording. Three
measures, each with a floor measured on real text (see PROSE and docs/drafting.md): the share of Chinese
characters, the sentence shape, and the part classifier's score for the part's role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.classifier import read_as
from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.numbering import leading_marker
from assistant.domain.text import HAN_RE
from assistant.services.drafting.grounding import SLOT_RE

_CJK = HAN_RE
# Not counted either way: whitespace, digits and the punctuation of Chinese text (a figure or a mark is
# neither Chinese nor garbage).
_NEUTRAL = re.compile(r"[\s0-9.,;:!?%()\"'、，。；：？！“”‘’（）《》【】〔〕…—·％\-/+]")
_SENT_END = "。！？!?"  # half-width ! ? too: the critique reports those, this check is about garbage
_CLAUSE_END = "。！？；：!?;:"
# A sentence starts at the start or after an end mark (the lookbehind): a tail with no end mark is then tried
# once, not from each of its characters (quadratic on a long answer without a full stop).
_SENTENCE = re.compile(rf"(?:^|(?<=[{_SENT_END}])|(?<=[{_SENT_END}][”’）]))[^{_SENT_END}]*[{_SENT_END}]+[”’）]?")


# The floors, measured with measure() on the offline composer's drafts of every profile in evals/cases/ and
# examples/profiles/ (as given and thinned, with and without the seed index: 416 parts) and on 1,220 parts of
# real reports (evals/unseen, corpus/, tests/critique/data). Each sits well below the lowest real value, so
# real prose never trips it; random characters fall far below it.
MIN_CHINESE = 0.5  # real parts: min 0.72 (letters and names in a hostile set), drafts 1.0; random Latin: ~0
MIN_ENDED = 0.5  # real parts: min 0.78, drafts 1.0; text with no sentence end: 0
SENTENCE_CHARS = (4.0, 300.0)  # mean per sentence: real 5-181.5, drafts 11-116
# A part this long that carries nothing the classifier weighs for its role (its score is a featureless text's)
# does not read as that part; real parts that do so are short lists (at most 36 Chinese characters here).
ROLE_SCORE_MIN_CHARS = 60


@dataclass
class Measures:
    chinese: float  # Chinese characters / characters that are neither neutral nor Chinese plus Chinese
    ended: float | None  # share of the prose lines' characters in clauses that end (None: only short headings)
    sentence: float | None  # mean Chinese characters per sentence ending in 。！？ (None: no such sentence)
    role_score: float  # the part classifier's score of the text for its role, above a featureless text's
    cjk: int  # Chinese characters


# Every prose defect starts with this, so that a part left with one is marked in the output.
GARBLED = "内容不像中文公文"


def _body(line: str) -> str:
    m = leading_marker(line)
    return (line[m.end:] if m else line).strip()


def measure(text: str, role: Role) -> Measures:
    text = SLOT_RE.sub("", text)  # a slot is the code's, not the model's text
    counted = _NEUTRAL.sub("", text)
    n_cjk = len(_CJK.findall(counted))
    chinese = n_cjk / len(counted) if counted else 1.0
    prose = [b for b in (_body(ln) for ln in text.split("\n")) if b and not _is_heading(b)]
    total = sum(len(b) for b in prose)
    ended_chars = 0
    lengths: list[int] = []
    for b in prose:
        cut = max(b.rfind(c) for c in _CLAUSE_END)
        ended_chars += cut + 1 if cut >= 0 else 0
        lengths += [len(_CJK.findall(s)) for s in _SENTENCE.findall(b)]
    # the classifier's score above what a text with no features of any part gets (the bias and the length):
    # random characters score about that, whatever part they stand for
    score = read_as(text, [role])[role] - read_as("x" * len(text), [role])[role]
    return Measures(chinese=chinese, ended=ended_chars / total if total else None,
                    sentence=sum(lengths) / len(lengths) if lengths else None, role_score=score, cjk=n_cjk)


def prose_defects(role: Role, text: str) -> list[str]:
    """What keeps a part from reading as Chinese prose of its role, as repair instructions (empty: it reads)."""

    m = measure(text, role)
    if m.chinese < MIN_CHINESE:
        return [f"{GARBLED}：中文只占{m.chinese:.0%}，请用规范的中文公文语言重写这一部分"]
    out = []
    if m.ended is not None and m.ended < MIN_ENDED:
        out.append(f"{GARBLED}：只有{m.ended:.0%}的文字写成了以“。”等标点结束的句子，请写成完整的句子")
    elif m.sentence is not None and not SENTENCE_CHARS[0] <= m.sentence <= SENTENCE_CHARS[1]:
        out.append(f"{GARBLED}：平均每句{m.sentence:.0f}个字，不像正常的句子，请写成长短适中的完整句子")
    if m.cjk >= ROLE_SCORE_MIN_CHARS and abs(m.role_score) < 1e-9:
        out.append(f"{GARBLED}：看不出是“{ROLE_ZH[role]}”，没有这一部分应有的表述，请按这一部分的要求重写")
    return out


def _is_heading(body: str) -> bool:
    # an item's title line (抓理论武装，筑牢思想根基) has no sentence end and is short
    return len(body) <= 30 and not any(c in body for c in _CLAUSE_END)
