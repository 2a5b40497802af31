"""A wheel install, as on a machine without the repository: the prompts come with it (to
<prefix>/share/assistant/prompts) and an offline draft works from there."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A prefix holding the wheel alone (no repository next to it); returns its python."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", str(tmp / "dist"), str(ROOT)])
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp / "dist").glob("assistant-*.whl"))
    prefix = tmp / "prefix"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(prefix)])
    assert made.returncode == 0, made.stderr
    # --ignore-installed: with --prefix alone pip uninstalls the `assistant` of the running environment (the
    # editable install in .venv), and every later test that runs .venv/bin/assistant fails.
    done = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--ignore-installed",
                 "--prefix", str(prefix), str(wheel)])
    assert done.returncode == 0, done.stderr[-2000:]
    return prefix / "bin" / "python"


def _env() -> dict[str, str]:
    # The dependencies come from the test's own environment; `assistant` itself only from the wheel (the
    # editable install is a .pth file, which PYTHONPATH entries do not read).
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]
    return env


def test_the_wheel_carries_the_prompts(installed: Path, tmp_path: Path) -> None:
    code = ("import assistant, pathlib; from assistant.services.drafting.prompt_files import bundled_dir; "
            "print(pathlib.Path(assistant.__file__).parent); print(bundled_dir())")
    out = _run([str(installed), "-c", code], env=_env(), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    package, prompts = out.stdout.split()
    prefix = installed.parents[1]
    assert Path(package).is_relative_to(prefix), package  # not the repository's src/
    assert Path(prompts) == prefix / "share" / "assistant" / "prompts"
    shipped = sorted(p.name for p in (ROOT / "prompts").iterdir())
    assert sorted(p.name for p in Path(prompts).iterdir()) == shipped


@pytest.mark.slow
def test_an_offline_draft_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    exe = [str(installed), "-c", "from assistant.cli import main; main()"]
    env = {**_env(), "HOME": str(tmp_path)}
    doctor = _run([*exe, "doctor"], env=env, cwd=tmp_path)
    assert "提示词文件齐全" in doctor.stdout and "share/assistant/prompts" in doctor.stdout, doctor.stdout
    out = tmp_path / "report.md"
    drafted = _run([*exe, "draft", "report", "--facts", str(ROOT / "examples" / "profiles" / "community.yaml"),
                    "--out", str(out)], env=env, cwd=tmp_path)
    assert drafted.returncode == 0, drafted.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "存在的问题" in text or "存在问题" in text, text[:500]
