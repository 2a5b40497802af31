"""Guards against echo and rambling, for drafts written by a model: a part that repeats the prompt (its
instructions, the facts list's headings, the repair message, or copies the exemplar), repeats its own
sentences, carries the headings of other parts, or runs far past its length. Each is a defect (said as a
repair instruction); cutting.cut_back keeps what is sound when the repairs do not help.

Every threshold was measured with bench/bench_guards.py on the parts of real reports in evals/unseen/
(never tuned on them): none of those parts trips a guard. The figures are in docs/drafting.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.domain.models import ROLE_ZH, Role
from assistant.domain.numbering import leading_marker
from assistant.domain.paragraphs import heading_roles
from assistant.services.drafting import fact_echo
from assistant.services.drafting.fact_echo import MAX_RESTATED, FactLine
from assistant.services.drafting.rambling import REPEAT_MIN, ended_as, rambling
from assistant.services.drafting.wrong_items import about_writing, measure_lines, unfounded_items

# Defects start with these, so that a part left with one is cut back and marked (report.py).
ECHO = "照抄了提示词"
COPIED = "照抄了参考范文"
REPEATED = "句子重复"
FOREIGN = "混入了其他部分的标题"
OVERLONG = "篇幅过长"
RESTATED = "照抄了问题"
FRAGMENT = "残句"
AS_MEASURE = "把措施写成了问题"
ABOUT_WRITING = "讲的是怎么写"
UNFOUNDED = "整改了材料里没有的问题"
GUARDED = (ECHO, COPIED, REPEATED, FOREIGN, OVERLONG, RESTATED, FRAGMENT, AS_MEASURE, ABOUT_WRITING,
           UNFOUNDED)
# A sentence of a part after the problems with this share of its characters in runs of the problems' text
# (fact_echo.restated) is the problem itself, not an answer to it ("针对X的问题，我将…" holds about half).
NEAR_VERBATIM = 0.8
# The parts after the problems that a small model fills with the problems restated, and what each should say.
RESTATING = {Role.causes: "问题产生的主观、客观原因", Role.plans: "针对问题的具体措施", Role.insights: "从工作中得到的认识和体会",
             Role.opening: "总体情况和本人履职的概述", Role.closing: "简短的表态"}
# The fixed words of each defect's repair instruction (guard_defects): a small model copies them from an earlier
# round's message into a later answer (我将…纳入考核说了不止一次；每句话只说一次). None occurs in a real report.
MESSAGE_WORDS = ("是提示里的话", "不是正文", "只写这一部分", "改写成自己的句子", "材料清单的原样", "查摆的问题原文",
                 "不要把问题再列一遍", "范文只学写法", "请写本单位的内容", "说了不止一次", "每句话只说一次",
                 "同样的话反复说", "每个意思只说一次", "换成具体的做法和事实", "不写其他部分", "是措施，不是问题",
                 "只写不足和具体表现", "措施写在下一步打算里", "请压缩到", "不是完整的句子", "不写小标题",
                 "每段写成完整的句子", "与范文相同", "的文字是查摆的问题", "不是述职报告的正文",
                 "不是去年评议指出的问题", "只写材料列出的反馈问题", "材料里没有反馈问题", "只写一句总述")
# Words of the repair message (the defects it names, its empty-text mark) and the prompts' own labels (the
# exemplar's, prompts/part_*.md): in an answer they are the prompt copied, however short the copy.
REPAIR_WORDS = ("照抄了提示词", "照抄了参考范文", "句子重复", "混入了其他部分的标题", "篇幅过长", "照抄了问题",
                "内容不像中文公文", "内容为空", "（空）", "上一次的文本", "只看写法", "上一次写的", "上一次的【",
                "有这些问题", "残句", "把措施写成了问题", "讲的是怎么写", "整改了材料里没有的问题", *MESSAGE_WORDS)

# A run of this many characters shared with the prompt's own words (outside quotation marks, which hold the
# phrases a part is asked to use) is an echo; real parts share at most ECHO_RUN - 1 (docs/drafting.md).
ECHO_RUN = 10
# Copying the exemplar: the share of the part inside runs of COPY_RUN characters shared with the exemplars.
COPY_RUN = 16
MAX_COPIED = 0.5
# A part this many times its target length (plus a constant for short parts) runs far past it.
OVERLONG_FACTOR = 2.5
OVERLONG_SLACK = 150
# A line that names a part of the report's layout but no part of the rubric (a model's 摘要/总结 section).
_LAYOUT = re.compile(r"^(摘要|总结|小结|结语|结束语|引言|前言|正文|标题|附件|参考范文|范文|述职报告)[:：]?$")
_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_SKIP = re.compile(r"[\s\0]")
# Quoted phrases, part names in 【】 and titles in 《》 are what a part may use; not counted as the prompt's words.
QUOTED = re.compile(r"“[^“”]*”|\"[^\"\n]*\"|「[^「」]*」|【[^【】]*】|《[^《》]*》")  # no opener inside: linear
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = re.compile(r"[，,：:、]")
_CLAUSE_KEEP = re.compile(r"([，,：:、])")


@dataclass
class Sent:
    """What a drafting call sent that an answer must not repeat: the prompt's own words (values blanked by
    \\0, quoted phrases blanked), and the exemplars' text."""

    skeleton: str = ""
    exemplars: str = ""
    extra: list[str] = field(default_factory=list)  # the defects named in a repair message
    labels: list[str] = field(default_factory=list)  # the facts list's headings: found anywhere, an echo
    facts: list[FactLine] = field(default_factory=list)  # the facts list's lines with a form (fact_echo.py)
    # the unit's kind and level in the list's brackets (（村，村级）): no prose writes that, however short a copy
    unit_form: str = ""
    problems: str = ""  # the profile's problems: what the later parts must not restate
    drafted_problems: str = ""  # the problems part as drafted in this report (report.share_problems)
    # the rectification's feedback entries and actions (each its own entry); None: not the rectification part
    feedback: list[str] | None = None

    def restatable(self) -> str:
        return "\0".join(x for x in (self.problems, self.drafted_problems) if x)

    def words(self) -> str:
        return "\0".join([self.skeleton, *(QUOTED.sub("\0", x) for x in self.extra)])


