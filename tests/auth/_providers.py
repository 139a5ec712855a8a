"""Loopback identity providers for fugaku_auth's integration tests.

``NodeProvider`` runs panva's oidc-provider (tests/oidc_provider/server.mjs);
``EmulatorProvider`` wraps fugaku_emulator's Keycloak-style IdP. Both expose
the same small surface so the integration tests run unchanged over each.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from fugaku_auth import ClientCredentials, ProviderConfig

SERVER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"
CLIENT_ID = "fugaku-test-client"
CLIENT_SECRET = "fugaku-test-secret-0123456789"
REDIRECT_URI = "http://127.0.0.1/callback"


class LoopbackIdP(Protocol):
    """What the integration tests need from a provider."""

    name: str
    metadata_url: str
    client: ClientCredentials

    def approve(self, authorization_url: str) -> str: ...

    def refresh_grants(self) -> int: ...

    def revoke_access_token(self, provider: ProviderConfig, token: str) -> None: ...


def _revoke(provider: ProviderConfig, client: ClientCredentials, token: str) -> None:
    assert provider.revocation_endpoint
    data = {"token": token, "token_type_hint": "access_token", **client.auth_fields()}
    response = httpx.post(provider.revocation_endpoint, data=data, timeout=10)
    assert response.status_code == 200


class NodeProvider:
    """panva's oidc-provider started with node on 127.0.0.1."""

    name = "oidc-provider"

    def __init__(self, process: subprocess.Popen[str], issuer: str) -> None:
        self.process = process
        self.issuer = issuer
        self.origin = issuer.split("/auth/", 1)[0]
        self.metadata_url = issuer + "/.well-known/openid-configuration"
        self.client = ClientCredentials(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[NodeProvider]:
        """Start server.mjs, wait for its ready line, stop it afterwards."""
        node = shutil.which("node")
        if node is None or not (SERVER_DIR / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError("node or tests/oidc_provider/node_modules missing")
        env = {
            **os.environ,
            "OP_CLIENT_ID": CLIENT_ID,
            "OP_CLIENT_SECRET": CLIENT_SECRET,
            "OP_REDIRECT_URIS": REDIRECT_URI,
        }
        process = subprocess.Popen(
            [node, "server.mjs"],
            cwd=SERVER_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            yield cls(process, _ready_issuer(process))
        finally:
            _stop(process)

    def approve(self, authorization_url: str, username: str = "u10001") -> str:
        """Complete login and consent headlessly; return the redirect URL."""
        url = authorization_url
        with httpx.Client(follow_redirects=False, timeout=10) as browser:
            for _ in range(12):
                response = browser.get(url)
                if response.status_code == 200:
                    response = self._interact(browser, url, response, username)
                assert response.status_code in (302, 303), response.text
                url = urljoin(url, response.headers["location"])
                if not url.startswith(self.issuer):
                    return url
        raise AssertionError("login did not finish")

    def _interact(
        self, browser: httpx.Client, url: str, page: httpx.Response, username: str
    ) -> httpx.Response:
        prompt = page.json()["prompt"]
        action = "login" if prompt == "login" else "consent"
        return browser.post(f"{url}/{action}", data={"username": username})

    def stats(self) -> dict[str, Any]:
        """Grant counters kept by server.mjs."""
        result: dict[str, Any] = httpx.get(self.origin + "/__test/stats").json()
        return result

    def refresh_grants(self) -> int:
        """Successful refresh-token grants so far."""
        return int(self.stats()["success"].get("refresh_token", 0))

    def set_access_ttl(self, seconds: int) -> None:
        """Change the lifetime of access tokens issued from now on."""
        response = httpx.post(self.origin + f"/__test/access-ttl?seconds={seconds}")
        assert response.status_code == 200

    def revoke_access_token(self, provider: ProviderConfig, token: str) -> None:
        """Make the server forget ``token``, as if it had expired."""
        url = self.origin + "/__test/expire-access-token"
        response = httpx.post(url, data={"token": token})
        assert response.json() == {"destroyed": True}


def _ready_issuer(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 30)
    if not ready:
        _stop(process)
        raise RuntimeError("oidc-provider did not start within 30 s")
    line = process.stdout.readline()
    if not line:
        raise RuntimeError("oidc-provider exited before it was ready")
    issuer: str = json.loads(line)["issuer"]
    assert urlsplit(issuer).hostname == "127.0.0.1"
    return issuer


def _stop(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(OSError):
        if process.stdin:
            process.stdin.close()
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    if process.stdout:
        process.stdout.close()


class EmulatorProvider:
    """fugaku_emulator's identity provider (documented interface)."""

    name = "emulator"

    def __init__(self, emu: Any) -> None:
        self.emu = emu
        self.metadata_url: str = emu.metadata_url
        self.client = ClientCredentials(
            emu.client_id, emu.client_secret, emu.redirect_uri
        )

    def approve(self, authorization_url: str) -> str:
        """Let the emulator complete the login; return the redirect URL."""
        url: str = self.emu.approve(authorization_url)
        return url

    def refresh_grants(self) -> int:
        """Refresh-token grants counted by the emulator."""
        return _emulator_refresh_count(self.emu.stats)

    def revoke_access_token(self, provider: ProviderConfig, token: str) -> None:
        """Make the emulator reject ``token`` (its RFC 7009 endpoint)."""
        _revoke(provider, self.client, token)


def _emulator_refresh_count(stats: Any) -> int:
    for name in ("token_requests", "token_grants", "grants"):
        table = getattr(stats, name, None)
        if table is None and isinstance(stats, dict):
            table = stats.get(name)
        if isinstance(table, dict):
            return int(table.get("refresh_token", 0))
    snapshot = stats.snapshot() if hasattr(stats, "snapshot") else stats
    if isinstance(snapshot, dict):
        for key, value in snapshot.items():
            if "refresh" in str(key) and isinstance(value, int):
                return value
    raise AssertionError("cannot read the emulator's refresh counter")
