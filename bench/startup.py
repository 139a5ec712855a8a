"""Issue 7.5, start-up: ``import fugaku`` and ``fugaku --help`` as whole processes.

Reuses the commands and the runner of ``bench/cli_startup.py`` (the CLI's own
start-up benchmark), but takes turns between the commands so that machine
load hits them alike. "Cold" here means a new interpreter each run; the OS
page cache stays warm.
"""

from __future__ import annotations

from ._report import Goal, Row, median
from .cli_startup import BUDGET, COMMANDS, one_run

__all__ = ["NAME", "run"]

NAME = "startup"
HELP = "fugaku --help"
IMPORT = 'python -c "import fugaku"'
ALONE = 'python -c "pass" (interpreter alone)'


def run(quick: bool = False, tiny: bool = False) -> list[Row]:
    """Median wall time of each command over interleaved runs."""
    runs = 2 if tiny else 5 if quick else 10
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for argv in COMMANDS.values():
        one_run(argv)  # warm the page cache
    for _ in range(runs):
        for label, argv in COMMANDS.items():
            times[label].append(one_run(argv) * 1000)
    alone = median(times[ALONE])
    budget = Goal.at_most(BUDGET * 1000, " ms")
    return [
        Row(NAME, HELP, median(times[HELP]), "ms", alone, "python -c pass", budget),
        Row(
            NAME, "import fugaku", median(times[IMPORT]), "ms", alone, "python -c pass"
        ),
    ]
