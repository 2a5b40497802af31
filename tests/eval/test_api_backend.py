"""`--backend api`: drafts come from the configured model and retrieval adds an API-embedding pass.

The real openai client talks over HTTP to the shared fake server on 127.0.0.1; nothing is patched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fakeopenai import FakeOpenAI, text_of

from assistant.services.evals.context import EvalContext
from assistant.services.evals.runner import run
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# What the fake model answers per part (found by the first line of the part's prompt). Case 02 has two
# work items: the achievements name the first one only, and a figure the profile does not give (99户),
# which drafting's grounding must turn into a slot.
ITEM_1 = "组织党员学习党的二十大报告，开展专题学习3次"
ANSWERS = {
    "【开头（总述）】": "2022年，在县非公企业和社会组织党委的坚强领导下，我认真履行党支部书记抓基层党建工作第一责任人职责，"
                   "现将履职情况报告如下：",
    "【主要工作及成效": f"（一）我坚持“第一议题”制度，{ITEM_1}。\n（二）我带头走访党员99户，听取意见建议。",
    "【上年度述职评议反馈问题整改情况】": "（一）针对上年度述职评议反馈的问题，我逐项整改，已全部销号。",
    "【存在的问题】": "（一）党员教育方式单一，吸引力不强，一定程度上存在重形式轻实效的问题。",
    "【问题原因分析】": "（一）究其原因，主观上我对党员教育的创新思考不够。",
    "【下一步工作思路和措施】": "（一）创新党员教育方式，推行“线上+线下”学习，增强吸引力。",
    "【结尾表态】": "下一步，我将切实履行第一责任人职责，为企业高质量发展提供坚强组织保证。",
}


def answer(body: dict) -> str:
    prompt = text_of(body)
    return next((a for k, a in ANSWERS.items() if f"请写述职报告的{k}" in prompt), "好的。")


def small_evals(tmp_path: Path) -> Path:
    """One case and the two-report gold file: enough to exercise the API paths, quick to run."""
    d = tmp_path / "evals"
    (d / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "evals/cases/02_private_enterprise_2022.yaml", d / "cases")
    (d / "gold").mkdir()
    shutil.copy(ROOT / "evals/gold/eval_gold.yaml", d / "gold")
    shutil.copytree(ROOT / "evals/gold/texts", d / "gold/texts")
    return d


def api_settings(srv: FakeOpenAI, tmp_path: Path, **kw) -> Settings:
    return Settings(base_url=srv.base_url, api_key="sk-test", retries=0, timeout=20, max_repairs=0,
                    chroma_path=tmp_path / "unused", **kw)


@pytest.mark.slow
def test_api_backend_drafts_with_the_model_and_embeds_with_the_api(fake_openai, tmp_path):
    fake_openai.responder = answer
    settings = api_settings(fake_openai, tmp_path, embedding_base_url=fake_openai.base_url,
                            embedding_api_key="sk-test")
    ctx = EvalContext(settings=settings, evals_dir=small_evals(tmp_path), backend="api")
    res = run(ctx, ["draft", "retrieval"])
    draft = res.suites["draft"]
    assert draft.status == "ok", draft.reason
    assert draft.metrics["draft.cases"] == 1 and res.versions["model"] == settings.model
    # one call per part the rubric asks for (title aside), and the score is of the model's text:
    assert len(fake_openai.chat_requests) >= 7
    (case,) = draft.detail
    assert case["crash"] is None and case["case"] == "02_private_enterprise_2022"
    assert case["components"]["coverage"] == 50  # the model wrote the first item only
    assert case["not_covered"] == ["设立党员示范岗6个，带动生产线良品率提升"]
    assert case["invented"] == [] and case["slots"] >= 1  # 99户 became a slot before scoring
    assert case["components"]["parts"] == 100 and case["components"]["order"] == 100
    assert case["components"]["numbering"] == 100 and case["score"] < 100  # coverage costs it
    retrieval = res.suites["retrieval"]
    assert retrieval.status == "ok" and not retrieval.warnings, (retrieval.reason, retrieval.warnings)
    assert retrieval.metrics["retrieval.api.recall@5.problems"] is not None
    assert retrieval.metrics["retrieval.recall@5.problems"] is not None
    assert any("api 向量化" in n for n in retrieval.notes)
    embedded = [r for r in fake_openai.requests if r["path"].endswith("/embeddings")]
    assert embedded and embedded[0]["body"]["model"] == settings.embedding_model


def test_a_chat_only_provider_keeps_the_local_retrieval_figures(tmp_path):
    # Like DeepSeek: chat answers, the embeddings model does not exist (404). The local pass still counts.
    with FakeOpenAI(models=["gpt-4o-mini"]) as srv:
        ctx = EvalContext(settings=api_settings(srv, tmp_path), evals_dir=small_evals(tmp_path), backend="api")
        res = run(ctx, ["retrieval"])
    r = res.suites["retrieval"]
    assert r.status == "ok", r.reason
    assert r.metrics["retrieval.recall@5.problems"] is not None
    assert r.metrics["retrieval.api.recall@5.problems"] is None and "retrieval.api.recall@5.min_main" in r.metrics
    (w,) = r.warnings
    assert "API 向量化" in w and "HTTP 404" in w and "embedding_base_url" in w


def test_offline_backend_never_calls_the_api(fake_openai, tmp_path):
    settings = api_settings(fake_openai, tmp_path, embedding_base_url=fake_openai.base_url)
    res = run(EvalContext(settings=settings, evals_dir=small_evals(tmp_path)), ["draft", "retrieval"])
    assert res.suites["draft"].status == "ok" and res.versions["model"] == "离线模板（不用模型）"
    assert not fake_openai.requests
    assert not any(m.startswith("retrieval.api.") for m in res.metrics())


@pytest.mark.slow
def test_eval_run_backend_api_from_the_command_line(fake_openai, tmp_path):
    """As a user runs it: the CLI in its own process, the endpoint from the environment."""
    fake_openai.responder = answer
    env = dict(os.environ, ASSISTANT_CONFIG_DIR=str(tmp_path / "config"), ASSISTANT_BASE_URL=fake_openai.base_url,
               ASSISTANT_API_KEY="sk-test", ASSISTANT_RETRIES="0", ASSISTANT_MAX_REPAIRS="0")
    args = [sys.executable, "-m", "assistant", "eval", "run", "--backend", "api", "--suite", "draft,retrieval",
            "--evals-dir", str(small_evals(tmp_path)), "--out", str(tmp_path / "run"),
            "--fail-under", "draft.parts.min=100", "--fail-under", "retrieval.api.recall@5.min_main=0"]
    p = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    assert "Traceback" not in p.stderr and "draft.coverage.min" in p.stdout
    data = json.loads((tmp_path / "run/results.json").read_text(encoding="utf-8"))
    assert data["backend"] == "api" and data["versions"]["model"] == "gpt-4o-mini"
    assert data["settings"]["api_key"] != "sk-test"  # masked
    assert data["suites"]["draft"]["metrics"]["draft.coverage.min"] == 50
    assert data["suites"]["retrieval"]["metrics"]["retrieval.api.queries"] > 0
    # the model's draft, grounded, is there to read next to the findings that point at its lines
    (case,) = data["suites"]["draft"]["detail"]
    text = (tmp_path / "run" / case["draft_file"]).read_text(encoding="utf-8")
    assert ITEM_1 in text and "【待补充：户数】" in text and "99户" not in text
    assert fake_openai.chat_requests


def test_a_rejected_key_is_a_warning_naming_it_not_a_silent_zero(tmp_path):
    with FakeOpenAI(api_key="sk-right") as srv:
        ctx = EvalContext(settings=api_settings(srv, tmp_path), evals_dir=small_evals(tmp_path), backend="api")
        res = run(ctx, ["draft"])
    d = res.suites["draft"]
    assert d.status == "ok" and d.metrics["draft.crashes"] == 1 and d.metrics["draft.score.min"] == 0
    (w,) = d.warnings
    assert w.startswith("1 个用例中有 1 个") and "02_private_enterprise_2022" in w
    assert "sk-test" not in w and "Traceback" not in w
