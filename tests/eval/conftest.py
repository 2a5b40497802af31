"""Shared fixtures of the eval tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def wrong_gold(tmp_path: Path) -> Path:
    """A copy of the eval data whose gold calls r1's closing line a plan (the parser is right, the gold not)."""
    d = tmp_path / "evals"
    shutil.copytree(ROOT / "evals", d)
    shutil.copy(ROOT / "corpus/000_8d180b529515aaa8.txt", d / "gold")
    g = yaml.safe_load((d / "gold/seed_gold.yaml").read_text(encoding="utf-8"))
    secs = g["reports"][0]["sections"]
    assert secs[-1]["role"] == "closing" and secs[-2]["role"] == "plans"
    secs[-2]["lines"] = [secs[-2]["lines"][0], secs[-1]["lines"][1]]
    del secs[-1]
    (d / "gold/seed_gold.yaml").write_text(yaml.safe_dump(g, allow_unicode=True), encoding="utf-8")
    return d


sys.path.insert(0, str(ROOT / "tests"))  # for fakeopenai, the shared OpenAI-compatible test server
from fakeopenai import FakeOpenAI, fake_openai  # noqa: E402,F401
