"""What every planter shares: its result, the lines it may edit, and how it records a planted defect."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.domain.models import Role
from assistant.domain.text import HAN_RE
from assistant.services.evals.defects import DefectDefs
from assistant.services.evals.seeds import Expected, Seed, Work


@dataclass
class Planted:
    work: Work
    scored: list[str]
    note: str


Planter = Callable[[Seed, DefectDefs, random.Random], Planted | None]

CJK = HAN_RE
SELF_LEVEL = re.compile(r"全([省市县州])")


def body_lines(seed: Seed, roles: tuple[Role, ...], avoid: str | None = None) -> list[int]:
    """Paragraph lines (ending in 。) of the given parts, without a known defect of check `avoid`."""
    bad = seed.known_lines(avoid) if avoid else set()
    return [
        n
        for n in seed.section_lines(*roles)
        if n not in bad and n > 1 and len(seed.lines[n - 1]) >= 40 and seed.lines[n - 1].rstrip().endswith("。")
    ]


def append(work: Work, key: int | str, sentence: str) -> None:
    row = work.find(key)
    row.text = row.text.rstrip() + sentence


def planted(defs: DefectDefs, kind: str, what: str, part: str | None = None, optional: bool = False) -> Expected:
    check = defs.check(kind)
    return Expected(check=check, match=defs.mode(check), part=part, origin="planted", optional=optional, what=what)


ACH = (Role.achievements,)
RECTIFICATION_CUES = ("整改", "反馈问题", "销号")
