"""Job id expressions: ``N``, ``N_k``, ``N[k]`` and pjdel's ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["JobRef", "parse_ref"]

_PLAIN = re.compile(r"(\d+)(?:-(\d+))?")
_STEP = re.compile(r"(\d+)_(\d+)(?:-(\d+))?")
_BULK = re.compile(r"(\d+)\[(\d+)(?:-(\d+))?\]")
_MAX_DIGITS = 12


@dataclass(frozen=True)
class JobRef:
    """A job, a sub-job, or a range of either.

    Attributes:
        text: The expression as given.
        first: First job id; ``last`` is the last (equal for one job).
        sub: ``"step"`` or ``"bulk"`` for sub-jobs, ``None`` for whole jobs.
        sub_first: First sub-job number; ``sub_last`` the last.
    """

    text: str
    first: int
    last: int
    sub: Literal["step", "bulk"] | None = None
    sub_first: int = 0
    sub_last: int = 0

    @property
    def is_range(self) -> bool:
        """Whether the expression names more than one id."""
        return self.first != self.last or self.sub_first != self.sub_last

    def sub_id(self, number: int) -> str:
        """Return the id of sub-job ``number`` of job ``first``."""
        if self.sub == "step":
            return f"{self.first}_{number}"
        return f"{self.first}[{number}]"


def parse_ref(text: str) -> JobRef | None:
    """Parse a job id or range; ``None`` when it is malformed."""
    if any(len(digits) > _MAX_DIGITS for digits in re.findall(r"\d+", text)):
        return None
    match = _PLAIN.fullmatch(text)
    if match:
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        return JobRef(text, first, last) if first <= last else None
    for pattern, kind in ((_STEP, "step"), (_BULK, "bulk")):
        match = pattern.fullmatch(text)
        if match:
            low = int(match[2])
            high = int(match[3]) if match[3] else low
            job = int(match[1])
            return JobRef(text, job, job, kind, low, high) if low <= high else None  # type: ignore[arg-type]
    return None
