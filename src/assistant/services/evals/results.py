"""The results of an eval run: the model, results.json and report.md (written whole, then renamed)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

RESULTS_VERSION = 1


class SuiteResult(BaseModel):
    name: str
    status: Literal["ok", "not-run", "error"]
    reason: str = Field(default="", description="why a suite was not run or failed")
    metrics: dict[str, float | None] = Field(default_factory=dict, description="suite-prefixed metric names")
    lower_is_better: list[str] = Field(default_factory=list)
    neutral: list[str] = Field(default_factory=list, description="counts with no better direction (variants…)")
    detail: list[dict[str, Any]] = Field(default_factory=list, description="per case / variant / query")
    worst: list[dict[str, Any]] = Field(default_factory=list, description="the worst cases, with findings")
    table: list[dict[str, Any]] = Field(default_factory=list, description="rows shown as a table in report.md")
    notes: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list,
                                description="part of the suite could not be measured (its metrics are null)")
    # Written next to results.json (e.g. drafts/<case>.md, so a finding's line can be read), not inside it.
    files: dict[str, str] = Field(default_factory=dict, exclude=True)
    seconds: float = 0.0


class RunResult(BaseModel):
    version: int = RESULTS_VERSION
    started: str
    seconds: float
    backend: str
    settings: dict[str, Any]
    versions: dict[str, str] = Field(default_factory=dict, description="package, git commit, prompt and data hashes")
    suites: dict[str, SuiteResult] = Field(default_factory=dict)

    def metrics(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for s in self.suites.values():
            out.update(s.metrics)
        return out

    def lower_is_better(self) -> set[str]:
        return {m for s in self.suites.values() for m in s.lower_is_better}

    def neutral(self) -> set[str]:
        return {m for s in self.suites.values() for m in s.neutral}


class ResultsError(ValueError):
    pass


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_run_dir(root: Path, stamp: str) -> Path:
    """A results folder of its own under `root`, named by the run's start (20261202-143005): made now, so that two
    runs started in the same second get two folders (the second 20261202-143005-2) instead of writing into one."""
    root.mkdir(parents=True, exist_ok=True)
    for k in range(1, 1000):
        d = root / (stamp if k == 1 else f"{stamp}-{k}")
        try:
            d.mkdir()
        except FileExistsError:
            continue
        return d
    raise FileExistsError(f"{root}: {stamp} 的结果目录已有太多")


def write_results(run: RunResult, out_dir: Path) -> tuple[Path, Path]:
    rj, rm = out_dir / "results.json", out_dir / "report.md"
    for s in run.suites.values():
        for rel, text in s.files.items():
            parts = Path(rel).parts
            if Path(rel).is_absolute() or ".." in parts or not parts:
                raise ValueError(f"套件文件 {rel} 会写到 {out_dir} 之外")
            _atomic_write(out_dir / rel, text)
    _atomic_write(rj, json.dumps(run.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
    _atomic_write(rm, render_report(run))
    return rj, rm


def load_results(path: Path) -> RunResult:
    """A results.json, or a run directory holding one."""
    p = Path(path)
    if p.is_dir():
        p = p / "results.json"
    try:
        return RunResult.model_validate_json(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ResultsError(f"{path}：这里没有 results.json") from e
    except (ValidationError, UnicodeDecodeError, ValueError) as e:
        raise ResultsError(f"{p}：不是 `assistant eval run` 写出的 results.json") from e


def fmt(v: float | None) -> str:
    if v is None:
        return "n/a"
    if float(v).is_integer() and abs(v) >= 1:
        return str(int(v))
    return f"{v:.3f}"


def metric_rows(run: RunResult) -> list[tuple[str, str, str]]:
    """(suite, metric, value) for every metric, and one row per suite that was not run."""
    rows: list[tuple[str, str, str]] = []
    for s in run.suites.values():
        if s.status != "ok":
            rows.append((s.name, "未运行" if s.status == "not-run" else "运行失败", "（见下）"))
            continue
        rows += [(s.name, name, fmt(v)) for name, v in s.metrics.items()]
    return rows


def not_run_lines(run: RunResult) -> list[str]:
    return [f"{s.name}：{'未运行' if s.status == 'not-run' else '运行失败'}：{s.reason}"
            for s in run.suites.values() if s.status != "ok"]


def render_report(run: RunResult) -> str:
    out = [
        "# 评测报告",
        "",
        f"开始于 {run.started}，用时 {run.seconds:.1f} 秒，backend `{run.backend}`。",
        "",
        "版本：" + "，".join(f"{k} `{v}`" for k, v in run.versions.items()),
        "",
    ]
    for s in run.suites.values():
        out += [f"## {s.name}（{s.seconds:.1f} 秒）", ""]
        if s.status != "ok":
            out += [f"**未运行**（{s.status}）：{s.reason}", ""]
            continue
        out += ["| 指标 | 数值 |", "| --- | --- |"]
        out += [f"| {name} | {fmt(v)} |" for name, v in s.metrics.items()]
        out.append("")
        out += [f"- **警告**：{w}" for w in s.warnings]
        out += [f"- {n}" for n in s.notes]
        if s.notes or s.warnings:
            out.append("")
        if s.table:
            cols = list(s.table[0])
            out += ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
            out += ["| " + " | ".join(fmt(r.get(c)) if isinstance(r.get(c), float | None) else str(r.get(c))
                                      for c in cols) + " |" for r in s.table]
            out.append("")
        if s.worst:
            out += ["### 最差的用例", ""]
            for w in s.worst:
                head = {k: v for k, v in w.items() if not isinstance(v, list | dict)}
                out.append("- " + ", ".join(f"{k}: {v}" for k, v in head.items()))
                for k, v in w.items():
                    if isinstance(v, list) and v:
                        out += [f"  - {k}: {x}" for x in v[:12]]
                    elif isinstance(v, dict) and v:
                        out.append(f"  - {k}: " + ", ".join(f"{a} {fmt(b) if isinstance(b, float) else b}"
                                                         for a, b in v.items()))
            out.append("")
    return "\n".join(out) + "\n"
