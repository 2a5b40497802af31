"""Ctrl-C, a folder with nothing to read, a pipe named .txt, an empty report id: one line and the right exit code
(130 for an interrupt), never a traceback, a hang or a silent success; an interrupted ingest keeps the index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import EXE, one_line, run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"



# --- Ctrl-C -------------------------------------------------------------------------------------------------

_INTERRUPT = """
import sys
import assistant.services.index.{module} as m
def stop(*a, **k):
    raise KeyboardInterrupt
m.{name} = stop
sys.argv = ["assistant", *sys.argv[1:]]
from assistant.cli import main
main()
"""


@pytest.mark.parametrize(("module", "name", "args", "needle"), [
    ("ingest", "ingest", ["ingest", str(SEED)], "已中断：此前入库的内容完好"),
    ("search", "search", ["search", "党建"], "已中断"),
])
def test_ctrl_c_says_interrupted_and_exits_130(tmp_path: Path, module: str, name: str, args: list[str],
                                               needle: str) -> None:
    # Typer turns KeyboardInterrupt into a bare exit code 130: before, Ctrl-C during an ingest printed nothing.
    code = _INTERRUPT.format(module=module, name=name)
    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e["ASSISTANT_CONFIG_DIR"] = str(tmp_path / "config")
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path, env=e,
                       timeout=120)
    line = one_line(r, 130)  # type: ignore[arg-type]
    assert line.startswith("assistant: 错误：") and needle in line


@pytest.mark.slow
def test_ctrl_c_during_ingest_keeps_the_index_and_a_rerun_finishes(tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT to the process group, as a terminal sends it) to a real ingest large enough for the
    worker process: one line, no traceback from the worker, no hang; the old index stays searchable and the same
    command then completes."""
    import signal
    import time

    assert run("ingest", str(SEED), cwd=tmp_path).returncode == 0
    many = tmp_path / "many"
    many.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(120):  # > WORKER_MIN_BYTES: parsing and embedding run in a worker process
        (many / f"r{i:03d}.txt").write_text(text.replace("。", f"，编号{i}。").replace("党支部书记", f"第{i}党支部书记"),
                                            encoding="utf-8")
    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e["ASSISTANT_CONFIG_DIR"] = str(tmp_path / "config")
    p = subprocess.Popen([EXE, "ingest", str(many)], cwd=tmp_path, env=e, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(3.5)  # the ingest has started (start-up takes ≈1 s) and not finished (it takes ≈8 s)
    os.killpg(p.pid, signal.SIGINT)
    try:
        _, err = p.communicate(timeout=120)  # before: the parent could wait for the interrupted worker for ever
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        raise
    if p.returncode == 0:
        pytest.skip("the ingest finished before the signal arrived")
    assert p.returncode == 130 and "已中断" in err and "Traceback" not in err, err
    assert "党支部书记2023年抓党建述职报告" in run("search", "党风廉政", cwd=tmp_path).stdout
    again = run("ingest", str(many), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert run("corpus", "list", cwd=tmp_path).stdout.strip().endswith(f"共 {4 + 120 * 4} 篇报告")


# --- ingest and corpus ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_folder_with_nothing_to_read_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.txt").write_text("隐藏", encoding="utf-8")
    r = run("ingest", "empty", cwd=tmp_path)
    assert r.returncode == 1 and "没有读到报告" in r.stdout  # before: exit 0, nothing on stderr
    assert "empty：这个文件夹里没有可读的文件" in one_line(r, 1)
    both = run("ingest", "empty", str(SEED), cwd=tmp_path)
    assert both.returncode == 1 and "报告 4 篇（新增 4 篇" in both.stdout


def test_a_pipe_given_to_ingest_is_named_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.txt")
    r = run("ingest", "x.txt", str(SEED), cwd=tmp_path)  # before: blocked for ever, holding the write lock
    assert "x.txt：不是普通文件" in one_line(r, 1) and "报告 4 篇（新增 4 篇" in r.stdout


def test_no_progress_label_off_a_terminal(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    # over 2 MB (the progress bar's threshold) in few lines: blank lines, but fewer than max_lines
    big.write_text(SEED.read_text(encoding="utf-8") + ("\n" + " " * 200) * 11_000, encoding="utf-8")
    r = run("ingest", "big.txt", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == ""  # before: "ingesting" on stderr although it is no terminal


@pytest.mark.slow
def test_an_empty_report_id_matches_nothing(tmp_path: Path) -> None:
    assert run("ingest", str(SEED), cwd=tmp_path).returncode == 0
    for rid in ("", " "):
        # before: "4 reports with id '' in the index"
        assert "报告编号是空的" in one_line(run("corpus", "show", rid, cwd=tmp_path))
