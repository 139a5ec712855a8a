"""What the soak saw: operations, errors, transfers and submissions."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from fugaku import (
    APIError,
    AuthenticationError,
    FugakuClientError,
    ProtocolError,
    SubmissionUncertain,
    TransferError,
    TransportError,
    WaitTimeout,
)

__all__ = ["Ledger", "Violation", "is_actionable"]

# What an error the SDK composes itself must tell the user to do.
_HINTS = (
    "try again",
    "check",
    "log in",
    "pass ",
    "before submitting again",
    "before repeating",
)
_SELF_EXPLAINED = (
    TransportError,
    ProtocolError,
    AuthenticationError,
    SubmissionUncertain,
    TransferError,
    WaitTimeout,
)


class Violation(Exception):
    """A broken promise seen during the run (not an SDK error)."""


def is_actionable(error: FugakuClientError) -> bool:
    """True when the error's text says what to do, or carries the service's words.

    Errors composed by the SDK must give advice; an ``APIError`` must name the
    operation and carry the service's own message or error id.
    """
    text = str(error).lower()
    if isinstance(error, _SELF_EXPLAINED):
        return any(hint in text for hint in _HINTS)
    if isinstance(error, APIError):
        return bool(error.operation) and bool(error.err_msg or error.err_id)
    return bool(text)


@dataclass
class Ledger:
    """Thread-safe record of one soak run."""

    operations: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: dict[str, str] = field(default_factory=dict)
    error_kinds: Counter[str] = field(default_factory=Counter)
    intended: dict[str, str] = field(default_factory=dict)
    confirmed: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, str] = field(default_factory=dict)
    checksums_verified: int = 0
    submitted: dict[str, str] = field(default_factory=dict)
    uncertain: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    pending_waits: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def operation(self, kind: str) -> None:
        """Count one operation of ``kind``."""
        with self.lock:
            self.operations[kind] += 1

    def error(self, kind: str, exc: BaseException) -> None:
        """Count an error that reached the user; note broken promises."""
        name = type(exc).__name__
        with self.lock:
            self.errors[name] += 1
            self.error_samples.setdefault(name, f"{kind}: {exc}")
            self.error_kinds[_shape(exc)] += 1
        if isinstance(exc, Violation):
            self.violate(f"{kind}: {exc}")
        elif not isinstance(exc, FugakuClientError):
            self.violate(f"{kind}: untyped {name}: {exc}")
        elif not is_actionable(exc):
            self.violate(f"{kind}: {name} does not say what to do: {exc}")

    def violate(self, message: str) -> None:
        """Record a broken promise."""
        with self.lock:
            self.violations.append(message)

    def verified(self) -> None:
        """Count one checksum that matched."""
        with self.lock:
            self.checksums_verified += 1

    @property
    def total(self) -> int:
        """Operations so far."""
        return sum(self.operations.values())


def _shape(exc: BaseException) -> str:
    """An error's type and text without the parts that vary (names, numbers)."""
    text = re.sub(r"'[^']*'|\d+(\.\d+)?", "#", str(exc))
    return f"{type(exc).__name__}: {text[:110]}"
