"""`eval compare` and `--fail-under`: metrics side by side, and bounds a run must meet."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.services.evals.results import RunResult, fmt

# Differences smaller than this are noise from float arithmetic, not a change.
EPS = 1e-9


@dataclass
class Row:
    metric: str
    old: float | None
    new: float | None
    status: str  # same | better | worse | new | gone | not-run

    @property
    def delta(self) -> str:
        if self.old is None or self.new is None:
            return ""
        d = self.new - self.old
        return "0" if abs(d) < EPS else f"{d:+.3f}"

    def cells(self) -> tuple[str, str, str, str, str]:
        return self.metric, fmt(self.old), fmt(self.new), self.delta, self.status


def compare(old: RunResult, new: RunResult) -> list[Row]:
    om, nm = old.metrics(), new.metrics()
    lower = old.lower_is_better() | new.lower_is_better()
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
        else:
            status = "better" if (b < a) == (name in lower) else "worse"
        rows.append(Row(name, a, b, status))
    return rows


class BoundsError(ValueError):
    pass


def parse_bounds(specs: list[str]) -> dict[str, float]:
    """METRIC=VALUE items, given as separate options or comma-separated in one."""
    out: dict[str, float] = {}
    for spec in specs:
        for item in filter(None, (s.strip() for s in spec.split(","))):
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise BoundsError(f"--fail-under {item!r}: expected METRIC=VALUE, e.g. parse.role_accuracy=0.98")
            try:
                out[name.strip()] = float(value)
            except ValueError as e:
                raise BoundsError(f"--fail-under {item!r}: {value!r} is not a number") from e
    return out


def check_bounds(run: RunResult, bounds: dict[str, float], suites_run: list[str]) -> list[str]:
    """One message per bound that does not hold: below it, or not measured (its suite not run)."""
    metrics = run.metrics()
    failures: list[str] = []
    for name, bound in bounds.items():
        suite = name.split(".", 1)[0]
        if suite not in suites_run:
            raise BoundsError(f"--fail-under {name}: the suite {suite!r} is not part of this run")
        s = run.suites.get(suite)
        if s is not None and s.status != "ok":
            failures.append(f"{name}: not measured, suite {suite} not run ({s.reason})")
        elif name not in metrics:
            known = ", ".join(sorted(m for m in metrics if m.startswith(suite + ".")))
            raise BoundsError(f"--fail-under {name}: no such metric; {suite} has {known}")
        elif metrics[name] is None:
            failures.append(f"{name}: not measured (n/a) < {bound:g}")
        elif metrics[name] < bound - EPS:  # type: ignore[operator]
            failures.append(f"{name} = {fmt(metrics[name])} < {bound:g}")
    return failures
