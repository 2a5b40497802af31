"""The critique command given hostile input: a rubric path it cannot read, a pipe for a draft, input past the
size limits (settings max_file_mb, max_docx_unpacked_mb, max_lines), and a compilation of thousands of reports
(printing it must not cost reports × findings)."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
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
    assert "无法读取评分细则文件（路径中有一段不是文件夹）" in _one_line(p)


def test_a_pipe_as_the_draft_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "draft.txt")
    p = cli(str(tmp_path / "draft.txt"), "--no-llm")  # before: blocked until killed
    assert p.returncode == 2 and "不是普通文件" in _one_line(p)


@pytest.mark.parametrize("stdin", [False, True])
def test_a_draft_over_max_file_mb_is_one_line(stdin: bool) -> None:
    draft = DATA / "clean_2024.txt"  # 3,364 bytes
    env = {"ASSISTANT_MAX_FILE_MB": "0.003"}
    p = cli("-", "--no-llm", stdin=draft.read_bytes(), env=env) if stdin else cli(str(draft), "--no-llm", env=env)
    assert p.returncode == 2
    assert "文件太大" in _one_line(p) and "max_file_mb" in _one_line(p) and "0.003 MB" in _one_line(p)


def test_a_draft_over_max_lines_is_one_line() -> None:
    p = cli(str(DATA / "clean_2024.txt"), "--no-llm", env={"ASSISTANT_MAX_LINES": "19"})  # it has 20 lines
    assert p.returncode == 2 and "行数太多（20 行；上限 max_lines 为 19 行）" in _one_line(p)


_PACKAGE = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}


def test_a_docx_zip_bomb_is_refused_from_its_zip_directory(tmp_path: Path) -> None:
    # A few KB that unpack to 4 MB of XML (the hostile run's: 964 KB holding 300 MB), with the limit at 1 MB
    # so that the test stays quick; before, the whole document was parsed.
    body = "<w:p><w:r><w:t>党支部书记抓基层党建工作述职报告</w:t></w:r></w:p>" * 50_000
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PACKAGE.items():
            z.writestr(name, text)
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                   f'org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    assert bomb.stat().st_size < 100_000
    p = cli(str(bomb), "--no-llm", env={"ASSISTANT_MAX_DOCX_UNPACKED_MB": "1"})
    assert p.returncode == 2
    assert "bomb.docx：解压后有 4.1 MB，超过上限 max_docx_unpacked_mb（1 MB）" in _one_line(p)


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
