"""Benchmarks of fugaku-sdk against raw httpx and the original SDK's approach.

Run them all with ``make bench`` (``python -m bench``); ``--quick`` for a short
run, ``--only NAME`` for one benchmark. Every figure is a ratio against a
baseline measured in the same run, on loopback, against an emulator that runs
in its own process (so its CPU time is not charged to the client under test).
"""
