"""The two thin I/O shells that carry out the steps workflows yield.

``SyncEngine`` and ``AsyncEngine`` are written side by side and kept in
lockstep: the same method names, the same order, the same decisions (taken by
the pure ``RetryPolicy`` and ``interpret``). Each owns one httpx client, so one
connection pool serves every call of a facade.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Any, TypeVar

import httpx

from ._auth import needs_replay, translate_auth_error
from ._protocol import Call, Download, Flow, Options, Sleep, Step
from ._validate import check_response
from .error import TransportError

__all__ = ["AsyncEngine", "SyncEngine", "translated_errors"]

logger = logging.getLogger("fugaku")
T = TypeVar("T")


class SyncEngine:
    """Runs flows over one ``httpx.Client``."""

    def __init__(self, options: Options, http: httpx.Client) -> None:
        self.options = options
        self.http = http

    def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to its end, feeding each step's result or error back.

        Every error of a step is thrown into the flow, so its ``finally`` and
        ``except`` blocks (closing files, removing temporary files) run; what
        the flow does not handle comes out of here unchanged.
        """
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = flow.throw(error) if error else flow.send(value)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            try:
                value = self.do(step)
            except BaseException as exc:  # the flow's cleanup must run; it re-raises
                error = exc

    def do(self, step: Step) -> Any:
        """Carry out one step."""
        if isinstance(step, Sleep):
            time.sleep(step.seconds)
            return None
        if isinstance(step, Download):
            return self.download(step)
        return self.send(step)

    def send(self, call: Call) -> httpx.Response:
        """Send ``call``, retrying idempotent ones; the body is read."""
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send_once(call)
            except httpx.TransportError as exc:
                if not self._may_retry(call, attempt, None):
                    raise _transport_error(call, exc) from exc
                time.sleep(self.options.retry.delay(attempt))
                continue
            if not self._may_retry(call, attempt, response.status_code):
                return response
            time.sleep(_retry_delay(self.options, attempt, response))

    def open_stream(self, call: Call) -> httpx.Response:
        """Send ``call`` and return the response unread; the caller closes it."""
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send_once(call, stream=True)
            except httpx.TransportError as exc:
                if not self._may_retry(call, attempt, None):
                    raise _transport_error(call, exc) from exc
                time.sleep(self.options.retry.delay(attempt))
                continue
            if not self._may_retry(call, attempt, response.status_code):
                return response
            response.close()
            time.sleep(_retry_delay(self.options, attempt, response))

    def download(self, step: Download) -> httpx.Response:
        """Stream a 200 body into ``step.sink``; other answers come back read."""
        call = Call(step.op, step.request, idempotent=True)
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._download_once(call, step)
            except httpx.TransportError as exc:
                if not self._may_retry(call, attempt, None):
                    raise _transport_error(call, exc) from exc
                time.sleep(self.options.retry.delay(attempt))

    def _download_once(self, call: Call, step: Download) -> httpx.Response:
        response = self.open_stream(call)
        try:
            if response.status_code != 200:
                response.read()
                return response
            step.sink.reset()
            for chunk in response.iter_bytes():
                step.sink.write(chunk)
        finally:
            response.close()
        return response

    def _send_once(self, call: Call, *, stream: bool = False) -> httpx.Response:
        since = time.time()  # tokens received before this are as suspect
        request = self.http.build_request(**_request_args(call))
        response = self._transmit(call, request, stream)
        auth = needs_replay(self.http.auth, "files" in call.request, response)
        if auth is not None:
            response.close()
            with translated_errors():
                auth.refresh(auth.tokens, since=since)
            request = self.http.build_request(**_request_args(call))
            response = self._transmit(call, request, stream)
        if not stream:
            self._validate(call, response)
        return response

    def _transmit(
        self, call: Call, request: httpx.Request, stream: bool
    ) -> httpx.Response:
        started = time.monotonic()
        try:
            with translated_errors():
                response = self.http.send(request, stream=stream)
        except Exception as exc:
            _log_failure(call, request, exc)
            raise
        _log_response(call, request, response, started)
        return response

    def _may_retry(self, call: Call, attempt: int, status: int | None) -> bool:
        return call.idempotent and self.options.retry.should_retry(attempt, status)

    def _validate(self, call: Call, response: httpx.Response) -> None:
        if self.options.validate:
            check_response(call.op, response.status_code, _json_or_none(response))


