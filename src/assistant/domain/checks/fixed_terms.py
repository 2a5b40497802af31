"""formulation, near misses of fixed terms: a fixed term of Party-building writing written with one character
changed (双带领人 for 双带头人, 三个不摘 for 四个不摘, 纪律处罚条例 for 纪律处分条例) or two neighbours swapped
(急愁难盼 for 急难愁盼); a numbered slogan with its last word changed (两学一X); a paired formulation with one half's
words replaced or the halves' words swapped between them. The terms and the ordinary phrases that are one character away from one of them
(四个方面 beside 四个全面, 主题团日 beside 主题党日) are data (data/fixed_terms.yaml); the formulations table
(data/formulations.yaml) keeps the wrong forms that are more than one character off or need a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from assistant.domain.rules import load_data
from assistant.domain.text import HAN_RE

_CJK = HAN_RE
_NUMERALS = "一二两三四五六七八九十"
# A changed character in a pattern: any but a space, checked to be Chinese after the match (near_misses). A class of
# the Chinese ranges in every one of some 20,000 variants took 13 s to compile.
_ANY = r"\S"
_SHORT = 6


@dataclass(frozen=True)
class Term:
    right: str
    allow: frozenset[str]
    source: str  # the variants' regular expression, compiled when a line first calls for the term (_rx)
    read: str = ""  # the term as matched: its separators read as 、 (worked out once, not per line)
    digits: bool = False  # it holds a number in digits (光荣在党50年), which may be written changed
    # What every variant keeps (the pre-filter, _Index): two characters at the term's start or end, or its first
    # and last characters; the same of each quoted core (“双报X” of 在职党员“双报到”)
    keys: tuple[str, ...] = ()
    ends: tuple[tuple[str, str], ...] = ()
    # A list of three or more slogans: every variant keeps all of them but one word for word (a change, a swap
    # or a confusable word stays inside one slogan), so a line holding fewer is passed over without the regex.
    items: tuple[str, ...] = ()


def _variants(term: str) -> list[str]:
    """Regular expressions of every one-character change inside the term (at its edges, of a count only) and
    every neighbour swap of its Chinese characters (punctuation inside a term, 不忘初心、牢记使命, stays)."""
    out = []
    digits = re.search(r"[0-9]+", term)
    if digits:  # a number written in digits changed (光荣在党40年 for 光荣在党50年)
        out.append(re.escape(term[:digits.start()]) + r"(?<![0-9])[0-9]{1,3}(?![0-9])" + re.escape(term[digits.end():]))
    for i, ch in enumerate(term):
        if not _CJK.match(ch):
            continue
        if 0 < i < len(term) - 1:
            # a short term has little frame around its count (“两新”组织): only the count may change there
            cls = f"[{_NUMERALS}双]" if ch in _NUMERALS and len(term) < _SHORT else _ANY
            out.append(re.escape(term[:i]) + cls + re.escape(term[i + 1:]))
        elif ch in _NUMERALS:
            # at the edge only a count is changed (三个不摘): any other first or last character makes another
            # phrase (致富带头人, 党风廉政建设责任书)
            out.append(re.escape(term[:i]) + f"[{_NUMERALS}]" + re.escape(term[i + 1:]))
        elif term.count("、") >= 2:
            # a list of three or more slogans (以学铸魂、以学增智、以学正风、以学促干): its first or last character is
            # inside the list as much as any other
            out.append(re.escape(term[:i]) + _ANY + re.escape(term[i + 1:]))
        elif i == len(term) - 1 and _numbered_slogan(term):
            # a numbered slogan's last word (三严三实 → 三严三是): with two counts in it no other phrase is meant
            out.append(re.escape(term[:i]) + _ANY)
        if i + 1 < len(term) and _CJK.match(term[i + 1]) and term[i + 1] != ch:
            out.append(re.escape(term[:i] + term[i + 1] + ch + term[i + 2:]))
    return out


def _numbered_slogan(term: str) -> bool:
    """A count, a word, a count and a word (两学一做, 四议两公开): every character is part of the slogan."""
    return len(term) <= 6 and term[0] in _NUMERALS and any(c in _NUMERALS for c in term[1:-1])


_SEP = "[、，,]"


def _curly(text: str) -> str:
    """Straight quotes read as the term's curly ones: the first opens, the next closes, and so on."""
    out, opening = [], True
    for c in text:
        if c == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(c)
    return "".join(out)
