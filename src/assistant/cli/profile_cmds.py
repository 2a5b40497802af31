"""`assistant profile init|extract`: a unit profile by questions at the terminal, or proposed from what a unit
already has (a work summary, a ledger, last year's report). Arguments, questions and printing only; the work
is in assistant.services.profile_extract (imported inside each command)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import typer

from assistant.cli.common import UserError, warn

profile_app = typer.Typer(help="建立本单位情况档案（YAML）：问答填写，或从工作总结、台账中提取。", no_args_is_help=True)

FORCE = typer.Option(False, "--force", help="覆盖已有的档案文件")


def _ask(question: str, default: str = "") -> str:
    return str(typer.prompt(question, default=default, show_default=bool(default))).strip()


def _ask_int(question: str, default: int, low: int, high: int) -> int:
    while True:
        raw = _ask(question, str(default))
        if raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        typer.echo(f"请填 {low} 到 {high} 之间的整数")


def _ask_kind() -> str:
    from assistant.domain.profile import UNIT_KIND_ALIASES, UNIT_KINDS

    typer.echo("单位类型：" + "  ".join(f"{i}. {k}" for i, k in enumerate(UNIT_KINDS, 1)))
    while True:
        raw = _ask("单位类型（填序号或名称）")
        if raw.isdigit() and 1 <= int(raw) <= len(UNIT_KINDS):
            return UNIT_KINDS[int(raw) - 1]
        kind = UNIT_KIND_ALIASES.get(raw, raw)
        if kind in UNIT_KINDS:
            return kind
        typer.echo(f"请填 1–{len(UNIT_KINDS)} 的序号或上面列出的名称")


def _ask_level() -> str | None:
    while True:
        raw = _ask("层级（省/市/县/乡/村，可空）")
        if raw in ("", "省", "市", "县", "乡", "村"):
            return raw or None
        typer.echo("请填 省、市、县、乡、村 之一，或直接回车跳过")


def _ask_list(question: str) -> list[str]:
    out: list[str] = []
    while True:
        raw = _ask(f"第{len(out) + 1}条{question}（直接回车结束）")
        if not raw:
            return out
        out.append(raw)


def _ask_work_items() -> list[dict[str, object]]:
    from assistant.services.profile_extract.figures import figure_texts

    items: list[dict[str, object]] = []
    typer.echo("下面逐条填写本年度的工作事项，每条一句话，写明数字（如：全年发展党员12名）。")
    while True:
        text = _ask(f"第{len(items) + 1}条工作事项（直接回车结束）")
        if not text:
            if items:
                return items
            typer.echo("至少要填一条工作事项")
            continue
        if len(text) < 2:
            typer.echo("一条工作事项至少两个字")
            continue
        found = " ".join(figure_texts(text))
        raw = _ask("  其中的数字（连同单位，用空格或顿号分隔；回车采用所示）", found)
        figures = [f for f in re.split(r"[\s、，,；;]+", raw) if f]
        for f in figures:
            if f not in text:
                typer.echo(f"  提示：“{f}”不在这句话里，起草时会当作这条的数字使用，请确认")
        area = _ask("  属于哪个方面（如 组织建设；可空）")
        items.append({"text": text, "figures": figures, **({"area": area} if area else {})})


def _ask_rectifications() -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    while True:
        feedback = _ask(f"第{len(out) + 1}条上年度述职评议反馈的问题（直接回车结束）")
        if not feedback:
            return out
        action = ""
        while len(action) < 2:
            action = _ask("  整改措施")
        status = _ask("  整改状态（已整改 / 持续整改）", "已整改")
        out.append({"feedback": feedback, "action": action, "status": status})


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")


@profile_app.command("init")
def init_cmd(out: Path = typer.Argument(Path("本单位.yaml"), help="写入的档案文件（.yaml）"), force: bool = FORCE) -> None:
    """在终端逐项问答，生成本单位情况档案（起草用的 --facts 文件）。"""
    from pydantic import ValidationError

    from assistant.domain.profile import UnitProfile
    from assistant.domain.validation import validation_summary
    from assistant.services.profile_extract.render import ProfileWriteError, profile_yaml, write_profile

    if out.exists() and not force:
        raise UserError(f"{out} 已存在，未覆盖；要覆盖请加 --force")
    typer.echo(f"逐项填写本单位情况，写入 {out}。可空的项直接回车跳过。")
    data: dict[str, object] = {"unit_name": ""}
    while len(str(data["unit_name"])) < 2:
        data["unit_name"] = _ask("单位名称（如 某县人民医院党委）")
    data["unit_kind"] = _ask_kind()
    data["level"] = _ask_level()
    data["year"] = _ask_int("述职年度", dt.date.today().year - 1, 2000, 2100)
    data["writer_position"] = _ask("述职人职务（如 党委书记，可空）") or None
    data["superior_org"] = _ask("上级党组织（如 县委组织部，可空）") or None
    data["target_length"] = _ask_int("目标字数", 3000, 500, 20000)
    data["work_items"] = _ask_work_items()
    data["problems"] = _ask_list("存在的问题")
    data["rectifications"] = _ask_rectifications()
    try:
        profile = UnitProfile.model_validate({k: v for k, v in data.items() if v is not None})
        write_profile(out, profile_yaml(profile), force)
    except ValidationError as e:
        raise UserError(f"填写的内容没有通过校验，未写入：{validation_summary(e)}") from e
    except ProfileWriteError as e:
        raise UserError(str(e)) from e
    warn(f"已写入 {out}：{len(profile.work_items)} 条工作事项；起草：assistant draft report --facts {out}")


@profile_app.command("extract")
def extract_cmd(
    source: Path = typer.Argument(..., help="工作总结或台账：.docx、.txt、.md 或 .xlsx"),
    previous: Path | None = typer.Option(None, "--previous", help="上年度述职报告（.docx 或 .txt），取其中的问题作整改条目"),
    out: Path | None = typer.Option(None, "--out", "-o", help="写入的档案文件；不给则打印出来"),
    force: bool = FORCE,
    backend: str = typer.Option("auto", "--backend", help="offline（按规则）| api（请模型，数字逐个核对原文）| auto"),
    year: int | None = typer.Option(None, "--year", help="材料应属的年度；材料写的是别的年份时给出警告"),
) -> None:
    """从工作总结、台账（和上年度述职报告）中提取一份待核对的本单位情况档案。"""
    from assistant.services.llm import LLMError
    from assistant.services.profile_extract.extract import propose
    from assistant.services.profile_extract.render import (
        ProfileWriteError,
        proposal_yaml,
        validate_text,
        write_profile,
    )
    from assistant.services.profile_extract.sources import SourceError
    from assistant.settings import SettingsError, load_settings

    if backend not in ("auto", "api", "offline"):
        raise UserError(f"--backend 只能是 offline、api 或 auto，不能是 {backend!r}")
    if out is not None and out.exists() and not force:
        raise UserError(f"{out} 已存在，未覆盖；要覆盖请加 --force")
    try:
        settings = load_settings({})
    except SettingsError as e:
        raise UserError(str(e)) from e
    if backend == "api" and not settings.api_configured:
        raise UserError("--backend api 需要模型接口：请设置 ASSISTANT_BASE_URL 和 ASSISTANT_API_KEY，或改用 --backend offline")
    chosen = "api" if backend == "api" or (backend == "auto" and settings.api_configured) else "offline"
    if backend == "auto" and chosen == "offline":
        warn("未配置模型接口，按离线规则提取")
    try:
        proposal = propose(source, previous=previous, year=year, backend=chosen, settings=settings, progress=warn)
        text = proposal_yaml(proposal)
        if out is None:
            validate_text(text)
        else:
            write_profile(out, text, force)
    except (SourceError, ProfileWriteError) as e:
        raise UserError(str(e)) from e
    except LLMError as e:
        raise UserError(f"模型调用失败，未写入：{e}", 1) from e
    if out is None:
        typer.echo(text, nl=False)
    for w in proposal.warnings:
        warn(w)
    for n in proposal.notes:
        warn(f"说明：{n}")
    n_fig = sum(len(w.figures) for w in proposal.work_items)
    rect = f"，{len(proposal.rectifications)} 条上年度问题待确认" if proposal.rectifications else ""
    warn(f"提取了 {len(proposal.work_items)} 条工作事项（{n_fig} 个数字，均与原文逐字核对）{rect}"
         + (f"；已写入 {out}" if out else "") + "。这是待核对的草稿，请按文件开头的说明逐项核对")
