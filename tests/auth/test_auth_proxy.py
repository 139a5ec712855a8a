"""Proxies from settings reach the token requests of OIDCAuth."""

from __future__ import annotations

import dataclasses
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fugaku_auth import OIDCAuth, ProviderConfig, Settings, TokenSet


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    """A forward proxy on 127.0.0.1 that answers token requests itself."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length", 0))
            self.rfile.read(length)
            body = json.dumps({"access_token": "via-proxy", "expires_in": 300}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_refresh_goes_through_the_configured_proxy(
    proxy: tuple[str, list[str]], tmp_path: Path
) -> None:
    proxy_url, seen = proxy
    # Port 9 on loopback: nothing listens, so only the proxy can answer.
    provider = ProviderConfig(
        issuer="http://127.0.0.1:9/auth/realms/op",
        token_endpoint="http://127.0.0.1:9/auth/realms/op/protocol/openid-connect/token",
    )
    settings = Settings.load(
        proxy=proxy_url, client_id="c", client_secret="s", token_dir=str(tmp_path)
    )
    auth = OIDCAuth.from_settings(settings, provider=provider)
    stale = TokenSet(access_token="old", refresh_token="r", expires_at=time.time() - 1)
    auth.tokens = dataclasses.replace(stale, received_at=time.time() - 300)
    assert auth.refresh(auth.tokens).access_token == "via-proxy"
    assert seen == [f"POST {provider.token_endpoint}"]


def test_standard_proxy_variables_are_honoured(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy_url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Settings.load().http_client() as client:
        assert client.post("http://127.0.0.1:9/x").json()["access_token"] == "via-proxy"
    assert seen == ["POST http://127.0.0.1:9/x"]
    assert isinstance(client, httpx.Client)
