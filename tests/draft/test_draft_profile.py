"""The unit profile: required fields only, friendly shorthands, and one line naming each bad field."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.profile import UNIT_KINDS, ProfileError, load_profile

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "p.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_only_the_required_fields(tmp_path: Path) -> None:
    p = load_profile(_write(tmp_path, "unit_name: 青山村党支部\nunit_kind: 村\nyear: 2024\n"
                                      "work_items:\n  - 完成村内道路硬化3.2公里\n  - text: 召开党员大会4次\n"
                                      "    figures: 4次\n"))
    assert [w.text for w in p.work_items] == ["完成村内道路硬化3.2公里", "召开党员大会4次"]
    assert p.work_items[1].figures == ["4次"] and p.target_length == 3000 and p.problems == []


@pytest.mark.parametrize(("given", "kind"), [("国企", "国有企业"), ("街道", "社区"), (" 医院 ", "医院"),
                                             ("县委", "市县党委")])
def test_unit_kind_shorthands_map_to_the_indexed_kinds(tmp_path: Path, given: str, kind: str) -> None:
    p = load_profile(_write(tmp_path, f"unit_name: 某单位党支部\nunit_kind: '{given}'\nyear: 2024\n"
                                      "work_items: [开展主题党日]\n"))
    assert p.unit_kind == kind and kind in UNIT_KINDS


@pytest.mark.parametrize(("text", "needles"), [
    ("unit_name: 某单位党支部\nunit_kind: 企业\nyear: 2024\nwork_items: [开展学习]\n",
     ["unit_kind：只能是 国有企业、非公企业", "现为“企业”"]),
    ("unit_name: 某单位党支部\nunit_kind: 村\nyear: 24\nwork_items: []\nlevel: 镇\ntarget: 3\n",
     ["year：不能小于 2000，现为 24", "work_items：至少要有 1 条（现有 0 条）",
      "level：只能是 省、市、县、乡、村 之一，现为 “镇”", "target：没有这一项（字段名写错了？）"]),
    ("unit_kind: 村\nyear: 2024\nwork_items: [开展学习]\n", ["unit_name：缺少这一项，必须填写"]),
    ("unit_name: 某村\n  bad: [\n", ["第2行不是有效的 YAML"]),
    ("- 一个列表\n", ["情况表应是一组“名称: 值”"]),
    ("work_items: " + "[" * 1000 + "]" * 1000 + "\n", ["第1行嵌套超过 50 层"]),
    ("unit_name: !!python/name:os.system ''\n", ["第1行用了 YAML 标签 !!python/name:os.system，"
                                                 "本工具不接受"]),
])
def test_an_invalid_profile_names_each_bad_field(tmp_path: Path, text: str, needles: list[str]) -> None:
    with pytest.raises(ProfileError) as e:
        load_profile(_write(tmp_path, text))
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(str(tmp_path / "p.yaml"))
    for n in needles:
        assert n in msg


def test_unreadable_profiles_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="是文件夹"):
        load_profile(tmp_path)
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("单位：某村".encode("gbk"))
    with pytest.raises(ProfileError, match="不是 UTF-8 文本"):
        load_profile(bad)


def test_every_example_profile_loads() -> None:
    paths = sorted((ROOT / "examples/profiles").glob("*.yaml")) + sorted((ROOT / "evals/cases").glob("*.yaml"))
    assert len(paths) >= 12
    for p in paths:
        assert load_profile(p).unit_kind in UNIT_KINDS
