"""`assistant critique FILE`: check a draft and print the findings grouped by report and part.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad input or usage.
Only typer is imported at load; the services load inside each command, so `assistant --help` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from assistant.cli.common import UserError, warn

if TYPE_CHECKING:
    from assistant.domain.models import Finding
    from assistant.services.critique import CritiqueResult
    from assistant.services.critique.previous import Previous
    from assistant.settings import Settings

_SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_SEV_COLOR = {"error": "red", "warning": "yellow", "info": "cyan"}
_WHOLE = {"missing-part", "part-order", "problems-share", "too-long"}
# Checks that can fire on most lines of copied material: the readable report shows them once per report.
_COLLAPSE = {"letter-d": 3}


def _collapse(fs: list[Finding]) -> list[Finding]:
    out = list(fs)
    for check, most in _COLLAPSE.items():
        mine = [f for f in fs if f.check == check]
        if len(mine) <= most:
            continue
        lines = "、".join(str(f.line) for f in mine[:12]) + ("…" if len(mine) > 12 else "")
        first = mine[0]
        summary = first.model_copy(update={"message": f"{first.message.split('，本行')[0]}：共{len(mine)}行（第{lines}行）",
                                           "column": None})
        out = [f for f in out if f.check != check]
        out.insert(0, summary)
    return out


def _groups(result: CritiqueResult) -> list[tuple[str, str, list[tuple[str, list[Finding]]]]]:
    """[(report title, header line, [(part label, findings)])] in document order."""
    from bisect import bisect_left, bisect_right

    from assistant.domain.models import ROLE_ZH, Role

    # Findings with a line, in line order (ties in their own order), so that each report takes its slice by
    # bisection: a compilation of thousands of reports must not cost reports × findings.
    lined = sorted((f.line, i) for i, f in enumerate(result.findings) if f.line is not None)
    keys = [ln for ln, _ in lined]
    covered: set[int] = set()
    parts_of: dict[str, list] = {}
    for p in result.parts:
        parts_of.setdefault(p.report, []).append(p)
    out = []
    for rep in result.reports:
        mine = sorted(i for _, i in lined[bisect_left(keys, rep.start_line):bisect_right(keys, rep.end_line)])
        covered.update(mine)
        fs = [result.findings[i] for i in mine]
        parts = parts_of.get(rep.id, [])
        given = {id(f) for f in fs}
        collapsed = [f for f in _collapse(fs) if id(f) not in given]
        groups: list[tuple[str, list[Finding]]] = [("整体结构", [f for f in fs if f.check in _WHOLE] + collapsed)]
        rest = [f for f in fs if f.check not in _WHOLE and f.check not in {c.check for c in collapsed}]
        for p in parts:
            label = f"{ROLE_ZH.get(Role(p.role), p.role)}（第{p.start_line}–{p.end_line}行）"
            groups.append((label, [f for f in rest if p.start_line <= (f.line or 0) <= p.end_line]))
        placed = {id(f) for _, g in groups for f in g}
        groups.append(("其他", [f for f in rest if id(f) not in placed]))
        s = rep.score
        head = (f"{rep.title}（{rep.year or '年度未知'}，第{rep.start_line}–{rep.end_line}行）  "
                f"结构分 {s.structure}，错误 {s.errors}，警告 {s.warnings}")
        out.append((rep.title, head, [(label, g) for label, g in groups if g]))
    loose = [f for i, f in enumerate(result.findings) if i not in covered]
    if loose:
        out.append(("", "报告之外", [("其他", loose)]))
    return out


def render_text(result: CritiqueResult, color: bool) -> str:
    def st(text: str, **kw: object) -> str:
        return typer.style(text, **kw) if color else text  # type: ignore[arg-type]

    lines = [st(f"述职报告检查：{result.source}", bold=True)]
    for _title, head, groups in _groups(result):
        lines += ["", st(head, bold=True)]
        for label, fs in groups:
            lines.append(st(f"  【{label}】", bold=True))
            for f in fs:
                where = f"第{f.line}行" + (f"第{f.column}列" if f.column else "")
                sev = st(_SEV_ZH[f.severity.value], fg=_SEV_COLOR[f.severity.value], bold=True)
                src = "（LLM）" if f.source == "llm" else ""
                lines.append(f"    {where} {sev} {f.check}{src}：{f.message}")
                if f.evidence:
                    lines.append(st(f"        原文：{f.evidence}", dim=True))
                if f.suggestion:
                    lines.append(f"        建议：{f.suggestion}")
    s = result.score
    verdict = st("有错误，需要修改", fg="red", bold=True) if s.errors else st("没有错误", fg="green", bold=True)
    lines += ["", f"合计：错误 {s.errors}，警告 {s.warnings}，结构分 {s.structure}/100 —— {verdict}"]
    return "\n".join(lines)


def render_md(result: CritiqueResult) -> str:
    lines = [f"# 述职报告检查：{result.source}"]
    for _title, head, groups in _groups(result):
        lines += ["", f"## {head}"]
        for label, fs in groups:
            lines += ["", f"### {label}", ""]
            for f in fs:
                where = f"第{f.line}行" + (f"第{f.column}列" if f.column else "")
                ev = f"：“{f.evidence}”" if f.evidence else ""
                lines.append(f"- **{_SEV_ZH[f.severity.value]}** `{f.check}` {where}{ev} —— {f.message}")
                if f.suggestion:
                    lines.append(f"  - 建议：{f.suggestion}")
    s = result.score
    lines += ["", f"**合计**：错误 {s.errors}，警告 {s.warnings}，结构分 {s.structure}/100"]
    if result.notes:
        lines += ["", *[f"> 注：{n}" for n in result.notes]]
    return "\n".join(lines)


def render_json(result: CritiqueResult) -> str:
    data = result.model_dump(mode="json")
    data["parts"] = [{k: p[k] for k in ("role", "start_line", "end_line", "report")} for p in data["parts"]]
    return json.dumps(data, ensure_ascii=False, indent=2)


def _annotate(out: Path, file: str, result: CritiqueResult | None = None, settings: Settings | None = None) -> list[str]:
    """--annotate: without a result, check the target (before the critique); with one, write the commented copy."""
    from assistant.services.critique import annotate as ann

    try:
        if result is None:
            ann.check_target(out, file)
            return []
        return ann.annotate(result, Path(file), out, settings)
    except ann.AnnotateError as e:
        raise UserError(str(e)) from e


def _previous(path: Path | None, facts: Path | None, settings: Settings) -> Previous | None:
    """--previous / --facts: last year's report and the profile's feedback, or None when neither is given."""
    if path is None and facts is None:
        return None
    from assistant.services.critique.previous import load_previous

    return load_previous(path, facts, settings)


def register(app: typer.Typer) -> None:
    @app.command("critique")
    def critique(
        file: str = typer.Argument(..., metavar="文件", help="要检查的稿子：.txt、.md 或 .docx；- 表示从标准输入读"),
        fmt: str = typer.Option("text", "--format", "-f", help="输出格式：text、md 或 json"),
        rubric_path: Path | None = typer.Option(None, "--rubric", help="用这个评分细则 YAML 代替自带的"),
        fix: bool = typer.Option(False, "--fix", help="只改不会改变原意的问题（半角标点、字母D、固定提法、编号），另存修订稿"),
        fix_out: Path | None = typer.Option(None, "--out", metavar="修订稿",
                                            help="--fix 的修订稿（默认：原文件名加“_修订”，放在原文件旁）"),
        year_arg: str | None = typer.Option(None, "--year", metavar="年份",
                                            help="报告所属年度（默认：从标题中读取）"),
        llm: bool | None = typer.Option(None, "--llm/--no-llm",
                                        help="加上大模型审读（默认：配置了 API 时开启）"),
        color: bool | None = typer.Option(None, "--color/--no-color", help="彩色输出（默认：在终端中开启）"),
        annotate_out: Path | None = typer.Option(None, "--annotate", metavar="批注稿.docx",
                                                 help="另存一份 .docx，每条意见作为批注标在所引的原文上"),
        previous_path: Path | None = typer.Option(None, "--previous", metavar="LAST",
                                                  help="上年度的述职报告（.txt/.md/.docx）：查重复的问题和措施、未整改的问题、沿用的旧年份"),
        facts: Path | None = typer.Option(None, "--facts", metavar="PROFILE",
                                          help="单位资料 YAML：读其中的 previous_report（上年度报告）和 rectifications（评议反馈问题）"),
        originality: bool | None = typer.Option(None, "--originality/--no-originality",
                                                help="与已索引的报告查重（默认：有索引时开启）"),
    ) -> None:
        """检查述职报告稿：缺少或顺序错乱的部分、占位符、过时提法、编号……"""
        from assistant.domain.loader import InputLimits, LoadError
        from assistant.domain.rubric import RubricError, load_rubric
        from assistant.services import critique as svc
        from assistant.services.critique.previous import PreviousError
        from assistant.settings import SettingsError, load_settings

        if fmt not in ("text", "md", "json"):
            raise UserError(f"--format 只能是 text、md 或 json，不能是“{fmt}”")
        if annotate_out is not None:  # before the critique, so a bad target costs no LLM call
            _annotate(annotate_out, file)
        # Read as text so that a bad value is one line like every other bad input, not a usage box.
        year = int(year_arg) if year_arg is not None and year_arg.strip().isdigit() else None
        if year_arg is not None and (year is None or not 1990 <= year <= 2100):
            raise UserError(f"--year {year_arg} 不像报告年度（应如 --year 2024）")
        try:
            settings = load_settings({"rubric": rubric_path})
            rubric = load_rubric(settings.rubric)
            use_llm = settings.api_configured if llm is None else llm
            opts: dict[str, Any] = {"rubric": rubric, "year": year, "llm": use_llm, "settings": settings,
                                    "originality": originality}
            if (previous_path is not None or facts is not None) and (fix or fix_out is not None):
                raise UserError("--previous/--facts 不能与 --fix 同用：请先修订，再与上年度报告比对")
            previous = _previous(previous_path, facts, settings)
            if fix or fix_out is not None:  # --fix: services/critique/fix.py, printed by cli/critique_fix.py
                from assistant.cli.critique_fix import run_fix

                raise typer.Exit(run_fix(file, fix_out, fix=fix, fmt=fmt, rubric=rubric, year=year, settings=settings))
            if file == "-":
                data = InputLimits.of(settings).read_stream(sys.stdin.buffer, "<stdin>")
                result = svc.critique_bytes(data, name="<stdin>", **opts, previous=previous)
            else:
                result = svc.critique_file(Path(file), **opts, previous=previous)
        except (LoadError, RubricError, SettingsError, svc.NotAReportError, PreviousError) as e:
            raise UserError(str(e)) from e
        if annotate_out is not None:
            result.notes.extend(_annotate(annotate_out, file, result, settings))
        for note in result.notes:
            warn(note)
        if fmt == "json":
            typer.echo(render_json(result))
        elif fmt == "md":
            typer.echo(render_md(result))
        else:
            use_color = color if color is not None else sys.stdout.isatty()
            typer.echo(render_text(result, use_color), color=use_color)
        if result.has_errors:
            raise typer.Exit(1)
