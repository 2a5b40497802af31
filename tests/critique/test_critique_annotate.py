"""`assistant critique REPORT --annotate OUT.docx`: each finding a Word comment on the characters it quotes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from critique_helpers import DATA, ROOT, cli
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from assistant.domain.checks import CHECK_IDS
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


def _sub(lines: list[str], n: int, old: str, new: str) -> None:
    assert old in lines[n - 1], (n, old)
    lines[n - 1] = lines[n - 1].replace(old, new, 1)


def _every_kind_lines() -> list[str]:
    """The clean report with one planted defect of each deterministic check (too-long comes from the rubric)."""
    ls = (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()
    _sub(ls, 1, "2024年", "3024年")  # year-mismatch: a year out of range in the title, the body says 2024
    _sub(ls, 3, "职责，坚持", "职责,坚持")  # halfwidth-punct
    _sub(ls, 5, "集中学习24次", "集中学习x次")  # placeholder
    _sub(ls, 5, "讲党课3次", "讲党课【待补充：次数】次")  # unfilled-slot
    _sub(ls, 5, "组织党员深入学习", "组织全县党员深入学习")  # mixed-level: a CPPCC office's branch at the county's scope
    _sub(ls, 5, "党纪学习教育", "党史学习教育")  # dated-expression
    _sub(ls, 6, "（二）", "（三）")  # numbering
    _sub(ls, 6, "“三会一课”", "“三会两课”")  # formulation
    _sub(ls, 7, "党风廉政", "D风廉政")  # letter-d
    _sub(ls, 13, "谈心谈话有时流于形式。", "谈心谈话有时流于形式。四是意识形态阵地管理存在薄弱环节，网络舆情研判不及时。")
    _sub(ls, 20, "为推动县政协工作高质量发展", "为完成2024年各项目标任务")  # stale-year-target
    # part-order: the rectification after the problems; missing-part and problems-share: the causes deleted;
    # the headings renumbered, so that numbering reports only line 6
    ls = ls[:7] + ls[9:13] + ls[7:9] + ls[15:]
    _sub(ls, 8, "三、", "二、")
    _sub(ls, 12, "二、", "三、")
    _sub(ls, 14, "五、", "四、")
    return ls


def _expected_anchors(findings: list[dict[str, Any]], document: Any) -> list[tuple[int, str]]:
    """(paragraph, characters) each finding's comment must cover: the title for a whole-report finding, else its
    evidence, which must stand verbatim in its own paragraph (else the comment could not sit on it)."""
    texts = [p.text for p in document.paragraphs]
    out = []
    for f in findings:
        if f["check"] in WHOLE_REPORT:
            out.append((1, texts[0]))
            continue
        n = f["line"]
        if not f["evidence"]:  # part-order names a part, not words: the comment covers that part's first line
            assert f["check"] == "part-order", f
            out.append((n, texts[n - 1]))
            continue
        assert f["evidence"] in texts[n - 1], f
        out.append((n, f["evidence"]))
    return sorted(out)


def _check_annotated(src: Path, out: Path, findings: list[dict[str, Any]]) -> list[tuple[int, str, str, str]]:
    original, annotated = docx.Document(str(src)), docx.Document(str(out))
    comments = _anchored(annotated)
    assert len(comments) == len(findings) == len(annotated.comments)  # one comment per finding
    assert sorted((n, text) for n, text, _, _ in comments) == _expected_anchors(findings, original)
    for f in findings:
        assert any(f["message"] in body for _, _, _, body in comments), f
    assert [q.text for q in annotated.paragraphs] == [q.text for q in original.paragraphs]
    assert _bold(annotated) == _bold(original)
    return comments


def test_every_deterministic_kind_is_anchored(tmp_path: Path) -> None:
    src, out, rubric = tmp_path / "report.docx", tmp_path / "annotated.docx", tmp_path / "rubric.yaml"
    data = yaml.safe_load((ROOT / "src" / "assistant" / "data" / "rubric.yaml").read_text(encoding="utf-8"))
    data["length_limit"] = 600  # too-long
    rubric.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _build_docx(src, _every_kind_lines())
    p = cli(str(src), "--no-llm", "--no-originality", "--rubric", str(rubric), "--format", "json",
            "--annotate", str(out), cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    findings = json.loads(p.stdout)["findings"]
    assert sorted({f["check"] for f in findings}) == sorted(set(CHECK_IDS) - set(PREVIOUS_KINDS))
    assert len(findings) == len(set(CHECK_IDS) - set(PREVIOUS_KINDS))  # each planted once, found once
    _check_annotated(src, out, findings)


PREVIOUS_KINDS = ("repeated-problem", "repeated-plan", "unrectified", "stale-copy")
# Last year's report of the same branch, written for this test: its first problem is this year's line 12 (repeated),
# its second is not taken up by this year's rectification (unrectified), its first plan is this year's line 19.
LAST_YEAR = """县政协机关党支部书记2023年抓基层党建工作述职报告

