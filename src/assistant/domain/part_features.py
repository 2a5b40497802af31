"""The part classifier's features (domain/classifier.py): what a paragraph's words and its place in the report
say about which part it is. Each paragraph gets named features (the cue score of each part from
data/cues.yaml, what its first sentence says, its position, its numbering, whether it announces a list, …);
the classifier's weights are fitted on them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Protocol

from assistant.domain.models import ROLE_ORDER, Role
from assistant.domain.rules import load_data
from assistant.domain.text import YEAR_RE

BODY_ROLES: list[Role] = ROLE_ORDER[1:]  # every part but the title, in the conventional order
ORDER = {r: i for i, r in enumerate(BODY_ROLES)}
NEG = -1e9
_CLAUSE = re.compile(r"[，,。；;：:！？]")
_CONNECTOR = re.compile(r"^(同时|此外|另外|与此同时|还有|再者)[，,、]?")
REPORT_FOLLOWS = re.compile(r"(报告|汇报|述职)如下")
_SENTENCE = re.compile(r"(?<=[。！？；;])")
_MARKER_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、是要]|[（(〔][一二三四五六七八九十0-9]{1,3}[）)〕]|[0-9]{1,2}[.．、])")
_YEAR = YEAR_RE
COMMIT = re.compile(r"我(们)?(将|要|会|决心)")
_NEXT_WORDS = re.compile(r"(下一步|下步|今后|明年|新的一年|来年)")
_LAST_YEAR = re.compile(r"(上年度|上一年度|去年|上年|前一年)[^。；]{0,30}(反馈|指出|评议|查摆|巡视|巡察|意见)"
                        r"|(19|20)\d\d年度?[^。；，,]{0,12}述职评议[^。；，,]{0,12}(反馈|指出|提出)")  # the review by its year
# A lead that announces what the writer will do next (我将重点抓好以下工作：/ 我们拟从以下几个方面加以改进): the
# plans start here even under a problems or causes heading when the plans have no heading of their own.
PLANS_LEAD = re.compile(r"(将|拟|计划|打算|准备|决心)[^。；：:]{0,12}(抓好|做好|抓|做|推进|落实|着力|突出|聚焦|从|在|重点)"
                        r"[^。；：:]{0,10}(以下|如下|几(个)?方面|几项|几点)")
# A lead that announces the roots of the problems just listed (究其原因 / 深层次看…根源 / 剖析…根源 / 为什么会出现这些
# 问题？ / 客观上…主观上…): the causes start here even under a problems heading, and the items after it are causes.
_CAUSES_LEAD = re.compile(
    r"(究其(原因|根源)|原因(在于|是|主要|有|如下|分析|剖析)|根源|根子|症结|深层次|归根结底|归根到底|说到底"
    r"|(分析|剖析|反思|查找|追溯|深挖|追问|查摆)[^。；：:]{0,12}(原因|根源|根子|病根|症结)"
    r"|(问题|不足|差距|短板)[^。？?]{0,12}为什么|为什么[^。？?]{0,12}(问题|不足|差距|短板)"
    r"|^(从|在)?(主观|客观)(上|方面|原因)|既有[^，。；]{0,8}(客观|主观)"
    r"|^(反思|审视|检视|回头看)[^。；：:，,]{0,8}(问题|不足|差距|短板)[，,])")  # 反思这些问题，…: the roots follow
_ITEM_START = re.compile(r"[一二三四五六七八九十]是|首先|其一")
# What a lead says when it announces a list below it (以下, 如下, 三个方面, 几点, 四项); the checks read it too.
ANNOUNCES = re.compile(r"(以下|如下|[几两二三四五六]个?方面|[几两二三四五六][点条项])")
_ORDINAL = re.compile(r"(首先|其次|再次|第[一二三四五六七八九十])[是，,、]")  # items written as 首先是…/其次是…
_POINT_BACK = re.compile(r"(针对|围绕|对照|聚焦)(上述|以上|这些|前述|查摆出?的|存在的)")


# --- content features ------------------------------------------------------------------------------


@cache
def _cues() -> dict[Role, list[tuple[re.Pattern[str], float]]]:
    data = load_data("cues.yaml")["cues"]
    return {Role(k): [(re.compile(c["p"]), float(c["w"])) for c in v] for k, v in data.items()}


# Text copied from web pages carries ASCII punctuation; the cues are written with the full-width marks.
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})


@lru_cache(maxsize=1 << 16)  # above a long report's lines and sentences: a smaller LRU cycling through them hits none
def cue_scores(text: str) -> dict[Role, float]:
    """Each part's cue score of a text (cues.yaml: weighted patterns, each counted at most twice). Cached: the
    features, the decoding and the checks read the same paragraphs and sentences; callers must not change it."""
    text = text.translate(_FULL_WIDTH)
    out: dict[Role, float] = {}
    for role, cues in _cues().items():
        s = 0.0
        for pat, w in cues:
            n = len(pat.findall(text))
            if n:
                s += w * min(n, 2)
        out[role] = s
    return out


@cache
def _embedded_patterns() -> dict[Role, list[re.Pattern[str]]]:
    return {Role(k): [re.compile(p) for p in v] for k, v in load_data("cues.yaml")["embedded"].items()}


def split_embedded(text: str) -> tuple[str, list[Role]]:
    """The paragraph without its later sentences that state another part in passing (a rectification
    sentence after the year's work, 反思…根子在于 after the problems), and the parts so stated. The first
    sentence always stays: what a paragraph opens with is its own part."""
    sentences = [x for x in _SENTENCE.split(text) if x]
    if len(sentences) < 2:
        return text, []
    keep, found = [sentences[0]], []
    pats = _embedded_patterns()
    opens = cue_scores(sentences[0])
    for sent in sentences[1:]:
        role = next((r for r, ps in pats.items() if any(p.search(sent) for p in ps)), None)
        if role is None or opens.get(role, 0.0) > 0:  # a part that opens on it says more of the same
            keep.append(sent)
        elif role not in found:
            found.append(role)
    return "".join(keep), found


def opens_on_rectification(text: str) -> bool:
    """Whether a paragraph's first clause is about last year's feedback or its rectification (针对上年度…反馈的
    问题，…; 上年度述职评议指出的…问题，…)."""
    body = _CONNECTOR.sub("", _MARKER_RE.sub("", text, count=1), count=1)
    first = _CLAUSE.split(body, maxsplit=1)[0]
    return bool(_LAST_YEAR.search(first) or "整改" in first)


_LAST_YEAR_WORD = re.compile(r"(上年度|上一年度|去年|上年|前一年)")


def names_last_year(text: str) -> bool:
    """Whether the paragraph's first two sentences speak of last year's review (上年度/去年…反馈、指出、评议)."""
    head = "".join(_SENTENCE.split(text.translate(_FULL_WIDTH), maxsplit=2)[:2])
    return bool(_LAST_YEAR_WORD.search(head)) and bool(re.search(r"(反馈|指出|评议|查摆|述职)", head))


def titled_rectification(text: str) -> bool:
    """Whether an item opens on a short title sentence about rectification ((三)抓好问题整改。…), more following."""
    parts = [x for x in _SENTENCE.split(_MARKER_RE.sub("", text, count=1)) if x.strip()]
    return len(parts) >= 2 and len(parts[0]) <= 24 and "整改" in parts[0]


def causes_lead(text: str) -> bool:
    """Whether an unnumbered paragraph opens by announcing the roots of the problems: its first sentence (up to
    the first 一是, if sooner) says 原因/根源/根子/为什么…问题/主观上…. Only the lead is read, since a problem
    item may well mention a reason in passing."""
    if _MARKER_RE.match(text) or "整改" in text[:60] or _LAST_YEAR.search(text[:60]):
        return False  # last year's feedback and its rectification (剖析原因，制定整改措施：) are no causes lead
    head = _SENTENCE.split(text.translate(_FULL_WIDTH), maxsplit=1)[0]
    item = _ITEM_START.search(head)
    if item and item.start() > 0:
        head = head[:item.start()]
    return len(head) <= 90 and bool(_CAUSES_LEAD.search(head))


def is_bare_lead(text: str) -> bool:
    """A paragraph that is one short sentence (a lead and nothing else)."""
    body = text.strip().rstrip("。：:")
    return len(body) <= 60 and not _SENTENCE.search(body)


def announces(text: str) -> bool:
    """Whether a lead announces the list below it: it ends in a colon, or is short and says 以下/几个方面."""
    body = text.rstrip()
    return body.endswith(("：", ":")) or (len(body) <= 60 and bool(ANNOUNCES.search(body)))


def announces_items(p: ParaLike) -> bool:
    """Whether a paragraph announces the items below it and lists nothing itself."""
    return p.text.rstrip().endswith(("：", ":")) or (len(p.inline) < 2 and announces(p.text))


def _squash(x: float) -> float:
    # cue scores grow with a paragraph's length; the model reads them on a bounded scale
    return x / (1.0 + abs(x) / 6.0)


def content_features(text: str, cs: dict[Role, float] | None = None) -> dict[str, float]:
    """Features of a text alone (no position): the cue scores and a few shapes of the wording."""
    cs = cs if cs is not None else cue_scores(text)
    f = {f"cue.{r.value}": _squash(v) for r, v in cs.items() if v}
    first = _CLAUSE.split(text, maxsplit=1)[0]
    if cs.get(Role.rectification) and cue_scores(first).get(Role.rectification):
        f["rect.opens"] = 1.0  # an account of last year's rectification opens with it
    # What a paragraph opens with names its part; a later sentence of another part is embedded in it (a
    # rectification sentence closing an achievements paragraph, 反思…根子在于 closing the problems).
    sentence = _SENTENCE.split(text, maxsplit=1)[0]
    if sentence != text:
        for r, v in cue_scores(sentence).items():
            if v:
                f[f"first.{r.value}"] = _squash(v)
    if _LAST_YEAR.search(text):
        f["rect.lastyear"] = 1.0  # names last year's review feedback (整改到位 alone is also said of this year's work)
    if _POINT_BACK.search(text):
        f["points_back"] = 1.0  # 针对上述问题 (plans) / 针对上年度… (rectification)
    if _NEXT_WORDS.search(first):
        f["next.opens"] = 1.0
    if COMMIT.search(text):
        f["commit"] = 1.0
    n = len(text)
    f["len.short"] = 1.0 if n <= 40 else 0.0
    f["len.long"] = 1.0 if n >= 200 else 0.0
    f["ends_colon"] = 1.0 if text.rstrip().endswith(("：", ":")) else 0.0
    return {k: v for k, v in f.items() if v}


# --- the paragraphs' view ------------------------------------------------------------------------------


class ParaLike(Protocol):  # the attributes of domain.paragraphs.Para the classifier reads
    line: int
    text: str
    marker: object | None
    inline: list
    heading_roles: list[Role]
    unnamed_heading: bool
    restarts: bool
    continues: bool
    in_list: bool
    lead_in: bool


def _level(p: ParaLike) -> int:
    m = p.marker
    return int(getattr(m, "level", 0)) if m is not None else 0


def paragraph_features(paras: Sequence[ParaLike], year: int | None) -> list[dict[str, float]]:
    n = len(paras)
    first_list = next((i for i, p in enumerate(paras) if p.marker or p.heading_roles or p.unnamed_heading), n)
    out: list[dict[str, float]] = []
    seen_problems = seen_causes = 0.0
    themed = _under_themed(paras)
    after_lead = False  # inside the items that follow a causes lead, until the next heading or unnumbered text
    bare_lead = False  # just after a lead of one short sentence that announces nothing
    for i, p in enumerate(paras):
        own, embedded = split_embedded(p.text)
        cs = cue_scores(own)
        f = content_features(own, cs)
        for r in embedded:
            f[f"embeds.{r.value}"] = 1.0
        f["bias"] = 1.0
        if i == 0:
            f["pos.first"] = 1.0
        if i == 1:
            f["pos.second"] = 1.0
        if i < first_list:
            f["pos.before_list"] = 1.0
        if i == n - 1:
            f["pos.last"] = 1.0
        if i == n - 2:
            f["pos.second_last"] = 1.0
        f["pos.frac"] = i / max(n - 1, 1)
        lvl = _level(p)
        f[f"marker.{lvl}" if lvl else "marker.none"] = 1.0
        if len(p.inline) >= 2:
            f["inline_list"] = 1.0
        if p.unnamed_heading:
            f["heading.unnamed"] = 1.0
        if p.lead_in:
            f["lead_in"] = 1.0
        if themed[i]:
            f["under.themed"] = 1.0
        prev = paras[i - 1] if i > 0 else None
        if prev is not None and prev.heading_roles and not p.heading_roles:
            f[f"after_heading.{prev.heading_roles[0].value}"] = 1.0  # the first paragraph under a part heading
        nxt = paras[i + 1] if i + 1 < n else None
        # the shape of an opening: the first paragraph, unnumbered, with the first heading or item right after it
        if i == 0 and not p.marker and not p.heading_roles and not p.unnamed_heading and nxt is not None and (
                nxt.heading_roles or nxt.unnamed_heading or nxt.marker):
            f["opening.shape"] = 1.0
        # the shape of a closing: the last paragraph, the writer's commitment, not announcing or holding a list
        if i == n - 1 and "commit" in f and not p.marker and len(p.inline) < 2 and "ends_colon" not in f:
            f["closing.shape"] = 1.0
        if i > 0 and (paras[i - 1].marker or paras[i - 1].in_list) and not p.marker:
            f["after_list"] = 1.0
        if year is not None:
            ys = {int(y) for y in _YEAR.findall(p.text)}
            if year + 1 in ys:
                f["year.next"] = 1.0
            if year in ys:
                f["year.this"] = 1.0
        if not p.heading_roles and not p.unnamed_heading and causes_lead(p.text):
            f["causes.lead"] = 1.0
            # a whole causes paragraph (究其原因，主观上…) moved above the problems does not make them causes; a lead
            # that announces items, or is only a lead (one short sentence: 产生这些问题，根子在我。), does
            after_lead = announces_items(p)
            bare_lead = not after_lead and is_bare_lead(p.text)
        elif p.heading_roles or (p.unnamed_heading and _level(p) == 1) or not (
                p.marker or _ORDINAL.match(p.text) or _ITEM_START.match(p.text)):
            after_lead = bare_lead = False  # a part heading, a themed 一、 heading or plain text ends the lead's items
        elif after_lead or (bare_lead and _ITEM_START.match(p.text)):
            # a lead that is one short sentence (产生这些问题，根子在我。) goes on in the 一是…二是… paragraph after it;
            # numbered items after it may well be the next part's
            f["after.causes_lead"] = 1.0
            after_lead = after_lead or bare_lead
        else:
            bare_lead = False
        if seen_problems:
            f["seen.problems"] = 1.0
        if seen_causes:
            f["seen.causes"] = 1.0
        # a clear statement of problems (or causes) seen earlier: what follows is usually not achievements
        if cs[Role.problems] >= 4 and cs[Role.problems] > 2 * cs[Role.achievements]:
            seen_problems = 1.0
        if cs[Role.causes] >= 6 and cs[Role.causes] > 2 * cs[Role.achievements]:
            seen_causes = 1.0
        out.append(f)
    return out


def _under_themed(paras: Sequence[ParaLike]) -> list[bool]:
    """Whether each paragraph stands under a themed heading (one that names no part) with no part heading
    above it: the domain guide's reading is achievements, left to the weights to confirm."""
    out: list[bool] = []
    stack: list[tuple[int, bool]] = []  # (level, themed)
    for p in paras:
        if p.heading_roles or p.unnamed_heading:
            lvl = _level(p) or 1
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            stack.append((lvl, not p.heading_roles))
        out.append(bool(stack) and all(t for _, t in stack))
    return out


def boundary(paras: Sequence[ParaLike], i: int) -> str:
    """What kind of place paragraph i starts at, for the transition weights."""
    p = paras[i]
    prev = paras[i - 1] if i > 0 else None
    if p.heading_roles:
        return "named_heading"
    if p.unnamed_heading:
        return "unnamed_heading"
    if not p.marker and causes_lead(p.text):
        return "causes_lead"
    if p.lead_in:
        return "lead_in"
    if p.continues:
        return "continues"
    if p.restarts:
        return "restarts"
    if p.marker and getattr(p.marker, "value", 0) == 1:
        return "new_seq"
    if not p.marker and prev is not None and prev.marker:
        return "after_list"
    if p.marker:
        return "numbered"
    return "plain"


def transition_features(a: Role, b: Role, kind: str) -> list[str]:
    if a == b:
        return ["stay", f"stay.{kind}"]
    d = "fwd" if ORDER[b] > ORDER[a] else "back"
    return [f"{d}", f"{d}.{kind}", f"pair.{a.value}.{b.value}"]


