"""The offline composer on every example profile, and the .docx it writes, opened with python-docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.models import Role, Severity
from assistant.domain.parse import parse_text
from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.critique import structural_findings
from assistant.services.drafting.report import draft_report
from assistant.services.drafting.writers import write_result
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "examples/profiles").glob("*.yaml"))
REQUIRED = [Role.opening, Role.achievements, Role.rectification, Role.problems, Role.causes, Role.plans,
            Role.closing]


def test_there_are_example_profiles() -> None:
    assert len(PROFILES) >= 2


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_offline_report_passes_structural_checks(path: Path, seed_index: Path) -> None:
    profile = load_profile(path)
    r = draft_report(profile, Settings(chroma_path=seed_index), backend="offline")
    assert r.backend == "offline" and any("离线模板" in w for w in r.warnings)
    assert not [p.role for p in r.parts if p.defects]
    parsed = parse_text(r.text, path.name)
    assert len(parsed.reports) == 1
    assert [s.role for s in parsed.reports[0].sections if s.role != Role.title] == REQUIRED
    errors = [f for f in structural_findings(parsed, load_rubric()) if f.severity == Severity.error]
    assert errors == []
    # every work item's text is in the report; every slot is listed
    for w in profile.work_items:
        assert w.text.rstrip("。") in r.text
    assert r.text.count("【待补充") == len(r.slots)


def test_offline_without_index_says_so(tmp_path: Path) -> None:
    r = draft_report(load_profile(PROFILES[0]), Settings(chroma_path=tmp_path / "none"), backend="offline")
    assert any("还没有索引" in w for w in r.warnings)
    assert all(not p.sources for p in r.parts)


def test_offline_uses_exemplar_patterns_where_the_profile_is_silent(seed_index: Path) -> None:
    # Exemplar sentences are used where one is of the kind of problem the composer proposes: the seed has some
    # for a state enterprise, none fact-free for a village (whose draft then rests on the patterns alone).
    silent = load_profile(ROOT / "examples/profiles/state_enterprise.yaml").model_copy(
        update={"problems": [], "causes": [], "priorities": []})
    r = draft_report(silent, Settings(chroma_path=seed_index), backend="offline")
    problems = r.part("problems")
    assert problems.sources, "the exemplar sentences used are recorded as sources"
    assert any("范文" in n for n in problems.notes)
    assert not r.part("achievements").sources  # built from the profile only
    minimal = ROOT / "examples/profiles/village_minimal.yaml"
    r = draft_report(load_profile(minimal), Settings(chroma_path=seed_index), backend="offline")
    assert all(s.chunk_id in " ".join(p.notes) for p in r.parts for s in p.sources)


def _rfonts(run) -> dict[str, str]:  # noqa: ANN001
    from docx.oxml.ns import qn

    el = run._r.rPr.find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in el.attrib.items()}


def test_docx_is_in_gongwen_format(tmp_path: Path, seed_index: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    s = Settings(chroma_path=seed_index)
    r = draft_report(load_profile(ROOT / "examples/profiles/state_enterprise.yaml"), s, backend="offline")
    out = tmp_path / "sub" / "report.docx"
    write_result(r, out, s)
    assert out.is_file() and not list(out.parent.glob(".*.tmp"))
    doc = Document(str(out))
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == \
        [37, 35, 28, 26]
    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == r.title and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and _rfonts(title.runs[0])["eastAsia"] == "方正小标宋简体"
    heads = [p for p in paras if p.style.name == "Heading 1"]
    assert [h.text for h in heads][:2] == ["一、主要工作及成效", "二、上年度述职评议反馈问题整改情况"]
    assert _rfonts(heads[0].runs[0])["eastAsia"] == "黑体" and heads[0].runs[0].font.size == Pt(16)
    assert heads[0].style.font.color.rgb is not None and str(heads[0].style.font.color.rgb) == "000000"
    item = next(p for p in paras if p.text.startswith("（一）"))
    assert _rfonts(item.runs[0])["eastAsia"] == "楷体_GB2312" and _rfonts(item.runs[1])["eastAsia"] == "仿宋_GB2312"
    body = paras[1]
    fmt = doc.styles["Normal"].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
    assert fmt.first_line_indent == Pt(32) and fmt.space_after == Pt(0)
    assert body.runs[0].font.size == Pt(16) and _rfonts(body.runs[0])["eastAsia"] == "仿宋_GB2312"
    assert all("Theme" not in k for p in paras for run in p.runs for k in _rfonts(run))
    footer_xml = sec.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    assert "离线模板" in doc.core_properties.comments
    # the text of the document is the report
    assert "\n".join(p.text for p in paras) == r.text.strip()


def test_docx_fonts_are_settings(tmp_path: Path, seed_index: Path) -> None:
    from docx import Document

    s = Settings(chroma_path=seed_index, font_body="仿宋", font_title="小标宋")
    r = draft_report(load_profile(PROFILES[0]), s, backend="offline")
    write_result(r, tmp_path / "r.docx", s)
    doc = Document(str(tmp_path / "r.docx"))
    paras = [p for p in doc.paragraphs if p.text.strip()]
    assert _rfonts(paras[0].runs[0])["eastAsia"] == "小标宋" and _rfonts(paras[1].runs[0])["eastAsia"] == "仿宋"


def test_interrupted_write_leaves_no_file(tmp_path: Path) -> None:
    from assistant.services.drafting.writers import atomic_write

    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")

    def boom(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_offline_plans_answer_every_admitted_problem(tmp_path: Path) -> None:
    from assistant.services.drafting.offline import answers

    assert answers("围绕重点项目培育“红色引擎”党建品牌", "党建品牌培育还不够，特色亮点不多")
    assert not answers("健全支部学习制度", "对青年党员的思想动态掌握不够及时")
    profile = load_profile(ROOT / "examples/profiles/state_enterprise.yaml").model_copy(
        update={"problems": ["党建品牌培育还不够", "党员发展质量不高，发展程序把关不严"]})
    r = draft_report(profile, Settings(chroma_path=tmp_path / "none"), backend="offline")
    plans = r.part("plans").text.splitlines()[1:]
    assert len(plans) == len(profile.priorities) + 1  # a measure for the problem no priority answers…
    assert "党员发展" in plans[-1] and "【待补充" in plans[-1]  # …phrased for it, the specifics a slot
    assert not any("党建品牌培育" in x for x in plans)  # a priority answers this one


def test_terminated_write_leaves_no_file(tmp_path: Path) -> None:
    """SIGTERM while the file is being written: the old file stays, no temp file is left behind."""
    import os
    import signal

    from assistant.services.drafting.writers import atomic_write

    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        pytest.skip("the test process has its own SIGTERM handler")
    target = tmp_path / "r.docx"
    target.write_text("old", encoding="utf-8")

    def killed(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGTERM)  # delivered before the next bytecode: mid-write

    with pytest.raises(SystemExit) as e:
        atomic_write(target, killed)
    assert e.value.code == 128 + signal.SIGTERM
    assert target.read_text(encoding="utf-8") == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the default is restored