def flat(text: str) -> str:
    """The text without whitespace and the prompt's blanked values (\\0): what lengths and runs are counted on."""
    return _SKIP.sub("", text)


def grams(source: str, k: int) -> set[str]:
    """Every run of k characters in `source` that crosses no blank (\\0, whitespace)."""
    out: set[str] = set()
    for piece in re.split(r"[\s\0]+", source):
        out.update(piece[i:i + k] for i in range(len(piece) - k + 1))
    return out


def longest_shared(text: str, source_grams: set[str], k: int) -> tuple[int, str]:
    """The longest run of `text` (whitespace removed) made of k-grams of the source, and the run."""
    t = flat(text)
    best, at, run_start, prev = 0, "", -1, False
    for i in range(len(t) - k + 1):
        hit = t[i:i + k] in source_grams
        if hit and not prev:
            run_start = i
        if hit:
            n = i + k - run_start
            if n > best:
                best, at = n, t[run_start:i + k]
        prev = hit
    return best, at


def covered_share(text: str, source_grams: set[str], k: int) -> float:
    """The share of `text` (whitespace removed) inside runs of k characters found in the source."""
    t = flat(text)
    if not t:
        return 0.0
    cov = [False] * len(t)
    for i in range(len(t) - k + 1):
        if t[i:i + k] in source_grams:
            cov[i:i + k] = [True] * k
    return sum(cov) / len(t)


