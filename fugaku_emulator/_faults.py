"""Fault injection, switchable per route at run time.

A rule names a route by operation id (``submit_job``, ``token``...) or by a
regular expression searched in the path, and does one of:

- ``latency``: wait ``delay`` seconds, then answer normally;
- ``status``: answer ``status`` at once; 502/503/504/520 come with a
  gateway's HTML page unless ``body`` says otherwise, others with an
  ``ErrorObject``;
- ``drop``: send the real headers and the first ``after_bytes`` bytes of the
  body (half of the first chunk by default), then close the connection;
- ``expire_tokens``: make every access token issued so far expire, then
  answer normally (the request itself then gets 401).

Each rule fires with ``probability`` (drawn from a generator seeded by
``seed``) and at most ``count`` times. Example::

    emu.faults.add("submit_job", "status", status=503, count=1)
    emu.faults.add(r"^/file/", "drop", after_bytes=100)
    emu.faults.expire_tokens()          # right now, no rule needed
    emu.faults.clear()
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._operations import API_OPERATIONS, IDP_OPERATIONS, operation_for
from ._stats import Stats

__all__ = ["FaultMiddleware", "FaultRule", "Faults"]

FaultKind = Literal["latency", "status", "drop", "expire_tokens"]
_OPERATIONS = API_OPERATIONS | IDP_OPERATIONS
_GATEWAY = {
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
    520: "Web Server Returned an Unknown Error",
}


@dataclass
class FaultRule:
    """One fault; see the module docstring for the kinds."""

    route: str
    kind: FaultKind
    status: int = 503
    body: str | None = None
    content_type: str | None = None
    delay: float = 0.0
    after_bytes: int | None = None
    probability: float = 1.0
    count: int | None = None
    method: str | None = None
    fired: int = 0

    def matches(self, method: str, path: str, operation: str | None) -> bool:
        """Whether the rule applies to a request."""
        if self.method is not None and self.method.upper() != method:
            return False
        if self.route in _OPERATIONS:
            return self.route == operation
        return re.search(self.route, path) is not None

    @property
    def spent(self) -> bool:
        """Whether the rule used up its ``count``."""
        return self.count is not None and self.fired >= self.count


class Faults:
    """The rule set of one emulator; thread-safe."""

    def __init__(
        self, stats: Stats, expire: Callable[[], int], seed: int | None = None
    ) -> None:
        self._stats = stats
        self._expire = expire
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._random = random.Random(seed)

    def add(self, route: str, kind: FaultKind, **settings: object) -> FaultRule:
        """Add a rule; ``settings`` are ``FaultRule`` fields. Returns the rule."""
        rule = FaultRule(route, kind, **settings)  # type: ignore[arg-type]
        if rule.route not in _OPERATIONS:
            re.compile(rule.route)
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule: FaultRule) -> None:
        """Remove one rule."""
        with self._lock:
            self._rules = [r for r in self._rules if r is not rule]

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules = []

    def seed(self, value: int) -> None:
        """Reseed the generator behind ``probability``."""
        with self._lock:
            self._random.seed(value)

    def expire_tokens(self) -> int:
        """Expire every access token issued so far; return how many."""
        self._stats.count(self._stats.faults, "expire_tokens")
        return self._expire()

    @property
    def rules(self) -> list[FaultRule]:
        """A copy of the current rules."""
        with self._lock:
            return list(self._rules)

    def fire(self, method: str, path: str, operation: str | None) -> list[FaultRule]:
        """Draw the rules that fire for one request, counting them."""
        fired = []
        with self._lock:
            for rule in self._rules:
                if rule.spent or not rule.matches(method, path, operation):
                    continue
                if rule.probability < 1.0 and self._random.random() >= rule.probability:
                    continue
                rule.fired += 1
                fired.append(rule)
        for rule in fired:
            self._stats.count(self._stats.faults, rule.kind)
        return fired


class _Dropped(Exception):
    """Raised inside ``send`` to cut a response short."""


class FaultMiddleware:
    """ASGI middleware applying the rules, and counting requests."""

    def __init__(self, app: ASGIApp, faults: Faults, stats: Stats) -> None:
        self.app = app
        self.faults = faults
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        operation = operation_for(method, path, scope["query_string"].decode("latin-1"))
        self.stats.count(self.stats.requests, operation or "other")
        terminal = None
        for rule in self.faults.fire(method, path, operation):
            if rule.kind == "latency":
                await asyncio.sleep(rule.delay)
            elif rule.kind == "expire_tokens":
                self.faults.expire_tokens()
            elif terminal is None:
                terminal = rule
        if terminal is None:
            await self.app(scope, receive, send)
        elif terminal.kind == "status":
            await _send_status(terminal, send)
        else:
            await self._drop(terminal, scope, receive, send)

    async def _drop(
        self, rule: FaultRule, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Run the app but cut its body short and end without completing."""
        budget = rule.after_bytes

        async def cutting_send(message: Message) -> None:
            nonlocal budget
            if message["type"] != "http.response.body":
                await send(message)
                return
            body = message.get("body", b"")
            if budget is None:
                budget = len(body) // 2
            part, budget = body[:budget], budget - min(budget, len(body))
            if budget > 0 and message.get("more_body", False):
                await send(
                    {"type": "http.response.body", "body": part, "more_body": True}
                )
                return
            await send({"type": "http.response.body", "body": part, "more_body": True})
            raise _Dropped

        try:
            await self.app(scope, receive, cutting_send)
        except _Dropped:
            return


async def _send_status(rule: FaultRule, send: Send) -> None:
    """Answer with the rule's status and body."""
    body, content_type = _fault_body(rule)
    headers = [
        (b"content-type", content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode("latin-1")),
    ]
    await send(
        {"type": "http.response.start", "status": rule.status, "headers": headers}
    )
    await send({"type": "http.response.body", "body": body})


def _fault_body(rule: FaultRule) -> tuple[bytes, str]:
    if rule.body is not None:
        kind = rule.content_type or "text/html; charset=utf-8"
        return rule.body.encode("utf-8"), kind
    if rule.status in _GATEWAY or rule.content_type == "text/html":
        title = f"{rule.status} {_GATEWAY.get(rule.status, 'Error')}"
        page = (
            f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
            "</body>\r\n</html>\r\n"
        )
        return page.encode("utf-8"), "text/html"
    error = {
        "status": "NG",
        "err_id": "",
        "err_msg": "Injected fault.",
        "error": "Internal Server Error",
    }
    return json.dumps(error).encode("utf-8"), "application/json"
