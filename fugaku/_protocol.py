"""Sans-I/O core: options, steps that workflows yield, response interpretation.

Workflows (``_flows``) are generators that yield steps (``Call``, ``Download``,
``Sleep``) and receive their results; the sync and async shells (``_engine``)
only carry the steps out. Everything here is pure: no sockets, no sleeping.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import random
import time
from collections.abc import Callable, Generator
from typing import Any, Protocol, TypeVar

import httpx
from attrs import field, frozen

from .error import (
    AlreadyExists,
    APIError,
    AuthenticationError,
    ConfigurationError,
    NotFound,
    ProtocolError,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "SUBMIT_TIMEOUT",
    "Call",
    "Download",
    "Flow",
    "Options",
    "PollPolicy",
    "RetryPolicy",
    "Sink",
    "Sleep",
    "Step",
    "check_base_url",
    "interpret",
    "raise_for_error",
]

DEFAULT_BASE_URL = "https://api.fugaku.r-ccs.riken.jp"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# pjsub runs synchronously behind E8 and takes tens of seconds (webapi-facts).
SUBMIT_TIMEOUT = httpx.Timeout(300.0, connect=10.0)
# Transient answers of gateways and proxies in front of the service (429 with
# Retry-After, 520/522/524 from CDN-style gateways); only idempotent requests.
RETRY_STATUSES = frozenset({429, 502, 503, 504, 520, 522, 524})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})

T = TypeVar("T")


@frozen
class RetryPolicy:
    """Bounded exponential backoff with jitter for idempotent requests.

    Attributes:
        attempts: Tries in total, the first included (1 disables retries).
        backoff: Base delay in seconds; doubles with each retry.
        max_delay: Upper bound of one delay, ``Retry-After`` included.
    """

    attempts: int = 4
    backoff: float = 0.5
    max_delay: float = 30.0

    def should_retry(self, attempt: int, status_code: int | None) -> bool:
        """True when try number ``attempt`` (1-based) may be followed by another.

        ``status_code`` is None for a connection error or timeout.
        """
        if attempt >= self.attempts:
            return False
        return status_code is None or status_code in RETRY_STATUSES

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait after try number ``attempt`` (1-based)."""
        hinted = parse_retry_after(retry_after)
        if hinted is not None:
            return float(min(hinted, self.max_delay))
        ceiling = min(self.max_delay, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is True too
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@frozen
class PollPolicy:
    """How ``wait`` polls: growing intervals with jitter, capped.

    Attributes:
        initial: First interval in seconds.
        factor: Growth per poll.
        maximum: Longest interval.
        jitter: Fraction of random spread (0.1 = plus or minus 10 %).
    """

    initial: float = 2.0
    factor: float = 1.5
    maximum: float = 60.0
    jitter: float = 0.1

    def interval(self, poll: int) -> float:
        """Seconds to sleep after poll number ``poll`` (0-based)."""
        base = min(self.maximum, self.initial * self.factor**poll)
        return max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter)))


@frozen
class Options:
    """Settings shared by the sync and async clients.

    Attributes:
        base_url: The WebAPI root.
        machine: Default machine name.
        timeout: Timeout of ordinary requests.
        submit_timeout: Timeout of job submission (pjsub is slow).
        retry: Retry policy of idempotent requests.
        poll: Polling policy of ``wait``.
        validate: Check responses against the strict spec models.
        submit_lookup_window: Seconds to keep looking for a job after an
            uncertain submission.
    """

    base_url: str = DEFAULT_BASE_URL
    machine: str = "computer"
    timeout: httpx.Timeout = DEFAULT_TIMEOUT
    submit_timeout: httpx.Timeout = SUBMIT_TIMEOUT
    retry: RetryPolicy = field(factory=RetryPolicy)
    poll: PollPolicy = field(factory=PollPolicy)
    validate: bool = False
    submit_lookup_window: float = 120.0


def check_base_url(url: str, *, allow_insecure_http: bool) -> str:
    """Return ``url`` without a trailing slash, refusing unsafe schemes.

    Raises:
        ConfigurationError: Not http(s), or plain http to a non-loopback host
            without ``allow_insecure_http``.
    """
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(f"the API URL must be http(s)://host: {url!r}")
    insecure = parsed.scheme == "http" and not _is_loopback(parsed.host)
    if insecure and not allow_insecure_http:
        raise ConfigurationError(
            f"refusing plain http to {parsed.host}: use https, or pass "
            "allow_insecure_http=True if you really mean it"
        )
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- steps --------------------------------------------------------------------


@frozen
class Call:
    """One request and its response.

    Attributes:
        op: The spec's operation id, for logs, errors and validation.
        request: ``method``, ``url`` and body arguments (``_get_kwargs``).
        idempotent: May be retried on connection errors and ``RETRY_STATUSES``.
        timeout: Overrides the client's timeout when set.
    """

    op: str
    request: dict[str, Any]
    idempotent: bool
    timeout: httpx.Timeout | None = None