def _body(line: str) -> str:
    m = leading_marker(line)
    return (line[m.end:] if m else line).strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for ln in text.split("\n") for s in _SENT.findall(_body(ln)) if s.strip()]


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence (split at ，：、) of REPEAT_MIN Chinese characters or more: a small model repeats a
    clause inside other sentences (X不够紧密：X不够紧密，…) as often as a whole sentence."""
    return [c for c in (x.strip() for x in _CLAUSE.split(sentence.rstrip("。！？；"))) if len(_HAN.findall(c)) >= REPEAT_MIN]


def without_said(sentence: str, seen: set[str]) -> str:
    """The sentence without its clauses (REPEAT_MIN characters or more) said before, in it or earlier; adds the
    ones it keeps to `seen`."""
    pieces = _CLAUSE_KEEP.split(sentence)  # clause, mark, clause, mark, …
    out: list[str] = []
    for i in range(0, len(pieces), 2):
        clause, mark = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        key = clause.strip().rstrip("。！？；")
        if len(_HAN.findall(key)) >= REPEAT_MIN:
            if key in seen:
                continue
            seen.add(key)
        out.append(clause + mark)
    return ended_as("".join(out), sentence)


def repeated(text: str) -> list[str]:
    """Sentences, or clauses, of REPEAT_MIN Chinese characters or more said twice or more (each once, in order).
    Slots (【待补充：…】) ask the same of several items by design and are no repeat."""
    seen: dict[str, int] = {}
    for s in sentences(_SLOT.sub("", text)):
        key = s.rstrip("。！？；")
        units = set(clauses(key)) | ({key} if len(_HAN.findall(key)) >= REPEAT_MIN else set())
        for u in units:
            seen[u] = seen.get(u, 0) + 1
    # a label said again as its own sentence (优化党建工作流程：优化党建工作流程。), however short
    labelled = [m.group(1) for ln in text.split("\n") if (m := _LABEL_AGAIN.match(_body(ln)))]
    # a whole line said again, however short (本单位内容如下： five times over)
    lines = [x for x in (_body(ln) for ln in _SLOT.sub("", text).split("\n")) if len(_HAN.findall(x)) >= LINE_MIN]
    again = [x for x in dict.fromkeys(lines) if lines.count(x) > 1]
    return [s for s, n in seen.items() if n > 1] + labelled + [x for x in again if x not in seen]


_LABEL_AGAIN = re.compile(r"([\u4e00-\u9fff]{4,20})[：:]\1")
_SLOT = re.compile(r"【待补充[^【】]*】")
LINE_MIN = 4  # a line said twice whole is a repeat from this many Chinese characters on


def label_said_once(sentence: str) -> str:
    """The sentence with a label said again right after it (X：X…) said once (X…)."""
    return _LABEL_AGAIN.sub(r"\1", sentence, count=1) if _LABEL_AGAIN.match(sentence.lstrip()) else sentence



def foreign_headings(text: str, role: Role) -> list[str]:
    """Lines that are headings of another part of the report (or of a layout: 摘要, 总结)."""
    out = []
    for ln in (x.strip() for x in text.split("\n")):
        if not ln:
            continue
        body = _body(ln).rstrip("：:")
        if _LAYOUT.match(body):
            out.append(ln)
            continue
        roles = heading_roles(ln, leading_marker(ln))
        if roles and role not in roles and not _own_words(body, role):
            out.append(ln)
    return out


def _own_words(body: str, role: Role) -> bool:
    # 存在的问题 inside problems, 整改 inside rectification: the part's own name is no foreign heading
    return ROLE_ZH[role][:2] in body


def overlong_limit(target: int) -> int:
    return round(target * OVERLONG_FACTOR) + OVERLONG_SLACK


@dataclass
class Found:
    echo: tuple[int, str] = (0, "")
    copied: float = 0.0
    repeats: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    rambling: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)  # in the problems, items that are measures (wrong_items.py)
    unfounded: list[str] = field(default_factory=list)  # in the rectification, items answering no feedback entry
    chars: int = 0
    form: str = ""  # a sentence that restates the facts list in its form
    restated: float = 0.0  # share of a causes/plans/insights part that is the problems' text
    restated_one: str = ""  # one sentence of such a part that is a problem's own text
    fragments: list[str] = field(default_factory=list)


_LEAD_WORDS = re.compile(r"(?:是|有|如下)?[：:]?$")


def bare_heading(text: str, labels: list[str]) -> str | None:
    """A line that is a facts heading's words without its 【】 (我查摆的问题, 问题的原因：, 我查摆的问题是：),
    however short."""
    heads = set(fact_echo.heading_words(labels))
    return next((ln.strip() for ln in text.split("\n") if _LEAD_WORDS.sub("", _body(ln).strip()) in heads), None)


def fragments(text: str) -> list[str]:
    """Lines that are no prose of a part: no sentence end anywhere, no item number (2026年具体怎么做, 将, a problem
    copied as a list line). A model's part has no headings of its own: the code writes them."""
    out = []
    for ln in (x.strip() for x in text.split("\n")):
        if ln and leading_marker(ln) is None and not any(c in ln for c in "。！？；!?;") \
                and ln[-1] not in "：:】" and not ln.startswith("【"):  # 开设“四点半课堂” ends on no sentence
            out.append(ln)
        elif ln:
            out += [s for s in sentences(ln) if clipped(s)]
    return out


def clipped(sentence: str) -> bool:
    """A sentence that starts inside brackets (村级）的…): the rest of a sentence cut up, a closing bracket before
    any opening one."""
    depth = 0
    for c in sentence:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
            if depth < 0:
                return True
    return False


