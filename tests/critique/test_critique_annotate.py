"""`assistant critique REPORT --annotate OUT.docx`: each finding a Word comment on the characters it quotes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import docx
import pytest
from critique_helpers import DATA, cli
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from assistant.services.critique.annotate import AUTHOR, WHOLE_REPORT

# Planted defects, each a kind the critique knows: line (1-based in the clean report) → (old, new, the characters
# the comment must cover).
PLANTED = {
    3: ("职责，坚持", "职责,坚持", "职责,坚持"),  # half-width punctuation
    5: ("全年主持支部集中学习24次", "全年主持支部集中学习x次", "学习x次"),  # placeholder
    6: ("“三会一课”", "“三会两课”", "三会两课"),  # formulation
}
DATED = ("扎实开展党纪学习教育", "扎实开展党史学习教育")  # dated expression, line 5


def _report_lines() -> list[str]:
    lines = (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()
    for n, (old, new, _) in PLANTED.items():
        lines[n - 1] = lines[n - 1].replace(old, new)
    lines[4] = lines[4].replace(*DATED)
    del lines[13:15]  # the causes part: a missing part, and the problems' share falls below the rubric's
    return lines


def _build_docx(path: Path, lines: list[str]) -> None:
    """Three runs per paragraph, the middle one bold and 14 pt: most quotes cross a run boundary."""
    from docx.shared import Pt

    d = docx.Document()
    for t in lines:
        p = d.add_paragraph()
        a, b = len(t) // 3, 2 * len(t) // 3
        p.add_run(t[:a])
        r = p.add_run(t[a:b])
        r.bold, r.font.size = True, Pt(14)
        p.add_run(t[b:])
    d.save(str(path))


def _anchored(document: Any) -> list[tuple[int, str, str, str]]:
    """(paragraph number, anchored text, author, comment text) of each comment in the body, in order."""
    comments = {c.comment_id: c for c in document.comments}
    out = []
    for n, p in enumerate(document.paragraphs, 1):
        open_ids: list[str] = []
        got: dict[str, str] = {}
        for el in p._p.iter():
            if el.tag == qn("w:commentRangeStart"):
                open_ids.append(el.get(qn("w:id")))
                got[el.get(qn("w:id"))] = ""
            elif el.tag == qn("w:commentRangeEnd"):
                open_ids.remove(el.get(qn("w:id")))
            elif el.tag == qn("w:t"):
                for i in open_ids:
                    got[i] += el.text or ""
        for i, text in got.items():
            c = comments[int(i)]
            out.append((n, text, c.author, c.text))
    return out


def _bold(document: Any) -> list[str]:
    return ["".join(r.text for r in p.runs if r.bold) for p in document.paragraphs]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_docx_every_finding_is_a_comment_on_its_quote(tmp_path: Path) -> None:
    src, out = tmp_path / "report.docx", tmp_path / "out" / "annotated.docx"
    _build_docx(src, _report_lines())
    before = _sha(src)
    p = cli(str(src), "--no-llm", "--format", "json", "--annotate", str(out), cwd=tmp_path)
    assert p.returncode == 1, p.stderr  # the planted errors
    findings = json.loads(p.stdout)["findings"]
    assert {"placeholder", "dated-expression", "formulation", "halfwidth-punct", "missing-part",
            "problems-share"} <= {f["check"] for f in findings}
    assert _sha(src) == before  # the input is never modified

    original, annotated = docx.Document(str(src)), docx.Document(str(out))
    comments = _anchored(annotated)
    assert len(comments) == len(findings) == len(annotated.comments)
    title = original.paragraphs[0].text
    expected = sorted(
        (1, title) if f["check"] in WHOLE_REPORT else (f["line"], f["evidence"]) for f in findings)
    assert sorted((n, text) for n, text, _, _ in comments) == expected
    for f in findings:  # the message and suggestion are the comment's text
        assert any(f["message"] in body and f["suggestion"] in body for _, _, _, body in comments), f
    assert {author for _, _, author, _ in comments} == {AUTHOR}
    # the planted characters exactly, in their paragraph
    for n, (_old, _new, core) in PLANTED.items():
        assert any(line == n and core in text for line, text, _, _ in comments), n
    assert (5, "扎实开展党史学习教育") in [(n, t) for n, t, _, _ in comments]
    # the body text and the formatting of the split runs are untouched
    assert [q.text for q in annotated.paragraphs] == [q.text for q in original.paragraphs]
    assert _bold(annotated) == _bold(original)
    assert all(r.font.size is None or r.font.size.pt == 14 for q in annotated.paragraphs for r in q.runs if r.bold)


def test_existing_comments_are_kept(tmp_path: Path) -> None:
    src, out = tmp_path / "report.docx", tmp_path / "annotated.docx"
    _build_docx(src, _report_lines())
    d = docx.Document(str(src))
    d.add_comment(d.paragraphs[3].runs, text="请核实数字", author="张三", initials="张")
    d.save(str(src))
    p = cli(str(src), "--no-llm", "--annotate", str(out), cwd=tmp_path)
    assert p.returncode == 1
    annotated = docx.Document(str(out))
    kept = [c for c in annotated.comments if c.author == "张三"]
    assert len(kept) == 1 and kept[0].text == "请核实数字"
    assert (4, annotated.paragraphs[3].text) in [(n, t) for n, t, a, _ in _anchored(annotated) if a == "张三"]
    assert sum(c.author == AUTHOR for c in annotated.comments) >= 5


def test_table_and_tracked_change_are_named_in_a_note(tmp_path: Path) -> None:
    src, out = tmp_path / "report.docx", tmp_path / "annotated.docx"
    lines = _report_lines()
    _build_docx(src, lines)
    d = docx.Document(str(src))
    # A paragraph with a tracked insertion: its placeholder is not annotated.
    para = d.paragraphs[6]
    ins = OxmlElement("w:ins", attrs={qn("w:id"): "90", qn("w:author"): "李四", qn("w:date"): "2024-12-01T00:00:00Z"})
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "（新增）"
    run.append(t)
    ins.append(run)
    para._p.append(ins)
    para.runs[0].text = "XXX" + para.runs[0].text
    # A table row holding a placeholder.
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "主题党日", "全年开展xx次"
    d.save(str(src))
    before = _sha(src)
    p = cli(str(src), "--no-llm", "--format", "json", "--annotate", str(out), cwd=tmp_path)
    findings = json.loads(p.stdout)["findings"]
    placeholder_lines = {f["line"] for f in findings if f["check"] == "placeholder"}
    assert {7, len(lines) + 1} <= placeholder_lines  # the critique saw both
    notes = [ln for ln in p.stderr.splitlines() if "未加批注" in ln]
    assert len(notes) == 1 and "表格" in notes[0] and "修订" in notes[0], p.stderr
    annotated = docx.Document(str(out))
    assert len(annotated.comments) == len(findings) - 2
    assert 7 not in [n for n, *_ in _anchored(annotated)]
    assert _sha(src) == before


def test_txt_gives_a_gongwen_docx_with_comments(tmp_path: Path) -> None:
    lines = _report_lines()
    src, out = tmp_path / "report.txt", tmp_path / "annotated.docx"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = cli(str(src), "--no-llm", "--format", "json", "--annotate", str(out), cwd=tmp_path)
    findings = json.loads(p.stdout)["findings"]
    annotated = docx.Document(str(out))
    assert [q.text for q in annotated.paragraphs] == lines  # line n is paragraph n
    comments = _anchored(annotated)
    assert len(comments) == len(findings) == len(annotated.comments)
    assert (5, "支部集中学习x次") in [(n, t) for n, t, _, _ in comments]
    # the 公文 format of the drafts: A4, the title centred, level-1 headings as Word headings, 仿宋 body
    assert round(annotated.sections[0].page_width.mm) == 210
    assert annotated.paragraphs[0].alignment == 1  # centred
    assert annotated.paragraphs[3].style.name == "Heading 1"
    assert annotated.styles["Normal"].font.name == "仿宋_GB2312"


@pytest.mark.parametrize(("target", "words"), [
    ("{d}/out.txt", ".docx"),
    ("{src}", "输入文件"),
    ("{d}/blocker/out.docx", "不是文件夹"),
    ("{d}/folder.docx", "是一个文件夹"),
])
def test_bad_annotate_target_is_one_line_and_exit_2(tmp_path: Path, target: str, words: str) -> None:
    src = tmp_path / "report.docx"
    _build_docx(src, _report_lines())
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    (tmp_path / "folder.docx").mkdir()
    before = _sha(src)
    p = cli(str(src), "--no-llm", "--annotate", target.format(d=tmp_path, src=src), cwd=tmp_path)
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2 and len(lines) == 1 and words in lines[0] and "Traceback" not in p.stderr, p.stderr
    assert p.stdout == "" and _sha(src) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_unwritable_folder(tmp_path: Path) -> None:
    src, locked = tmp_path / "report.txt", tmp_path / "locked"
    src.write_text("\n".join(_report_lines()) + "\n", encoding="utf-8")
    locked.mkdir(mode=0o500)
    p = cli(str(src), "--no-llm", "--annotate", str(locked / "out.docx"), cwd=tmp_path)
    assert p.returncode == 2 and "不可写" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_stdin_with_annotate(tmp_path: Path) -> None:
    p = cli("-", "--no-llm", "--annotate", str(tmp_path / "out.docx"), stdin=b"x", cwd=tmp_path)
    assert p.returncode == 2 and "标准输入" in p.stderr and len(p.stderr.strip().splitlines()) == 1
