"""Interleaved timing: contenders take turns, so drift hits all of them alike."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

__all__ = ["interleaved"]


def interleaved(
    contenders: Mapping[str, Callable[[], object]], rounds: int, batch: int
) -> dict[str, list[float]]:
    """Per-call seconds of each contender, over ``rounds`` rotating turns.

    In each round every contender makes ``batch`` calls; the order rotates
    from round to round so none always runs first (or last).
    """
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name] += _batch(contenders[name], batch)
    return samples


def _batch(call: Callable[[], object], count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times