class AsyncEngine:
    """Runs flows over one ``httpx.AsyncClient``; the twin of ``SyncEngine``."""

    def __init__(self, options: Options, http: httpx.AsyncClient) -> None:
        self.options = options
        self.http = http

    async def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to its end, feeding each step's result or error back.

        Every error of a step is thrown into the flow, so its ``finally`` and
        ``except`` blocks (closing files, removing temporary files) run; what
        the flow does not handle comes out of here unchanged.
        """
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = flow.throw(error) if error else flow.send(value)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            try:
                value = await self.do(step)
            except BaseException as exc:  # the flow's cleanup must run; it re-raises
                error = exc

    async def do(self, step: Step) -> Any:
        """Carry out one step."""
        if isinstance(step, Sleep):
            await asyncio.sleep(step.seconds)
            return None
        if isinstance(step, Download):
            return await self.download(step)
        return await self.send(step)

    async def send(self, call: Call) -> httpx.Response:
        """Send ``call``, retrying idempotent ones; the body is read."""
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._send_once(call)
            except httpx.TransportError as exc:
                if not self._may_retry(call, attempt, None):
                    raise _transport_error(call, exc) from exc
                await asyncio.sleep(self.options.retry.delay(attempt))
                continue
            if not self._may_retry(call, attempt, response.status_code):
                return response
            await asyncio.sleep(_retry_delay(self.options, attempt, response))

    async def open_stream(self, call: Call) -> httpx.Response:
        """Send ``call`` and return the response unread; the caller closes it."""
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._send_once(call, stream=True)
            except httpx.TransportError as exc:
                if not self._may_retry(call, attempt, None):
                    raise _transport_error(call, exc) from exc
                await asyncio.sleep(self.options.retry.delay(attempt))
                continue
            if not self._may_retry(call, attempt, response.status_code):
                return response
            await response.aclose()
            await asyncio.sleep(_retry_delay(self.options, attempt, response))

    async def download(self, step: Download) -> httpx.Response:
        """Stream a 200 body into ``step.sink``; other answers come back read."""
        call = Call(step.op, step.request, idempotent=True)
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._download_once(call, step)
            except httpx.TransportError as exc:
                if not self._may_retry(call, attempt, None):
                    raise _transport_error(call, exc) from exc
                await asyncio.sleep(self.options.retry.delay(attempt))

    async def _download_once(self, call: Call, step: Download) -> httpx.Response:
        response = await self.open_stream(call)
        try:
            if response.status_code != 200:
                await response.aread()
                return response
            step.sink.reset()
            async for chunk in response.aiter_bytes():
                step.sink.write(chunk)
        finally:
            await response.aclose()
        return response

    async def _send_once(self, call: Call, *, stream: bool = False) -> httpx.Response:
        since = time.time()  # tokens received before this are as suspect
        request = self.http.build_request(**_request_args(call))
        response = await self._transmit(call, request, stream)
        auth = needs_replay(self.http.auth, "files" in call.request, response)
        if auth is not None:
            await response.aclose()
            with translated_errors():
                await auth.arefresh(auth.tokens, since=since)
            request = self.http.build_request(**_request_args(call))
            response = await self._transmit(call, request, stream)
        if not stream:
            self._validate(call, response)
        return response

    async def _transmit(
        self, call: Call, request: httpx.Request, stream: bool
    ) -> httpx.Response:
        started = time.monotonic()
        try:
            with translated_errors():
                response = await self.http.send(request, stream=stream)
        except Exception as exc:
            _log_failure(call, request, exc)
            raise
        _log_response(call, request, response, started)
        return response

    def _may_retry(self, call: Call, attempt: int, status: int | None) -> bool:
        return call.idempotent and self.options.retry.should_retry(attempt, status)

    def _validate(self, call: Call, response: httpx.Response) -> None:
        if self.options.validate:
            check_response(call.op, response.status_code, _json_or_none(response))


# --- helpers shared by both shells ---------------------------------------------


@contextlib.contextmanager
def translated_errors() -> Iterator[None]:
    """Re-raise fugaku_auth errors as ours (``NoAccessCode``...)."""
    try:
        yield
    except Exception as exc:
        translated = translate_auth_error(exc)
        if translated is None:
            raise
        raise translated from exc


def _request_args(call: Call) -> dict[str, Any]:
    args = dict(call.request)
    if call.timeout is not None:
        args["timeout"] = call.timeout
    return args


def _retry_delay(options: Options, attempt: int, response: httpx.Response) -> float:
    return options.retry.delay(attempt, response.headers.get("retry-after"))


def _transport_error(call: Call, exc: httpx.TransportError) -> TransportError:
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    advice = (
        "check the network and try again later"
        if call.idempotent
        else "it was not retried because it may have taken effect: "
        "check before repeating it"
    )
    return TransportError(
        f"{call.op}: the request {kind} ({type(exc).__name__}); {advice}"
    )


def _log_response(
    call: Call, request: httpx.Request, response: httpx.Response, started: float
) -> None:
    logger.info(
        "%s %s %s -> %s (%.0f ms)",
        call.op,
        request.method,
        request.url.path,
        response.status_code,
        (time.monotonic() - started) * 1000,
    )


def _log_failure(call: Call, request: httpx.Request, exc: Exception) -> None:
    logger.info(
        "%s %s %s -> %s", call.op, request.method, request.url.path, type(exc).__name__
    )


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):
        return None
