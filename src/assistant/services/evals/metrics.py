"""Metrics as pure functions: counts to precision/recall/F1, role accuracy, boundary F1, recall@k."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        """None when nothing was reported (undefined, not perfect)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


def set_f1(gold: Iterable[object], predicted: Iterable[object]) -> Counts:
    g, p = set(gold), set(predicted)
    return Counts(tp=len(g & p), fp=len(p - g), fn=len(g - p))


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, gold: str, predicted: str) -> None:
        self.total += 1
        if gold == predicted:
            self.right += 1
        else:
            self.confusion[(gold, predicted)] = self.confusion.get((gold, predicted), 0) + 1

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


def hit_at_k(relevant: Sequence[bool], k: int) -> bool:
    """Whether any of the first k results is relevant (recall@k of a query with a class of answers)."""
    return any(relevant[:k])


def share_at_k(relevant: Sequence[bool], k: int) -> float:
    """Share of the first k results that are relevant (precision@k); missing results count as wrong."""
    return sum(1 for r in relevant[:k] if r) / k


def mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None
