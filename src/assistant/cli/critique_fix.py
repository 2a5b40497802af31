"""`assistant critique FILE --fix [--out FIXED]`: write the safely fixed copy, print what changed and what is left.

A module of its own so that critique_cmds.py only declares the options and calls `run_fix`. Only typer is imported
at load; the services load when the fix runs.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.common import UserError, warn

if TYPE_CHECKING:
    from assistant.domain.rubric import Rubric
    from assistant.services.critique.fix import FixReport
    from assistant.settings import Settings


def run_fix(file: str, out: Path | None, *, fix: bool, fmt: str, rubric: Rubric, year: int | None,
            settings: Settings) -> int:
    """Fix, print, and return the exit code: 1 when errors remain, else 0. Bad input raises UserError."""
    from assistant.domain.loader import LoadError
    from assistant.services.critique import NotAReportError
    from assistant.services.critique.fix import FixError, fix_file

    if not fix:
        raise UserError("--out 只能与 --fix 一起使用")
    if file == "-":
        raise UserError("--fix 需要一个文件，不能读标准输入")
    try:
        report = fix_file(Path(file), out, rubric=rubric, year=year, settings=settings)
    except (LoadError, NotAReportError, FixError) as e:
        raise UserError(str(e)) from e
    for note in report.remaining.notes:
        warn(note)
    typer.echo(render_json(report) if fmt == "json" else render_fix(report))
    return 1 if report.remaining.has_errors else 0


def render_fix(report: FixReport) -> str:
    from assistant.services.critique.fix import CHECK_ZH

    lines = [f"修订稿：{report.output}（原文件 {report.source} 未改动）"]
    if report.changes:
        lines.append(f"改动 {len(report.changes)} 处：")
        for c in report.changes:
            lines.append(f"  第{c.line}行【{CHECK_ZH.get(c.check, c.check)}】")
            lines.append(f"    - {c.before}")
            lines.append(f"    + {c.after}")
    else:
        lines.append("没有可以安全修订的内容，未作改动")
    rest = report.remaining
    lines.append(f"修订后复查：错误 {rest.score.errors}，警告 {rest.score.warnings}，结构分 {rest.score.structure}/100")
    counts = Counter(f.check for f in rest.findings)
    if counts:
        lines.append("仍需人工处理：" + "，".join(f"{check} {n} 条" for check, n in counts.most_common()))
        lines.append(f"逐条查看：assistant critique {report.output}")
    return "\n".join(lines)


def render_json(report: FixReport) -> str:
    data = report.model_dump(mode="json", include={"source", "output", "changes"})
    data["remaining"] = {"score": report.remaining.score.model_dump(),
                         "findings": [f.model_dump(mode="json") for f in report.remaining.findings]}
    return json.dumps(data, ensure_ascii=False, indent=2)
