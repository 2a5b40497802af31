"""`assistant draft outline|section|report` and `assistant doctor`. Arguments and printing only; the work
is in assistant.services.drafting (imported inside each command to keep start-up light)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from assistant.cli.common import UserError, warn
from assistant.domain.oserrors import os_reason

draft_app = typer.Typer(help="根据单位情况表（YAML）起草整篇报告、某一部分或提纲。",
                        no_args_is_help=True)

FACTS = typer.Option(..., "--facts", "-f", help="单位情况表（YAML），写法见 docs/drafting.md")
BACKEND = typer.Option("auto", "--backend", help="api（大模型）、offline（离线模板）或 auto（配置了 API 时用 api）")
OUT = typer.Option(None, "--out", "-o", help="写入文件：.md、.txt 或 .docx（按扩展名）")
OUTLINE_OUT = typer.Option(None, "--out", "-o", help="写入文件：.md 或 .txt（按扩展名）")
SOURCES = typer.Option(None, "--sources", help="另存一份 JSON：每部分参考了哪些片段及其得分")
DRY = typer.Option(False, "--dry-run", help="只列出将要发送的每个请求，不实际发送")
MODEL = typer.Option(None, "--model", help="代替设置项 model")
BASE_URL = typer.Option(None, "--base-url", help="代替设置项 base_url")
RUBRIC = typer.Option(None, "--rubric", help="评分细则 YAML（部分、顺序、标题）")
AS_JSON = typer.Option(False, "--json", help="以 JSON 输出结果")


_CHECK_ZH = {"settings": "设置", "prompts": "提示词", "index": "索引", "llm": "大模型"}


def _errors() -> tuple[type[BaseException], ...]:
    from assistant.services.drafting.inputs import DraftInputError
    from assistant.services.drafting.prompt_files import PromptError
    from assistant.services.drafting.writers import OutputError
    from assistant.services.llm import LLMError
    from assistant.settings import SettingsError

    return (DraftInputError, LLMError, OutputError, PromptError, SettingsError)


def _user_error(e: BaseException) -> UserError:
    """Bad input exits 2; a failing endpoint (LLMError) exits 1."""
    from assistant.services.llm import LLMError

    return UserError(str(e), 1 if isinstance(e, LLMError) else 2)


def _setup(facts: Path, backend: str, out: Path | None, **overrides: Any) -> tuple[Any, Any, Any, str]:
    from assistant.services.drafting.inputs import load_inputs, resolve_backend
    from assistant.services.drafting.writers import check_output_path
    from assistant.settings import load_settings

    if backend not in ("auto", "api", "offline"):
        raise UserError(f"--backend 只能是 api、offline 或 auto，不能是“{backend}”")
    try:
        settings = load_settings(overrides)
        profile, rubric = load_inputs(facts, settings)
        chosen, note = resolve_backend(backend, settings)  # type: ignore[arg-type]
        if out is not None:
            check_output_path(out)  # before any call is paid for
    except _errors() as e:
        raise _user_error(e) from e
    if note:
        warn(note)
    from assistant.services.doctor import settings_problem

    problem = settings_problem(settings)
    if problem:
        warn(f"警告：{problem}")
    if chosen == "offline":
        warn("离线模板生成：没有使用大模型；提交前请填好每一处【待补充】")
    return settings, profile, rubric, chosen


def _print_dry(plan: dict[str, Any], backend: str) -> None:
    typer.echo(json.dumps(plan, ensure_ascii=False, indent=2))
    warn(f"试运行：列出 {len(plan['requests'])} 个请求，未发送")


def _finish(result: Any, settings: Any, out: Path | None, sources: Path | None, as_json: bool,
            show_text: bool = True) -> None:
    from assistant.services.drafting.writers import text_for_output, write_result, write_sources

    try:
        if out is not None:
            write_result(result, out, settings)
        if sources is not None:
            write_sources(result, sources)
    except (OSError, *_errors()) as e:
        raise UserError(str(e) if not isinstance(e, OSError) else f"无法写入输出：{os_reason(e)}") from e
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    elif out is None and show_text:
        typer.echo(text_for_output(result), nl=False)
    for s in result.slots:
        warn(f"待补充 {s.slot}（{s.part.value}）：{s.reason}")
    failing = [p for p in result.parts if p.defects]
    for p in failing:
        warn(f"{p.role.value} 试了 {p.attempts} 次仍未通过检查：" + "；".join(p.defects))
    what = "离线模板" if result.backend == "offline" else f"api，模型 {result.model}"
    chars = sum(len(p.text) for p in result.parts)
    warn(f"已起草 {len(result.parts)} 个部分（{what}），{chars} 字，待补充 {len(result.slots)} 处"
         + (f"；已写入 {out}" if out else ""))
    if failing:
        raise typer.Exit(3)


@draft_app.command("report")
def draft_report_cmd(facts: Path = FACTS, backend: str = BACKEND, out: Path | None = OUT,
                     sources: Path | None = SOURCES, dry_run: bool = DRY, model: str | None = MODEL,
                     base_url: str | None = BASE_URL, rubric: Path | None = RUBRIC,
                     include: list[str] = typer.Option([], "--include", help="加上一个可选部分，如 insights"),
                     as_json: bool = AS_JSON) -> None:
    """起草整篇报告：按评分细则的顺序写出每一部分，各部分分别请求、并发进行。"""
    from assistant.services.drafting.dry_run import dry_run as plan
    from assistant.services.drafting.inputs import parse_role
    from assistant.services.drafting.report import draft_report

    try:
        roles = [parse_role(x) for x in include]
    except _errors() as e:
        raise _user_error(e) from e
    settings, profile, rb, chosen = _setup(facts, backend, out, model=model, base_url=base_url, rubric=rubric)
    try:
        if dry_run:
            _print_dry(plan("report", profile, settings, rb, include=roles, backend=chosen), chosen)
            return
        result = draft_report(profile, settings, backend=chosen, rubric=rb, include=roles, progress=warn)
    except _errors() as e:
        raise _user_error(e) from e
    _finish(result, settings, out, sources, as_json)


@draft_app.command("section")
def draft_section_cmd(role: str = typer.Argument(..., metavar="部分", help="opening、achievements、rectification、problems、"
                                                          "causes、insights、plans 或 closing"),
                      facts: Path = FACTS, backend: str = BACKEND, out: Path | None = OUT,
                      sources: Path | None = SOURCES, dry_run: bool = DRY, model: str | None = MODEL,
                      base_url: str | None = BASE_URL, rubric: Path | None = RUBRIC,
                      no_stream: bool = typer.Option(False, "--no-stream", help="不逐字显示，写完整个部分再输出"),
                      as_json: bool = AS_JSON) -> None:
    """起草一个部分，边写边显示（每句先核对依据）。"""
    from assistant.services.drafting.dry_run import dry_run as plan
    from assistant.services.drafting.inputs import parse_role
    from assistant.services.drafting.section import draft_section

    try:
        r = parse_role(role)
    except _errors() as e:
        raise _user_error(e) from e
    settings, profile, rb, chosen = _setup(facts, backend, out, model=model, base_url=base_url, rubric=rubric)
    try:
        stream = not no_stream and out is None and not as_json
        if dry_run:
            _print_dry(plan("section", profile, settings, rb, role=r, stream=stream, backend=chosen), chosen)
            return
        streamed: list[str] = []

        def show(text: str) -> None:
            streamed.append(text)
            sys.stdout.write(text)
            sys.stdout.flush()

        result = draft_section(profile, r, settings, backend=chosen, rubric=rb,
                               stream=show if stream and chosen == "api" else None, progress=warn)
    except _errors() as e:
        raise _user_error(e) from e
    show_text = True
    if streamed:
        typer.echo("")
        # what was streamed is the model's text, grounded; numbering and checks may still change it
        show_text = "".join(streamed).strip() != result.parts[0].text.strip()
        if show_text:
            warn("编号并检查后的该部分：")
    _finish(result, settings, out, sources, as_json, show_text=show_text)


@draft_app.command("outline")
def draft_outline_cmd(facts: Path = FACTS, backend: str = BACKEND, out: Path | None = OUTLINE_OUT,
                      dry_run: bool = DRY, model: str | None = MODEL, base_url: str | None = BASE_URL,
                      rubric: Path | None = RUBRIC, as_json: bool = AS_JSON) -> None:
    """报告提纲：按顺序列出各部分的编号标题和建议的条目标题。"""
    from assistant.services.drafting.dry_run import dry_run as plan
    from assistant.services.drafting.outline import draft_outline
    from assistant.services.drafting.writers import OFFLINE_BANNER, write_text_file

    if out is not None and out.suffix.lower() == ".docx":  # said before the profile is read or a call is paid
        raise UserError("提纲只能写成 .md 或 .txt")
    settings, profile, rb, chosen = _setup(facts, backend, out, model=model, base_url=base_url, rubric=rubric)
    try:
        if dry_run:
            _print_dry(plan("outline", profile, settings, rb, backend=chosen), chosen)
            return
        outline = draft_outline(profile, settings, backend=chosen, rubric=rb)
        banner = f"{OFFLINE_BANNER}\n" if chosen == "offline" else ""
        if out is not None:
            if out.suffix.lower() == ".docx":
                raise UserError("提纲只能写成 .md 或 .txt")
            md = (f"> {banner}\n" if banner else "") + outline.markdown
            write_text_file(out, md if out.suffix.lower() == ".md" else banner + outline.text)
    except _errors() as e:
        raise _user_error(e) from e
    except OSError as e:
        raise UserError(f"无法写入 {out}：{os_reason(e)}") from e
    if as_json:
        typer.echo(outline.model_dump_json(indent=2))
    elif out is None:
        typer.echo(banner + outline.text, nl=False)
    warn(f"提纲（{'离线模板' if chosen == 'offline' else 'api'}）：{len(outline.parts)} 个部分，"
         f"待补充 {len(outline.slots)} 处" + (f"；已写入 {out}" if out else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(draft_app, name="draft")

    @app.command("doctor")
    def doctor_cmd(model: str | None = MODEL, base_url: str | None = BASE_URL,
                   need_index: bool = typer.Option(False, "--need-index",
                                                   help="索引还没建好时判为失败"
                                                        "（search 和 corpus list 会这样）")) -> None:
        """检查设置、提示词、索引和大模型接口（发一个只要一个词的请求）。"""
        from assistant.services.doctor import doctor
        from assistant.settings import SettingsError, load_settings

        try:
            settings = load_settings({"model": model, "base_url": base_url})
        except SettingsError as e:
            raise UserError(str(e)) from e
        checks = doctor(settings, need_index)
        for c in checks:
            mark = {True: "正常", False: "失败", None: "跳过"}[c.ok]
            typer.echo(f"{mark} {_CHECK_ZH.get(c.name, c.name)}：{c.detail}")
        if any(c.ok is False for c in checks):
            raise typer.Exit(1)
