"""Parse a document into its reports and each report into its parts (roles) and numbered items.

The parts are told by the part classifier (domain/classifier.py): headings first, then content and
position, with fitted weights. Cue words and headings are data (assistant/data/cues.yaml).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.classifier import BODY_ROLES, cue_scores, decode
from assistant.domain.clean import NoiseLine, clean_lines
from assistant.domain.loader import InputLimits, SourceDoc, load_source, load_text
from assistant.domain.models import Embedded, Report, Role, Section
from assistant.domain.paragraphs import Para, build_paras, find_titles, plain, title_head
from assistant.domain.partitems import build_items
from assistant.domain.report_split import untitled_starts
from assistant.domain.rules import load_data
from assistant.domain.text import YEAR_RE


@dataclass
class ParsedDocument:
    source: str
    raw_lines: list[str]
    lines: list[str]
    noise: list[NoiseLine]
    reports: list[Report] = field(default_factory=list)


def label_paragraphs(paras: list[Para], year: int | None = None) -> list[Role]:
    """Each paragraph's role: the part classifier's best path (domain/classifier.py)."""
    return decode(paras, year)


def _has_evidence(paras: list[Para], labels: list[Role], titled: bool = False) -> bool:
    """Whether the text reads as a report at all; otherwise its parts are labelled unknown. A text under a
    report's title (…述职报告, not a news item on a 述职评议会) is one, whatever its headings say."""
    if titled or any(p.heading_roles for p in paras):
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


_YEAR = YEAR_RE


def _year(title: str, paras: list[Para]) -> int | None:
    for text in [title] + [p.text for p in paras[:2]]:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    # No title and no opening that name it: the year the body's first half names most, at least twice.
    # The first half holds this year's work (the plans, naming the next year, come last).
    first_half = paras[: len(paras) // 2 + 1]
    counts = Counter(int(y) for p in first_half for y in _YEAR.findall(p.text))
    if counts:
        year, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= 2:
            return year
    # Else the plans: a paragraph of the second half that opens on a year's work to come (2023年，我将… /
    # 三、2023年工作打算) is next year's, so the report's year is the one before.
    for p in paras[len(paras) // 2:]:
        m = _NEXT_YEAR_WORK.search(p.text)
        if m:
            return int(m.group(1)) - 1
    return None


_NEXT_YEAR_WORK = re.compile(r"^(?:[一二三四五六七八九十]+、)?(20[0-9]{2})年(?:[，,]?(?:我|我们|本人)(?:将|要)"
                             r"|(?:工作)?(?:打算|思路|计划|努力方向))")


def _report_id(source: str, start: int, title: str) -> str:
    h = hashlib.blake2b(f"{Path(source).name}:{start}:{title}".encode(), digest_size=6).hexdigest()
    return f"r{h}"


def parse_report(lines: list[str], start: int, end: int, title_line: int | None, source: str,
                 heading_levels: dict[int, int] | None = None) -> Report:
    """Parse lines[start..end] (1-based, inclusive) as one report."""
    head = title_head(lines, title_line) if title_line else None
    title = "".join(plain(lines[k - 1]) for k in range(head, title_line + 1)) if head and title_line else ""
    body_start = (title_line + 1) if title_line else start
    paras = build_paras(lines, body_start, end, heading_levels or {})
    labels = label_paragraphs(paras, _year(title, paras))
    if paras and not _has_evidence(paras, labels, titled=bool(title_line) and "报告" in title):
        labels = [Role.unknown] * len(paras)
    sections = _sections(paras, labels)
    if title_line:
        assert head is not None
        sections.insert(0, Section(role=Role.title, start_line=head, end_line=title_line, text=title))
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
    heads = {title_head(lines, t): t for t in titles}
    starts = set(heads) | set(untitled_starts(doc.lines, lines, sorted(heads)))
    if not titles:
        starts.add(nonblank[0])  # a file without a title is a report from its first line, however it opens
    ordered = sorted(starts)
    bounds = ordered[1:] + [len(lines) + 1]
    for k, s in enumerate(ordered):
        last = max((i for i in nonblank if s <= i < bounds[k]), default=s)
        parsed.reports.append(parse_report(lines, s, last, heads.get(s), doc.path, doc.heading_levels))
    return parsed


def parse_file(path: Path | str, limits: InputLimits | None = None) -> ParsedDocument:
    return parse_source(load_source(path, limits))


def parse_text(text: str, name: str = "<text>", limits: InputLimits | None = None) -> ParsedDocument:
    return parse_source(load_text(text, name, limits))
