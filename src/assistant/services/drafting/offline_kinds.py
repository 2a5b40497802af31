"""Kinds of problem (prompts/offline.yaml `problem_kinds`): which kind an admitted problem is of, and the usual
direction of its cause and of its measure. The specifics stay slots for the writer to fill."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.services.drafting.prompt_files import PromptError


def _list(v: Any) -> list[str]:
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


@dataclass(frozen=True)
class Kind:
    name: str
    keys: tuple[str, ...] = ()
    focus: str = ""
    detail: str = "具体表现和典型事例"
    problem: str = ""
    cause_title: list[str] = field(default_factory=list)
    subjective: list[str] = field(default_factory=list)
    objective: str = ""
    measure_title: list[str] = field(default_factory=list)
    measure: list[str] = field(default_factory=list)

    @property
    def is_default(self) -> bool:
        return not self.keys

    @classmethod
    def from_yaml(cls, d: Any, *, default: bool = False) -> Kind:
        if not isinstance(d, dict) or not d.get("kind"):
            raise PromptError(f"offline.yaml：每类问题至少要有 `kind`：{d!r}")
        k = cls(name=str(d["kind"]), keys=() if default else tuple(_list(d.get("keys"))),
                focus=str(d.get("focus") or ""), detail=str(d.get("detail") or "具体表现和典型事例"),
                problem=str(d.get("problem") or ""), cause_title=_list(d.get("cause_title")),
                subjective=_list(d.get("subjective")), objective=str(d.get("objective") or ""),
                measure_title=_list(d.get("measure_title")), measure=_list(d.get("measure")))
        if not default and not k.keys:
            raise PromptError(f"offline.yaml：问题类别 {k.name} 没有关键词")
        if not k.subjective or not k.measure:
            raise PromptError(f"offline.yaml：问题类别 {k.name} 需要 `subjective` 和 `measure`")
        return k


class Kinds:
    """The table, with its default for a problem of no listed kind."""

    def __init__(self, pat: dict[str, Any]) -> None:
        self.kinds = [Kind.from_yaml(d) for d in pat.get("problem_kinds") or []]
        self.default = Kind.from_yaml(pat.get("problem_kind_default") or {
            "kind": "其他", "subjective": "我对这项工作研究谋划不够深入，推动落实的措施还不够有力",
            "measure": "逐项明确整改措施、责任人和完成时限，跟踪问效、对账销号"}, default=True)
        self.by_unit: dict[str, list[str]] = {str(k): _list(v) for k, v in (pat.get("unit_problem_kinds") or {}).items()}

    def classify(self, text: str) -> Kind:
        """The kind whose keys the text contains most (by characters); the table's order breaks ties."""
        best, score = self.default, 0
        for k in self.kinds:
            s = sum(len(key) for key in k.keys if key in text)
            if s > score:
                best, score = k, s
        return best

    def named(self, name: str) -> Kind | None:
        return next((k for k in self.kinds if k.name == name), None)

    def for_unit(self, unit_kind: str) -> list[Kind]:
        """The usual problems of a kind of unit, for a profile that admits none."""
        names = self.by_unit.get(unit_kind) or self.by_unit.get("default") or [k.name for k in self.kinds[:3]]
        return [k for n in names if (k := self.named(n)) is not None]


# Which side a cause the writer gave is on: the words say 主观/客观, or tell it (我…认识不够 / 外出务工多).
_SUBJ = re.compile(r"主观|我|认识|重视|意识|思想上|谋划|研究不|办法不多|韧劲|精力|统筹|主动|满足于|重[^，。；]{1,4}轻")
_OBJ = re.compile(r"客观|外出|务工|流动|任务重|任务繁重|兼职|分散|点多面广|经费|人员少|人手|条件|基础薄弱|时间难以|难以保证")


def side(cause: str) -> str | None:
    """"subjective", "objective" or None (cannot tell)."""
    if "客观" in cause and "主观" not in cause:
        return "objective"
    if "主观" in cause and "客观" not in cause:
        return "subjective"
    if "主观" in cause and "客观" in cause:
        return "both"
    s, o = len(_SUBJ.findall(cause)), len(_OBJ.findall(cause))
    if s == o:
        return None
    return "subjective" if s > o else "objective"
