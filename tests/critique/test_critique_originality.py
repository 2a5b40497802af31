"""critique --originality: copied passages against the index, as a user runs it (one index for the module)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from critique_helpers import ROOT, SEED, cli

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home with the seed corpus indexed."""
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
    env.update(ASSISTANT_HOME=str(home), ASSISTANT_CONFIG_DIR=str(home / "config"))
    subprocess.run([sys.executable, "-m", "assistant", "ingest", str(SEED)], env=env, check=True, capture_output=True,
                   cwd=ROOT, timeout=120)
    return home


HOST = """党支部书记2024年抓基层党建工作述职报告（卫生院）

2024年，在镇党委的领导下，我认真履行党支部书记职责，现将履职情况报告如下：
一、主要工作及成效
（一）强化政治引领。坚持“第一议题”制度，全年组织集中学习12次。
（二）夯实组织基础。严格落实“三会一课”制度，发展党员2名。{paste}
二、存在问题
（一）理论学习不够深入，学用结合还有差距。
三、原因分析
主观上对党建工作重视不够，客观上诊疗任务繁重。
四、下一步工作思路
（一）持续深化理论武装，健全学习制度。
下一步，我将以更高标准履行职责，为卫生院发展提供坚强保证。
"""


def _host(tmp_path: Path, n: int = 100) -> tuple[Path, int]:
    """Our own report with n characters of the seed's longest paragraph pasted into line 6."""
    longest = max(SEED_LINES, key=len)
    p = tmp_path / "host.txt"
    p.write_text(HOST.format(paste=longest[10 : 10 + n]), encoding="utf-8")
    return p, SEED_LINES.index(longest) + 1


def test_a_pasted_passage_is_found_and_named(home: Path, tmp_path: Path) -> None:
    host, at = _host(tmp_path)
    env = {"ASSISTANT_HOME": str(home)}
    p = cli(str(host), "--format", "json", "--no-llm", env=env)
    data = json.loads(p.stdout)
    copied = [f for f in data["findings"] if f["check"] == "copied-passage"]
    # a third of this short report is copied: past originality_warn_share, a warning
    assert len(copied) == 1 and copied[0]["severity"] == "warning" and copied[0]["line"] == 6
    assert "corpus/000_8d180b529515aaa8.txt" in copied[0]["message"] and f"第{at}行起" in copied[0]["message"]
    assert copied[0]["evidence"] and copied[0]["evidence"] in host.read_text(encoding="utf-8").splitlines()[5]
    summary = data["originality"]
    assert summary["indexed_reports"] == 4 and 0.2 < summary["share"] < 0.4
    assert summary["sources"][0]["source"].endswith("000_8d180b529515aaa8.txt")
    assert "查重" in p.stderr
    # --annotate: the comment on exactly the pasted characters
    import docx

    out = tmp_path / "annotated.docx"
    cli(str(host), "--no-llm", "--annotate", str(out), env=env)
    doc = docx.Document(str(out))
    para = doc.paragraphs[5]
    xml = para._p.xml
    assert "commentRangeStart" in xml and any("基本相同" in c.text for c in doc.comments)
    # a shorter passage, under the share: a note (info)
    host, _ = _host(tmp_path, 55)
    copied = [f for f in json.loads(cli(str(host), "--format", "json", "--no-llm", env=env).stdout)["findings"]
              if f["check"] == "copied-passage"]
    assert [f["severity"] for f in copied] == ["info"]
    # off when asked
    p = cli(str(host), "--format", "json", "--no-llm", "--no-originality", env=env)
    assert json.loads(p.stdout)["originality"] is None and "copied-passage" not in p.stdout


def test_a_report_is_not_its_own_copy(home: Path, tmp_path: Path) -> None:
    twin = tmp_path / "copy_of_seed.txt"  # the same content in another file
    shutil.copy(SEED, twin)
    for f in (SEED, twin):
        data = json.loads(cli(str(f), "--format", "json", "--no-llm", env={"ASSISTANT_HOME": str(home)}).stdout)
        assert data["originality"]["share"] == 0 and not [x for x in data["findings"] if x["check"] == "copied-passage"]


def test_without_an_index_one_line_and_the_other_checks_run(tmp_path: Path) -> None:
    host, _ = _host(tmp_path)
    env = {"ASSISTANT_HOME": str(tmp_path / "empty")}
    p = cli(str(host), "--originality", "--no-llm", env=env)
    lines = [x for x in p.stderr.splitlines() if "查重" in x]
    assert len(lines) == 1 and "还没有索引" in lines[0] and "Traceback" not in p.stderr
    assert "结构分" in p.stdout
    # by default (no --originality) nothing is said when there is no index
    assert "查重" not in cli(str(host), "--no-llm", env=env).stderr
