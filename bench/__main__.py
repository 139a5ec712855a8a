"""``python -m bench`` (``make bench``): run the benchmarks, print one table.

Options: ``--quick`` (short run, 64 MiB transfers), ``--only NAME`` (one
benchmark; repeatable), ``--json PATH`` (also write the rows as JSON).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from . import calls, concurrency, connections, startup, transfers
from ._report import Goal, Row, format_table

Benchmark = Callable[..., list[Row]]
BENCHMARKS: dict[str, Benchmark] = {
    calls.NAME: calls.run,
    concurrency.NAME: concurrency.run,
    transfers.NAME: transfers.run,
    connections.NAME: connections.run,
    startup.NAME: startup.run,
}
RESULTS = Path(__file__).parent / "results" / "latest.json"


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; exit 1 when a goal is missed."""
    args = _parser().parse_args(argv)
    chosen = args.only or list(BENCHMARKS)
    print(machine_line(), flush=True)
    rows: list[Row] = []
    started = time.monotonic()
    for name in chosen:
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows += _run_one(name, args.quick, args.tiny)
    elapsed = time.monotonic() - started
    print(format_table(rows))
    print(_notes(rows))
    print(f"({'quick' if args.quick else 'full'} run, {elapsed:.0f} s)")
    _save(args.json or RESULTS, rows, args.quick)
    return 1 if any(row.result == "FAIL" for row in rows) else 0


def _run_one(name: str, quick: bool, tiny: bool) -> list[Row]:
    """One benchmark's rows; a crash becomes a failed row, the others still run."""
    try:
        return BENCHMARKS[name](quick=quick, tiny=tiny)
    except Exception as exc:
        traceback.print_exc()
        failed = Goal("runs", lambda _value: False, on_figure=True)
        problem = f"did not run ({type(exc).__name__})"
        return [Row(name, problem, math.nan, "", goal=failed, note=str(exc)[:300])]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run")
    parser.add_argument(
        "--only", action="append", choices=list(BENCHMARKS), help="one benchmark"
    )
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    parser.add_argument("--tiny", action="store_true", help=argparse.SUPPRESS)
    return parser


def machine_line() -> str:
    """Cores, memory, Python and the date, for the results."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"machine: {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"Python {platform.python_version()} ({platform.machine()}), "
        f"load {os.getloadavg()[0]:.1f}, {now}"
    )


def _notes(rows: list[Row]) -> str:
    return "\n".join(f"- {r.bench}: {r.name}: {r.note}" for r in rows if r.note)


def _save(path: Path, rows: list[Row], quick: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "machine": machine_line(),
        "quick": quick,
        "rows": [row.as_dict() for row in rows],
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
