"""Parse a document into its reports and each report into its parts (roles) and numbered items.

Parts are recognised from part headings when there are any, and otherwise from content cues and from
where the numbering restarts (domain guide). The labelling is a best path (Viterbi) over the paragraphs:
each paragraph scores each role from cues and headings, and moving to another part costs less where the
structure suggests a boundary (a heading, a numbering restart, unnumbered text after a list) and much
more inside a running sequence (二是 after 一是). Parts normally go forward in the conventional order;
going back needs a heading or, at a higher cost, a line announcing the list below it (一年来，我重点抓了以下
几个方面的工作：). Cue words and headings are data (assistant/data/cues.yaml).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.clean import NoiseLine, clean_lines
from assistant.domain.loader import SourceDoc, load_source, load_text
from assistant.domain.models import ROLE_ORDER, Embedded, Report, Role, Section
from assistant.domain.paragraphs import Para, build_paras, find_titles, plain
from assistant.domain.partitems import build_items
from assistant.domain.rules import load_data

BODY_ROLES: list[Role] = ROLE_ORDER[1:]  # every part but the title, in the conventional order
_ORDER = {r: i for i, r in enumerate(BODY_ROLES)}
NEG = -1e9
BACK = 7.0  # going back in the conventional order without a heading (5 broke the seed; 6-7 measured)
LEAD_BACK = 3.0  # going back at a line that announces a list (一年来，我重点抓了以下几个方面的工作：)
STRONG = 4.0  # a paragraph whose problems cues reach this states problems, not achievements


@dataclass
class ParsedDocument:
    source: str
    raw_lines: list[str]
    lines: list[str]
    noise: list[NoiseLine]
    reports: list[Report] = field(default_factory=list)


def _compiled_cues() -> dict[Role, list[tuple[re.Pattern[str], float]]]:
    data = load_data("cues.yaml")["cues"]
    return {Role(k): [(re.compile(c["p"]), float(c["w"])) for c in v] for k, v in data.items()}


_CUES: dict[Role, list[tuple[re.Pattern[str], float]]] | None = None


def cue_scores(text: str) -> dict[Role, float]:
    global _CUES
    if _CUES is None:
        _CUES = _compiled_cues()
    out: dict[Role, float] = {}
    for role, cues in _CUES.items():
        s = 0.0
        for pat, w in cues:
            n = len(pat.findall(text))
            if n:
                s += w * min(n, 2)
        out[role] = s
    return out


def _emissions(paras: list[Para]) -> list[dict[Role, float]]:
    n = len(paras)
    first_numbered = next((i for i, p in enumerate(paras) if p.marker or p.heading_roles), n)
    out = []
    after_problems = False
    for i, p in enumerate(paras):
        cs = cue_scores(p.text)
        e: dict[Role, float] = {}
        for r in BODY_ROLES:
            e[r] = cs.get(r, 0.0)
        # An account of last year's rectification opens with it (针对上年度述职评议反馈的…问题，…); a mention
        # further on, after other work, is one sentence inside another part (recorded as embedded).
        if cs[Role.rectification] > 0:
            first = _CLAUSE.split(p.text[p.marker.end:] if p.marker else p.text, maxsplit=1)[0]
            if not cue_scores(first)[Role.rectification]:
                e[Role.rectification] *= 0.5
        # Defaults: body text before a clear statement of problems is achievements, after it plans.
        if after_problems:
            e[Role.plans] += 1.0
            e[Role.achievements] -= 1.0
        else:
            e[Role.achievements] += 0.5
        if cs[Role.problems] >= STRONG and cs[Role.problems] > 2 * cs[Role.achievements]:
            after_problems = True
        # So does an analysis of causes (it follows the problems, even when they are not stated apart).
        if cs[Role.causes] >= 2 * STRONG and cs[Role.causes] > 2 * cs[Role.achievements]:
            after_problems = True
        # Shortcomings are stated in problems and in causes (一是…还不够), never as plans.
        e[Role.plans] -= 0.5 * min(cs[Role.problems], 6.0)
        e[Role.causes] += 0.3 * min(cs[Role.problems], 6.0)
        if p.heading_roles:
            for r in BODY_ROLES:
                e[r] = 20.0 if r == p.heading_roles[0] else (8.0 if r in p.heading_roles else -5.0)
        # The opening is the first paragraph(s), unnumbered, before any list or heading.
        if i >= first_numbered or i > 1 or p.marker or p.heading_roles:
            e[Role.opening] = NEG
        elif p.lead_in and i > 0 and cs[Role.opening] < 3:
            e[Role.opening] = NEG  # 今年以来，我主要做了以下工作： announces the list below it (unless 报告如下：)
        elif i == 0:
            e[Role.opening] += 3.0
        # The closing is one of the last paragraphs, unnumbered and not itemised, not a heading.
        if i < n - 2 or p.marker or len(p.inline) >= 2 or (p.heading_roles and p.heading_roles[0] != Role.closing):
            e[Role.closing] = NEG
        elif p.heading_roles and p.heading_roles[0] == Role.closing:
            pass
        elif i == n - 1 and i > 0 and (paras[i - 1].marker or paras[i - 1].in_list):
            e[Role.closing] += 1.0
            # The writer's own commitment after the last plan item (新的一年，我将…) closes the report.
            if _COMMIT.search(p.text) and not p.text.rstrip().endswith(("：", ":")):
                e[Role.closing] += 4.0
        elif i == n - 2 and e[Role.closing] < 6:
            e[Role.closing] = NEG  # two closing paragraphs only when the first is clearly one
        out.append(e)
    return out


def _switch_cost(paras: list[Para], i: int, section_heading: tuple[Role, ...], target: Role) -> float:
    p = paras[i]
    if p.heading_roles:
        return 0.0
    prev = paras[i - 1] if i > 0 else None
    if p.continues:
        cost = 9.0  # inside a running sequence (二是 after 一是)
    elif p.restarts:
        cost = 1.0
    elif p.marker and p.marker.value == 1:
        cost = 2.5  # a new sequence begins
    elif not p.marker and prev is not None and prev.marker and not _is_short_heading(prev):
        cost = 2.0  # unnumbered text after a list of items
    elif not p.marker and prev is not None and prev.marker:
        cost = 3.5  # the body of an item heading just above
    else:
        cost = 3.0
    # Under a part heading, text stays in that part unless its cues are strong; a closing paragraph
    # commonly follows the plans under their heading.
    if section_heading and target not in section_heading and target != Role.closing:
        cost += 3.0
        if prev is not None and prev.heading_roles:
            cost += 6.0  # a part heading with nothing under it is far less likely than one strong sentence
    return cost


def _is_short_heading(p: Para) -> bool:
    # 一是… is a sentence of a list, never a heading over a body.
    return len(p.text) <= 40 and "。" not in p.text.rstrip("。") and not (p.marker and p.marker.level == 5)


def label_paragraphs(paras: list[Para]) -> list[Role]:
    """Best role sequence over the paragraphs (Viterbi with order-aware transition costs)."""
    if not paras:
        return []
    em = _emissions(paras)
    roles = BODY_ROLES
    # score[r], back pointers, and the heading roles of the section each path is in.
    score = {r: em[0][r] for r in roles}
    head: dict[Role, tuple[Role, ...]] = {r: tuple(paras[0].heading_roles) for r in roles}
    back: list[dict[Role, Role]] = []
    for i in range(1, len(paras)):
        new_score: dict[Role, float] = {}
        new_head: dict[Role, tuple[Role, ...]] = {}
        bp: dict[Role, Role] = {}
        for b in roles:
            best, arg = NEG * 2, roles[0]
            for a in roles:
                if score[a] <= NEG / 2:
                    continue
                if a == b:
                    # A numbering restart usually opens a new part: staying costs a little.
                    t = -1.5 if paras[i].restarts else 0.0
                elif a == Role.closing:
                    continue  # nothing follows the closing
                elif _ORDER[b] > _ORDER[a]:
                    t = -_switch_cost(paras, i, head[a], b)
                else:
                    # A line announcing a list opens a part as a heading does, if less surely.
                    t = -(2.0 if paras[i].heading_roles else LEAD_BACK if paras[i].lead_in else BACK)
                v = score[a] + t
                if v > best:
                    best, arg = v, a
            new_score[b] = best + em[i][b]
            bp[b] = arg
            if paras[i].heading_roles:
                new_head[b] = tuple(paras[i].heading_roles)
            else:
                new_head[b] = head[arg] if arg == b else ()
        back.append(bp)
        score, head = new_score, new_head
    last = max(roles, key=lambda r: score[r])
    path = [last]
    for bp in reversed(back):
        path.append(bp[path[-1]])
    path.reverse()
    return path


def _has_evidence(paras: list[Para], labels: list[Role]) -> bool:
    """Whether the text reads as a report at all; otherwise its parts are labelled unknown."""
    if any(p.heading_roles for p in paras):
        return True
    total = {r: 0.0 for r in BODY_ROLES}
    for p in paras:
        for r, s in cue_scores(p.text).items():
            total[r] += s
    strong = sum(1 for r in (Role.opening, Role.problems, Role.causes, Role.plans, Role.closing) if total[r] >= 3)
    return strong >= 1 and len(set(labels)) >= 1


def _new_part(first: Para, p: Para) -> bool:
    """Whether heading paragraph `p` opens a new section of the same role as the one `first` opened:
    not when it is a sub-heading one level deeper (二、存在的问题及原因 → （一）存在问题)."""
    if not p.heading_roles:
        return False
    if first.heading_roles and first.marker and p.marker and p.marker.level > first.marker.level:
        return False
    return True


def _sections(paras: list[Para], labels: list[Role]) -> list[Section]:
    sections: list[Section] = []
    i = 0
    while i < len(paras):
        j = i
        while j + 1 < len(paras) and labels[j + 1] == labels[i] and not _new_part(paras[i], paras[j + 1]):
            j += 1
        group = paras[i : j + 1]
        heading = group[0].text if group[0].heading_roles else None
        body = group[1:] if heading else group
        # A sub-heading of the same part (（一）存在问题 under 问题及原因) is not one of its items.
        items, style, level = build_items([p for p in body if not p.heading_roles])
        evidence = []
        if heading:
            evidence.append(f"heading: {heading}")
        sections.append(
            Section(
                role=labels[i],
                heading=heading,
                numbering=style,
                level=level,
                items=items,
                start_line=group[0].line,
                end_line=group[-1].line,
                text="\n".join(p.text for p in group),
                evidence=evidence,
            )
        )
        i = j + 1
    return sections


def _embedded(sections: list[Section]) -> list[Embedded]:
    pats = {Role(k): [re.compile(p) for p in v] for k, v in load_data("cues.yaml")["embedded"].items()}
    present = {s.role for s in sections}
    out: list[Embedded] = []
    for role, plist in pats.items():
        if role in present:
            continue
        for s in sections:
            for k, line_text in enumerate(s.text.split("\n")):
                for sent in re.split(r"(?<=[。；！？])", line_text):
                    if any(p.search(sent) for p in plist):
                        out.append(Embedded(role=role, line=s.start_line + k, evidence=sent.strip()))
                        break
                else:
                    continue
                break
            if any(e.role == role for e in out):
                break
    return out


_CLAUSE = re.compile(r"[，,。；;：:！？]")
_COMMIT = re.compile(r"我(们)?(将|要|会|决心)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _year(title: str, paras: list[Para]) -> int | None:
    for text in [title] + [p.text for p in paras[:2]]:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


def _report_id(source: str, start: int, title: str) -> str:
    h = hashlib.blake2b(f"{Path(source).name}:{start}:{title}".encode(), digest_size=6).hexdigest()
    return f"r{h}"


def parse_report(lines: list[str], start: int, end: int, title_line: int | None, source: str,
                 heading_levels: dict[int, int] | None = None) -> Report:
    """Parse lines[start..end] (1-based, inclusive) as one report."""
    title = plain(lines[title_line - 1]) if title_line else ""
    body_start = (title_line + 1) if title_line else start
    paras = build_paras(lines, body_start, end, heading_levels or {})
    labels = label_paragraphs(paras)
    if paras and not _has_evidence(paras, labels):
        labels = [Role.unknown] * len(paras)
    sections = _sections(paras, labels)
    if title_line:
        sections.insert(0, Section(role=Role.title, start_line=title_line, end_line=title_line, text=title))
    return Report(
        id=_report_id(source, start, title),
        title=title,
        year=_year(title, paras),
        source=source,
        start_line=start,
        end_line=end,
        sections=sections,
        embedded=_embedded(sections),
    )


def parse_source(doc: SourceDoc) -> ParsedDocument:
    cleaned = clean_lines(doc.lines)
    lines = cleaned.lines
    parsed = ParsedDocument(doc.path, doc.lines, lines, cleaned.noise)
    titles = find_titles(lines, doc.heading_levels)
    nonblank = [i for i, t in enumerate(lines, start=1) if t.strip()]
    if not nonblank:
        return parsed
    if not titles:
        parsed.reports.append(parse_report(lines, nonblank[0], nonblank[-1], None, doc.path, doc.heading_levels))
        return parsed
    bounds = titles + [len(lines) + 1]
    for k, t in enumerate(titles):
        last = max((i for i in nonblank if t <= i < bounds[k + 1]), default=t)
        parsed.reports.append(parse_report(lines, t, last, t, doc.path, doc.heading_levels))
    return parsed


def parse_file(path: Path | str) -> ParsedDocument:
    return parse_source(load_source(path))


def parse_text(text: str, name: str = "<text>") -> ParsedDocument:
    return parse_source(load_text(text, name))