_ITEM = re.compile(f"[{_NUMERALS}]是")


def _pair_variants(term: str, family: bool = False) -> list[str]:
    """A paired formulation (不忘初心、牢记使命, 让党中央放心、让人民群众满意) changed by more than one character:
    one half kept and the other's words after its first two replaced, or the halves' last two or first two
    characters swapped between them."""
    if term.count("、") >= 2:
        return _list_variants(term)
    if term.count("、") != 1:
        return []
    a, b = term.split("、")
    if len(a) < 4 or len(b) < 4 or not all(_CJK.match(c) for c in a + b):
        return []
    out = []
    if not family:  # a pair marked `family` (以案为鉴、以案促改) has other members: 以案说纪、以案促改
        out = [re.escape(a) + _SEP + re.escape(b[:2]) + f"{_ANY}{{{len(b) - 2}}}",
               re.escape(a[:2]) + f"{_ANY}{{{len(a) - 2}}}" + _SEP + re.escape(b)]
    for x, y in ((a[:-2] + b[-2:], b[:-2] + a[-2:]), (b[:2] + a[2:], a[:2] + b[2:])):
        if (x, y) != (a, b):
            out.append(re.escape(x) + _SEP + re.escape(y))
    return out


def _list_variants(term: str) -> list[str]:
    """A list of three or more short slogans (学党史、悟思想、办实事、开新局) with one slogan's words after its first
    character replaced (悟初心): the other slogans, kept word for word, are frame enough."""
    items = term.split("、")
    if not all(2 <= len(x) <= 4 and all(_CJK.match(c) for c in x) for x in items):
        return []
    out = []
    for k, x in enumerate(items):
        before, after = _SEP.join(map(re.escape, items[:k])), _SEP.join(map(re.escape, items[k + 1:]))
        if len(items) >= _WHOLE_ITEM:
            # three or more slogans kept word for word frame a fourth replaced whole (建新功 → 促发展, 提高质量 → 保证质量)
            mid = f"{_ANY}{{{len(x)}}}"
        elif len(x) >= 3:
            mid = re.escape(x[0]) + f"{_ANY}{{{len(x) - 1}}}"
        else:
            continue
        out.append(_SEP.join(p for p in (before, mid, after) if p))
    return out


_WHOLE_ITEM = 4


_CONFUSED_MIN = 4  # measured with bench/bench_fixed_terms.py: no hit on any clean line


def _confused(term: str, groups: list[tuple[str, ...]]) -> list[str]:
    """A term with one of its words written as a confusable one (立德树人根本任务 with 根本 as 首要, 软弱涣散 with
    涣散 as 散漫; data/fixed_terms.yaml `confusable`): the rest of the term is frame enough."""
    if len(term) < _CONFUSED_MIN:
        return []
    out = []
    for group in groups:
        for w in group:
            for m in re.finditer(re.escape(w), term):
                for other in group:
                    if other != w:
                        out.append(re.escape(term[:m.start()] + other + term[m.end():]))
    return out


_QUOTED = re.compile(r"“([^“”]{3,8})”")


