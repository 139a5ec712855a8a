"""``python -m tests.soak``: run the soak, print its summary, exit 1 on a violation."""

from __future__ import annotations

import argparse
import logging
import sys

from ._run import SoakConfig, run_soak


def quiet_injected_drops() -> None:
    """Hide the emulator's and uvicorn's lines about drops the soak injects."""

    def keep(record: logging.LogRecord) -> bool:
        text = record.getMessage()
        error = record.exc_info[1] if record.exc_info else None
        if type(error).__name__ == "ClientDisconnect":  # a client timed out
            return False
        noise = ("_Dropped", "ClientDisconnect", "without completing response")
        return not any(word in text for word in noise)

    for name in ("fugaku.emulator", "uvicorn.error"):
        logging.getLogger(name).addFilter(keep)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print the summary; the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tests.soak")
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=480.0)
    parser.add_argument("--errors", action="store_true", help="one example per error")
    options = parser.parse_args(argv)
    quiet_injected_drops()
    report = run_soak(
        SoakConfig(
            operations=options.operations,
            seed=options.seed,
            max_seconds=options.max_seconds,
        )
    )
    print(report.summary())
    if options.errors:
        for shape, count in report.ledger.error_kinds.most_common(12):
            print(f"  {count:4d} x {shape}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
