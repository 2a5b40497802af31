"""The faults of a hostile run, each a scenario that runs the installed `assistant` command (or a short Python
program that calls it with a fault hook) in a scratch folder and reports: exit code, time, whether what was
stored before is intact, whether a traceback was printed, and whether the scenario's own expectation held.

Used twice: by the tests (tests/faults/test_faults.py, one test per scenario) and by the fault-suite script
(tests/faults/fault_suite.py), which runs them all and prints the table recorded in docs/faults.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXE = str(Path(sys.executable).with_name("assistant"))
SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"
PROFILE = ROOT / "examples" / "profiles" / "community.yaml"
TITLE = "第一党支部书记2024年抓基层党建工作述职报告"
sys.path.insert(0, str(ROOT / "tests"))  # the OpenAI-compatible test server (fakeopenai.py)


@dataclass
class Outcome:
    code: int
    seconds: float
    intact: bool | None = None  # what was stored before the fault (None: nothing was stored)
    traceback: bool = False
    ok: bool = True  # the scenario's own expectation
    note: str = ""
    skipped: str = ""  # why the scenario could not be set up on this machine (the test is skipped, not passed)
    stderr: str = ""


@dataclass
class Work:
    """A scratch folder with its own settings home; `base` copies a small prepared index into it."""

    dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
        self.env |= {"ASSISTANT_HOME": str(self.dir), "ASSISTANT_CONFIG_DIR": str(self.dir / "config"),
                     "ANONYMIZED_TELEMETRY": "False"}

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 300,
            program: str | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
        cmd = [sys.executable, "-c", program, *args] if program else [EXE, *args]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir, env=self.env | (env or {}),
                           timeout=timeout)
        return p, time.perf_counter() - t0

    def index_state(self) -> str:
        """What a reader sees of the index: the reports and their chunk counts (or the error line)."""
        p, _ = self.run("corpus", "list", "--json")
        return p.stdout if p.returncode == 0 else f"error {p.returncode}: {p.stderr}"

    def with_index(self) -> str:
        p, _ = self.run("ingest", str(SEED))
        assert p.returncode == 0, p.stderr
        return self.index_state()

    def write(self, name: str, text: str) -> Path:
        path = self.dir / name
        path.write_text(text, encoding="utf-8")
        return path


def _outcome(p: subprocess.CompletedProcess[str], seconds: float, ok: bool, note: str = "",
             intact: bool | None = None) -> Outcome:
    tb = "Traceback" in p.stderr or "Exception ignored" in p.stderr
    return Outcome(code=p.returncode, seconds=round(seconds, 2), intact=intact, traceback=tb, ok=ok, note=note,
                   stderr=p.stderr.strip()[-2000:])


def _one_line(p: subprocess.CompletedProcess[str]) -> bool:
    return len([line for line in p.stderr.splitlines() if line.strip()]) == 1


def _report(body: str) -> str:
    return f"{TITLE}\n一、主要成效\n{body}\n二、存在问题\n学习不够深入。\n三、下一步打算\n加强学习。\n"


# --- 1. time linear in the input -------------------------------------------------------------------------


def long_digit_line(w: Work) -> Outcome:
    """A line of 40,000 digits (before: more than 100 s to critique)."""
    p, s = w.run("critique", str(w.write("digits.txt", _report("1" * 40_000))), "--no-llm")
    return _outcome(p, s, p.returncode in (0, 1) and s < 10, "critique of a 40,000-digit line")


def unclosed_brackets(w: Work) -> Outcome:
    """50,000 '（' then 50,000 'x' (before: 30 s)."""
    p, s = w.run("critique", str(w.write("paren.txt", _report("（" * 50_000 + "x" * 50_000))), "--no-llm")
    return _outcome(p, s, p.returncode in (0, 1) and s < 10, "critique of 50,000 unclosed brackets")


def digit_file_ingest(w: Work) -> Outcome:
    """Ingest a 40 KB file of digits beside an index (before: 67 s)."""
    before = w.with_index()
    p, s = w.run("ingest", str(w.write("digits.txt", _report("1" * 40_000))))
    return _outcome(p, s, p.returncode == 0 and s < 20, "ingest of a 40 KB line of digits",
                    intact=TITLE in w.index_state() and SEED.name in before)


# --- 2. one part larger than a batch -----------------------------------------------------------------------


def huge_part_ingest(w: Work) -> Outcome:
    """One part of more chunks than Chroma takes in one batch (5,461): 1 MB on one line, chunks of 50 characters
    (the same count as a 5 MB line at the default size, in a fifth of the time)."""
    body = "我们坚持党建引领，推动工作落实，取得了积极成效。" * 14_000
    p, s = w.run("ingest", str(w.write("huge.txt", _report(body))), "--json",
                 env={"ASSISTANT_CHUNK_SIZE": "50", "ASSISTANT_CHUNK_OVERLAP": "0"})
    chunks = json.loads(p.stdout)["chunks_total"] if p.returncode == 0 else 0
    return _outcome(p, s, p.returncode == 0 and chunks > 5461, f"{chunks} chunks in one report")


# --- 3. a full disk -----------------------------------------------------------------------------------------

_FULL_DISK = r"""
set -u
D="$1"; EXE="$2"; SEED="$3"; PROFILE="$4"
mount -t tmpfs -o size=12m tmpfs "$D" || exit 99
cd "$D"
export ASSISTANT_HOME="$D" ASSISTANT_CONFIG_DIR="$D/config" ANONYMIZED_TELEMETRY=False
"$EXE" ingest "$SEED" >/dev/null 2>&1 || exit 98
"$EXE" corpus list --json > before.json
echo "first=$(ls .assistant/chroma | grep -c -- -)"
# leave about 1.5 MB: the rebuild starts, then fails half-way (the index takes about 2.7 MB)
free=$(df -k --output=avail . | tail -1); dd if=/dev/zero of=filler bs=1k count=$((free - 1500)) 2>/dev/null
echo "== rebuild"; "$EXE" ingest --rebuild "$SEED" 2>&1; echo "rc=$?"
dd if=/dev/zero of=filler2 bs=4k 2>/dev/null  # now full to the last block
echo "== docx"; "$EXE" draft report --facts "$PROFILE" --out "$D/out.docx" 2>&1 >/dev/null | grep -v '^assistant: \(no API\|offline\|retrieval\)'; echo "rc=${PIPESTATUS[0]}"
echo "docx=$(test -e out.docx && echo written || echo absent)"
rm -f filler filler2
"$EXE" corpus list --json > after.json
cmp -s before.json after.json && echo "== intact yes" || echo "== intact no"
echo "== again"; "$EXE" ingest --rebuild "$SEED" >/dev/null 2>&1; echo "rc=$?"
echo "folders=$(ls .assistant/chroma | grep -c -- -)"
"""


def _section(out: str, name: str) -> str:
    return out.split(f"== {name}")[1].split("==")[0] if f"== {name}" in out else ""


def full_disk(w: Work) -> Outcome:
    """A 12 MB disk, nearly full: a rebuild fails half-way, then a .docx is written onto the full disk. Each: one
    line, no traceback (none of "Exception ignored in ZipFile.__del__"); the old index intact; once space is
    freed the next build succeeds and no half-built generation stays on disk.

    The disk is a tmpfs in a private mount namespace (unshare -rm: no root needed where user namespaces are
    allowed); where the machine does not allow it the scenario says so and fails."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        return Outcome(code=-1, seconds=0, ok=False, skipped="no private mount namespace (unshare -rm) here")
    mnt = w.dir / "disk"
    mnt.mkdir()
    t0 = time.perf_counter()
    p = subprocess.run(["unshare", "-rm", "bash", "-c", _FULL_DISK, "full", str(mnt), EXE, str(SEED), str(PROFILE)],
                       capture_output=True, text=True, env=w.env, timeout=600)
    if p.returncode == 99:
        return Outcome(code=-1, seconds=0, ok=False, skipped="a tmpfs cannot be mounted in a private namespace here")
    out = p.stdout + p.stderr
    rebuild, docx, again = _section(out, "rebuild"), _section(out, "docx"), _section(out, "again")
    said = [x for x in (rebuild + docx).splitlines() if x.startswith("assistant: 错误：")]
    folders = int(out.rsplit("folders=", 1)[1].split()[0]) if "folders=" in out else -1
    first = int(out.split("first=", 1)[1].split()[0]) if "first=" in out else -2
    ok = (p.returncode not in (98, 99) and "rc=0" not in rebuild + docx and len(said) == 2
          and all("磁盘已满" in x for x in said) and "docx=absent" in out
          and "rc=0" in again and folders == first)
    fake = subprocess.CompletedProcess([], 2, "", rebuild + docx)
    return _outcome(fake, time.perf_counter() - t0, ok,
                    f"{' | '.join(x[18:60] for x in said)}; vector folders {first} before, {folders} after the next build",
                    intact="== intact yes" in out)