def _quoted_variants(term: str, open_end: bool = False) -> list[str]:
    """A short term standing in quotes (“第一议题”, the “双报到” of 在职党员“双报到”) is framed by them: in quotes its
    first and last characters are as fixed as the others, so a change there is a slip too (“第一议X”), where
    unquoted the changed edge would make another phrase. The first character only as a count (“两X”…), and not
    the last of a term marked `open_end` (its last character names one of a family: 党员示范岗, 示范户, 示范课)."""
    cores = [m.group(1) for m in _QUOTED.finditer(term)]
    inside = bool(cores) and cores != [term[1:-1]]  # quoted parts of a longer term (增强“四个意识”、坚定“四个自信”…)
    if not cores and 3 <= len(term) <= 8 and all(_CJK.match(c) for c in term):
        cores = [term]
    out = []
    for core in cores:
        if not all(_CJK.match(c) for c in core):
            continue
        for i, ch in enumerate(core):
            cls = f"[{_NUMERALS}双]" if i == 0 else _ANY
            # the count of a part of a longer term may be right in its year (“三个自信” to 2015: formulations.yaml)
            if (i == 0 and (ch not in _NUMERALS + "双" or inside)) or (open_end and i == len(core) - 1):
                continue
            out.append("“" + re.escape(core[:i]) + cls + re.escape(core[i + 1:]) + "”")
    return out


@cache
def terms() -> tuple[Term, ...]:
    data = load_data("fixed_terms.yaml")
    groups = [tuple(g) for g in data.get("confusable", ())]
    out = []
    for entry in data["terms"]:
        right = entry if isinstance(entry, str) else entry["term"]
        allow = frozenset(() if isinstance(entry, str) else entry.get("allow", ()))
        # a list's separators are the writer's choice (守初心、担使命，找差距、抓落实 with 、 throughout): terms and
        # text are matched with every separator read as 、 (one character for one: the places stay)
        read = _seps(right)
        open_end = isinstance(entry, dict) and bool(entry.get("open_end"))
        quoted = _quoted_variants(read, open_end)
        family = isinstance(entry, dict) and bool(entry.get("family"))
        pattern = "|".join(_variants(read) + _pair_variants(read, family) + quoted + _confused(read, groups))
        # quotes inside a term (“四史”学习教育) may be a web copy's straight ones
        spans = [read, *(m.group(1) for m in _QUOTED.finditer(read))] if quoted else [read]
        out.append(Term(right, allow, pattern.replace("“", '[“"]').replace("”", '[”"]'), read,
                        digits=any(c.isdigit() for c in read),
                        keys=tuple({k for x in spans for k in _keys(x)}),
                        ends=tuple({(x[0], x[-1]) for x in spans if len(x) <= _SHORT_ENDS}),
                        items=tuple(read.split("、")) if read.count("、") >= 2 else ()))
    return tuple(out)


_SHORT_ENDS = 4  # from five characters on, every one-character change or swap keeps two at one end
_LONG_KEYS = 8  # from eight on (no list), every variant keeps three at one end: fewer terms share those


def _keys(x: str) -> tuple[str, str]:
    k = 3 if len(x) >= _LONG_KEYS and "、" not in x else 2
    return x[:k], x[-k:]


class _Index:
    """The pre-filter: every variant of a term keeps two characters at its start or end (three, for a long
    term), or for a short term both its first and its last (a change or a swap inside it: 急愁难盼 keeps 急 and 盼
    but no two neighbours of 急难愁盼), or the same of a quoted core. A line is looked up by its character pairs and characters instead of every term being
    looked for in it (some 600 terms)."""

    def __init__(self, all_terms: tuple[Term, ...]) -> None:
        self.order = {id(t): k for k, t in enumerate(all_terms)}
        self.by_key: dict[str, list[Term]] = {}
        self.by_first: dict[str, list[tuple[str, Term]]] = {}
        for t in all_terms:
            for k in t.keys:
                self.by_key.setdefault(k, []).append(t)
            for a, b in t.ends:
                self.by_first.setdefault(a, []).append((b, t))

    def candidates(self, text: str) -> list[Term]:
        chars = set(text)
        found: dict[int, Term] = {}
        for i in range(len(text) - 1):
            for k in (text[i:i + 2], text[i:i + 3]):
                for t in self.by_key.get(k, ()):
                    found[id(t)] = t
        for c in chars:
            for last, t in self.by_first.get(c, ()):
                if last in chars:
                    found[id(t)] = t
        return sorted(found.values(), key=lambda t: self.order[id(t)])


