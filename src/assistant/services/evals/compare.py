"""`eval compare` and `--fail-under`: metrics side by side, and bounds a run must meet."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.services.evals.results import RunResult, fmt

# Differences smaller than this are noise from float arithmetic, not a change.
EPS = 1e-9
# Timings vary from run to run on a busy machine: slower counts as worse only past both of these.
TIME_FACTOR, TIME_SECONDS = 1.5, 0.5


def _is_time(name: str) -> bool:
    return name.endswith("seconds") or name.endswith("seconds_per_case")


@dataclass
class Row:
    metric: str
    old: float | None
    new: float | None
    status: str  # same | better | worse | changed (a count) | new | gone

    @property
    def delta(self) -> str:
        if self.old is None or self.new is None:
            return ""
        d = self.new - self.old
        if abs(d) < EPS:
            return "0"
        return f"{d:+.0f}" if float(d).is_integer() else f"{d:+.3f}"

    def cells(self) -> tuple[str, str, str, str, str]:
        return self.metric, fmt(self.old), fmt(self.new), self.delta, self.status


def compare(old: RunResult, new: RunResult) -> list[Row]:
    om, nm = old.metrics(), new.metrics()
    lower = old.lower_is_better() | new.lower_is_better()
    neutral = old.neutral() | new.neutral()
    rows: list[Row] = []
    for name in list(om) + [n for n in nm if n not in om]:
        a, b = om.get(name), nm.get(name)
        if name not in nm:
            status = "gone"
        elif name not in om:
            status = "new"
        elif a is None or b is None:
            status = "same" if a is b else ("worse" if b is None else "better")
        elif abs(b - a) < EPS:
            status = "same"
        elif _is_time(name) and not (b > a * TIME_FACTOR and b - a > TIME_SECONDS) and not (
                a > b * TIME_FACTOR and a - b > TIME_SECONDS):
            status = "same"
        elif name in neutral:
            status = "changed"
        else:
            status = "better" if (b < a) == (name in lower) else "worse"
        rows.append(Row(name, a, b, status))
    return rows


def differences(old: RunResult, new: RunResult) -> list[str]:
    """What the two runs were made with that differs (the figures may move because of these)."""
    keys = sorted(set(old.versions) | set(new.versions))
    out = [f"{k}: {old.versions.get(k, '-')} → {new.versions.get(k, '-')}" for k in keys
           if old.versions.get(k) != new.versions.get(k)]
    if old.backend != new.backend:
        out.append(f"backend: {old.backend} → {new.backend}")
    return out


class BoundsError(ValueError):
    pass


def parse_bounds(specs: list[str]) -> dict[str, float]:
    """METRIC=VALUE items, given as separate options or comma-separated in one."""
    out: dict[str, float] = {}
    for spec in specs:
        for item in filter(None, (s.strip() for s in spec.split(","))):
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise BoundsError(f"--fail-under “{item}”：应写成 指标=值，如 parse.role_accuracy=0.98")
            try:
                bound = float(value)
            except ValueError as e:
                raise BoundsError(f"--fail-under “{item}”：“{value}” 不是数字") from e
            if not math.isfinite(bound):  # nan would make every comparison false: a bound that never fails
                raise BoundsError(f"--fail-under “{item}”：“{value}” 不是有限的数")
            out[name.strip()] = bound
    return out


def check_bound_suites(bounds: dict[str, float], suites_run: list[str]) -> None:
    for name in bounds:
        suite = name.split(".", 1)[0]
        if suite not in suites_run:
            raise BoundsError(f"--fail-under {name}：本次运行不含套件 {suite}")


def check_bounds(run: RunResult, bounds: dict[str, float], suites_run: list[str]) -> list[str]:
    """One message per bound that does not hold: below it, or not measured (its suite not run)."""
    check_bound_suites(bounds, suites_run)
    metrics = run.metrics()
    failures: list[str] = []
    for name, bound in bounds.items():
        suite = name.split(".", 1)[0]
        s = run.suites.get(suite)
        if s is not None and s.status != "ok":
            failures.append(f"{name}：未测得，套件 {suite} 没有运行（{s.reason}）")
        elif name not in metrics:
            known = "、".join(sorted(m for m in metrics if m.startswith(suite + ".")))
            raise BoundsError(f"--fail-under {name}：没有这个指标；{suite} 的指标有 {known}")
        elif metrics[name] is None:
            failures.append(f"{name}：未测得（n/a）< {bound:g}")
        elif metrics[name] < bound - EPS:  # type: ignore[operator]
            failures.append(f"{name} = {fmt(metrics[name])} < {bound:g}")
    return failures