2023年，在县委和县政协党组的领导下，我履行抓基层党建工作第一责任人职责，现将有关情况报告如下：
一、主要工作及成效
（一）抓学习教育。全年组织集中学习20次，开展主题教育专题研讨5次。
（二）抓组织生活。落实“三会一课”制度，全年召开支部委员会12次。
二、上年度述职评议反馈问题整改情况
针对上年度评议指出的“支部活动形式单一”问题，开展“主题党日+调研视察”活动，已整改到位。
三、存在的问题
一是党建与业务融合还不够紧密。党建活动与协商议政、民主监督结合得不够，党员先锋模范作用体现不明显。
二是机关党员下基层调研偏少，联系服务界别群众不够经常，掌握社情民意不够及时。
四、问题原因分析
主观上，我对抓党建的认识还不够到位；客观上，机关党务干部均为兼职，力量相对薄弱。
五、下一步工作思路和措施
一是加强党员教育管理。建立年轻党员思想动态季度分析制度，定期走访慰问退休党员，提高谈心谈话的针对性和实效。
二是组织机关党员每季度到联系界别开展一次走访调研。
下一步，我将带领支部全体党员真抓实干，为县政协工作提供坚强组织保证。
"""


def test_previous_kinds_are_anchored_on_this_years_words(tmp_path: Path) -> None:
    src, out, last = tmp_path / "report.docx", tmp_path / "annotated.docx", tmp_path / "LAST.txt"
    last.write_text(LAST_YEAR, encoding="utf-8")
    lines = (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()
    _sub(lines, 20, "为推动县政协工作高质量发展", "为圆满完成2023年各项目标任务")  # stale-copy
    _build_docx(src, lines)
    p = cli(str(src), "--no-llm", "--no-originality", "--previous", str(last), "--format", "json",
            "--annotate", str(out), cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    findings = json.loads(p.stdout)["findings"]
    assert sorted((f["check"], f["line"], f["previous_line"]) for f in findings) == [
        ("repeated-plan", 19, 15), ("repeated-problem", 12, 10), ("stale-copy", 20, None), ("unrectified", 8, 11)]
    comments = _check_annotated(src, out, findings)
    last_lines = LAST_YEAR.splitlines()
    for f in findings:
        if f["previous_line"] is None:
            continue
        [body] = [b for _, _, _, b in comments if f["message"] in b]
        quote = re.search(rf"上年第{f['previous_line']}行“([^”]+)”", body)  # the comment quotes last year's line
        assert quote and quote.group(1).rstrip("…") in last_lines[f["previous_line"] - 1], body


# Another unit's report for the index, written for this test; its long line 6 is pasted into ours.
OTHER = """县人力资源和社会保障局机关党支部2024年度述职报告（书记）

2024年，在局党组的坚强领导下，我认真履行抓基层党建工作第一责任人职责，现将有关情况报告如下：
一、主要工作及成效
（一）抓政治建设。坚持“第一议题”制度，全年组织集中学习15次。
（二）抓服务群众。围绕稳就业保民生，组建党员志愿服务队深入企业和村社区，把就业政策宣讲、技能培训报名、社保待遇\
认证送到群众家门口，全年走访企业一百二十家，帮助返乡农民工实现就近就业六百余人，群众满意度测评连续三个季度位居全县\
窗口单位前列。
二、上年度述职评议反馈问题整改情况
针对上年度评议指出的“窗口服务作风不够扎实”问题，开展作风专项整治，已整改到位。
三、存在的问题
一是理论学习的系统性还不强。
二是党员在业务攻坚中的带头作用发挥不够充分。
四、问题原因分析
主观上，我对党建工作的研究还不够深入；客观上，窗口业务量大，党员集中学习的时间难以保证。
五、下一步工作思路和措施
一是健全理论学习制度，每季度开展一次专题研讨。
二是设立党员示范岗，让党员在急难险重任务中当先锋。
下一步，我将以更高标准履行职责，为全县人社事业发展提供坚强组织保证。
"""


@pytest.mark.slow  # builds an index (a few seconds)
def test_copied_passage_is_anchored_on_the_pasted_words(tmp_path: Path) -> None:
    home, other = tmp_path / "home", tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
    env.update(ASSISTANT_HOME=str(home), ASSISTANT_CONFIG_DIR=str(home / "config"))
    subprocess.run([sys.executable, "-m", "assistant", "ingest", str(other)], env=env, check=True,
                   capture_output=True, cwd=tmp_path, timeout=120)
    pasted = OTHER.splitlines()[5][7:62]  # from 围绕稳就业 on: past originality_min_chars
    lines = (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()
    # in place of as many characters, so the problems' share (just over the rubric's) is kept
    _sub(lines, 7, lines[6][16:], pasted)
    src, out = tmp_path / "report.docx", tmp_path / "annotated.docx"
    _build_docx(src, lines)
    p = cli(str(src), "--no-llm", "--originality", "--format", "json", "--annotate", str(out), cwd=tmp_path,
            env={"ASSISTANT_HOME": str(home)})
    assert p.returncode == 0, p.stderr  # a warning, no error
    findings = json.loads(p.stdout)["findings"]
    assert [(f["check"], f["line"]) for f in findings] == [("copied-passage", 7)]
    assert findings[0]["evidence"] in pasted and len(findings[0]["evidence"]) >= 30
    _check_annotated(src, out, findings)


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
