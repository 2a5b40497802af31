"""What the user opens is what is checked: the .md and .txt files the offline composer writes pass the
critique's structural checks as written (Markdown headings included), warnings too."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_file
from assistant.services.drafting.report import draft_report
from assistant.services.drafting.writers import write_result
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "examples/profiles").glob("*.yaml"))
STRUCTURE = {"missing-part", "part-order", "numbering", "placeholder", "letter-d", "halfwidth-punct"}


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_written_draft_passes_structure_checks(path: Path, suffix: str, seed_index: Path, tmp_path: Path) -> None:
    settings = Settings(chroma_path=seed_index)
    result = draft_report(load_profile(path), settings, backend="offline")
    out = tmp_path / f"report{suffix}"
    write_result(result, out, settings)
    crit = critique_file(out, rubric=load_rubric())
    bad = [(f.check, f.line, f.message) for f in crit.findings if f.check in STRUCTURE]
    assert bad == []


@pytest.mark.parametrize(
    "name,position,want",
    [
        ("石桥村党支部", "村党支部书记", "石桥村党支部书记2022年抓基层党建工作述职报告"),
        ("青山镇党委", "镇党委书记", "青山镇党委书记2022年抓基层党建工作述职报告"),
        ("县人民医院", "党委书记", "县人民医院党委书记2022年抓基层党建工作述职报告"),
        ("经济技术开发区党工委", "党工委书记", "经济技术开发区党工委书记2022年抓基层党建工作述职报告"),
    ],
)
def test_title_does_not_repeat_the_organisation(name: str, position: str, want: str) -> None:
    from assistant.domain.profile import UnitProfile
    from assistant.services.drafting.offline import make_title

    p = UnitProfile(unit_name=name, unit_kind="村", year=2022, writer_position=position,
                    work_items=[{"text": "召开党员大会4次"}])
    assert make_title(p) == want
