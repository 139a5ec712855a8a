"""The pure retry and polling policies."""

from __future__ import annotations

import email.utils
import time

import pytest

from fugaku import ConfigurationError, PollPolicy, RetryPolicy
from fugaku._protocol import check_base_url, parse_retry_after


def test_retry_only_idempotent_statuses_and_bounded() -> None:
    policy = RetryPolicy(attempts=3)
    assert policy.should_retry(1, None)
    assert policy.should_retry(1, 502)
    assert policy.should_retry(2, 504)
    assert not policy.should_retry(3, 503)
    assert not policy.should_retry(1, 500)
    assert not policy.should_retry(1, 400)
    assert not RetryPolicy(attempts=1).should_retry(1, None)


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(backoff=1.0, max_delay=5.0)
    for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (6, 5.0)):
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(max_delay=10.0)
    assert policy.delay(1, "3") == 3.0
    assert policy.delay(1, "120") == 10.0
    future = email.utils.formatdate(time.time() + 4, usegmt=True)
    assert 2.0 <= policy.delay(1, future) <= 4.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_polling_grows_to_a_maximum_with_jitter() -> None:
    policy = PollPolicy(initial=1.0, factor=2.0, maximum=8.0, jitter=0.1)
    assert 0.9 <= policy.interval(0) <= 1.1
    assert 3.6 <= policy.interval(2) <= 4.4
    assert 7.2 <= policy.interval(10) <= 8.8


@pytest.mark.parametrize("url", ["ftp://host", "host:80", "http://"])
def test_unusable_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError):
        check_base_url(url, allow_insecure_http=True)