def _core_for(right: str, bare: str) -> str:
    """The part of the term a quoted match stands for: its quoted core nearest the match (双报到 of 在职党员“双报到”
    for “双报告”), or the term itself when it has none."""
    cores = [c.group(1) for c in _QUOTED.finditer(right)] or [right]
    return min(cores, key=lambda c: (len(c) != len(bare), sum(a != b for a, b in zip(c, bare, strict=False))))


def _changed_chinese(got: str, right: str, digits: bool) -> bool:
    """Whether what a variant changed (the patterns take any character but a space there) is Chinese, or a number
    in a term that holds one. Compared place by place with the term, or with its quoted core."""
    if len(got) != len(right) and got[:1] == "“" and got[-1:] == "”":
        got = got[1:-1]
        right = _core_for(right, got)
    if len(got) != len(right):
        return all(c in right or _CJK.match(c) or (digits and c.isdigit()) for c in got)
    return all(a == b or _CJK.match(a) or (digits and a.isdigit()) for a, b in zip(got, right, strict=True))


@cache
def _rx(source: str) -> re.Pattern[str]:
    return re.compile(source)


@cache
def _index() -> _Index:
    return _Index(terms())


@cache
def _all_terms() -> frozenset[str]:
    return frozenset(t.read for t in terms())


@cache
def _bare_terms() -> frozenset[str]:
    """Every term and every quoted core of one, without quotes: a quoted phrase that is a term of its own (“两学一做”
    beside “两学一X”'s other terms) is no slip."""
    out = set()
    for t in terms():
        out.add(t.read.replace("“", "").replace("”", ""))
        out.update(m.group(1) for m in _QUOTED.finditer(t.read))
    return frozenset(out)


@cache
def _all_allowed() -> frozenset[str]:
    return frozenset(a for t in terms() for a in t.allow)


def _seps(text: str) -> str:
    return re.sub(_SEP, "、", text)


def near_misses(text: str) -> list[tuple[int, int, Term]]:
    """(start, end, term) of each place a fixed term is written one character off."""
    return list(_near_misses(text))


@lru_cache(maxsize=1 << 16)  # a draft checked again, and the eval's variants of one report, repeat most lines
def _near_misses(text: str) -> tuple[tuple[int, int, Term], ...]:
    hits: list[tuple[int, int, Term]] = []
    text = _seps(text)
    curly = _curly(text)
    for t in _index().candidates(curly):
        if t.items and sum(x in curly for x in t.items) < len(t.items) - 1:
            continue
        right = t.read
        for m in _rx(t.source).finditer(text):
            got = _curly(m.group(0))  # the text's separators are read as 、 already
            if not _changed_chinese(got, right, t.digits):
                continue  # the changed character is no Chinese one (“五个一”基本 is no 五个一批)
            bare = got.strip("“”")
            if (got == right or got in t.allow or got in _all_terms() or bare in t.allow or bare in _bare_terms()
                    or (got != bare and bare in _all_allowed())):  # a quoted core allowed under any term
                continue
            # an item marker where the term has none (四是基层… beside 四下基层) is the list, not the term
            if _ITEM.match(got) and not _ITEM.match(t.right):
                continue
            # the right term written around it (双带头人人 is no miss of 双带头人)
            if text.find(right, max(0, m.start() - len(right)), m.end() + len(right)) >= 0:
                continue
            s, e, hit = m.start(), m.end(), t
            whole = right[0] == "“" and right[-1] == "”" and len(right) == len(got)  # a quoted term, as a whole
            if got[0] == "“" and got[-1] == "”" and not whole:
                # a quoted variant (“双报告”) of an unquoted term or of a term's quoted core: the quotes stay, and
                # what is right there is the core (双报到), not the whole term (在职党员“双报到”)
                s, e = s + 1, e - 1
                hit = replace(t, right=_core_for(right, bare))
            hits.append((s, e, hit))
    hits.sort(key=lambda h: h[0])
    out: list[tuple[int, int, Term]] = []
    for h in hits:  # one hit per place: overlapping terms (三会一课, 会一课) keep the first
        if not out or h[0] >= out[-1][1]:
            out.append(h)
    return tuple(out)
