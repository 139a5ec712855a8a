"""Loopback redirect receiver and the interactive-login fallbacks."""

from __future__ import annotations

import socket
import time
import webbrowser

import httpx
import pytest

from fugaku_auth import (
    LoginError,
    LoopbackReceiver,
    login_interactive,
    open_system_browser,
)

from ._fake import CLIENT, provider


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_receiver_catches_one_redirect_on_its_path() -> None:
    uri = f"http://127.0.0.1:{_free_port()}/callback"
    with LoopbackReceiver(uri) as receiver:
        base = uri.rsplit("/", 1)[0]
        assert httpx.get(base + "/other?code=x").status_code == 404
        first = httpx.get(uri + "?state=s&code=abc%2Fd")
        again = httpx.get(uri + "?code=second")
        assert (first.status_code, again.status_code) == (200, 404)
        assert "close this window" in first.text
        assert receiver.wait(5) == uri + "?state=s&code=abc%2Fd"


def test_an_idle_browser_connection_does_not_block_the_redirect() -> None:
    port = _free_port()
    uri = f"http://127.0.0.1:{port}/callback"
    started = time.monotonic()
    with (
        LoopbackReceiver(uri) as receiver,
        socket.create_connection(("127.0.0.1", port)),  # a preconnect: sends nothing
    ):
        answer = httpx.get(uri + "?code=abc", timeout=3)
        received = receiver.wait(3)

    assert answer.status_code == 200
    assert received == uri + "?code=abc"
    assert time.monotonic() - started < 5  # leaving did not wait for the idle socket


def test_receiver_listens_on_loopback_only_and_times_out() -> None:
    port = _free_port()
    with LoopbackReceiver(f"http://localhost:{port}/cb") as receiver:
        assert receiver.wait(0.05) is None


@pytest.mark.parametrize("uri", ["https://127.0.0.1/cb", "http://example.org:8765/cb"])
def test_receiver_needs_an_http_loopback_uri(uri: str) -> None:
    with pytest.raises(LoginError):
        LoopbackReceiver(uri)


def test_no_browser_and_no_ask_is_a_login_error() -> None:
    with pytest.raises(LoginError):
        login_interactive(provider(), CLIENT, open_browser=lambda url: False, wait=0.1)


def test_empty_paste_is_a_login_error() -> None:
    with pytest.raises(LoginError):
        login_interactive(
            provider(), CLIENT, open_browser=lambda url: False, ask=lambda p: "  "
        )


def test_headless_machine_has_no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_browser(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    assert open_system_browser("http://127.0.0.1/never-opened") is False
