"""Start-up time of ``fugaku --help`` and ``import fugaku``, as whole processes.

Run: ``.venv/bin/python bench/cli_startup.py [runs]`` (default 10). Each run
starts a new interpreter, so the figure includes Python's own start-up and
every import, as a user typing the command sees it. Prints the median, the
minimum and the maximum in milliseconds; nothing touches the network.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

FUGAKU = Path(sys.executable).with_name("fugaku")
COMMANDS = {
    "fugaku --help": [str(FUGAKU), "--help"],
    'python -c "import fugaku"': [sys.executable, "-c", "import fugaku"],
    'python -c "pass" (interpreter alone)': [sys.executable, "-c", "pass"],
}
BUDGET = 0.5  # seconds: what `fugaku --help` should stay under


def one_run(argv: list[str]) -> float:
    """Run ``argv`` to completion once; return its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=60)
    return time.perf_counter() - started


def measure(argv: list[str], runs: int) -> list[float]:
    """Wall times of ``runs`` runs, after one untimed warm-up run."""
    one_run(argv)
    return [one_run(argv) for _ in range(runs)]


def main(argv: list[str]) -> int:
    """Print the figures; exit 1 when ``fugaku --help`` is over the budget."""
    runs = int(argv[0]) if argv else 10
    medians: dict[str, float] = {}
    print(f"start-up, {runs} runs each (median / min / max, ms)")
    for label, command in COMMANDS.items():
        times = measure(command, runs)
        medians[label] = statistics.median(times)
        shown = " / ".join(
            f"{value * 1000:6.0f}" for value in (medians[label], min(times), max(times))
        )
        print(f"  {label:<38} {shown}")
    over = medians["fugaku --help"] > BUDGET
    verdict = "OVER" if over else "within"
    print(f"fugaku --help: {verdict} the {BUDGET * 1000:.0f} ms budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
