"""The faults the soak switches on, and counting what each did."""

from __future__ import annotations

from collections import Counter

from attrs import field, frozen

from fugaku import RetryPolicy
from fugaku_emulator import Emulator, FaultRule

__all__ = ["CountingRetry", "injected", "install_faults"]

_API = r"^/(status|command|file|queue|usage)/"


@frozen
class CountingRetry(RetryPolicy):
    """The SDK's retry policy, noting each retry it grants (one per delay)."""

    log: list[int] = field(factory=list, eq=False)

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Note the retry, then wait as the SDK would."""
        self.log.append(attempt)
        return super().delay(attempt, retry_after)


def install_faults(emu: Emulator, *, timeout_spike: float) -> dict[str, FaultRule]:
    """Switch the soak's faults on; return them by label."""
    add = emu.faults.add
    return {
        "503 (10% of API calls)": add(_API, "status", status=503, probability=0.10),
        "gateway HTML 502": add(r"^/(status|queue)/", "status", status=502,
                                probability=0.02),
        "gateway HTML 520": add(r"^/status/", "status", status=520,
                                probability=0.03),
        "drop mid-body (GET file)": add(r"^/file/", "drop", method="GET",
                                        probability=0.05),
        "drop mid-body (PUT file)": add(r"^/file/", "drop", method="PUT",
                                        probability=0.05),
        "drop mid-body (submit)": add("submit_job", "drop", probability=0.05),
        "latency spike 0.3 s": add(r"^/", "latency", delay=0.3, probability=0.04),
        "timeout spike (GET)": add(_API, "latency", delay=timeout_spike,
                                   method="GET", count=4),
        "timeout spike (submit)": add("submit_job", "latency", delay=timeout_spike,
                                      count=3),
        "token expired early": add(r"^/queue/", "expire_tokens", probability=0.01),
        "503 at the token endpoint": add("token", "status", status=503,
                                         probability=0.15),
    }  # fmt: skip


def injected(rules: dict[str, FaultRule], extra_expiries: int) -> Counter[str]:
    """How often each fault fired."""
    counts = Counter({label: rule.fired for label, rule in rules.items()})
    counts["token expired early"] += extra_expiries
    return counts
