"""Fault-injection soak: a long workflow through the SDK against a faulty emulator.

``python -m tests.soak`` (``make soak``) runs at least 1,000 operations
(uploads, downloads, submissions, waits, listings, commands, cancels) with
the sync and the async client at once, against ``fugaku_emulator`` on
127.0.0.1 with faults switched on: 10 % 503 answers, gateway HTML 502s,
connections dropped mid-body, latency spikes (some longer than the client's
timeout), and access tokens expiring early. It then checks the promises of
``docs/reliability.md`` and exits non-zero when one is broken.
``tests/reliability/test_soak.py`` runs a short version under pytest.
"""

from ._run import SoakConfig, SoakReport, run_soak

__all__ = ["SoakConfig", "SoakReport", "run_soak"]
