"""The length plan: the profile's target length split over the parts (problems and causes together the rubric's
problems_share of the body), over a part's slots, and read back from a draft (its facts plus what its slots ask).

Lengths are Chinese characters, counted as the notices count them (count_chinese: no punctuation or digits).
The LLM path asks each part for its share (messages.target_chars); the offline composer writes what the profile
gives and asks, in each slot, for the rest of its part's share (【待补充：…，约150字】).
"""

from __future__ import annotations

import re

from assistant.domain.checks.base import count_chinese
from assistant.domain.models import Role

# Weight of each part in the body outside problems and causes, and the split of problems/causes between them
# (docs/domain.md item 3: problems and causes together about a third; achievements the longest part).
OTHER_WEIGHTS: dict[Role, float] = {
    Role.opening: 0.07, Role.achievements: 0.46, Role.rectification: 0.12, Role.insights: 0.08,
    Role.plans: 0.29, Role.closing: 0.06,
}
PROBLEMS_OF_PC = 0.55  # problems' part of problems + causes
DEFAULT_ROLES = (Role.opening, Role.achievements, Role.rectification, Role.problems, Role.causes, Role.plans,
                 Role.closing)
PROBLEMS_SHARE = 1 / 3  # the default rubric's problems_share
MIN_SLOT = 20  # a slot asks for at least this many characters where the target leaves room…
LEAST_SLOT = 10  # …and never less, even where the profile's facts alone come near the target
_ASK = re.compile(r"【待补充[:：][^【】]*?约(\d+)字[^【】]*】")
_SLOT = re.compile(r"【待补充[:：][^【】]*】")


def shares(roles: tuple[Role, ...] | list[Role] = DEFAULT_ROLES, problems_share: float = PROBLEMS_SHARE
           ) -> dict[Role, float]:
    """Each part's share of the body: problems + causes get problems_share (when both are drafted), the other
    parts the rest by their weights."""
    roles = [r for r in roles if r != Role.title]
    pc = [r for r in roles if r in (Role.problems, Role.causes)]
    other = [r for r in roles if r not in pc]
    pc_total = problems_share if pc and other else (1.0 if pc else 0.0)
    out: dict[Role, float] = {}
    if len(pc) == 2:
        out[Role.problems], out[Role.causes] = pc_total * PROBLEMS_OF_PC, pc_total * (1 - PROBLEMS_OF_PC)
    elif pc:
        out[pc[0]] = pc_total
    weight = sum(OTHER_WEIGHTS.get(r, 0.1) for r in other)
    for r in other:
        out[r] = (1 - pc_total) * OTHER_WEIGHTS.get(r, 0.1) / weight
    return {r: out[r] for r in roles}


def part_length(target: int, role: Role, roles: tuple[Role, ...] | list[Role] = DEFAULT_ROLES,
                problems_share: float = PROBLEMS_SHARE) -> int:
    """One part's length, rounded to tens."""
    s = shares(roles if role in roles else [*roles, role], problems_share)
    return round(target * s.get(role, 0.0) / 10) * 10


def fit_slots(target: int, budgets: dict[Role, int], fixed: dict[Role, int], n_slots: dict[Role, int]
              ) -> dict[Role, int]:
    """What each part's slots together ask for, so that the draft's facts plus slots come to the target.

    Each part with slots asks for what its budget leaves after its fixed text (at least MIN_SLOT a slot); the
    asks are then scaled together so that all fixed text plus all asks is the target. A part whose facts pass
    its share asks only the minimum; the other parts give up the difference."""
    room = target - sum(fixed.values())
    want = {r: max(MIN_SLOT * n_slots.get(r, 0), budgets.get(r, 0) - fixed.get(r, 0))
            for r in budgets if n_slots.get(r, 0)}
    least = {r: MIN_SLOT * n_slots[r] for r in want}
    if not want:
        return {}
    if room <= sum(least.values()):
        # the facts alone come near the target: every slot asks for the same little (at least LEAST_SLOT)
        each = max(LEAST_SLOT, room // max(1, sum(n_slots[r] for r in want)))
        return {r: each * n_slots[r] for r in want}
    # scale only what exceeds the minimum, so that the total is the room left
    extra = {r: want[r] - least[r] for r in want}
    spare = room - sum(least.values())
    total_extra = sum(extra.values())
    if total_extra <= 0:
        share = {r: spare / len(want) for r in want}
    else:
        share = {r: spare * extra[r] / total_extra for r in want}
    return {r: least[r] + round(share[r]) for r in want}


def split(total: int, weights: list[float]) -> list[int]:
    """A part's ask split over its slots by weight, each rounded to tens and at least LEAST_SLOT."""
    w = sum(weights) or 1.0
    return [max(LEAST_SLOT, round(total * x / w / 10) * 10) for x in weights]


def asked(text: str) -> int:
    """What the slots of a text ask for (约N字), in characters."""
    return sum(int(m.group(1)) for m in _ASK.finditer(text))


def written(text: str) -> int:
    """The Chinese characters of a text outside its slots."""
    return count_chinese(_SLOT.sub("", text))


def planned(text: str) -> int:
    """A draft's length once its slots are filled as asked: what is written plus what the slots ask."""
    return written(text) + asked(text)
