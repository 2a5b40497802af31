"""Scoring critique findings on a planted-defect variant (rules in docs/eval.md).

Only the variant's scored check ids count. A finding of a scored id is a true positive when it matches an
expected defect (planted or known) of that id, a false positive otherwise (counted once per line, or
once per part / report for the part- and report-matched checks). An expected defect no finding matches
is a false negative, unless it is optional.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, Field

from assistant.domain.models import ROLE_ZH, Role
from assistant.services.evals.metrics import Counts
from assistant.services.evals.planting import Variant
from assistant.services.evals.seeds import Expected

_ZH_ROLE = {zh: r.value for r, zh in ROLE_ZH.items()}


class FindingLike(Protocol):
    check: str
    line: int | None
    part: str | None


def norm_part(part: str | None) -> str | None:
    """A finding's part as a role name ('causes'), whether given as role or in Chinese."""
    if part is None:
        return None
    p = str(part).strip()
    if p in Role.__members__:
        return p
    if p in _ZH_ROLE:
        return _ZH_ROLE[p]
    for zh, role in _ZH_ROLE.items():
        if zh in p or p in zh:
            return role
    return p


def matches(exp: Expected, f: FindingLike) -> bool:
    if f.check != exp.check:
        return False
    if exp.match == "report":
        return True
    if exp.match == "part":
        return norm_part(f.part) == exp.part
    return f.line in exp.lines


def _fp_key(f: FindingLike, mode: str) -> object:
    if mode == "report":
        return "report"
    if mode == "part":
        return norm_part(f.part)
    return f.line


class VariantScore(BaseModel):
    id: str
    kind: str
    counts: dict[str, tuple[int, int, int]] = Field(description="check id -> (tp, fp, fn)")
    planted_found: dict[str, tuple[int, int]] = Field(default_factory=dict, description="check -> (found, planted)")
    false_positives: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)

    def ok(self) -> bool:
        return not self.false_positives and not self.missed


def score_variant(v: Variant, findings: Sequence[FindingLike], mode_of: dict[str, str]) -> VariantScore:
    score = VariantScore(id=v.id, kind=v.kind, counts={})
    for check in v.scored:
        exps = [e for e in v.expected if e.check == check]
        finds = [f for f in findings if f.check == check]
        mode = mode_of.get(check, mode_of.get("default", "line"))
        c = Counts()
        fp_keys: set[object] = set()
        for f in finds:
            if not any(matches(e, f) for e in exps):
                fp_keys.add(_fp_key(f, mode))
        for e in exps:
            hit = any(matches(e, f) for f in finds)
            if hit and not e.optional:
                c.tp += 1
            elif not hit and not e.optional:
                c.fn += 1
                score.missed.append(f"{check} {_where(e)} ({e.origin}: {e.what})")
            if e.origin == "planted" and not e.optional:
                found, total = score.planted_found.get(check, (0, 0))
                score.planted_found[check] = (found + int(hit), total + 1)
        c.fp = len(fp_keys)
        score.false_positives += [f"{check} {_key_text(k, mode)}" for k in sorted(fp_keys, key=str)]
        score.counts[check] = (c.tp, c.fp, c.fn)
    return score


def _where(e: Expected) -> str:
    if e.match == "part":
        return f"part {e.part}"
    if e.match == "report":
        return "(report)"
    return "line " + "/".join(map(str, e.lines))


def _key_text(k: object, mode: str) -> str:
    if mode == "part":
        return f"part {k}"
    if mode == "report":
        return "(report)"
    return f"line {k}"


def totals(scores: Sequence[VariantScore]) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for s in scores:
        for check, (tp, fp, fn) in s.counts.items():
            out.setdefault(check, Counts()).add(Counts(tp, fp, fn))
    return out