def inspect(text: str, role: Role, sent: Sent | None) -> Found:
    f = Found(repeats=repeated(text), foreign=foreign_headings(text, role), rambling=rambling(text),
              measures=measure_lines(text) if role == Role.problems else [], chars=len(flat(text)))
    if sent is not None:
        f.echo = longest_shared(text, grams(sent.words(), ECHO_RUN), ECHO_RUN)
        label = next((x for x in (*sent.labels, *REPAIR_WORDS) if x in text), None) or bare_heading(text, sent.labels)
        if label and not f.echo[0]:
            f.echo = (len(label), label)
        if sent.exemplars:
            f.copied = covered_share(text, grams(sent.exemplars, COPY_RUN), COPY_RUN)
        if sent.feedback is not None:
            f.unfounded = unfounded_items(text, sent.feedback)
        f.form = fact_echo.form_echo(text, sent.facts, sent.labels) or next(
            (x for x in sentences(text) if sent.unit_form and sent.unit_form in x), "")
        if role in RESTATING:
            f.restated = fact_echo.restated(text, sent.restatable())
            f.restated_one = next((x for x in sentences(text) if len(_HAN.findall(x)) >= REPEAT_MIN
                                   and fact_echo.restated(x, sent.restatable()) > NEAR_VERBATIM), "")
    f.fragments = fragments(text)
    return f


def guard_defects(text: str, role: Role, target: int, sent: Sent | None) -> list[str]:
    """The guards' findings on one part, as repair instructions that name the defect (empty: none)."""
    if not text.strip():
        return []
    f = inspect(text, role, sent)
    out = []
    if f.echo[0]:
        out.append(f"{ECHO}：“{f.echo[1][:30]}”是提示里的话，不是正文；请只写这一部分的正文，把材料改写成自己的句子")
    if f.form and not f.echo[0]:
        out.append(f"{ECHO}：“{f.form[:30]}”是材料清单的原样（标签和格式照抄），不是正文；请把材料改写成自己的句子")
    if f.restated > MAX_RESTATED:
        out.append(f"{RESTATED}：“{ROLE_ZH[role]}”部分约{f.restated:.0%}的文字是查摆的问题原文；"
                   f"请写{RESTATING[role]}，不要把问题再列一遍")
    elif f.restated_one:
        out.append(f"{RESTATED}：“{f.restated_one[:30]}”是查摆的问题原文；请写{RESTATING[role]}，不要把问题再列一遍")
    if f.copied > MAX_COPIED:
        out.append(f"{COPIED}：约{f.copied:.0%}的文字与范文相同；范文只学写法，请写本单位的内容")
    if f.repeats:
        out.append(f"{REPEATED}：“{f.repeats[0][:30]}”说了不止一次；每句话只说一次")
    elif f.rambling:
        out.append(f"{REPEATED}：“{f.rambling[0][:30]}”一段里同样的话反复说；每个意思只说一次，换成具体的做法和事实")
    if f.foreign:
        out.append(f"{FOREIGN}：“{f.foreign[0][:20]}”不属于“{ROLE_ZH[role]}”；只写这一部分，不写其他部分和摘要、总结")
    if talk := about_writing(text):
        out.append(f"{ABOUT_WRITING}：“{talk[0][:30]}”是在讲怎么写，不是述职报告的正文；请直接写这一部分的内容")
    if f.measures:
        out.append(f"{AS_MEASURE}：“{f.measures[0][:30]}”是措施，不是问题；这一部分只写不足和具体表现，措施写在下一步打算里")
    if f.unfounded:
        out.append(f"{UNFOUNDED}：“{f.unfounded[0][:30]}”不是去年评议指出的问题；" + (
            "只写材料列出的反馈问题和整改" if sent is not None and sent.feedback else
            "材料里没有反馈问题，只写一句总述和【待补充：上年度述职评议反馈问题及整改情况】"))
    limit = overlong_limit(target)
    if f.chars > limit:
        out.append(f"{OVERLONG}：写了约{f.chars}字，这一部分要求约{target}字；请压缩到{target}字左右")
    if f.fragments and not out:  # a fragment the other guards name (a heading, the facts list) is theirs
        out.append(f"{FRAGMENT}：“{f.fragments[0][:20]}”不是完整的句子；不写小标题和单独的短语，每段写成完整的句子")
    return out
