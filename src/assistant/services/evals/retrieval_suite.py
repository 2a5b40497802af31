"""Retrieval suite: held-out items as queries, recall@5 of chunks of the same role.

The corpus is ingested into a throw-away index. Each labelled line of a gold report (an item of a part)
is a query; the chunks of its own report are held out (dropped from the results), so a query can only be
answered by other reports. recall@5 for a query is 1 when at least one of the first five remaining hits
has the query's role; precision@5 is the share of the five that have it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.domain.parse import parse_file
from assistant.services.evals.context import EvalContext
from assistant.services.evals.gold import GoldFile, load_gold_dir
from assistant.services.evals.keyword_retrieval import measure as measure_typed_and_meant
from assistant.services.evals.metrics import hit_at_k, mean, share_at_k
from assistant.services.evals.results import SuiteResult
from assistant.services.index.search import search
from assistant.settings import Settings

K = 5
FETCH = 60  # fetched before the held-out report's chunks are dropped
MIN_QUERY = 15  # characters: a shorter item says too little to be a query
HEADING = 40  # characters: a line this short is an item's heading, joined with the paragraph after it
MAIN_ROLES = ("achievements", "problems", "plans")  # the bar is on these


def queries(golds: list[GoldFile]) -> list[dict[str, Any]]:
    """One query per item of each labelled part: a heading line goes with the paragraph after it."""
    out: list[dict[str, Any]] = []
    for g in golds:
        # The cleaned text (D restored to 党, markers stripped), as the index holds it and a user would type it.
        lines = parse_file(g.source_path()).lines
        for rep in g.reports:
            for sec in rep.sections:
                if sec.role == "title":
                    continue
                group: dict[str, Any] | None = None
                for n in range(sec.lines[0], sec.lines[1] + 1):
                    text = lines[n - 1].strip()
                    if not text:
                        continue
                    if group is not None and len(group["text"]) < HEADING:
                        group["text"] += text
                        continue
                    group = {"file": Path(g.source).name, "report": rep.id, "lines": rep.lines, "line": n,
                             "role": sec.role, "text": text}
                    out.append(group)
    return [q for q in out if len(q["text"]) >= MIN_QUERY]


def _held_out(hit: Any, q: dict[str, Any]) -> bool:
    a, b = q["lines"]
    return Path(str(hit.source)).name == q["file"] and a <= int(hit.start_line or 0) <= b


def _pass(ctx: EvalContext, settings: Settings, qs: list[dict[str, Any]], label: str
          ) -> tuple[dict[str, list[tuple[bool, float]]], list[dict[str, Any]], dict[str, int]]:
    per_role: dict[str, list[tuple[bool, float]]] = {}
    misses: list[dict[str, Any]] = []
    unanswerable: dict[str, int] = {}
    answerable: dict[tuple[str, str, str], bool] = {}
    for i, q in enumerate(qs):
        ctx.progress(f"retrieval{label}", i, len(qs))
        # Only other reports can answer: a role no other report has (causes, when only one report has them)
        # makes the query unanswerable, and it is left out rather than counted as a miss.
        key = (q["file"], q["report"], q["role"])
        if key not in answerable:
            answerable[key] = any(not _held_out(h, q) for h in search(q["text"], settings, role=q["role"], k=FETCH))
        if not answerable[key]:
            unanswerable[q["role"]] = unanswerable.get(q["role"], 0) + 1
            continue
        hits = [h for h in search(q["text"], settings, k=FETCH) if not _held_out(h, q)][:K]
        rel = [h.role.value == q["role"] for h in hits]
        per_role.setdefault(q["role"], []).append((hit_at_k(rel, K), share_at_k(rel, K)))
        if not hit_at_k(rel, K):
            misses.append({"query": f"{q['report']} line {q['line']} ({q['role']}): {q['text'][:30]}",
                           "got": [f"{h.role.value} {h.score:.2f}" for h in hits]})
    ctx.progress(f"retrieval{label}", len(qs), len(qs))
    return per_role, misses, unanswerable


def api_embedding_wanted(ctx: EvalContext) -> str | None:
    """Why the API-embedding pass runs (an embeddings endpoint is configured), or None when it does not.

    Only with --backend api: the offline backend sends nothing anywhere. The chat base_url counts as an
    embeddings endpoint too (OpenAI has one), but a chat-only provider (DeepSeek) will refuse it: that
    pass then fails on its own, with a warning, and the local figures stand.
    """
    s = ctx.settings
    if ctx.backend != "api":
        return None
    if s.embedding_base_url:
        return f"embedding_base_url {s.embedding_base_url}"
    if s.embedding == "api" or s.base_url:
        return f"对话接口 {s.base_url or '（默认）'}"
    return None


def _metrics(label: str, per_role: dict[str, list[tuple[bool, float]]]) -> dict[str, float | None]:
    metrics: dict[str, float | None] = {}
    main_roles = []
    for role, vals in sorted(per_role.items()):
        metrics[f"retrieval{label}.recall@5.{role}"] = mean(1.0 if h else 0.0 for h, _ in vals)
        metrics[f"retrieval{label}.precision@5.{role}"] = mean(p for _, p in vals)
        if role in MAIN_ROLES:
            main_roles.append(metrics[f"retrieval{label}.recall@5.{role}"] or 0.0)
    metrics[f"retrieval{label}.recall@5.min_main"] = min(main_roles) if main_roles else None
    metrics[f"retrieval{label}.queries"] = float(sum(len(v) for v in per_role.values()))
    return metrics


def run_retrieval(ctx: EvalContext) -> SuiteResult:
    golds = load_gold_dir(ctx.gold_dir)
    qs = queries(golds)
    notes = [f"{len(qs)} 个查询（取自 {sum(len(g.reports) for g in golds)} 篇标注报告各部分的条目）；"
             "检索时排除查询所出自的报告"]
    warnings: list[str] = []
    worst: list[dict[str, Any]] = []
    s, what = ctx.index("local")
    notes.append(f"索引：{what}")
    per_role, misses, unanswerable = _pass(ctx, s, qs, "")
    if unanswerable:
        notes.append("local：未计入，没有别的报告含有该部分："
                     + "，".join(f"{r} {n}" for r, n in sorted(unanswerable.items())))
    metrics = _metrics("", per_role)
    worst += misses[:10]
    api_settings = None
    why = api_embedding_wanted(ctx)
    if why is None:
        notes.append("API 向量化：未运行（需要 --backend api 并配置向量化接口）")
    else:
        try:
            s, what = ctx.index("api")
            api_roles, api_misses, api_unanswerable = _pass(ctx, s, qs, ".api")
        except Exception as e:  # the endpoint refused or failed: the local figures above still stand
            reason = f"{type(e).__name__}: {e}".splitlines()[0][:300]
            hint = "" if ctx.settings.embedding_base_url else "（请把 embedding_base_url 设为向量化接口）"
            warnings.append(f"API 向量化（{why}）未测得：{reason}{hint}")
            # Null, not absent: a --fail-under bound on one of them fails as "not measured".
            metrics.update(dict.fromkeys(_metrics(".api", per_role), None))
        else:
            notes.append(f"索引：{what}（{why}）")
            if api_unanswerable:
                notes.append("api：未计入，没有别的报告含有该部分："
                             + "，".join(f"{r} {n}" for r, n in sorted(api_unanswerable.items())))
            metrics.update(_metrics(".api", api_roles))
            worst += api_misses[:10]
            api_settings = s
    local, _ = ctx.index("local")
    typed, typed_notes, typed_worst = measure_typed_and_meant(ctx, local, api_settings)
    metrics.update(typed)
    notes += typed_notes
    worst += typed_worst
    return SuiteResult(name="retrieval", status="ok", metrics=metrics, worst=worst, notes=notes, warnings=warnings,
                       neutral=[m for m in metrics if m.endswith(".queries")])