# --- 4. a search while the index is rebuilt ----------------------------------------------------------------

_RACE = r"""
import sys
from pathlib import Path
from assistant.services.index import search
from assistant.services.index.ingest import ingest
from assistant.settings import load_settings

scored = search._exact
done = []
corpus = Path(sys.argv[1])

def rebuild_in_the_window(gen, role, n, revision=""):
    # The fault hook: the role's vectors are loaded, then a rebuild swaps generations before the hits are fetched.
    m = scored(gen, role, n, revision)
    if not done:
        done.append(ingest([corpus], load_settings(), rebuild=True))
        assert done[0].rebuilt and done[0].reports_new, done[0]
    return m

search._exact = rebuild_in_the_window
sys.argv = ["assistant", "search", "党建", "-k", "3"]
from assistant.cli import main
main()
"""


def search_during_rebuild(w: Work) -> Outcome:
    """A rebuild swaps generations between scoring and fetching (a fault hook in a subprocess). Before: a
    traceback (AttributeError: 'NoneType' object has no attribute 'get') or silently no hits."""
    w.with_index()
    p, s = w.run(str(SEED), program=_RACE)
    return _outcome(p, s, p.returncode == 0 and p.stdout.startswith("1. ") and "\n3. " in p.stdout,
                    "three hits, from the new index")


