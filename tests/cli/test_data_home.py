"""One data home: the index and the user's settings are found from any folder (issue 11).

Every run here has its own XDG_DATA_HOME / XDG_CONFIG_HOME (or ASSISTANT_HOME) under tmp_path: the real user
directories are never touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT, config_dir, data_home, default_evals_dir, load_settings

EXE = str(Path(sys.executable).with_name("assistant"))
SEED = REPO_ROOT / "corpus" / "000_8d180b529515aaa8.txt"
CLEAN = REPO_ROOT / "tests" / "critique" / "data" / "clean_2024.txt"


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for k in list(os.environ):
        if k.startswith(("ASSISTANT_", "OPENAI_")):
            monkeypatch.delenv(k)
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(tmp_path)
    return env


def test_the_defaults_are_the_user_directories(xdg: dict[str, str], tmp_path: Path) -> None:
    s = load_settings()
    assert s.chroma_path == tmp_path / "data" / "assistant" / "chroma"
    assert config_dir() == tmp_path / "cfg" / "assistant"
    assert s.evals_dir == default_evals_dir() == REPO_ROOT / "evals"  # found from the package, not the cwd
    (tmp_path / "cfg" / "assistant").mkdir(parents=True)
    (tmp_path / "cfg" / "assistant" / "assistant.toml").write_text('chroma_path = "/srv/idx"\n', encoding="utf-8")
    assert load_settings().chroma_path == Path("/srv/idx")  # a setting still wins


def test_assistant_home_holds_the_index_and_the_config(xdg: dict[str, str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "h"))
    assert load_settings().chroma_path == tmp_path / "h" / ".assistant" / "chroma" == data_home() / "chroma"
    assert config_dir() == tmp_path / "h" / "config"
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "c"))
    assert config_dir() == tmp_path / "c"


def test_an_earlier_versions_index_is_used_until_the_data_home_has_one(xdg: dict[str, str],
                                                                      tmp_path: Path) -> None:
    (tmp_path / ".assistant" / "chroma").mkdir(parents=True)
    assert load_settings().chroma_path == tmp_path / ".assistant" / "chroma"
    (tmp_path / "data" / "assistant" / "chroma").mkdir(parents=True)
    assert load_settings().chroma_path == tmp_path / "data" / "assistant" / "chroma"


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))} | env
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=120)


@pytest.mark.slow
def test_every_command_works_from_any_folder(xdg: dict[str, str], tmp_path: Path) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir(), elsewhere.mkdir()
    doc = _run("doctor", cwd=elsewhere, env=xdg)
    assert doc.returncode == 0 and "跳过 索引：索引尚未建立" in doc.stdout, doc.stdout
    assert _run("doctor", "--need-index", cwd=elsewhere, env=xdg).returncode == 1
    assert _run("ingest", str(SEED), cwd=here, env=xdg).returncode == 0
    assert not (here / ".assistant").exists() and (tmp_path / "data" / "assistant" / "chroma").is_dir()
    search = _run("search", "三会一课", "-k", "1", cwd=elsewhere, env=xdg)
    assert search.returncode == 0 and "1. " in search.stdout, search.stderr
    listed = _run("corpus", "list", cwd=elsewhere, env=xdg)
    assert listed.returncode == 0 and listed.stdout.strip().endswith("篇报告"), listed.stderr
    doc = _run("doctor", cwd=elsewhere, env=xdg)
    assert doc.returncode == 0 and "正常 索引：" in doc.stdout, doc.stdout
    crit = _run("critique", str(CLEAN), "--no-llm", cwd=elsewhere, env=xdg)
    assert crit.returncode == 0, crit.stdout + crit.stderr
    ev = _run("eval", "run", "--suite", "parse", "--out", str(tmp_path / "ev"), cwd=elsewhere, env=xdg)
    assert ev.returncode == 0 and (tmp_path / "ev" / "results.json").is_file(), ev.stdout + ev.stderr


@pytest.mark.slow
def test_migrate_moves_an_earlier_versions_index(xdg: dict[str, str], tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    proj.mkdir()
    old = _run("ingest", str(SEED), cwd=proj, env=xdg | {"ASSISTANT_CHROMA_PATH": ".assistant/chroma"})
    assert old.returncode == 0, old.stderr
    before = _run("corpus", "list", cwd=proj, env=xdg)  # found and used where it is
    assert before.returncode == 0 and "正常 索引" in _run("doctor", cwd=proj, env=xdg).stdout
    assert "corpus migrate" in _run("doctor", cwd=proj, env=xdg).stdout
    moved = _run("corpus", "migrate", cwd=proj, env=xdg)
    assert moved.returncode == 0 and "已把索引从" in moved.stdout, moved.stderr
    assert not (proj / ".assistant" / "chroma").exists()
    after = _run("corpus", "list", cwd=tmp_path, env=xdg)  # now from any folder
    assert after.stdout == before.stdout
    again = _run("corpus", "migrate", cwd=proj, env=xdg)
    assert again.returncode == 2 and len(again.stderr.splitlines()) == 1 and "Traceback" not in again.stderr
