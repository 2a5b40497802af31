"""Fixtures for the index tests: a private settings dir, a PersistentClient path per test, sample reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # for fakeopenai

from fakeopenai import fake_openai  # noqa: E402,F401

SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"
VENV_BIN = Path(sys.executable).parent

# A small report written for these tests: every part present, one long item.
SMALL_REPORT = """党支部书记2024年抓基层党建工作述职报告（医院）

2024年，在院党委的坚强领导下，我认真履行党支部书记抓基层党建第一责任人职责，现将履职情况报告如下：
一、主要工作及成效
（一）强化政治引领。坚持“第一议题”制度，全年组织集中学习12次，专题研讨4次。
（二）夯实组织基础。严格落实“三会一课”制度，发展党员2名，转正预备党员1名。
（三）推动医疗业务与党建融合。{long}
二、上年度问题整改情况
针对上年度述职评议反馈的3条问题，逐条制定整改措施，目前已全部整改到位并销号。
三、存在问题
（一）理论学习不够深入，学用结合还有差距。
（二）党建与业务融合不够紧密，存在“两张皮”现象。
四、原因分析
主观上对党建工作重视程度不够，客观上医疗任务繁重，学习时间难以保证。
五、下一步工作思路
（一）持续深化理论武装，健全学习制度。
（二）推进党建与业务深度融合，打造医院党建品牌。
下一步，我将以更高标准履行第一责任人职责，为医院高质量发展提供坚强组织保证。
"""
LONG = "".join(f"围绕患者就医体验开展第{i}项改进，组织党员医务人员下沉社区义诊，提升群众满意度。" for i in range(1, 31))


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user config, no stray ASSISTANT_* variables, the working directory a temp dir."""
    import os

    for k in list(os.environ):
        if k.startswith("ASSISTANT_") or k in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))  # the index under tmp_path/.assistant
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path):  # noqa: ANN201
    from assistant.settings import Settings

    return Settings(chroma_path=tmp_path / "chroma")


@pytest.fixture
def small_report(tmp_path: Path) -> Path:
    p = tmp_path / "docs" / "hospital.txt"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(SMALL_REPORT.format(long=LONG), encoding="utf-8")
    return p


@pytest.fixture
def seed() -> Path:
    return SEED
