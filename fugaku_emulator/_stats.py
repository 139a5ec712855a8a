"""Counters a test can read to see what the emulator was asked."""

from __future__ import annotations

import threading
from collections import Counter

__all__ = ["Stats"]


class Stats:
    """Thread-safe counters.

    Attributes:
        token_requests: Token-endpoint calls by ``grant_type``.
        requests: WebAPI and IdP calls by operation id.
        faults: Fired faults by kind.
        submissions: Accepted job submissions.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.token_requests: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.submissions = 0

    def count(self, counter: Counter[str], key: str) -> None:
        """Add one to ``counter[key]``."""
        with self._lock:
            counter[key] += 1

    def count_submission(self) -> None:
        """Add one accepted submission."""
        with self._lock:
            self.submissions += 1

    def reset(self) -> None:
        """Set every counter back to zero."""
        with self._lock:
            self.token_requests.clear()
            self.requests.clear()
            self.faults.clear()
            self.submissions = 0
