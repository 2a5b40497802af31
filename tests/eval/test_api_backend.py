"""`--backend api`: drafts come from the configured model and retrieval adds an API-embedding pass.

The real openai client talks over HTTP to the shared fake server on 127.0.0.1; nothing is patched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.services.evals.context import EvalContext
from assistant.services.evals.runner import run
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ANSWER = "（一）我坚持“第一议题”制度，组织党员学习党的二十大报告，开展专题学习3次。"


def small_evals(tmp_path: Path) -> Path:
    """One case and the two-report gold file: enough to exercise the API paths, quick to run."""
    d = tmp_path / "evals"
    (d / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "evals/cases/02_private_enterprise_2022.yaml", d / "cases")
    (d / "gold").mkdir()
    shutil.copy(ROOT / "evals/gold/eval_gold.yaml", d / "gold")
    shutil.copytree(ROOT / "evals/gold/texts", d / "gold/texts")
    return d


def test_api_backend_drafts_with_the_model_and_embeds_with_the_api(fake_openai, tmp_path):
    fake_openai.default = ANSWER
    settings = Settings(base_url=fake_openai.base_url, api_key="sk-test", embedding_base_url=fake_openai.base_url,
                        embedding_api_key="sk-test", retries=0, timeout=20, max_repairs=0,
                        chroma_path=tmp_path / "unused")
    ctx = EvalContext(settings=settings, evals_dir=small_evals(tmp_path), backend="api")
    res = run(ctx, ["draft", "retrieval"])
    draft = res.suites["draft"]
    assert draft.status == "ok", draft.reason
    assert draft.metrics["draft.cases"] == 1 and fake_openai.chat_requests
    assert res.versions["model"] == settings.model
    (case,) = draft.detail
    assert case["case"] == "02_private_enterprise_2022" and 0 <= case["score"] <= 100
    retrieval = res.suites["retrieval"]
    assert retrieval.status == "ok", retrieval.reason
    assert retrieval.metrics["retrieval.api.recall@5.problems"] is not None
    assert retrieval.metrics["retrieval.recall@5.problems"] is not None
    assert any("api embedding" in n for n in retrieval.notes)
