"""`profile init`: the fields asked in Chinese at the terminal, a valid profile written; never over a file."""

from __future__ import annotations

from pathlib import Path

from profile_helpers import run_cli

from assistant.domain.profile import load_profile

ANSWERS = "\n".join([
    "城南社区党委",        # unit name
    "企业",                # not a kind: asked again
    "9",                   # 社区
    "乡",                  # level
    "2025",                # year
    "党委书记", "城南街道党工委", "",  # post, superior, target length (default)
    "划分网格18个，配备党员网格员18名", "",  "基层治理",  # a work item; its figures as found
    "全年开展志愿服务两次", "两次 30人", "",           # figures typed; 30人 is not in the sentence
    "",                    # no more work items
    "党员作用发挥不平衡", "",  # one problem
    "党员教育管理不够精细", "建立积分管理制度", "",  # one rectification, status default
    "",
]) + "\n"


def test_init_asks_and_writes_a_valid_profile(home: Path) -> None:
    r = run_cli("profile", "init", "p.yaml", input=ANSWERS)
    assert r.code == 0, r.stdout + r.stderr
    assert "单位类型：1. 国有企业" in r.stdout and "请填 1–11 的序号" in r.stdout
    assert "“30人”不在这句话里" in r.stdout
    p = load_profile(home / "p.yaml")
    assert (p.unit_name, p.unit_kind, p.level.value, p.year, p.target_length) == ("城南社区党委", "社区", "乡", 2025, 3000)
    assert [(w.text, w.figures, w.area) for w in p.work_items] == [
        ("划分网格18个，配备党员网格员18名", ["18个", "18名"], "基层治理"),
        ("全年开展志愿服务两次", ["两次", "30人"], None)]
    assert p.problems == ["党员作用发挥不平衡"]
    assert [(x.feedback, x.action, x.status) for x in p.rectifications] == [
        ("党员教育管理不够精细", "建立积分管理制度", "已整改")]


def test_init_never_overwrites_without_force(home: Path) -> None:
    (home / "p.yaml").write_text("旧内容\n", encoding="utf-8")
    r = run_cli("profile", "init", "p.yaml", input=ANSWERS)
    assert r.code == 2 and "已存在" in r.stderr and (home / "p.yaml").read_text(encoding="utf-8") == "旧内容\n"
    assert run_cli("profile", "init", "p.yaml", "--force", input=ANSWERS).code == 0
    assert load_profile(home / "p.yaml").unit_kind == "社区"
