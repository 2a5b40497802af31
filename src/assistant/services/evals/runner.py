"""Run the chosen suites and collect one RunResult (with the versions of what was measured)."""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import assistant
from assistant.domain.profile import ProfileError, load_profile
from assistant.domain.rubric import RubricError, load_rubric
from assistant.services.drafting.prompt_files import prompt_dirs
from assistant.services.evals import SUITES
from assistant.services.evals.context import EvalContext
from assistant.services.evals.critique_suite import run_critique
from assistant.services.evals.defects import DefectsError, load_defects
from assistant.services.evals.draft_suite import CaseError, case_files, run_draft
from assistant.services.evals.gold import GoldError, load_gold_dir
from assistant.services.evals.parse_suite import run_parse
from assistant.services.evals.results import RunResult, SuiteResult
from assistant.services.evals.retrieval_suite import run_retrieval
from assistant.services.evals.unseen_suite import run_unseen
from assistant.services.evals.yoy_suite import run_yoy


class EvalError(ValueError):
    """Bad input to the eval (unknown suite, missing eval data): one line for the user."""


def _runner(name: str) -> Callable[[EvalContext], SuiteResult]:
    if name == "parse":
        return run_parse
    if name == "critique":
        return run_critique
    if name == "unseen":
        return run_unseen
    if name == "draft":
        return run_draft
    if name == "yoy":
        return run_yoy
    if name == "originality":
        from assistant.services.evals.originality_suite import run_originality

        return run_originality
    return run_retrieval


def resolve_suites(spec: str) -> list[str]:
    names = SUITES if spec in ("all", "") else [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise EvalError(f"没有套件 {'、'.join(unknown)}；只能是 {'、'.join(SUITES)} 或 all")
    return names


def _hash_files(paths: list[Path]) -> str:
    files = sorted(p for p in paths if p.is_file())
    h = hashlib.blake2b(digest_size=6)
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest() if files else "none"


def versions(ctx: EvalContext) -> dict[str, str]:
    from importlib import metadata, resources

    root = ctx.evals_dir.parent
    out = {"assistant": metadata.version("assistant")}
    try:
        out["git"] = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True, timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        out["git"] = "unknown"
    # The code measured, whether committed or not (a working tree with edits has the same git commit).
    pkg = Path(assistant.__file__).parent
    h = hashlib.blake2b(digest_size=6)
    for p in sorted(pkg.rglob("*.py")):
        h.update(str(p.relative_to(pkg)).encode() + b"\0" + p.read_bytes())
    out["code"] = h.hexdigest()

    # the prompts drafting reads: the user's prompts_dir (if set) over the bundled ones
    out["prompts"] = _hash_files([p for d in prompt_dirs(ctx.settings) if d.is_dir() for p in d.iterdir()
                                  if p.is_file()])
    data = resources.files("assistant.data")
    out["package_data"] = _hash_files([Path(str(data.joinpath(n.name))) for n in data.iterdir()
                                       if n.name.endswith(".yaml")])
    out["rubric"] = str(ctx.settings.rubric or "default")
    out["cases"] = _hash_files(list(ctx.cases_dir.glob("*.yaml")))
    out["gold"] = _hash_files(list(ctx.gold_dir.glob("*.yaml")))
    out["planted"] = _hash_files([ctx.defects_file]) + f" seed {ctx.seed} per-kind {ctx.per_kind}"
    out["model"] = ctx.settings.model if ctx.backend == "api" else "离线模板（不用模型）"
    out["embedding"] = (f"{ctx.settings.embedding} {ctx.settings.embedding_dim}-d"
                        + (f" {ctx.settings.embedding_model}" if ctx.settings.embedding == "api" else ""))
    return out


def check_data(ctx: EvalContext, suites: list[str]) -> None:
    """Every input the chosen suites read, loaded once before any of them runs: bad eval data or a bad
    --rubric is one line and exit 2 at once, not after minutes of other suites (with nothing written)."""
    if not ctx.evals_dir.is_dir():
        raise EvalError(f"{ctx.evals_dir}：没有评测数据目录（请设置 evals_dir 或 --evals-dir）")

    try:
        if any(s in suites for s in ("parse", "critique", "retrieval")):
            if not list(ctx.gold_dir.glob("*.yaml")):
                raise EvalError(f"{ctx.gold_dir}：没有标注文件")
            for g in load_gold_dir(ctx.gold_dir):
                g.source_path()  # the labelled file is there
        if "critique" in suites:
            if not ctx.defects_file.is_file():
                raise EvalError(f"{ctx.defects_file}：没有植入缺陷的定义")
            load_defects(ctx.defects_file)
        if "draft" in suites:
            for f in case_files(ctx):
                load_profile(f)
        if ctx.settings.rubric is not None and any(s in suites for s in ("critique", "draft")):
            load_rubric(ctx.settings.rubric)
    except (GoldError, DefectsError, ProfileError, CaseError, RubricError) as e:
        raise EvalError(str(e)) from e


def run(ctx: EvalContext, suites: list[str]) -> RunResult:
    check_data(ctx, suites)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    result = RunResult(started=started, seconds=0.0, backend=ctx.backend, settings=ctx.settings.masked(),
                       versions=versions(ctx))
    try:
        for name in suites:
            _run_one(ctx, name, result)
    finally:
        ctx.close()
    result.seconds = round(time.perf_counter() - t0, 2)
    return result


def _run_one(ctx: EvalContext, name: str, result: RunResult) -> None:
    t = time.perf_counter()
    try:
        res = _runner(name)(ctx)
    except (GoldError, DefectsError, ProfileError, CaseError) as e:
        raise EvalError(str(e)) from e
    except Exception as e:  # a bug in what is measured: recorded as this suite's error, the others still run
        res = SuiteResult(name=name, status="error", reason=f"{type(e).__name__}: {e}".splitlines()[0][:300])
    res.seconds = round(time.perf_counter() - t, 2)
    res.metrics[f"{name}.seconds"] = res.seconds if res.status == "ok" else None
    res.lower_is_better.append(f"{name}.seconds")
    result.suites[name] = res
