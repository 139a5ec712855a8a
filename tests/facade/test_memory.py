"""Transfers stream: a client's peak memory does not grow with the file size."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).parents[2] / "bench" / "transfer_memory.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("transfer_memory", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_48_mib_round_trip_keeps_memory_flat() -> None:
    figures = load_bench().measure(48)
    assert figures["checksums_equal"]
    assert figures["verified"] == ["sha256", "sha256"]
    # Reading the file whole would grow the peak by at least 48 MiB.
    assert figures["upload_growth_mib"] < 24
    assert figures["download_growth_mib"] < 24
