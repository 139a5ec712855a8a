"""The benchmark harness runs end to end on tiny sizes (no timing asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import BENCHMARKS, main

EXPECTED = {
    "calls": 6,
    "concurrency": 3,
    "transfers": 4,
    "connections": 2,
    "startup": 2,
}


@pytest.mark.slow
def test_every_benchmark_gives_its_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    main(["--quick", "--tiny", "--json", str(results)])
    rows = json.loads(results.read_text())["rows"]
    counts = {name: sum(r["bench"] == name for r in rows) for name in BENCHMARKS}
    assert counts == EXPECTED
    refresh = next(r for r in rows if r["name"] == "refresh requests at the provider")
    assert refresh["figure"] == 1
    assert all(r["figure"] == r["figure"] for r in rows), "no NaN figures"
    table = capsys.readouterr().out
    assert all(f"| {r['bench']}: {r['name']}" in table for r in rows)
