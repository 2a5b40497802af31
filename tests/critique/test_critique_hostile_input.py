"""The critique command given hostile input: a rubric path it cannot read, a pipe for a draft, and a compilation
of thousands of reports (printing it must not cost reports × findings)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from critique_helpers import DATA, cli

from assistant.cli.critique_cmds import render_md, render_text
from assistant.domain.models import Finding, Severity
from assistant.services.critique import CritiqueResult, PartOut, ReportOut, Score


def _one_line(p) -> str:  # noqa: ANN001
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    return lines[0]


def test_a_rubric_path_through_a_file_is_one_line(tmp_path: Path) -> None:
    p = cli(str(DATA / "clean_2024.txt"), "--no-llm", "--rubric", str(DATA / "clean_2024.txt" / "rubric.yaml"))
    assert p.returncode == 2
    assert "cannot read the rubric file (Not a directory)" in _one_line(p)


def test_a_pipe_as_the_draft_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "draft.txt")
    p = cli(str(tmp_path / "draft.txt"), "--no-llm")  # before: blocked until killed
    assert p.returncode == 2 and "not a regular file" in _one_line(p)


def _compilation(reports: int, per_report: int) -> CritiqueResult:
    span = per_report + 2
    reps, parts, findings = [], [], []
    for r in range(reports):
        start = r * span + 1
        reps.append(ReportOut(id=f"r{r}", title=f"第{r}篇", year=2024, start_line=start, end_line=start + span - 1,
                              score=Score(structure=90, errors=per_report, warnings=0)))
        parts.append(PartOut(role="problems", start_line=start + 1, end_line=start + span - 1, report=f"r{r}"))
        findings += [Finding(check="placeholder", severity=Severity.error, line=start + 1 + i, message="x")
                     for i in range(per_report)]
    findings.append(Finding(check="too-long", severity=Severity.warning, line=None, message="whole file"))
    return CritiqueResult(source="big.txt", parts=parts, findings=findings, reports=reps,
                          score=Score(structure=90, errors=len(findings) - 1, warnings=1))


def test_a_compilation_of_thousands_of_reports_prints_in_time() -> None:
    result = _compilation(3000, 10)  # before: ≈90 million comparisons, minutes for a 20 MB compilation
    t0 = time.perf_counter()
    text = render_text(result, color=False)
    md = render_md(result)
    assert time.perf_counter() - t0 < 10
    assert text.count("结构分 90，") == 3000 and text.count("placeholder") == 30000
    assert "报告之外" in text and "whole file" in md
    assert text.index("第0篇") < text.index("第1篇") < text.index("第2999篇")
