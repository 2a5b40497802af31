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

eval_app = typer.Typer(help="Measure drafts, the critique, parsing and retrieval, comparably run to run.",
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
            warn(f"{suite}: {total}/{total} done")


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
    suite: str = typer.Option("all", "--suite", help="parse, critique, draft, retrieval (comma-separated) or all"),
    backend: str = typer.Option("offline", "--backend", help="offline (no model) or api (the configured model)"),
    out: Path | None = typer.Option(None, "--out", help="output directory (default: the data home's eval/<time>)"),
    fail_under: list[str] = typer.Option([], "--fail-under", metavar="METRIC=VALUE",
                                         help="exit 1 when METRIC is below VALUE; repeat or comma-separate"),
    seed: int = typer.Option(0, "--seed", help="seed of the planted-defect variants"),
    per_kind: int = typer.Option(8, "--per-kind", min=1, max=50, help="variants per seed report and defect kind"),
    case: list[str] = typer.Option([], "--case", help="only these case files (stem or name); repeatable"),
    evals_dir: Path | None = typer.Option(None, "--evals-dir", help="cases/, gold/, planted/ (default: the repository's evals/)"),
    rubric: Path | None = typer.Option(None, "--rubric", help="a rubric YAML instead of the default"),
    as_json: bool = typer.Option(False, "--json", help="print results.json to stdout instead of the table"),
    split: str = typer.Option("all", "--split", help="unseen suite: dev, test or all"),
) -> None:
    """Run the eval suites; write results.json and report.md; check --fail-under bounds."""
    from assistant.services.evals.compare import BoundsError, check_bound_suites, check_bounds, parse_bounds
    from assistant.services.evals.context import EvalContext
    from assistant.services.evals.results import metric_rows, not_run_lines, write_results
    from assistant.services.evals.runner import EvalError, resolve_suites, run

    if split not in ("dev", "test", "all"):
        raise UserError(f"--split {split!r}: choose dev, test or all")
    if backend not in ("offline", "api"):
        raise UserError(f"--backend {backend!r}: choose offline or api")
    try:
        suites = resolve_suites(suite)
        bounds = parse_bounds(fail_under)
        check_bound_suites(bounds, suites)  # before the run, not after minutes of it
    except (EvalError, BoundsError) as e:
        raise UserError(str(e)) from e
    settings = _settings(rubric=rubric, evals_dir=evals_dir)
    if backend == "api" and not settings.api_configured:
        raise UserError("--backend api needs an API: set base_url/api_key (ASSISTANT_BASE_URL, OPENAI_API_KEY)")
    from assistant.settings import data_home

    out_dir = out or data_home() / "eval" / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if out_dir.exists() and not out_dir.is_dir():  # said now, not after the whole run
        raise UserError(f"--out {out_dir}: exists and is not a directory")
    ctx = EvalContext(settings=settings, evals_dir=settings.evals_dir, backend=backend, seed=seed,
                      per_kind=per_kind, case_filter=case, progress=_Bar(),
                      splits=("dev", "test") if split == "all" else (split,))
    try:
        result = run(ctx, suites)
    except EvalError as e:
        raise UserError(str(e)) from e
    try:
        rj, rm = write_results(result, out_dir)
    except OSError as e:
        raise UserError(f"{out_dir}: cannot write results ({e.strerror})") from e
    try:
        failures = check_bounds(result, bounds, suites)
    except BoundsError as e:
        raise UserError(f"{e} (results written to {out_dir})") from e
    if as_json:
        typer.echo(rj.read_text(encoding="utf-8"), nl=False)
    else:
        for line in _table(metric_rows(result), ("suite", "metric", "value")):
            typer.echo(line)
        for line in not_run_lines(result):
            typer.echo(line)
        typer.echo(f"\n{result.seconds:.1f} s; wrote {rj} and {rm}")
    for sr in result.suites.values():
        for w in sr.warnings:
            warn(f"{sr.name}: warning: {w}")
    errors = [f"suite {s.name} failed: {s.reason}" for s in result.suites.values() if s.status == "error"]
    if errors or failures:
        _fail(errors + [f"fail-under: {f}" for f in failures],
              f"{len(failures)} bound(s) not met, {len(errors)} suite(s) failed")


@eval_app.command("fit-parts")
def eval_fit_parts(
    evals_dir: Path | None = typer.Option(None, "--evals-dir", help="gold/ and unseen/ (default: the repository's evals/)"),
    out: Path | None = typer.Option(None, "--out", help="where to write the weights (default: the package's "
                                    "data/part_model.yaml)"),
    epochs: int = typer.Option(20, "--epochs", min=1, max=500, help="passes over the dev reports"),
    seed: int = typer.Option(0, "--seed", help="seed of the order the reports are read in"),
) -> None:
    """Fit the part classifier's weights on the dev reports (never the test split)."""
    from assistant.services.evals.fit_parts import fit_and_write
    from assistant.services.evals.gold import GoldError

    settings = _settings(evals_dir=evals_dir)
    try:
        path, note = fit_and_write(settings.evals_dir, out, epochs, seed)
    except GoldError as e:
        raise UserError(str(e)) from e
    typer.echo(f"{note}\nwrote {path}")


@eval_app.command("compare")
def eval_compare(
    old: Path = typer.Argument(..., help="results.json (or its directory) of the earlier run"),
    new: Path = typer.Argument(..., help="results.json (or its directory) of the later run"),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression", help="exit 1 when a metric got worse"),
    only_changed: bool = typer.Option(False, "--changed", help="show only metrics that changed"),
) -> None:
    """Each metric of two runs side by side with its change; regressions marked."""
    from assistant.services.evals.compare import compare, differences
    from assistant.services.evals.results import ResultsError, load_results

    try:
        a, b = load_results(old), load_results(new)
    except ResultsError as e:
        raise UserError(str(e)) from e
    rows = compare(a, b)
    shown = [r for r in rows if r.status != "same"] if only_changed else rows
    color = sys.stdout.isatty()
    cells = [(*r.cells()[:4], "REGRESSION" if r.status == "worse" else r.status) for r in shown]
    for i, line in enumerate(_table(cells, ("metric", "old", "new", "change", ""))):
        status = shown[i - 2].status if i >= 2 else ""
        if color and status in ("worse", "better"):
            line = typer.style(line, fg="red" if status == "worse" else "green", bold=status == "worse")
        typer.echo(line)
    for d in differences(a, b):
        typer.echo(f"note: the runs differ in {d}")
    worse = [r for r in rows if r.status == "worse"]
    typer.echo(f"\n{len(worse)} regression(s), {sum(r.status == 'better' for r in rows)} improvement(s) "
               f"({a.started} → {b.started})")
    if worse:  # named again below the table: a CI log has no colour, and the table can be long
        typer.echo("REGRESSION: " + ", ".join(r.metric for r in worse))
    if worse and fail_on_regression:
        raise UserError(f"{len(worse)} metric(s) got worse: " + ", ".join(r.metric for r in worse), code=1)


@eval_app.command("variants")
def eval_variants(
    out: Path = typer.Argument(..., help="directory to write the variants to (one .txt each, plus index.json)"),
    seed: int = typer.Option(0, "--seed"),
    per_kind: int = typer.Option(8, "--per-kind", min=1, max=50),
    evals_dir: Path | None = typer.Option(None, "--evals-dir"),
) -> None:
    """Write the planted-defect variants with their expected findings, to read or to critique by hand."""
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
        raise UserError(f"{out}: cannot write ({e.strerror})") from e
    typer.echo(f"wrote {n} variants and index.json to {out}")