class Sink(Protocol):
    """Where a download's bytes go; ``reset`` starts over before a retry."""

    def reset(self) -> None:
        """Discard what was written so far."""

    def write(self, chunk: bytes) -> None:
        """Take the next chunk."""


@frozen
class Download:
    """A streamed GET whose 200 body goes to ``sink``, chunk by chunk."""

    op: str
    request: dict[str, Any]
    sink: Sink


@frozen
class Sleep:
    """Pause for ``seconds``."""

    seconds: float


Step = Call | Download | Sleep
Flow = Generator[Step, Any, T]


def run_pure(flow: Flow[T], answer: Callable[[Step], Any]) -> T:
    """Drive ``flow`` with a function that answers each step (for tests)."""
    try:
        step = next(flow)
        while True:
            step = flow.send(answer(step))
    except StopIteration as stop:
        result: T = stop.value
        return result


# --- interpretation -------------------------------------------------------------


def interpret(op: str, response: httpx.Response) -> Any:
    """Return the JSON body of a successful answer, or raise a typed error.

    A 2xx envelope with ``status: "NG"`` is an error, except ``No Jobs.``
    (an empty job list, webapi-facts "Response envelope").

    Raises:
        AuthenticationError: 401 or 403.
        ProtocolError: The body is not JSON (HTML gateway pages and so on).
        APIError: An error envelope, or any other non-2xx JSON answer.
    """
    raise_for_error(op, response)
    body = _json(op, response)
    if _is_failed_envelope(body) and not is_no_jobs(body):
        raise _api_error(op, response.status_code, body)
    return body


def raise_for_error(op: str, response: httpx.Response) -> None:
    """Raise the typed error for a non-2xx answer; return for 2xx."""
    status = response.status_code
    if 200 <= status < 300:
        return
    if status in (401, 403):
        raise _auth_error(op, response)
    raise _api_error(op, status, _json(op, response))


def is_no_jobs(body: Any) -> bool:
    """True for the ``{"status": "NG", "error": "No Jobs."}`` empty job list."""
    if not isinstance(body, dict) or body.get("status") != "NG":
        return False
    return "no jobs" in str(body.get("error", "")).lower()


def _is_failed_envelope(body: Any) -> bool:
    return isinstance(body, dict) and body.get("status") == "NG"


def _json(op: str, response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise _protocol_error(op, response) from None


def _protocol_error(op: str, response: httpx.Response) -> ProtocolError:
    excerpt = response.content[:200].decode("utf-8", "replace")
    kind = response.headers.get("content-type", "no content type")
    return ProtocolError(
        f"{op}: HTTP {response.status_code} with a body that is not the WebAPI's "
        f"JSON ({kind}); a gateway or proxy may have answered. Try again later; "
        "for an upload, command or submission, check first whether it took effect",
        status_code=response.status_code,
        body_excerpt=excerpt,
    )


def _auth_error(op: str, response: httpx.Response) -> AuthenticationError:
    challenge = response.headers.get("www-authenticate", "")
    hint = f" ({challenge})" if challenge else ""
    return AuthenticationError(
        f"{op}: the service refused the credentials with HTTP "
        f"{response.status_code}{hint}; log in again (for example "
        "`fugaku login`) or check the client certificate",
        status_code=response.status_code,
    )


def _api_error(op: str, status: int, body: Any) -> APIError:
    fields = _error_fields(body)
    error_class = _error_class(status, fields)
    return error_class(status, operation=op, **fields)


def _error_fields(body: Any) -> dict[str, str]:
    if not isinstance(body, dict):
        return {"err_msg": str(body)[:200]}
    if "detail" in body:
        return {"err_msg": _validation_text(body["detail"]), "error": "Validation"}
    output = body.get("output")
    message = str(body.get("err_msg") or (output if isinstance(output, str) else ""))
    return {
        "err_id": str(body.get("err_id") or ""),
        "err_msg": message,
        "error": str(body.get("error") or ""),
    }


def _validation_text(detail: Any) -> str:
    if not isinstance(detail, list):
        return str(detail)
    return "; ".join(_validation_item(item) for item in detail)


def _validation_item(item: Any) -> str:
    """One FastAPI validation entry; odd shapes (a gateway's, a proxy's) as text."""
    if not isinstance(item, dict):
        return str(item)
    loc = item.get("loc", [])
    where = ".".join(map(str, loc)) if isinstance(loc, list | tuple) else str(loc)
    return f"{where}: {item.get('msg')}"


def _error_class(status: int, fields: dict[str, str]) -> type[APIError]:
    if status == 409:
        return AlreadyExists
    text = " ".join(fields.values()).lower()
    if "does not exist" in text or "no such file" in text or status == 404:
        return NotFound
    return APIError
