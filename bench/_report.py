"""Rows of the results table, goals, statistics, and the printed table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Goal",
    "Row",
    "format_table",
    "median",
    "p95",
]


@dataclass(frozen=True)
class Goal:
    """A pass/fail test on a row's ratio (or figure), with its printed form."""

    text: str
    check: Callable[[float], bool] | None = None
    on_figure: bool = False

    @classmethod
    def at_most(cls, limit: float, unit: str = "x") -> Goal:
        """Pass when the value is at most ``limit``."""
        return cls(f"<= {limit:g}{unit}", lambda v: v <= limit, unit != "x")

    @classmethod
    def at_least(cls, limit: float, unit: str = "x") -> Goal:
        """Pass when the value is at least ``limit``."""
        return cls(f">= {limit:g}{unit}", lambda v: v >= limit, unit != "x")

    @classmethod
    def below(cls, limit: float, unit: str) -> Goal:
        """Pass when the figure is strictly below ``limit``."""
        return cls(f"< {limit:g} {unit}", lambda v: v < limit, True)

    @classmethod
    def exactly(cls, value: float) -> Goal:
        """Pass when the figure equals ``value``."""
        return cls(f"== {value:g}", lambda v: v == value, True)

    @classmethod
    def info(cls) -> Goal:
        """No goal: the row is for information."""
        return cls("-")


@dataclass
class Row:
    """One line of the table: a figure, its baseline, their ratio, the goal."""

    bench: str
    name: str
    figure: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: Goal = field(default_factory=Goal.info)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """``figure / baseline`` when there is a baseline."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.figure / self.baseline

    @property
    def result(self) -> str:
        """``pass``, ``FAIL`` or ``-`` (no goal)."""
        check = self.goal.check
        if check is None:
            return "-"
        value = self.figure if self.goal.on_figure else self.ratio
        if value is None or math.isnan(value):
            return "FAIL"
        return "pass" if check(value) else "FAIL"

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (results file, smoke test)."""
        data = asdict(self)
        data["goal"] = self.goal.text
        data["ratio"] = self.ratio
        data["result"] = self.result
        return data


def median(values: Sequence[float]) -> float:
    """The median (NaN for no values)."""
    return statistics.median(values) if values else math.nan


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, nearest rank (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return ordered[rank - 1]


HEADERS = ("benchmark", "figure", "baseline", "ratio", "goal", "result")


def format_table(rows: Sequence[Row]) -> str:
    """The results as a fixed-width text table (also valid Markdown)."""
    lines = [_cells(row) for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(HEADERS)]
    out = [_join(HEADERS, widths), _join(["-" * w for w in widths], widths)]
    out += [_join(cells, widths) for cells in lines]
    return "\n".join(out)


def _join(cells: Sequence[str], widths: Sequence[int]) -> str:
    return (
        "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    )


def _cells(row: Row) -> list[str]:
    ratio = row.ratio
    baseline = "-"
    if row.baseline is not None:
        baseline = f"{_number(row.baseline)} {row.unit} ({row.baseline_name})"
    return [
        f"{row.bench}: {row.name}",
        f"{_number(row.figure)} {row.unit}",
        baseline,
        "-" if ratio is None else f"{ratio:.2f}x",
        row.goal.text,
        row.result,
    ]


def _number(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
