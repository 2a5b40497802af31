"""`assistant eval run|compare|variants` as a user runs them (a subprocess: exit codes and stderr are real)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVALS = str(ROOT / "evals")


@dataclass
class Result:
    exit_code: int
    output: str  # stdout and stderr together


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


def invoke(*args: str) -> Result:
    p = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                       env=dict(os.environ), timeout=120)
    return Result(p.returncode, p.stdout + p.stderr)


def test_run_parse_writes_results_and_prints_the_table(tmp_path):
    r = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "a"))
    assert r.exit_code == 0, r.output
    assert "parse.role_accuracy" in r.output and "results.json" in r.output
    data = json.loads((tmp_path / "a/results.json").read_text(encoding="utf-8"))
    assert data["suites"]["parse"]["status"] == "ok"
    assert {"git", "prompts", "cases", "gold", "planted", "model", "embedding"} <= set(data["versions"])
    assert data["settings"]["evals_dir"].endswith("evals")
    assert (tmp_path / "a/report.md").read_text(encoding="utf-8").startswith("# 评测报告")


def test_fail_under_exits_1_with_the_failing_metric(tmp_path):
    ok = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "a"),
                "--fail-under", "parse.role_accuracy=0.98,parse.boundary_f1=0.9")
    assert ok.exit_code == 0, ok.output
    bad = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "b"),
                 "--fail-under", "parse.role_accuracy=1.5")
    assert bad.exit_code == 1
    assert re.search(r"未达下限：parse.role_accuracy = [0-9.]+ < 1.5", bad.output)
    assert (tmp_path / "b/results.json").is_file()  # results are written even when a bound fails


@pytest.mark.parametrize("args,message", [
    (["--suite", "speed"], "没有套件 speed"),
    (["--fail-under", "parse.role_accuracy"], "应写成 指标=值"),
    (["--fail-under", "parse.nope=1"], "没有这个指标"),
    (["--backend", "gpu"], "只能是 offline 或 api"),
    (["--fail-under", "parse.role_accuracy=nan"], "不是有限的数"),  # nan would never fail
    (["--suite", "critique", "--rubric", "no-such-rubric.yaml"], "no-such-rubric.yaml"),
    (["--suite", "all", "--case", "nope"], "用例情况表"),
])
def test_bad_input_is_one_line_exit_2(args, message, tmp_path):
    r = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "x"), *args)
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    if "没有这个指标" not in message:  # metric names are known only once the suite ran
        assert "已完成" not in r.output  # said before any suite ran
        assert not (tmp_path / "x").exists()


def test_out_that_is_a_file_is_refused_before_the_run(tmp_path):
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    r = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "afile"))
    assert r.exit_code == 2 and "不是目录" in r.output and "已完成" not in r.output
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine"


def test_missing_evals_dir(tmp_path):
    r = invoke("eval", "run", "--suite", "parse", "--evals-dir", str(tmp_path / "none"))
    assert r.exit_code == 2 and "没有评测数据目录" in r.output


def test_compare_flags_a_regression(tmp_path):
    assert invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "a")).exit_code == 0
    data = json.loads((tmp_path / "a/results.json").read_text(encoding="utf-8"))
    data["suites"]["parse"]["metrics"]["parse.role_accuracy"] -= 0.1
    (tmp_path / "b").mkdir()
    (tmp_path / "b/results.json").write_text(json.dumps(data), encoding="utf-8")
    r = invoke("eval", "compare", str(tmp_path / "a"), str(tmp_path / "b/results.json"))
    assert r.exit_code == 0, r.output
    line = next(ln for ln in r.output.splitlines() if ln.startswith("parse.role_accuracy "))
    assert "-0.100" in line and "变差" in line
    assert "变差 1 项" in r.output and "变差：parse.role_accuracy\n" in r.output
    strict = invoke("eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--fail-on-regression")
    assert strict.exit_code == 1 and "parse.role_accuracy" in strict.output
    missing = invoke("eval", "compare", str(tmp_path / "a"), str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "这里没有 results.json" in missing.output


def test_variants_written_with_their_expected_findings(tmp_path):
    r = invoke("eval", "variants", str(tmp_path / "v"), "--evals-dir", EVALS, "--per-kind", "1")
    assert r.exit_code == 0, r.output
    index = json.loads((tmp_path / "v/index.json").read_text(encoding="utf-8"))
    assert len(index) == len(list((tmp_path / "v").glob("*.txt"))) >= 50
    first = next(v for v in index if v["kind"] == "placeholder")
    assert first["expected"] and (tmp_path / "v" / first["file"]).is_file()


def test_same_seed_same_variants_in_another_process(tmp_path):
    """Comparable run to run: nothing in planting may depend on per-process string hashing."""
    outs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"v{hash_seed}"
        p = subprocess.run([sys.executable, "-m", "assistant", "eval", "variants", str(out), "--evals-dir", EVALS,
                            "--per-kind", "2"], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PYTHONHASHSEED=hash_seed))
        assert p.returncode == 0, p.stderr
        outs.append({f.name: f.read_text(encoding="utf-8") for f in sorted(out.iterdir())})
    assert outs[0] == outs[1] and len(outs[0]) > 100
    other = tmp_path / "seed1"
    assert invoke("eval", "variants", str(other), "--evals-dir", EVALS, "--per-kind", "2", "--seed", "1").exit_code == 0
    assert (other / "index.json").read_text(encoding="utf-8") != outs[0]["index.json"]


def test_bad_eval_data_is_refused_before_any_suite_runs(tmp_path):
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "evals", repo / "evals")
    shutil.copytree(ROOT / "corpus", repo / "corpus")
    (repo / "evals/cases/11_bad.yaml").write_text("unit_name: 某单位\n", encoding="utf-8")
    r = invoke("eval", "run", "--evals-dir", str(repo / "evals"), "--out", str(tmp_path / "out"))
    assert r.exit_code == 2 and "11_bad.yaml：情况表有误" in r.output and "已完成" not in r.output
    (repo / "evals/cases/11_bad.yaml").unlink()
    (repo / "evals/planted/defects.yaml").write_text("checks: [\n", encoding="utf-8")
    r = invoke("eval", "run", "--evals-dir", str(repo / "evals"), "--out", str(tmp_path / "out"))
    assert r.exit_code == 2 and "defects.yaml" in r.output and "已完成" not in r.output
    assert not (tmp_path / "out").exists()
