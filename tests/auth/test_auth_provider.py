"""Provider settings: discovery, explicit endpoints, typed errors, HTTPS rule."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from fugaku_auth import (
    DiscoveryError,
    InsecureTransport,
    NoTokenEndpoint,
    ProviderConfig,
)

ISSUER = "https://idp.test/auth/realms/op"
METADATA_URL = ISSUER + "/.well-known/openid-configuration"
METADATA = {
    "issuer": ISSUER,
    "authorization_endpoint": ISSUER + "/protocol/openid-connect/auth",
    "token_endpoint": ISSUER + "/protocol/openid-connect/token",
    "jwks_uri": ISSUER + "/protocol/openid-connect/certs",
    "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
}


def serve(status: int = 200, body: Any = METADATA) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_discovery_reads_the_endpoints() -> None:
    with serve() as http:
        config = ProviderConfig.discover(METADATA_URL, http=http)
    assert config.token_endpoint == METADATA["token_endpoint"]
    assert config.id_token_algs == ("RS256",)  # HS256 and none are dropped


async def test_async_discovery() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=METADATA))
    async with httpx.AsyncClient(transport=transport) as http:
        config = await ProviderConfig.adiscover(METADATA_URL, http=http)
    assert config.issuer == ISSUER


def test_metadata_without_token_endpoint() -> None:
    body = {k: v for k, v in METADATA.items() if k != "token_endpoint"}
    with serve(body=body) as http, pytest.raises(NoTokenEndpoint):
        ProviderConfig.discover(METADATA_URL, http=http)


def test_explicit_settings_without_token_endpoint() -> None:
    with pytest.raises(NoTokenEndpoint):
        ProviderConfig(issuer=ISSUER, token_endpoint="")


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, {"error": "not found"}),
        (200, "<html>gateway</html>"),
        (200, ["not", "an", "object"]),
        (200, {**METADATA, "issuer": "https://evil.test/auth/realms/op"}),
        (200, {k: v for k, v in METADATA.items() if k != "issuer"}),
        (200, "[" * 100_000 + "]" * 100_000),
    ],
)
def test_unusable_metadata_is_a_discovery_error(status: int, body: Any) -> None:
    with serve(status, body) as http, pytest.raises(DiscoveryError):
        ProviderConfig.discover(METADATA_URL, http=http)


def test_unreachable_provider_is_a_discovery_error() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    transport = httpx.MockTransport(fail)
    with httpx.Client(transport=transport) as http, pytest.raises(DiscoveryError):
        ProviderConfig.discover(METADATA_URL, http=http)


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(InsecureTransport):
        ProviderConfig.discover("http://idp.test/.well-known/openid-configuration")
    with pytest.raises(InsecureTransport):
        ProviderConfig(issuer="x", token_endpoint="http://idp.test/token")


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost", "[::1]:9"])
def test_plain_http_on_loopback_is_fine(host: str) -> None:
    config = ProviderConfig(issuer="i", token_endpoint=f"http://{host}/token")
    assert config.token_endpoint.startswith("http://")


def test_plain_http_when_explicitly_allowed() -> None:
    config = ProviderConfig(
        issuer="i", token_endpoint="http://idp.test/token", allow_insecure_http=True
    )
    assert config.allow_insecure_http