# --- 5. the ingest process killed alone --------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def killed_ingest_worker(w: Work) -> Outcome:
    """kill -9 on the ingest process alone while its worker parses (inputs over 4 MB use one). Before: the
    worker lived on, re-parented, holding the caller's pipes open."""
    if not Path("/proc/self/task").is_dir():
        return Outcome(code=-1, seconds=0, ok=False, skipped="no /proc here")
    big = w.dir / "big"
    big.mkdir()
    for i in range(6):
        (big / f"r{i}.txt").write_text(_report(f"全年组织学习{i}次，推动工作落实。\n" * 60_000), encoding="utf-8")
    before = w.with_index()
    t0 = time.perf_counter()
    proc = subprocess.Popen([EXE, "ingest", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=w.env, cwd=w.dir)
    worker = None
    while worker is None and proc.poll() is None and time.perf_counter() - t0 < 60:
        for c in _children(proc.pid):
            try:
                if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes():
                    worker = c
            except OSError:
                pass
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    try:
        proc.communicate(timeout=5)
        closed = True
    except subprocess.TimeoutExpired:
        closed = False
    deadline = time.perf_counter() + 5
    while worker and Path(f"/proc/{worker}").exists() and time.perf_counter() < deadline:
        time.sleep(0.1)
    alive = bool(worker) and Path(f"/proc/{worker}").exists()
    if alive and worker:
        os.kill(worker, signal.SIGKILL)
    fake = subprocess.CompletedProcess([], -9, "", "")
    return _outcome(fake, time.perf_counter() - t0, worker is not None and closed and not alive,
                    f"worker {'still alive' if alive else 'ended'}, pipes {'closed' if closed else 'held open'}",
                    intact=w.index_state() == before)


# --- 9. smaller ---------------------------------------------------------------------------------------------


def escapes_in_search(w: Work) -> Outcome:
    """A file with terminal escapes (colour, window title) is indexed and searched: none reaches the terminal."""
    w.write("esc.txt", _report("我们加强\x1b[31m党建品牌\x1b[0m建设，\x1b]0;pwned\x07全年组织学习12次。"))
    w.run("ingest", "esc.txt")
    p, s = w.run("search", "党建品牌", "-k", "1")
    return _outcome(p, s, p.returncode == 0 and "【党建品牌】建设" in p.stdout and "\x1b" not in p.stdout + p.stderr,
                    "no escape printed")


def rebuild_leftovers(w: Work) -> Outcome:
    """Three --rebuild in a row leave only the live generation's vector folders (before: each left ~44 MB)."""
    w.with_index()
    chroma = w.dir / ".assistant" / "chroma"
    counts, p, s = [], None, 0.0
    for _ in range(3):
        p, s = w.run("ingest", "--rebuild", str(SEED))
        counts.append(sum(1 for d in chroma.iterdir() if d.is_dir() and d.name.count("-") == 4))
    assert p is not None
    return _outcome(p, s, p.returncode == 0 and len(set(counts)) == 1, f"vector folders after each: {counts}")


# --- 6. deeply nested YAML, and a Python tag ----------------------------------------------------------------

_DEEP = "unit: " + "[" * 10_000 + "]" * 10_000 + "\n"


def _refused(p: subprocess.CompletedProcess[str], s: float, words: str) -> Outcome:
    said = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    return _outcome(p, s, p.returncode == 2 and _one_line(p) and words in said, said[:90])


def nested_profile(w: Work) -> Outcome:
    """A unit profile nested 10,000 levels deep (before: a RecursionError traceback)."""
    p, s = w.run("draft", "report", "--facts", str(w.write("deep.yaml", _DEEP)), "--out", "r.md")
    return _refused(p, s, "deep")


def nested_rubric(w: Work) -> Outcome:
    """A rubric nested 10,000 levels deep."""
    p, s = w.run("critique", str(SEED), "--no-llm", "--rubric", str(w.write("deep.yaml", _DEEP)))
    return _refused(p, s, "deep")


def python_tag_rubric(w: Work) -> Outcome:
    """A rubric holding a Python tag (before: "not valid YAML in UTF-8")."""
    rubric = w.write("tag.yaml", "parts: !!python/object/apply:os.system ['echo pwned']\n")
    p, s = w.run("critique", str(SEED), "--no-llm", "--rubric", str(rubric))
    return _refused(p, s, "tag")


# --- 7. size --------------------------------------------------------------------------------------------------


def _docx_bomb(path: Path, xml_mb: int) -> None:
    """A .docx of about 1 MB whose document.xml inflates to `xml_mb` MB."""
    import zipfile

    para = b"<w:p><w:r><w:t>" + "党建".encode() * 200 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            block = para * 1000
            for _ in range(xml_mb * 1_000_000 // len(block)):
                f.write(block)
            f.write(b"</w:body></w:document>")


def docx_bomb(w: Work) -> Outcome:
    """A .docx of under 1 MB holding 300 MB of XML, critiqued and ingested beside a good file (before: busy past
    120 s at 500 MB of memory)."""
    _docx_bomb(w.dir / "bomb.docx", 300)
    p, s = w.run("critique", "bomb.docx", "--no-llm")
    critique = p.returncode == 2 and _one_line(p) and "max_docx_unpacked_mb" in p.stderr
    before = w.with_index()
    shutil.copy(SEED, w.dir / "good.txt")
    q, t = w.run("ingest", "bomb.docx", "good.txt")
    ingest = q.returncode == 1 and "max_docx_unpacked_mb" in q.stderr
    both = subprocess.CompletedProcess([], p.returncode, "", p.stderr + q.stderr)
    return _outcome(both, s + t, critique and ingest and s < 10 and t < 20,
                    f"{(p.stderr.strip().splitlines() or [''])[0][-70:]}", intact=w.index_state() == before)


def file_over_size(w: Work) -> Outcome:
    """A 21 MB text file (the limit max_file_mb is 20)."""
    path = w.dir / "big.txt"
    path.write_text(_report("我们坚持党建引领，推动工作落实。\n" * 460_000), encoding="utf-8")
    p, s = w.run("critique", str(path), "--no-llm")
    return _refused(p, s, "max_file_mb")


def many_lines(w: Work) -> Outcome:
    """200,000 short lines, 4 MB (before: 90 s): past max_lines (100,000), refused in one line at once."""
    p, s = w.run("critique", str(w.write("lines.txt", "加强党员教育管理\n" * 200_000)), "--no-llm")
    return _refused(p, s, "max_lines")


def one_mb_report(w: Work) -> Outcome:
    """A 1 MB report (one report, its achievements item after item): critiqued in under 5 s."""
    items = "".join(f"（{i}）围绕第{i}项重点任务，组织党员开展学习研讨{i % 9 + 1}次，推动工作落实见效。\n"
                    for i in range(1, 9_000))
    p, s = w.run("critique", str(w.write("big.txt", _report(items))), "--no-llm")
    size = (w.dir / "big.txt").stat().st_size / 1e6
    return _outcome(p, s, p.returncode in (0, 1) and s < 5, f"{size:.1f} MB in {s:.1f} s")


# --- 8 and 9: what the model (or the line to it) sends back -----------------------------------------------


def _with_model(w: Work, reply: Any, *args: str, env: dict[str, str] | None = None,
                key: str = "sk-fault-suite-0000") -> tuple[subprocess.CompletedProcess[str], float]:
    """The command against the OpenAI-compatible test server on 127.0.0.1, which sends `reply` to every call."""
    from fakeopenai import FakeOpenAI

    with FakeOpenAI() as srv:
        srv.responder = lambda body: reply
        return w.run(*args, env={"ASSISTANT_BASE_URL": srv.base_url, "ASSISTANT_API_KEY": key,
                                 "ASSISTANT_MODEL": "fake-model", "ASSISTANT_RETRIES": "0"} | (env or {}))


def garbage_answer(w: Work) -> Outcome:
    """The model answers random characters for a part (before: `draft section` exit 0 with the garbage)."""
    from fakeopenai import Reply

    p, s = _with_model(w, Reply(content="蕤钅犭丬氵巛爿彐艹罒冖宀纟饣讠礻衤钅疒癶 " * 5), "draft", "section", "plans",
                       "-f", str(PROFILE), "--no-stream", env={"ASSISTANT_MAX_REPAIRS": "1"})
    last = (p.stdout.strip().splitlines() or [""])[-1]
    # the garbage removed; the part composed from the profile stands in, marked as such (report.compose_instead)
    return _outcome(p, s, p.returncode == 3 and "离线模板" in last and "蕤" not in p.stdout,
                    f"exit 3, the garbage removed, the part marked: {last[:30]}")


def stream_dropped(w: Work) -> Outcome:
    """The connection drops mid-stream (before: reported as finish_reason=length)."""
    from fakeopenai import Reply

    p, s = _with_model(w, Reply(content="（一）我坚持“第一议题”制度，全年组织专题学习24次。", drop_after=10), "draft",
                       "section", "achievements", "-f", str(PROFILE), env={"ASSISTANT_MAX_REPAIRS": "0"})
    return _outcome(p, s, p.returncode == 3 and "连接在回答中途断开" in p.stderr and "finish_reason" not in p.stderr,
                    "said as a dropped connection")


def body_cut_short(w: Work) -> Outcome:
    """An answer body shorter than its Content-Length (before: "cannot reach" the server). Drafting calls are
    streamed (a drop there is stream_dropped); the outline's structured call is not."""
    from fakeopenai import Reply

    p, s = _with_model(w, Reply(content="好", short_body=40), "draft", "outline", "-f", str(PROFILE))
    said = [x for x in p.stderr.splitlines() if "错误" in x]
    return _outcome(p, s, p.returncode != 0 and len(said) == 1 and "在传输途中被截断" in said[0]
                    and "连不上" not in p.stderr, (said or ["no error line"])[0][-60:])


def one_letter_key(w: Work) -> Outcome:
    """An API key of one letter (before: that letter masked in every word of every message)."""
    from fakeopenai import Reply

    said = "the model name is not served here"
    p, s = _with_model(w, Reply(status=400, error=said), "draft", "section", "plans", "-f", str(PROFILE), key="e")
    return _outcome(p, s, p.returncode != 0 and said in p.stderr, "the server's message shown unmangled")


def review_without_evidence(w: Work) -> Outcome:
    """The LLM review cites "报告" as evidence with a figure of its own (before: shown as a finding)."""
    from fakeopenai import Reply

    answer = json.dumps({"findings": [{"check": "llm-review", "line": 1, "evidence": "报告",
                                       "message": "全年只开展学习3次，次数太少"}]}, ensure_ascii=False)
    clean = ROOT / "tests" / "critique" / "data" / "clean_2024.txt"
    p, s = _with_model(w, Reply(content=answer), "critique", str(clean), "--format", "json")
    found = json.loads(p.stdout)["findings"] if p.returncode in (0, 1) else None
    return _outcome(p, s, found == [], "the finding dropped" if found == [] else f"shown: {found}")


SCENARIOS: dict[str, Callable[[Work], Outcome]] = {
    "long digit line (critique)": long_digit_line,
    "unclosed brackets (critique)": unclosed_brackets,
    "40 KB of digits (ingest)": digit_file_ingest,
    "one part > max batch (ingest)": huge_part_ingest,
    "full disk (--rebuild, .docx)": full_disk,
    "search racing --rebuild": search_during_rebuild,
    "ingest killed, worker alone": killed_ingest_worker,
    "terminal escapes in search": escapes_in_search,
    "--rebuild leftovers": rebuild_leftovers,
    "profile nested 10,000 deep": nested_profile,
    "rubric nested 10,000 deep": nested_rubric,
    "rubric with a Python tag": python_tag_rubric,
    ".docx zip bomb (300 MB XML)": docx_bomb,
    "file over max_file_mb": file_over_size,
    "200,000 short lines": many_lines,
    "1 MB report (critique)": one_mb_report,
    "model answers garbage (draft)": garbage_answer,
    "stream dropped mid-answer": stream_dropped,
    "answer body cut short": body_cut_short,
    "one-letter API key": one_letter_key,
    "LLM review quoting only 报告": review_without_evidence,
}
