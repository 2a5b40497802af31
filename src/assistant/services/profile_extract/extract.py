"""`profile extract`: a proposed unit profile from a work summary (and last year's report), by rule offline or
by the model with every figure checked against the source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from assistant.domain.profile import MAX_ITEMS
from assistant.services.profile_extract.meta import find_title, guess_kind, unit_of, year_of
from assistant.services.profile_extract.model import Proposal
from assistant.services.profile_extract.rules import extract_by_rule, fit_limit
from assistant.services.profile_extract.sources import SourceError, read_source
from assistant.settings import Settings


class NothingFound(SourceError):
    """The summary holds no sentence with a figure: there is nothing to propose."""


def expected_years(asked: int | None, previous_year: int | None, today: dt.date | None = None) -> set[int]:
    """The years a summary may be of: the one asked (--year), else the year after last year's report, else this
    year or last year (a summary is written at the end of its year or early in the next)."""
    if asked:
        return {asked}
    if previous_year:
        return {previous_year + 1}
    t = today or dt.date.today()
    return {t.year - 1, t.year}


def _year_warning(found: int, expected: set[int], why: str) -> str:
    exp = "或".join(f"{y}年" for y in sorted(expected))
    return f"警告：材料写的是 {found} 年，而{why}是 {exp}；请核对是否选错了文件（档案中的年份按材料填为 {found}）"


def propose(source_path: Path, *, previous: Path | None = None, year: int | None = None,
            backend: str = "offline", settings: Settings | None = None,
            progress: Callable[[str], None] | None = None) -> Proposal:
    """The proposal; SourceError (one Chinese line) for an unreadable source, NothingFound when no figure is found,
    LLMError when the model fails (api)."""
    settings = settings or Settings()
    src = read_source(source_path, settings)
    last = None
    if previous is not None:
        from assistant.services.profile_extract.previous import read_last_year

        last = read_last_year(previous)
    ti = find_title(src.segments)
    title = src.segments[ti].text if ti is not None else None
    found_year = year_of(title, src.segments)
    unit = unit_of(title, src.segments)
    notes = list(src.notes)
    warnings: list[str] = []
    if backend == "api":
        from assistant.services.profile_extract.llm_extract import extract_with_model

        if progress:
            progress("正在请模型提取工作事项……")
        ans = extract_with_model(src, settings)
        work, problems, plans = ans.work_items, ans.problems, ans.priorities
        notes += ans.notes
        unit = unit or ans.unit_name
        found_year = found_year or ans.year
    else:
        work, problems, plans = extract_by_rule(src.segments, ti)
    if not work:
        raise NothingFound(f"{source_path}：材料中没有找到带数字的句子（如“发展党员12名”），提不出工作事项；"
                           "请换一份写有具体数字的工作总结，或用 assistant profile init 手工填写")
    for name, entries in (("存在问题（problems）", problems), ("下一步打算（priorities）", plans)):
        if len(entries) > MAX_ITEMS:
            notes.append(f"材料中{name}的条目有 {len(entries)} 条，只取前 {MAX_ITEMS} 条；其余请对照原文补入")
            del entries[MAX_ITEMS:]
    work, overflow = fit_limit(work)
    if overflow:
        notes.append(f"带数字的句子太多，同段、同方面的已合并，仍有 {len(overflow)} 条放不下，已列在 work_items 之后的注释里")
    expected = expected_years(year, last.year if last else None)
    if found_year is not None and found_year not in expected:
        why = "要求的年份" if year else ("上年度报告的下一年" if last and last.year else "按今天的日期应当")
        warnings.append(_year_warning(found_year, expected, why))
    if last is not None:
        notes += last.notes
        if last.year and found_year and last.year != found_year - 1:
            warnings.append(f"警告：上年度报告写的是 {last.year} 年，材料是 {found_year} 年，不是相邻两年；请核对 --previous 是否选对")
    the_year = found_year
    if the_year is None:
        the_year = year or max(expected_years(None, last.year if last else None))
        notes.append(f"材料中没有读出年份，暂填 {the_year} 年，请核对")
    return Proposal(source=str(source_path), previous=str(previous) if previous else None, backend=backend,
                    unit_name=unit, unit_kind=guess_kind(unit, src.text),
                    year=the_year, year_found=found_year is not None,
                    work_items=work, overflow=overflow, problems=problems, priorities=plans,
                    rectifications=last.problems if last else [], notes=notes, warnings=warnings)
