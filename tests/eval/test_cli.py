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
    assert (tmp_path / "a/report.md").read_text(encoding="utf-8").startswith("# Eval report")


def test_fail_under_exits_1_with_the_failing_metric(tmp_path):
    ok = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "a"),
                "--fail-under", "parse.role_accuracy=0.98,parse.boundary_f1=0.9")
    assert ok.exit_code == 0, ok.output
    bad = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "b"),
                 "--fail-under", "parse.role_accuracy=1.5")
    assert bad.exit_code == 1
    assert re.search(r"fail-under: parse.role_accuracy = [0-9.]+ < 1.5", bad.output)
    assert (tmp_path / "b/results.json").is_file()  # results are written even when a bound fails


@pytest.mark.parametrize("args,message", [
    (["--suite", "speed"], "unknown suite speed"),
    (["--fail-under", "parse.role_accuracy"], "expected METRIC=VALUE"),
    (["--fail-under", "parse.nope=1"], "no such metric"),
    (["--backend", "gpu"], "choose offline or api"),
])
def test_bad_input_is_one_line_exit_2(args, message, tmp_path):
    r = invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "x"), *args)
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output


def test_missing_evals_dir(tmp_path):
    r = invoke("eval", "run", "--suite", "parse", "--evals-dir", str(tmp_path / "none"))
    assert r.exit_code == 2 and "no eval data directory" in r.output


def test_compare_flags_a_regression(tmp_path):
    assert invoke("eval", "run", "--suite", "parse", "--evals-dir", EVALS, "--out", str(tmp_path / "a")).exit_code == 0
    data = json.loads((tmp_path / "a/results.json").read_text(encoding="utf-8"))
    data["suites"]["parse"]["metrics"]["parse.role_accuracy"] -= 0.1
    (tmp_path / "b").mkdir()
    (tmp_path / "b/results.json").write_text(json.dumps(data), encoding="utf-8")
    r = invoke("eval", "compare", str(tmp_path / "a"), str(tmp_path / "b/results.json"))
    assert r.exit_code == 0, r.output
    line = next(ln for ln in r.output.splitlines() if ln.startswith("parse.role_accuracy "))
    assert "-0.100" in line and "REGRESSION" in line
    assert "1 regression(s)" in r.output
    strict = invoke("eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--fail-on-regression")
    assert strict.exit_code == 1 and "parse.role_accuracy" in strict.output
    missing = invoke("eval", "compare", str(tmp_path / "a"), str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "no results.json" in missing.output


def test_variants_written_with_their_expected_findings(tmp_path):
    r = invoke("eval", "variants", str(tmp_path / "v"), "--evals-dir", EVALS, "--per-kind", "1")
    assert r.exit_code == 0, r.output
    index = json.loads((tmp_path / "v/index.json").read_text(encoding="utf-8"))
    assert len(index) == len(list((tmp_path / "v").glob("*.txt"))) >= 50
    first = next(v for v in index if v["kind"] == "placeholder")
    assert first["expected"] and (tmp_path / "v" / first["file"]).is_file()
