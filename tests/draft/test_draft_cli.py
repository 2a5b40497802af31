"""The draft commands and doctor, through typer's CliRunner, against the test server."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from draft_helpers import GOOD, part_of
from fakeopenai import FakeOpenAI, Reply
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import UserError

ROOT = Path(__file__).resolve().parents[2]
RICH = str(ROOT / "examples/profiles/state_enterprise.yaml")
KEY = "sk-cli-secret-key-987654"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_index: Path) -> Path:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ASSISTANT_BASE_URL", "ASSISTANT_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ASSISTANT_CHROMA_PATH", str(seed_index))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def api(env: Path, fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    monkeypatch.setenv("ASSISTANT_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ASSISTANT_API_KEY", KEY)
    monkeypatch.setenv("ASSISTANT_RETRIES", "0")
    return fake_openai


@dataclass
class Res:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str) -> Res:
    """Invoke the app in-process; a UserError is shown the way `assistant.cli.main` shows it."""
    r = CliRunner().invoke(app, list(args))
    if isinstance(r.exception, UserError):
        return Res(r.exception.code, r.stdout, r.stderr + f"assistant: 错误：{r.exception}\n")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Res(r.exit_code, r.stdout, r.stderr)


def _one_line_error(res: Res) -> str:
    err = [ln for ln in res.stderr.splitlines() if ln.startswith("assistant: 错误：")]
    assert "Traceback" not in res.stderr and len(err) == 1, res.stderr
    return err[0]


def test_offline_report_to_docx_with_sources(env: Path) -> None:
    res = run("draft", "report", "--facts", RICH, "--out", "out/report.docx", "--sources", "out/sources.json")
    assert res.exit_code == 0, res.stderr
    assert "离线模板" in res.stderr and "已写入 out/report.docx" in res.stderr
    assert (env / "out/report.docx").stat().st_size > 10_000
    src = json.loads((env / "out/sources.json").read_text(encoding="utf-8"))
    assert src["backend"] == "offline" and set(src["parts"]) >= {"title", "achievements", "plans"}


def test_offline_is_named_in_every_output_form(env: Path) -> None:
    from docx import Document

    from assistant.services.drafting.writers import OFFLINE_BANNER

    res = run("draft", "report", "-f", RICH, "--backend", "offline")
    lines = res.stdout.splitlines()
    assert res.exit_code == 0 and lines[0] == OFFLINE_BANNER and lines[3] == "一、主要工作及成效"
    assert "离线模板" in res.stderr
    assert run("draft", "report", "-f", RICH, "--backend", "offline", "-o", "r.md").exit_code == 0
    md = (env / "r.md").read_text(encoding="utf-8")
    assert md.startswith(f"> {OFFLINE_BANNER}\n") and "## 一、主要工作及成效" in md
    assert run("draft", "report", "-f", RICH, "--backend", "offline", "-o", "r.txt").exit_code == 0
    assert (env / "r.txt").read_text(encoding="utf-8").splitlines()[0] == OFFLINE_BANNER
    assert run("draft", "report", "-f", RICH, "--backend", "offline", "-o", "r.docx").exit_code == 0
    doc = Document(str(env / "r.docx"))
    assert doc.sections[0].header.paragraphs[0].text == OFFLINE_BANNER  # on every page, outside the body
    assert OFFLINE_BANNER not in "\n".join(p.text for p in doc.paragraphs)
    out = run("draft", "outline", "-f", RICH, "--backend", "offline")
    assert out.stdout.splitlines()[0] == OFFLINE_BANNER and "离线模板" in out.stderr


def test_dry_run_prints_every_request_and_sends_nothing(api: FakeOpenAI) -> None:
    res = run("draft", "report", "--facts", RICH, "--dry-run")
    assert res.exit_code == 0, res.stderr
    plan = json.loads(res.stdout)
    assert plan["endpoint"] == api.base_url + "/chat/completions"
    assert [r["part"] for r in plan["requests"]] == ["opening", "achievements", "rectification", "problems",
                                                      "causes", "plans", "closing"]
    for r in plan["requests"]:
        assert r["model"] == "fake-model" or r["model"] == "gpt-4o-mini"
        assert [m["role"] for m in r["messages"]] == ["system", "user"]
    assert KEY not in res.stdout
    assert api.requests == []  # nothing was sent
    # exactly what a real run sends: the same messages for the same part
    api.responder = lambda body: Reply(content=GOOD[part_of(body)[0]])
    assert run("draft", "report", "--facts", RICH).exit_code == 0
    sent = {part_of(b)[0].value: b["messages"] for b in api.chat_requests}
    assert all(sent[r["part"]] == r["messages"] for r in plan["requests"])


def test_dry_run_says_the_backend_and_shows_no_request_offline(env: Path) -> None:
    res = run("draft", "report", "--facts", RICH, "--dry-run")  # no API configured: the offline composer
    plan = json.loads(res.stdout)
    assert res.exit_code == 0 and plan["backend"] == "offline" and plan["requests"] == [] and not plan["endpoint"]
    assert "不会发送任何请求" in plan["notes"][0]
    assert json.loads(run("draft", "section", "closing", "-f", RICH, "--dry-run").stdout)["requests"] == []


def test_dry_run_shows_the_budget_and_the_pace(api: FakeOpenAI) -> None:
    plan = json.loads(run("draft", "report", "--facts", RICH, "--dry-run").stdout)
    assert plan["backend"] == "api"
    assert all(r["stream"] is True and r["max_tokens"] >= 200 for r in plan["requests"])
    budgets = {r["part"]: r["max_tokens"] for r in plan["requests"]}
    assert budgets["achievements"] > budgets["opening"]  # from each part's target length
    assert any("同时最多 2 个请求" in n for n in plan["notes"])  # a local server starts at local_concurrency


def test_dry_run_outline_shows_the_json_request(api: FakeOpenAI) -> None:
    res = run("draft", "outline", "-f", RICH, "--dry-run")
    plan = json.loads(res.stdout)
    req = plan["requests"][0]
    assert req["response_format"] == {"type": "json_object"} and "JSON" in req["messages"][0]["content"]
    assert api.requests == []


def test_api_report_with_progress(api: FakeOpenAI) -> None:
    api.responder = lambda body: Reply(content=GOOD[part_of(body)[0]])
    res = run("draft", "report", "-f", RICH, "-o", "r.txt")
    assert res.exit_code == 0, res.stderr
    assert "[7/7]" in res.stderr and "api，模型" in res.stderr
    # an API draft carries no offline banner: its first line is the title
    assert (Path("r.txt")).read_text(encoding="utf-8").startswith("华东能源集团第三分公司党支部书记2024年")


def test_parts_still_failing_exit_3(api: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_MAX_REPAIRS", "1")
    api.responder = lambda body: Reply(content="" if part_of(body)[0].value == "causes" else GOOD[part_of(body)[0]])
    res = run("draft", "report", "-f", RICH, "-o", "r.md")
    assert res.exit_code == 3
    assert "causes 试了 2 次仍未通过检查" in res.stderr and Path("r.md").is_file()


def test_section_streams_grounded_text(api: FakeOpenAI) -> None:
    api.queue(Reply(content="（一）我组织专题学习24次，召开推进会99次。\n（二）我讲党课4次。", chunk_size=3))
    res = run("draft", "section", "achievements", "-f", RICH)
    assert res.exit_code == 0, res.stderr
    assert "24次" in res.stdout and "99" not in res.stdout and "【待补充：次数】" in res.stdout
    assert api.chat_requests[0]["stream"] is True
    assert "待补充 【待补充：次数】（achievements）" in res.stderr


def test_section_no_stream(api: FakeOpenAI) -> None:
    api.queue("一、学习不深\n二、联系群众不够")
    res = run("draft", "section", "problems", "-f", RICH, "--no-stream")
    assert res.exit_code == 0
    assert res.stdout.splitlines() == ["三、存在的问题", "（一）学习不深", "（二）联系群众不够"]
    # the call is still streamed (its timeouts need the stream); only the whole part is printed
    assert api.chat_requests[0]["stream"] is True


@pytest.mark.parametrize(("args", "needle"), [
    (["draft", "report", "-f", "missing.yaml"], "missing.yaml：没有这个文件"),
    (["draft", "section", "budget", "-f", RICH], "没有“budget”这一部分"),
    (["draft", "report", "-f", RICH, "-o", "r.pdf"], "不认识的输出格式 .pdf"),
    (["draft", "report", "-f", RICH, "--backend", "api"], "--backend api 需要配置 API"),
    (["draft", "report", "-f", RICH, "--backend", "gpt"], "--backend 只能是"),
])
def test_bad_input_is_one_line(env: Path, args: list[str], needle: str) -> None:
    res = run(*args)
    assert res.exit_code == 2
    assert needle in _one_line_error(res)


def test_invalid_profile_names_each_field(env: Path) -> None:
    bad = env / "bad.yaml"
    bad.write_text("unit_name: 某单位党支部\nunit_kind: 村\nyear: 1999\nwork_items: []\nbudget: 3\n", encoding="utf-8")
    err = _one_line_error(run("draft", "report", "-f", str(bad)))
    assert "year：" in err and "work_items：" in err and "budget：没有这一项" in err


def test_rejected_key_is_one_line_without_the_key(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAI(api_key="sk-the-right-one") as srv:
        monkeypatch.setenv("ASSISTANT_BASE_URL", srv.base_url)
        monkeypatch.setenv("ASSISTANT_API_KEY", KEY)
        res = run("draft", "report", "-f", RICH, "-o", "r.docx")
    assert res.exit_code == 1
    err = _one_line_error(res)
    assert "拒绝了密钥" in err and KEY not in res.stderr and KEY not in res.stdout
    assert not Path("r.docx").exists()


def test_doctor(api: FakeOpenAI) -> None:
    res = run("doctor")
    assert res.exit_code == 0, res.stdout
    lines = res.stdout.splitlines()
    assert [ln.split("：")[0] for ln in lines] == ["正常 设置", "正常 提示词", "正常 索引", "正常 大模型"]
    assert api.chat_requests[0]["max_tokens"] == 1


def test_doctor_reports_what_fails(env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_CHROMA_PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("ASSISTANT_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_RETRIES", "0")
    res = run("doctor")
    assert res.exit_code == 1
    out = res.stdout
    assert "跳过 索引：索引尚未建立" in out and "失败 大模型：连不上" in out
    assert "Traceback" not in out and not (tmp_path / "empty").exists()  # doctor creates no store
    assert "失败 索引：索引尚未建立" in run("doctor", "--need-index").stdout


def test_installed_command_end_to_end(env: Path) -> None:
    """The README's first command, and a bad input, through the installed entry point."""
    exe = str(ROOT / ".venv/bin/assistant")
    ok = subprocess.run([exe, "draft", "report", "--facts", RICH, "--backend", "offline", "--out", "out/r.docx"],
                        capture_output=True, text=True, cwd=env, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert (env / "out/r.docx").is_file()
    bad = subprocess.run([exe, "draft", "report", "--facts", "nope.yaml"], capture_output=True, text=True, cwd=env,
                         timeout=60)
    assert bad.returncode == 2 and bad.stderr.strip() == "assistant: 错误：nope.yaml：没有这个文件"


def test_user_prompts_override_the_bundled_ones(api: FakeOpenAI, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = env / "myprompts"
    mine.mkdir()
    (mine / "part_closing.md").write_text("只写一句表态。{{ facts }}\n{{ exemplars }}", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_PROMPTS_DIR", str(mine))
    plan = json.loads(run("draft", "section", "closing", "-f", RICH, "--dry-run").stdout)
    user = plan["requests"][0]["messages"][1]["content"]
    assert user.startswith("只写一句表态。【本单位】华东能源集团第三分公司党支部")
    (mine / "part_closing.md").write_text("{{ no_such_value }}", encoding="utf-8")
    err = _one_line_error(run("draft", "section", "closing", "-f", RICH, "--dry-run"))
    assert "part_closing.md：缺少 no_such_value 的值" in err


@pytest.mark.parametrize("reply", [Reply(raw_body='{"object": "list", "data": []}'), Reply(status=400, error="Model Not Exist")],
                         ids=["wrong-shape", "unknown-model-400"])
def test_a_failing_endpoint_leaves_the_old_output_untouched(api: FakeOpenAI, reply: Reply) -> None:
    Path("r.md").write_text("上一稿", encoding="utf-8")
    api.responder = lambda body: reply
    res = run("draft", "report", "-f", RICH, "-o", "r.md")
    assert res.exit_code == 1
    assert "不是对话补全" in _one_line_error(res) or "没有模型" in _one_line_error(res)
    assert Path("r.md").read_text(encoding="utf-8") == "上一稿" and sorted(p.name for p in Path().iterdir()) == ["r.md"]


def test_section_with_an_empty_answer_leaves_a_visible_slot(api: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_MAX_REPAIRS", "1")
    api.responder = lambda body: Reply(content="")
    res = run("draft", "section", "plans", "-f", RICH, "--no-stream")
    assert res.exit_code == 3 and len(api.chat_requests) == 2
    # the plans composed from the profile's priorities stand in, named so, and the part still fails
    from assistant.domain.profile import load_profile
    from assistant.services.drafting.work import INCOMPLETE

    priority = load_profile(RICH).priorities[0]
    assert res.stdout.splitlines()[-1] == INCOMPLETE["composed"] and priority[:8] in res.stdout
    assert "plans 试了 2 次仍未通过检查：内容为空" in res.stderr and "改用离线模板" in res.stderr


def test_section_whose_stream_drops_says_so(api: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.services.drafting.work import INCOMPLETE

    monkeypatch.setenv("ASSISTANT_MAX_REPAIRS", "0")
    # every stream drops after a few characters (the continuation too): a drop, not a cut-off answer
    api.responder = lambda body: Reply(content="（一）我坚持“第一议题”制度，全年组织专题学习24次。", drop_after=10)
    res = run("draft", "section", "achievements", "-f", RICH)
    assert res.exit_code == 3 and res.stdout.rstrip().endswith(INCOMPLETE["dropped"])
    assert "连接在回答中途断开" in res.stderr and "finish_reason=length" not in res.stderr


def test_section_of_garbage_is_marked_after_the_repairs(api: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.services.drafting.work import INCOMPLETE

    monkeypatch.setenv("ASSISTANT_MAX_REPAIRS", "1")
    # random Chinese characters, no sentence in them, every time
    api.responder = lambda body: Reply(content="蕤钅犭丬氵巛爿彐艹罒冖宀纟饣讠礻衤钅疒癶 " * 5)
    res = run("draft", "section", "plans", "-f", RICH, "--no-stream")
    assert res.exit_code == 3 and len(api.chat_requests) == 2
    assert res.stdout.splitlines()[-1] == INCOMPLETE["composed"] and "蕤" not in res.stdout  # removed, not kept
    assert "plans 试了 2 次仍未通过检查：内容不像中文公文：只有0%的文字写成了" in res.stderr


@pytest.mark.slow
def test_an_interrupted_run_leaves_the_old_output_untouched(env: Path) -> None:
    """Ctrl-C while the parts are being drafted: one line, exit 130, the previous file intact, no temp files."""
    import os
    import signal
    import time

    Path("r.docx").write_bytes(b"previous draft")
    with FakeOpenAI() as srv:
        srv.responder = lambda body: Reply(content="（一）好的。", delay=30)  # never answers within the test
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/assistant"), "draft", "report", "-f", RICH, "-o", "r.docx"], cwd=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "ASSISTANT_BASE_URL": srv.base_url, "ASSISTANT_API_KEY": KEY,
                 "ASSISTANT_LOCAL_CONCURRENCY": "7"},  # the test server is local: all seven parts at once
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
        for _ in range(600):  # wait until the drafting calls are in flight (polling, not timing)
            if len(srv.chat_requests) >= 7 or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert len(srv.chat_requests) == 7
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    # typer ends an interrupted command with exit 130 and no message; never a traceback
    assert proc.returncode == 130 and "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
    assert Path("r.docx").read_bytes() == b"previous draft"
    assert sorted(p.name for p in env.iterdir() if p.name != "config") == ["r.docx"]


def test_an_unwritable_output_is_one_line_before_any_work(env: Path) -> None:
    Path("f").write_text("", encoding="utf-8")
    res = run("draft", "report", "-f", RICH, "-o", "f/r.md")
    assert res.exit_code == 2 and "f：是文件，不是文件夹" in _one_line_error(res)
    assert "已起草" not in res.stderr  # checked before anything was drafted
    from assistant.services.drafting.writers import OutputError, write_text_file

    with pytest.raises(OutputError, match=r"无法写入 /proc/r\.md"):  # named by the target, not a temp file
        write_text_file(Path("/proc/r.md"), "x")


def test_doctor_flags_settings_that_cannot_work(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.services.doctor import settings_problem
    from assistant.settings import Settings

    monkeypatch.setenv("ASSISTANT_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_RETRIES", "0")
    monkeypatch.setenv("ASSISTANT_PROMPTS_DIR", "no-such-dir")
    res = run("doctor")
    assert res.exit_code == 1 and "失败 设置：prompts_dir no-such-dir 不是目录" in res.stdout
    # checked without a call: no test ever talks to a real provider
    assert "DeepSeek 不支持 json_schema" in (settings_problem(
        Settings(base_url="https://api.deepseek.com/v1", json_mode="json_schema")) or "")
    assert settings_problem(Settings(base_url="https://api.deepseek.com/v1", json_mode="json_object")) is None


def test_dry_run_with_api_embeddings_sends_no_query(api: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    # retrieval through an embeddings endpoint would send the profile's content: a dry run skips it
    monkeypatch.setenv("ASSISTANT_EMBEDDING", "api")
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BASE_URL", api.base_url)
    res = run("draft", "report", "-f", RICH, "--dry-run")
    assert res.exit_code == 0, res.stderr
    plan = json.loads(res.stdout)
    assert any("检索已跳过" in n for n in plan["notes"]) and len(plan["requests"]) == 7
    assert api.requests == []
