"""Unit profiles with blank entries or overlong lists: one line naming the field; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import one_line, run

PROFILE = """unit_name: 青山村党支部
unit_kind: 村
year: 2024
work_items:
  - 落实“三会一课”制度，全年召开党员大会4次
"""


@pytest.mark.parametrize(("extra", "needle"), [
    ('problems: ["", "  "]\n', "problems[第1条]：不能为空"),
    ("causes: ['   ']\n", "causes[第1条]"),
])
def test_blank_profile_entries_are_refused(tmp_path: Path, extra: str, needle: str) -> None:
    # before: drafted as empty numbered items, "（一）。【待补充…】"
    (tmp_path / "p.yaml").write_text(PROFILE + extra, encoding="utf-8")
    line = one_line(run("draft", "outline", "--backend", "offline", "-f", "p.yaml", cwd=tmp_path))
    assert needle in line


def test_a_blank_unit_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(PROFILE.replace("青山村党支部", '"   "'), encoding="utf-8")
    assert "unit_name" in one_line(run("draft", "outline", "--backend", "offline", "-f", "p.yaml", cwd=tmp_path))


def test_spaces_around_profile_values_are_dropped() -> None:
    from assistant.domain.profile import UnitProfile

    p = UnitProfile.model_validate({"unit_name": " 青山村党支部 ", "unit_kind": "村", "year": 2024,
                                    "work_items": [" 召开党员大会4次 "], "problems": [" 学习不深 "]})
    assert (p.unit_name, p.work_items[0].text, p.problems) == ("青山村党支部", "召开党员大会4次", ["学习不深"])


def test_a_profile_with_a_pasted_table_of_problems_is_refused(tmp_path: Path) -> None:
    # before: 120 problems drafted as （一）…（一百二十）, and 5,000 ran for a minute into a million characters
    problems = "".join(f"  - 第{i}个问题还不够到位\n" for i in range(1, 121))
    (tmp_path / "p.yaml").write_text(PROFILE + "problems:\n" + problems, encoding="utf-8")
    line = one_line(run("draft", "report", "--backend", "offline", "-f", "p.yaml", cwd=tmp_path))
    assert "problems：最多 20 条（现有 120 条）" in line, line


def test_twenty_problems_still_draft(tmp_path: Path) -> None:
    problems = "".join(f"  - 第{i}个问题还不够到位\n" for i in range(1, 21))
    (tmp_path / "p.yaml").write_text(PROFILE + "problems:\n" + problems, encoding="utf-8")
    r = run("draft", "report", "--backend", "offline", "-f", "p.yaml", cwd=tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "（二十）" in r.stdout
