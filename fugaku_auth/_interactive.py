"""Interactive login: loopback redirect receiver, browser, paste fallback."""

from __future__ import annotations

import http.server
import logging
import threading
import webbrowser
from collections.abc import Callable
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from ._errors import LoginError
from ._login import exchange_code, start_login
from ._provider import (
    DEFAULT_TIMEOUT,
    ClientCredentials,
    ProviderConfig,
    is_loopback_host,
)
from ._tokens import TokenSet

__all__ = ["LoopbackReceiver", "login_interactive", "open_system_browser"]

log = logging.getLogger("fugaku.auth")

_DONE_PAGE = (
    b"<!doctype html><title>Fugaku login</title>"
    b"<p>Login complete. You can close this window.</p>"
)


_IDLE_CONNECTION_TIMEOUT = 10.0


def open_system_browser(url: str) -> bool:
    """Open ``url`` in a browser if this machine has one; tell whether it did."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    return bool(browser.open(url))


class LoopbackReceiver:
    """Catches one redirect to a ``localhost``/``127.0.0.1`` redirect URI.

    Listens on 127.0.0.1 only, on the redirect URI's port (80 if none). Use
    as a context manager; :meth:`wait` returns the full redirect URL.
    """

    def __init__(self, redirect_uri: str) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or not is_loopback_host(parts.hostname):
            raise LoginError("The redirect URI is not an http loopback URI.")
        self.redirect_uri = redirect_uri
        self._path = parts.path or "/"
        self._base = f"{parts.scheme}://{parts.netloc}"
        self._received: str | None = None
        self._event = threading.Event()
        # One thread per connection: browsers open speculative connections
        # that send nothing, and a one-at-a-time server stuck on such a socket
        # would never see the redirect (nor shut down).
        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", parts.port or 80), self._handler_class()
        )
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    def __enter__(self) -> LoopbackReceiver:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def wait(self, timeout: float) -> str | None:
        """Return the redirect URL, or None after ``timeout`` seconds."""
        self._event.wait(timeout)
        return self._received

    def _accept(self, path: str) -> bool:
        if urlsplit(path).path != self._path or self._event.is_set():
            return False
        self._received = self._base + path
        self._event.set()
        return True

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = _IDLE_CONNECTION_TIMEOUT  # an idle connection is dropped

            def do_GET(self) -> None:
                accepted = receiver._accept(self.path)
                body = _DONE_PAGE if accepted else b"Not found"
                self.send_response(200 if accepted else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                # The request line holds the authorization code: never log it.
                return

        return Handler


def login_interactive(
    provider: ProviderConfig,
    client: ClientCredentials,
    *,
    open_browser: Callable[[str], bool] = open_system_browser,
    ask: Callable[[str], str] | None = None,
    http: httpx.Client | None = None,
    wait: float = 300.0,
    timeout: float = DEFAULT_TIMEOUT,
) -> TokenSet:
    """Log in through the browser and return validated tokens.

    With a loopback redirect URI and a browser, a receiver on 127.0.0.1
    catches the redirect. Otherwise (headless machine, remote redirect URI,
    port in use) ``ask`` is called with instructions and the authorization
    URL, and must return the URL the browser was redirected to (or the code).

    Args:
        provider: The provider settings.
        client: The registered client.
        open_browser: Opens a URL; returns False when there is no browser.
        ask: Prompts the user and returns their answer; needed headless.
        http: Client for the token and JWKS requests.
        wait: Seconds to wait for the browser redirect.
        timeout: Seconds per HTTP request.

    Raises:
        LoginError: No way to finish the login, or it timed out.
    """
    attempt = start_login(provider, client)
    receiver = _receiver(client.redirect_uri)
    if receiver is not None:
        with receiver:
            redirected = receiver.wait(wait) if open_browser(attempt.url) else None
    else:
        redirected = None
    if redirected is None:
        redirected = _ask(ask, attempt.url)
    return exchange_code(
        provider, client, attempt, redirected, http=http, timeout=timeout
    )


def _receiver(redirect_uri: str) -> LoopbackReceiver | None:
    try:
        return LoopbackReceiver(redirect_uri)
    except LoginError:
        return None
    except OSError as exc:
        log.info("Cannot listen for the redirect (%s); falling back to paste", exc)
        return None


def _ask(ask: Callable[[str], str] | None, url: str) -> str:
    if ask is None:
        raise LoginError(
            "No browser redirect arrived and no way to ask for the redirected URL."
        )
    answer = ask(
        "Open this URL in a browser, log in, then paste the full URL "
        f"you were redirected to:\n{url}\n> "
    )
    if not answer.strip():
        raise LoginError("No redirect URL was given.")
    return answer
