"""The part classifier: one model that tells the parts (roles) of a report, used by the parser, the
critique's second reading of unheaded parts and drafting's wrong-part check.

Headings first: a heading that names a part decides it until the next heading of the same level or
higher (domain guide); a combined heading (存在的问题及原因) allows the parts it names. Within that, content
and position decide: each paragraph has named features (the cue scores of each part, its position, its
numbering, whether it announces a list…) and each role a weight per feature; moving from one part to the
next has weights per boundary kind (a numbering restart, unnumbered text after a list…). The best path
(Viterbi) over the paragraphs is the labelling. The weights are fitted with an averaged structured
perceptron on the labelled dev reports (`assistant eval fit-parts`) and stored in data/part_model.yaml;
nothing in them is set by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from assistant.domain.models import Role
from assistant.domain.part_features import (
    BODY_ROLES,
    COMMIT,
    NEG,
    PLANS_LEAD,
    REPORT_FOLLOWS,
    ParaLike,
    _level,
    announces_items,
    boundary,
    causes_lead,
    content_features,
    cue_scores,
    names_last_year,
    opens_on_rectification,
    paragraph_features,
    titled_rectification,
    transition_features,
)
from assistant.domain.part_leads import lead_spans
from assistant.domain.rules import load_data

__all__ = ["BODY_ROLES", "PartModel", "allowed_roles", "cue_scores", "decode", "load_model", "paragraph_features",
           "path_features", "read_as"]


# --- heading constraints --------------------------------------------------------------------------------


def _goes_on_deeper(paras: Sequence[ParaLike], i: int, value: int) -> bool:
    """Whether the numbered paragraph before paragraph i is a deeper item numbered one less (（二） then 三、)."""
    prev = next((q.marker for q in reversed(paras[:i]) if q.marker is not None), None)
    return prev is not None and getattr(prev, "level", 1) > 1 and int(getattr(prev, "value", 0)) == value - 1


def allowed_roles(paras: Sequence[ParaLike]) -> list[frozenset[Role] | None]:
    """The roles each paragraph may take under the part headings above it (None: unconstrained).

    A heading naming parts decides them until the next heading of the same level or higher; a heading
    that names no part (a themed heading) ends the span of a part heading of its level or lower. The last
    two unnumbered paragraphs may always be the closing (a commitment after the plans, under their heading),
    except the first paragraph under a part's heading.
    """
    n = len(paras)
    stack: list[tuple[int, frozenset[Role]]] = []
    out: list[frozenset[Role] | None] = []
    top = 0  # the number of the last level-1 heading
    first_under = -1  # the first paragraph under a problems heading that does not name the causes
    for i, p in enumerate(paras):
        value = int(getattr(p.marker, "value", 0)) if p.marker is not None else 0
        if p.unnamed_heading and _level(p) == 1 and 1 < value <= top and _goes_on_deeper(paras, i, value):
            # 三、 after （二） under 五、: an item written at the wrong level, not a heading that ends the part; a
            # themed 一、 after 四、 starts the sequence again (a block of parts moved above the others), and so
            # does a themed 三、 after 四、's paragraphs (the third block of the work moved below the rectification)
            pass
        elif p.heading_roles or p.unnamed_heading:
            if _level(p) == 1 and value:
                top = value
            lvl = _level(p) or 1
            if lvl == 5:
                lvl = 4  # 一是… as a heading line sits under any numbered heading
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            if p.heading_roles:
                named = set(p.heading_roles)
                if Role.problems in named and Role.causes not in named:
                    named.add(Role.causes)  # the causes commonly follow the problems under their heading…
                    first_under = i + 1  # …but do not open it, unless a lead announces them (the problems deleted)
                stack.append((lvl, frozenset(named)))
                out.append(frozenset(p.heading_roles[:1]))  # a combined heading opens with its first part
                continue
        elif stack and not p.marker and _announces_plans(p.text) and all(
                r in _BEFORE_PLANS for _, roles in stack for r in roles):
            # an unheaded plans part opens on its lead under the problems' (or causes', or the work's) heading
            moved_up = any(r == Role.achievements for _, roles in stack for r in roles)
            top_level = stack[0][0]
            stack.clear()
            if moved_up:  # above the problems the decoder would keep it with the work: the lead says what it is, up
                stack.append((top_level, frozenset({Role.plans})))  # to the next heading of the work's level
        allowed = stack[-1][1] if stack else None
        if i == first_under and allowed is not None and not (causes_lead(p.text) and announces_items(p)):
            allowed = allowed - {Role.causes}
        # …but not the one right under a part's heading: a heading never stands over nothing (a plans paragraph
        # saying 我们将… before the closing)
        under_heading = i > 0 and bool(paras[i - 1].heading_roles) and Role.closing not in paras[i - 1].heading_roles
        if allowed is not None and i >= n - 2 and not p.marker and not p.heading_roles and not under_heading:
            allowed = allowed | {Role.closing}
        out.append(allowed)
    return out


# The parts whose heading's span an unheaded plans lead ends: the problems' and what follows them, and the year's work
# (a plans block moved above the problems: 针对以上问题，2022年我将重点抓好以下工作。 under 一、主要工作). Not the
# rectification, which may announce the rest of its own work (下一步，我将从以下几方面继续整改：).
_BEFORE_PLANS = frozenset({Role.problems, Role.causes, Role.insights, Role.achievements})


def _announces_plans(text: str) -> bool:
    """A short unnumbered lead that says what the writer will do and announces a list (我将重点抓好以下工作：)."""
    return len(text) <= 80 and bool(PLANS_LEAD.search(text)) and text.rstrip().endswith(("：", ":", "。"))


# --- the model --------------------------------------------------------------------------------------------


@dataclass
class PartModel:
    emit: dict[str, dict[str, float]]  # role → feature → weight
    trans: dict[str, float]  # transition feature → weight
    # (from, to, boundary kind) → transition score: a handful of kinds, asked for roles² times per paragraph
    _trans_memo: dict[tuple[Role, Role, str], float] = field(default_factory=dict, repr=False, compare=False)

    def emission(self, f: dict[str, float], role: Role) -> float:
        w = self.emit.get(role.value, {})
        return sum(w.get(k, 0.0) * v for k, v in f.items())

    def transition(self, a: Role, b: Role, kind: str) -> float:
        key = (a, b, kind)
        v = self._trans_memo.get(key)
        if v is None:
            v = self._trans_memo[key] = sum(self.trans.get(k, 0.0) for k in transition_features(a, b, kind))
        return v


@cache
def load_model() -> PartModel:
    data = load_data("part_model.yaml")
    return PartModel(emit={k: dict(v) for k, v in data["emit"].items()}, trans=dict(data["trans"]))


def _bookends(paras: Sequence[ParaLike]) -> list[frozenset[Role]]:
    """Hard rules of the form, per paragraph: which of the opening and the closing it may be. The opening comes
    first, unnumbered, before any list; the closing is one of the last two paragraphs, not a list, and says a
    commitment (or is headed as one)."""
    n = len(paras)
    first_list = next((k for k, q in enumerate(paras) if q.marker or q.heading_roles or q.unnamed_heading), n)
    listed = False  # a 首先/其次/再次 list seen before: its 最后 item is no closing
    out: list[frozenset[Role]] = []
    for i, p in enumerate(paras):
        ok: set[Role] = set()
        # one paragraph, or two when the first has not yet closed it with 现将…报告如下
        if (i == 0 or (i == 1 and not REPORT_FOLLOWS.search(paras[0].text))) and i < first_list \
                and not p.marker and not p.heading_roles:
            ok.add(Role.opening)
        if i >= n - 2 and i > 0 and not p.marker and len(p.inline) < 2 and not p.unnamed_heading \
                and not (p.text.startswith("最后") and listed and not COMMIT.search(p.text)):
            said = cue_scores(p.text).get(Role.closing, 0.0) > 0 or bool(COMMIT.search(p.text))
            if (said and not p.heading_roles) or bool(p.heading_roles and p.heading_roles[0] == Role.closing):
                ok.add(Role.closing)
        listed = listed or p.text.startswith(("首先", "其次", "再次"))
        out.append(frozenset(ok))
    return out


# What an item of a rectification list names: the problem fed back, its 整改, its 销号.
_FEEDBACK = re.compile(r"问题|整改|反馈|评议|指出|销号|短板|不足")


def _announces(text: str) -> bool:
    """A lead that announces the list below it: it ends in a colon or says 如下/以下."""
    t = text.rstrip()
    return t.endswith(("：", ":")) or "如下" in t[-12:] or "以下" in t[-16:]


def _reads_as_other(text: str) -> bool:
    """An item whose own wording is that of problems, causes or plans (一是…还不够深): not a rectification item."""
    cs = cue_scores(text)
    other = max(cs.get(r, 0.0) for r in (Role.problems, Role.causes, Role.plans))
    return other >= 3 and other > cs.get(Role.rectification, 0.0)


def decode(paras: Sequence[ParaLike], year: int | None, model: PartModel | None = None,
           feats: list[dict[str, float]] | None = None,
           bonus: Sequence[dict[Role, float]] | None = None, headings: bool = True) -> list[Role]:
    """Best role sequence (Viterbi) under the heading constraints. `bonus` (fitting only) adds to the score of
    a role at a paragraph: the loss of a wrong label, for loss-augmented decoding; `headings=False` (fitting
    only) decodes as if the part headings were stripped, so that content alone learns to tell the parts."""
    if not paras:
        return []
    model = model or load_model()
    feats = feats if feats is not None else paragraph_features(paras, year)
    allowed = allowed_roles(paras) if headings else [None] * len(paras)
    roles = BODY_ROLES

    # Rectification is last year's feedback dealt with: without a heading saying so, a stretch of it starts at a
    # paragraph that opens on that feedback (and may run on over a few item paragraphs); a mention after other
    # work is a sentence embedded in another part.
    near_feedback: set[int] = set()
    own_paragraph: set[int] = set()  # an unnumbered paragraph of its own, not an item of another part's list
    for k, p in enumerate(paras):
        if opens_on_rectification(p.text) and not p.heading_roles:  # a heading's span is the heading's to say
            near_feedback.add(k)
            if not p.marker:
                own_paragraph.add(k)
            for j in range(k + 1, min(k + 5, len(paras))):
                q = paras[j]
                if opens_on_rectification(q.text):
                    near_feedback.add(j)
                    continue
                if not q.marker or q.heading_roles or q.unnamed_heading or _reads_as_other(q.text):
                    break  # only the numbered items of its list run on; other text opens another part
                if not p.marker and not _announces(p.text) and not _FEEDBACK.search(q.text):
                    # a paragraph that tells the feedback dealt with and announces no list: the items after it
                    # that say nothing of feedback or 整改 are another part's (the work of the year, moved below)
                    break
                near_feedback.add(j)
                if k in own_paragraph:
                    own_paragraph.add(j)

    # An achievements item of its own on last year's feedback ((三)抓好问题整改。针对上年度评议指出的…): its short
    # title sentence names the rectification and its next sentence names last year's feedback. A one-sentence
    # item (2.上年度反馈的3个问题已整改销号。) stays a sentence embedded in the achievements.
    own_item = {k for k, p in enumerate(paras) if p.marker and not p.heading_roles and titled_rectification(p.text)
                and names_last_year(p.text)}
    bookends = _bookends(paras)
    leads = lead_spans(paras)  # a part's lead and the numbered list it opens (domain/part_leads.py)

    def ok(i: int, r: Role) -> bool:
        if r in (Role.opening, Role.closing) and r not in bookends[i]:
            return False
        lead = leads.get(i)
        if lead is not None and r != lead and (allowed[i] is None or lead in allowed[i]):
            return False
        # A lead announcing the roots of the problems (究其原因… / 深层次看…根源 / 为什么…？) is no problem itself, and
        # the items it announces are causes (part_features: causes.lead, after.causes_lead), where a heading allows.
        if r == Role.problems and "causes.lead" in feats[i] and allowed[i] != {Role.problems}:
            return False
        if r != Role.causes and "after.causes_lead" in feats[i] and (allowed[i] is None or Role.causes in allowed[i]):
            return False
        if r == Role.rectification and (i in own_paragraph or i in own_item) and allowed[i] == {Role.achievements}:
            return True  # the account of last year's feedback is often the last stretch under the achievements
        if r == Role.rectification and i not in near_feedback and (
                allowed[i] is None or (Role.achievements in allowed[i] and len(allowed[i]) > 1)):
            # unheaded, or under a heading naming the work and the rectification together (主要工作及上年度问题整改
            # 情况): the work of the year reads much like last year's shortcomings dealt with, so only text on
            # that feedback is the rectification
            return False
        return allowed[i] is None or r in allowed[i]

    def em(i: int, r: Role) -> float:
        return model.emission(feats[i], r) + (bonus[i].get(r, 0.0) if bonus is not None else 0.0)

    score = {r: (em(0, r) if ok(0, r) else NEG) for r in roles}
    back: list[dict[Role, Role]] = []
    trans = model.transition
    for i in range(1, len(paras)):
        kind = boundary(paras, i)
        new: dict[Role, float] = {}
        bp: dict[Role, Role] = {}
        live = [a for a in roles if score[a] > NEG / 2]  # once per paragraph, not once per role pair
        for b in roles:
            if not ok(i, b):
                new[b], bp[b] = NEG, roles[0]
                continue
            best, arg = NEG * 2, roles[0]
            for a in live:
                if a == Role.closing and b != Role.closing:
                    continue
                v = score[a] + trans(a, b, kind)
                if v > best:
                    best, arg = v, a
            new[b] = best + em(i, b) if best > NEG else NEG
            bp[b] = arg
        back.append(bp)
        score = new
    last = max(roles, key=lambda r: score[r])
    path = [last]
    for bp in reversed(back):
        path.append(bp[path[-1]])
    path.reverse()
    return path


def path_features(paras: Sequence[ParaLike], feats: list[dict[str, float]], path: Sequence[Role]
                  ) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The features a labelling fires, for fitting: (role, feature) sums and transition feature counts."""
    emit: dict[tuple[str, str], float] = {}
    trans: dict[str, float] = {}
    for i, r in enumerate(path):
        for k, v in feats[i].items():
            emit[(r.value, k)] = emit.get((r.value, k), 0.0) + v
        if i:
            for k in transition_features(path[i - 1], r, boundary(paras, i)):
                trans[k] = trans.get(k, 0.0) + 1.0
    return emit, trans


def read_as(text: str, candidates: Iterable[Role] | None = None) -> dict[Role, float]:
    """How much a text alone reads as each part: the fitted emission scores of its content features
    (no position). Used where a stretch of text must be judged without its place in a report."""
    model = load_model()
    f = content_features(text)
    f["bias"] = 1.0
    return {r: model.emission(f, r) for r in (candidates or BODY_ROLES)}
