"""A short soak (120 operations) so that ``make test`` covers the long one's checks."""

from __future__ import annotations

import pytest

from tests.soak import SoakConfig, run_soak


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_short_soak_keeps_every_promise() -> None:
    report = run_soak(SoakConfig(operations=120, seed=3, max_seconds=150.0))

    assert report.violations == [], report.summary()
    assert report.finished, report.summary()
    assert report.duplicates == 0
    assert report.ledger.checksums_verified > 0
    assert sum(report.faults.values()) > 0
    assert report.retries > 0
