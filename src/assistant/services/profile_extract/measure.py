"""How well `profile extract` does on labelled documents: a folder of summaries, each with `NAME.labels.yaml`
beside it (format in docs/drafting.md) naming its figure-bearing sentences, their figures and, for a last
year's report, its problems.

Measured for a summary: the share of labelled sentences that became work items (a work item matches a
sentence when it carries one of the sentence's figures, compared by the number they start with, and holds at
least half of the sentence's character pairs; a sheet row's formula cells are left out, see `readable`) —
*strict*; and the share *captured*: those, plus sentences that went to problems/priorities and stand in a
problems or plans part as the report parser (domain/parse.py), not the extractor, reads the document (next
year's targets must not be drafted as done). Also: the share of labelled figures carried (by the work items, or
the entries that captured a sentence), the proposal's figures that no label names, whether every figure in the
proposal stands verbatim in the source, the unit name and year. A document whose labels hold
`last_year_problems` is last year's report: it is measured as `--previous` reads it (the share of its problems
that became rectification entries, its year), not as a summary.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.domain.yamltext import load_yaml
from assistant.services.profile_extract.model import Found
from assistant.settings import Settings

MIN_OVERLAP = 0.5
_NUM = re.compile(r"[\d.,，:：∶]+|[零〇一二两三四五六七八九十百千万亿]+")
_PUNCT = re.compile(r"[\s，。、；：:！？“”‘’\"'（）()《》【】,.;!?\-—|｜/]+")


class LabelledSentence(BaseModel):
    where: str = ""
    sentence: str
    figures: list[str] = Field(default_factory=list)
    area: str | None = None


class LabelledProblem(BaseModel):
    where: str = ""
    text: str


class Labels(BaseModel):
    document: str
    unit_name: str | None = None
    unit_name_variants: list[str] = Field(default_factory=list)  # other ways the document names the unit
    year: int | None = None
    figure_sentences: list[LabelledSentence] = Field(default_factory=list)
    last_year_problems: list[LabelledProblem] = Field(default_factory=list)


class DocMeasure(BaseModel):
    document: str
    sentences: int = 0
    became_items: int = 0
    elsewhere: int = 0  # matched a problem or a priority instead
    captured_elsewhere: int = 0  # … and stands in a problems or plans part (as the report parser reads it)
    as_previous: bool = False  # last year's report: only its problems (and year) are measured
    figures: int = 0
    figures_carried: int = 0
    not_verbatim: list[str] = Field(default_factory=list)
    stray: list[str] = Field(default_factory=list)  # figures in the proposal that no label names (a date, a term…)
    missed: list[str] = Field(default_factory=list)
    unit_ok: bool | None = None
    year_ok: bool | None = None
    problems: int = 0
    problems_found: int = 0
    error: str | None = None


class FolderMeasure(BaseModel):
    docs: list[DocMeasure]

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.docs)

    @property
    def item_share(self) -> float:
        return self.total("became_items") / max(1, self.total("sentences"))

    @property
    def captured_share(self) -> float:
        return (self.total("became_items") + self.total("captured_elsewhere")) / max(1, self.total("sentences"))

    @property
    def figure_share(self) -> float:
        return self.total("figures_carried") / max(1, self.total("figures"))

    @property
    def problem_share(self) -> float:
        return self.total("problems_found") / max(1, self.total("problems"))

    @property
    def all_verbatim(self) -> bool:
        return not any(d.not_verbatim for d in self.docs)

    @property
    def stray(self) -> int:
        return sum(len(d.stray) for d in self.docs)


def _units(text: str, singles: bool = False) -> set[str]:
    """Character pairs within each run between punctuation (a pair across a separator — 度1 of 第一季度，12 — is
    not in the text's words); a run of one character counts as itself, and with `singles` every character does
    (for the text looked in)."""
    out: set[str] = set()
    for run in _PUNCT.split(text):
        out |= {run[i:i + 2] for i in range(len(run) - 1)}
        if len(run) == 1 or singles:
            out |= set(run)
    return out


def overlap(labelled: str, text: str) -> float:
    """The share of the labelled text's character pairs that `text` holds."""
    a = _units(labelled)
    return len(a & _units(text, singles=True)) / len(a) if a else 0.0


def _number(fig: str) -> str:
    m = _NUM.search(fig)
    return m.group(0).replace(",", "").replace("，", "") if m else fig


def same_figure(a: str, b: str) -> bool:
    """12名 ~ 12名, 15个 ~ 15个党支部; never 2名 ~ 12名."""
    return (a in b or b in a) and _number(a) == _number(b)


def readable(sentence: str) -> str:
    """A labelled sheet row less its formula cells: the labels write a formula without a cached value as its text
    (=C3/$C$17), which no reader can turn into words; the proposal's notes name such cells instead."""
    if " | " not in sentence:
        return sentence
    return " | ".join(c for c in sentence.split(" | ") if not c.strip().startswith("="))


def _matches(s: LabelledSentence, item: Found) -> bool:
    figs_ok = not s.figures or any(same_figure(f, g) for f in s.figures for g in item.figures + [item.text])
    return figs_ok and overlap(readable(s.sentence), item.text) >= MIN_OVERLAP


def _plans_and_problems(path: Path) -> list[str]:
    """The texts of the document's problems, causes and plans parts (and such sentences embedded in other
    parts), as the report parser reads them; [] when it cannot read the file."""
    from assistant.domain.models import Role
    from assistant.domain.parse import parse_file

    roles = (Role.problems, Role.causes, Role.plans)
    try:
        parsed = parse_file(path)
    except Exception:  # noqa: BLE001 — a file the parser cannot read gives no part: nothing is captured there
        return []
    out = []
    for report in parsed.reports:
        out += [sec.text for sec in report.sections if sec.role in roles]
        out += [e.evidence for e in report.embedded if e.role in roles]
    return out


def _measure_previous(labels: Labels, path: Path, m: DocMeasure) -> DocMeasure:
    from assistant.services.profile_extract.previous import read_last_year
    from assistant.services.profile_extract.sources import SourceError

    m.as_previous, m.sentences, m.figures = True, 0, 0
    try:
        last = read_last_year(path)
    except SourceError as e:
        m.error = str(e)
        return m
    m.problems_found = sum(1 for lp in labels.last_year_problems
                           if any(max(overlap(f.text, lp.text), overlap(lp.text, f.text)) >= 0.8
                                  for f in last.problems))
    if labels.year:
        m.year_ok = last.year == labels.year
    return m


def measure_document(labels: Labels, folder: Path, backend: str = "offline",
                     settings: Settings | None = None) -> DocMeasure:
    from assistant.services.profile_extract.extract import propose
    from assistant.services.profile_extract.sources import SourceError, read_source

    path = folder / labels.document
    m = DocMeasure(document=labels.document, sentences=len(labels.figure_sentences),
                   figures=sum(len(s.figures) for s in labels.figure_sentences),
                   problems=len(labels.last_year_problems))
    if labels.last_year_problems:
        return _measure_previous(labels, path, m)
    try:
        source_text = read_source(path, settings).text
        p = propose(path, backend=backend, settings=settings)
    except SourceError as e:
        m.error = str(e)
        m.missed = [f"{s.where} {s.sentence}" for s in labels.figure_sentences]
        return m
    items = p.work_items + p.overflow
    parts: list[str] | None = None
    for s in labels.figure_sentences:
        hit = [it for it in items if _matches(s, it)]
        if hit:
            m.became_items += 1
            carried = [g for it in hit for g in it.figures]
            m.figures_carried += sum(1 for f in s.figures if any(same_figure(f, g) for g in carried))
            continue
        m.missed.append(f"{s.where} {s.sentence}")
        kept = [it for it in p.problems + p.priorities if _matches(s, it)]
        if kept:
            m.elsewhere += 1
            parts = _plans_and_problems(path) if parts is None else parts
            if any(overlap(s.sentence, t) >= 0.8 for t in parts):
                m.captured_elsewhere += 1
                carried = [g for it in kept for g in it.figures]
                m.figures_carried += sum(1 for f in s.figures if any(same_figure(f, g) for g in carried))
                m.missed[-1] += "  [from a problems/plans part: counted as captured]"
    m.not_verbatim = [f"{f}（{it.text[:20]}）" for it in items for f in it.figures if f not in source_text]
    labelled = [f for s in labels.figure_sentences for f in s.figures]
    m.stray = [f"{f}（{it.text[:20]}）" for it in items + p.problems + p.priorities for f in it.figures
               if not any(same_figure(f, g) for g in labelled)]
    if labels.unit_name:
        m.unit_ok = p.unit_name in [labels.unit_name, *labels.unit_name_variants]
    if labels.year:
        m.year_ok = p.year_found and p.year == labels.year
    return m


def labelled_documents(folder: Path) -> list[Labels]:
    out = []
    for f in sorted(folder.glob("*.labels.yaml")):
        out.append(Labels.model_validate(load_yaml(f.read_text(encoding="utf-8"))))
    return out


def measure_folder(folder: Path, backend: str = "offline", settings: Settings | None = None) -> FolderMeasure:
    return FolderMeasure(docs=[measure_document(lb, folder, backend, settings) for lb in labelled_documents(folder)])


def report_lines(fm: FolderMeasure) -> list[str]:
    lines = []
    for d in fm.docs:
        if d.as_previous:
            lines.append(f"{d.document}: last year's report (measured as --previous): problems found"
                         f" {d.problems_found}/{d.problems}, year {d.year_ok}"
                         + (f", error: {d.error}" if d.error else ""))
            continue
        lines.append(f"{d.document}: {d.became_items}/{d.sentences} sentences → work items, captured"
                     f" {d.became_items + d.captured_elsewhere}/{d.sentences} ({d.elsewhere} in problems/priorities,"
                     f" {d.captured_elsewhere} of them from such a part), figures {d.figures_carried}/{d.figures},"
                     f" not verbatim {len(d.not_verbatim)}, unlabelled {len(d.stray)}, unit {d.unit_ok}, year {d.year_ok}"
                     + (f", error: {d.error}" if d.error else ""))
        lines += [f"    missed: {x}" for x in d.missed]
        lines += [f"    not verbatim: {x}" for x in d.not_verbatim]
        lines += [f"    unlabelled figure: {x}" for x in d.stray]
    n = fm.total("sentences")
    lines.append(f"total: strict {fm.total('became_items')}/{n} sentences as work items = {fm.item_share:.1%};"
                 f" captured {fm.total('became_items') + fm.total('captured_elsewhere')}/{n} = {fm.captured_share:.1%}"
                 f" (work items, or problems/priorities from a problems/plans part);"
                 f" figures {fm.total('figures_carried')}/{fm.total('figures')} = {fm.figure_share:.1%};"
                 f" every figure verbatim: {fm.all_verbatim}; figures no label names: {fm.stray};"
                 f" last year's problems {fm.total('problems_found')}/{fm.total('problems')}")
    return lines
