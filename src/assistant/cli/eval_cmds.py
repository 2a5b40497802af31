"""`assistant eval run|compare|variants`: the eval suite from the command line (prints only; work in services).

Only typer is imported at load; the services load inside each command, so `assistant --help` starts fast.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from assistant.cli.common import UserError, warn
from assistant.domain.oserrors import os_reason

eval_app = typer.Typer(help="评测起草、检查、解析和检索的效果，各次运行结果可以相互比较。",
                       no_args_is_help=True)


def _settings(**overrides: Any) -> Any:
    from assistant.settings import SettingsError, load_settings

    try:
        return load_settings(overrides)
    except SettingsError as e:
        raise UserError(str(e)) from e


class _Bar:
    """A progress bar on stderr: redrawn in place on a terminal, one line per finished suite otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def __call__(self, suite: str, done: int, total: int) -> None:
        if self.tty:
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r{suite:<14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif done >= total:
            warn(f"{suite}：已完成 {total}/{total}")


_STATUS_ZH = {"same": "不变", "better": "变好", "changed": "有变化", "new": "新增", "gone": "缺失"}


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return [line(header), line(tuple("-" * w for w in widths)), *[line(r) for r in rows]]


def _fail(messages: list[str], summary: str) -> None:
    for m in messages:
        warn(m)
    raise UserError(summary, code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


@eval_app.command("run")
def eval_run(
    suite: str = typer.Option("all", "--suite", help="parse、critique、draft、retrieval（可用逗号分隔多个）或 all"),
    backend: str = typer.Option("offline", "--backend", help="offline（不用模型）或 api（用配置的模型）"),
    out: Path | None = typer.Option(None, "--out", help="输出目录（默认：数据目录下的 eval/时间）"),
    fail_under: list[str] = typer.Option([], "--fail-under", metavar="指标=值",
                                         help="指标低于该值时以 1 退出；可重复或用逗号分隔"),
    seed: int = typer.Option(0, "--seed", help="植入缺陷变体的随机种子"),
    per_kind: int = typer.Option(8, "--per-kind", min=1, max=50, help="每篇种子报告、每种缺陷生成的变体数"),
    case: list[str] = typer.Option([], "--case", help="只评这些用例文件（文件名，可不带扩展名）；可重复"),
    evals_dir: Path | None = typer.Option(None, "--evals-dir", help="含 cases/、gold/、planted/ 的目录（默认：仓库的 evals/）"),
    rubric: Path | None = typer.Option(None, "--rubric", help="用这个评分细则 YAML 代替默认的"),
    as_json: bool = typer.Option(False, "--json", help="输出 results.json 的内容，不输出表格"),
    split: str = typer.Option("all", "--split", help="unseen 套件用哪部分：dev、test 或 all"),
) -> None:
    """运行评测套件，写出 results.json 和 report.md，检查 --fail-under 下限。"""
    from assistant.services.evals.compare import BoundsError, check_bound_suites, check_bounds, parse_bounds
    from assistant.services.evals.context import EvalContext
    from assistant.services.evals.results import metric_rows, new_run_dir, not_run_lines, write_results
    from assistant.services.evals.runner import EvalError, resolve_suites, run

    if split not in ("dev", "test", "all"):
        raise UserError(f"--split “{split}”：只能是 dev、test 或 all")
    if backend not in ("offline", "api"):
        raise UserError(f"--backend “{backend}”：只能是 offline 或 api")
    try:
        suites = resolve_suites(suite)
        bounds = parse_bounds(fail_under)
        check_bound_suites(bounds, suites)  # before the run, not after minutes of it
    except (EvalError, BoundsError) as e:
        raise UserError(str(e)) from e
    settings = _settings(rubric=rubric, evals_dir=evals_dir)
    if backend == "api" and not settings.api_configured:
        raise UserError("--backend api 需要配置 API：设置 base_url 和 api_key（ASSISTANT_BASE_URL、OPENAI_API_KEY）")
    from assistant.settings import data_home

    if out is not None and out.exists() and not out.is_dir():  # said now, not after the whole run
        raise UserError(f"--out {out}：已存在，且不是目录")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")  # the run's start names its folder, made when it ends
    ctx = EvalContext(settings=settings, evals_dir=settings.evals_dir, backend=backend, seed=seed,
                      per_kind=per_kind, case_filter=case, progress=_Bar(),
                      splits=("dev", "test") if split == "all" else (split,))
    try:
        result = run(ctx, suites)
    except EvalError as e:
        raise UserError(str(e)) from e
    out_dir = out or data_home() / "eval" / stamp
    try:
        out_dir = out or new_run_dir(data_home() / "eval", stamp)
        rj, rm = write_results(result, out_dir)
    except OSError as e:
        raise UserError(f"{out_dir}：无法写入结果（{os_reason(e)}）") from e
    try:
        failures = check_bounds(result, bounds, suites)
    except BoundsError as e:
        raise UserError(f"{e}（结果已写入 {out_dir}）") from e
    if as_json:
        typer.echo(rj.read_text(encoding="utf-8"), nl=False)
    else:
        for line in _table(metric_rows(result), ("套件", "指标", "数值")):
            typer.echo(line)
        for line in not_run_lines(result):
            typer.echo(line)
        typer.echo(f"\n用时 {result.seconds:.1f} 秒；已写出 {rj} 和 {rm}")
    for sr in result.suites.values():
        for w in sr.warnings:
            warn(f"{sr.name}：警告：{w}")
    errors = [f"套件 {s.name} 运行失败：{s.reason}" for s in result.suites.values() if s.status == "error"]
    if errors or failures:
        _fail(errors + [f"未达下限：{f}" for f in failures],
              f"{len(failures)} 个下限未达到，{len(errors)} 个套件运行失败")


@eval_app.command("fit-parts")
def eval_fit_parts(
    evals_dir: Path | None = typer.Option(None, "--evals-dir", help="含 gold/ 和 unseen/ 的目录（默认：仓库的 evals/）"),
    out: Path | None = typer.Option(None, "--out", help="权重写到哪里（默认：程序包的 "
                                    "data/part_model.yaml）"),
    epochs: int = typer.Option(20, "--epochs", min=1, max=500, help="在 dev 报告上训练的轮数"),
    seed: int = typer.Option(0, "--seed", help="读取报告顺序的随机种子"),
) -> None:
    """在 dev 报告上拟合部分分类器的权重（不用 test 部分）。"""
    from assistant.services.evals.fit_parts import fit_and_write
    from assistant.services.evals.gold import GoldError

    settings = _settings(evals_dir=evals_dir)
    try:
        path, note = fit_and_write(settings.evals_dir, out, epochs, seed)
    except GoldError as e:
        raise UserError(str(e)) from e
    typer.echo(f"{note}\n已写出 {path}")


@eval_app.command("fit-answers")
def eval_fit_answers(
    evals_dir: Path | None = typer.Option(None, "--evals-dir", help="含 unseen/ 的目录（默认：仓库的 evals/）"),
    out: Path | None = typer.Option(None, "--out", help="权重写到哪里（默认：程序包的 data/answer_model.yaml）"),
    pos_weight: float = typer.Option(5.0, "--pos-weight", min=1.0, max=100.0, help="无措施问题（正例）的权重"),
) -> None:
    """在 unseen 报告的植入缺陷上拟合“问题无措施回应”检查的配对模型。"""
    from assistant.services.evals.fit_answers import fit_and_write
    from assistant.services.evals.gold import GoldError

    settings = _settings(evals_dir=evals_dir)
    try:
        path, note = fit_and_write(settings.evals_dir, settings.rubric, out, pos_weight)
    except GoldError as e:
        raise UserError(str(e)) from e
    typer.echo(f"{note}\n已写出 {path}")


@eval_app.command("compare")
def eval_compare(
    old: Path = typer.Argument(..., metavar="旧结果", help="较早一次运行的 results.json（或其所在目录）"),
    new: Path = typer.Argument(..., metavar="新结果", help="较晚一次运行的 results.json（或其所在目录）"),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression", help="有指标变差时以 1 退出"),
    only_changed: bool = typer.Option(False, "--changed", help="只显示有变化的指标"),
) -> None:
    """并排比较两次运行的各项指标及变化，标出变差的。"""
    from assistant.services.evals.compare import compare, differences
    from assistant.services.evals.results import ResultsError, load_results

    try:
        a, b = load_results(old), load_results(new)
    except ResultsError as e:
        raise UserError(str(e)) from e
    rows = compare(a, b)
    shown = [r for r in rows if r.status != "same"] if only_changed else rows
    color = sys.stdout.isatty()
    cells = [(*r.cells()[:4], "变差" if r.status == "worse" else _STATUS_ZH.get(r.status, r.status)) for r in shown]
    for i, line in enumerate(_table(cells, ("指标", "旧", "新", "变化", ""))):
        status = shown[i - 2].status if i >= 2 else ""
        if color and status in ("worse", "better"):
            line = typer.style(line, fg="red" if status == "worse" else "green", bold=status == "worse")
        typer.echo(line)
    for d in differences(a, b):
        typer.echo(f"注意：两次运行的条件不同：{d}")
    worse = [r for r in rows if r.status == "worse"]
    typer.echo(f"\n变差 {len(worse)} 项，变好 {sum(r.status == 'better' for r in rows)} 项"
               f"（{a.started} → {b.started}）")
    if worse:  # named again below the table: a CI log has no colour, and the table can be long
        typer.echo("变差：" + "，".join(r.metric for r in worse))
    if worse and fail_on_regression:
        raise UserError(f"{len(worse)} 项指标变差：" + "，".join(r.metric for r in worse), code=1)


@eval_app.command("variants")
def eval_variants(
    out: Path = typer.Argument(..., metavar="目录", help="变体写到这个目录（每个一份 .txt，另有 index.json）"),
    seed: int = typer.Option(0, "--seed", help="植入缺陷变体的随机种子"),
    per_kind: int = typer.Option(8, "--per-kind", min=1, max=50, help="每篇种子报告、每种缺陷生成的变体数"),
    evals_dir: Path | None = typer.Option(None, "--evals-dir", help="含 gold/ 的目录（默认：仓库的 evals/）"),
) -> None:
    """写出植入缺陷的变体及应查出的问题，供阅读或手动检查。"""
    from assistant.services.evals.context import EvalContext
    from assistant.services.evals.defects import DefectsError
    from assistant.services.evals.gold import GoldError
    from assistant.services.evals.variants_io import write_variants

    settings = _settings(evals_dir=evals_dir)
    ctx = EvalContext(settings=settings, evals_dir=settings.evals_dir, seed=seed, per_kind=per_kind)
    try:
        n = write_variants(ctx, out)
    except (GoldError, DefectsError) as e:
        raise UserError(str(e)) from e
    except OSError as e:
        raise UserError(f"{out}：无法写入（{os_reason(e)}）") from e
    typer.echo(f"已把 {n} 个变体和 index.json 写到 {out}")
