"""A profile as YAML text with Chinese comments (what to check by hand), validated by the profile model
before it is written; written to a temp file and renamed, never over an existing file without `force`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.domain.profile import UNIT_KINDS, UnitProfile
from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import YamlError, load_yaml
from assistant.services.profile_extract.model import Found, Proposal
from assistant.services.profile_extract.sources import where_zh

UNIT_SLOT = "【待补充：单位名称】"
ACTION_SLOT = "【待补充：整改措施】"
TO_CONFIRM = "待确认"


class ProfileWriteError(ValueError):
    """The profile cannot be written (exists, invalid, disk): one Chinese line."""


def scalar(value: Any) -> str:
    """One YAML scalar or flow list, quoted only where YAML needs it (1:5 is quoted: YAML 1.1 reads it as 65)."""
    if isinstance(value, list):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6).strip()
    return yaml.safe_dump([value], allow_unicode=True, width=10**6)[2:].strip()


def _where(f: Found, prefix: str = "") -> str:
    return "、".join(prefix + where_zh(w) for w in f.where)


def _entry_note(f: Found) -> str:
    """A problem's or a priority's comment: where it stands and, when it carries figures, those figures as
    written (drafting takes them from the text: they must be confirmed like a work item's)."""
    note = _where(f) or "出处不明"
    return note + (f"；数字：{'、'.join(f.figures)}（照原文摘出，请核对）" if f.figures else "")


def _item_lines(items: list[Found], with_area: bool) -> list[str]:
    out = []
    for f in items:
        out.append(f"  - text: {scalar(f.text)}")
        out.append(f"    figures: {scalar(f.figures)}")
        if with_area and f.area:
            out.append(f"    area: {scalar(f.area)}")
        if f.where:
            out.append(f"    source: {scalar(_where(f))}")
    return out


def header(p: Proposal) -> list[str]:
    src = Path(p.source).name
    lines = [f"# 本文件由 assistant profile extract 从《{src}》自动提取（{'模型' if p.backend == 'api' else '离线规则'}），"
             "是待核对的草稿，不是定稿。",
             "# 使用前必须逐项人工核对：",
             "#   1. 单位名称、单位类型（unit_kind 是推测）、年份；层级、述职人职务、上级党组织请按实际填写；",
             "#   2. 每条工作事项（work_items）的文字和数字：数字都从原文逐字摘出，source 是出处，请对照原文核对，"
             "删去不属于本人抓党建的事项；",
             "#   3. 方面（area）按原文小标题归类，可以合并、改名；"]
    n = 4
    if p.rectifications:
        lines.append(f"#   {n}. 上年度问题整改（rectifications）：问题取自上年度述职报告，整改措施（action）和"
                     f"状态（status，现为“{TO_CONFIRM}”）须本人填写；")
        n += 1
    lines.append(f"#   {n}. 存在问题（problems）、原因（causes）、下一步打算（priorities）须本人撰写；"
                 "从材料中取出的几条只供参考，其中带数字的句子（数字照原文摘出，行末注明出处和数字）请逐条核对。")
    if p.notes or p.warnings:
        lines.append("# 提取时的说明：")
        lines += [f"#   - {x}" for x in p.warnings + p.notes]
    return lines


def proposal_yaml(p: Proposal) -> str:
    lines = header(p) + [""]
    unit = p.unit_name or UNIT_SLOT
    lines.append(f"unit_name: {scalar(unit)}" + ("  # 取自材料，请核对全称" if p.unit_name else
                                                  "  # 材料中没有找到单位名称，请填写"))
    lines.append(f"unit_kind: {scalar(p.unit_kind)}" + (f"  # 推测，请核对；可选：{'、'.join(UNIT_KINDS)}"
                                                       if p.kind_guessed else ""))
    lines.append(f"year: {p.year}" + ("  # 取自材料" if p.year_found else "  # 材料中没有读出年份，请核对"))
    lines += ["# level: 县            # 层级：省、市、县、乡、村，按实际填写后去掉行首的 #",
              "# writer_position: 党委书记   # 述职人职务",
              "# superior_org: 县委组织部     # 上级党组织",
              "target_length: 3000", "work_items:"]
    lines += _item_lines(p.work_items, with_area=True)
    if p.overflow:
        lines.append(f"# 以下 {len(p.overflow)} 条超过 work_items 的上限，未放入；请合并或删减后再放进去：")
        lines += ["#" + x[1:] for x in _item_lines(p.overflow, with_area=True)]
    if p.rectifications:
        lines.append("rectifications:  # 上年度问题，整改措施和状态须本人填写")
        for f in p.rectifications:
            lines += [f"  - feedback: {scalar(f.text)}", f"    action: {scalar(ACTION_SLOT)}",
                      f"    status: {TO_CONFIRM}"]
            if f.where:
                lines.append(f"    source: {scalar(_where(f, '上年度报告'))}")
    for name, items, why in (("problems", p.problems, "取自材料中讲问题的部分，请改写为本人的问题"),
                             ("priorities", p.priorities, "取自材料中讲下一步打算的部分，请核对")):
        if items:
            lines.append(f"{name}:  # {why}")
            lines += [f"  - {scalar(f.text)}  # {_entry_note(f)}" for f in items]
    return "\n".join(lines) + "\n"


def validate_text(text: str) -> UnitProfile:
    """The profile the text holds; ProfileWriteError when the profile model refuses it."""
    try:
        raw = load_yaml(text)
        return UnitProfile.model_validate(raw)
    except (YamlError, ValidationError) as e:
        why = validation_summary(e) if isinstance(e, ValidationError) else str(e)
        raise ProfileWriteError(f"生成的档案没有通过校验，未写入：{why}") from e


def write_profile(path: Path, text: str, force: bool) -> UnitProfile:
    """Validate, then write to a temp file beside `path` and rename; an existing file only with force."""
    from assistant.services.drafting.writers import OutputError, write_text_file

    if path.exists() and not force:
        raise ProfileWriteError(f"{path} 已存在，未覆盖；要覆盖请加 --force")
    if path.exists() and not path.is_file():
        raise ProfileWriteError(f"{path} 不是普通文件，无法写入")
    profile = validate_text(text)
    try:
        write_text_file(path, text)
    except OutputError as e:
        raise ProfileWriteError(f"无法写入 {path}：{e}") from e
    return profile


def profile_yaml(profile: UnitProfile) -> str:
    """A profile entered by hand (`profile init`), as YAML in the field order of docs/drafting.md."""
    data = profile.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    lines = ["# 由 assistant profile init 按问答生成；可以直接修改，字段说明见 docs/drafting.md。"]
    for key in ("unit_name", "unit_kind", "level", "year", "writer_position", "superior_org", "target_length"):
        if key in data:
            lines.append(f"{key}: {scalar(data[key])}")
    lines.append("work_items:")
    for w in data["work_items"]:
        lines.append(f"  - text: {scalar(w['text'])}")
        lines.append(f"    figures: {scalar(w.get('figures', []))}")
        if w.get("area"):
            lines.append(f"    area: {scalar(w['area'])}")
    if data.get("rectifications"):
        lines.append("rectifications:")
        for r in data["rectifications"]:
            lines += [f"  - feedback: {scalar(r['feedback'])}", f"    action: {scalar(r['action'])}",
                      f"    status: {scalar(r['status'])}"]
    for key in ("problems", "causes", "priorities"):
        if data.get(key):
            lines.append(f"{key}:")
            lines += [f"  - {scalar(x)}" for x in data[key]]
    return "\n".join(lines) + "\n"
