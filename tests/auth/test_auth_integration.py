"""The whole lifecycle against real loopback providers.

Every test runs against panva's oidc-provider (OpenID Certified) and against
fugaku_emulator's Keycloak-style IdP.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from fugaku_auth import (
    LoginRequired,
    OIDCAuth,
    ProviderConfig,
    Settings,
    StateMismatch,
    TokenSet,
    TokenStore,
    aexchange_code,
    arevoke_tokens,
    exchange_code,
    login_interactive,
    revoke_tokens,
    start_login,
)

from ._providers import EmulatorProvider


def login(idp: Any) -> tuple[ProviderConfig, TokenSet]:
    provider = ProviderConfig.discover(idp.metadata_url)
    attempt = start_login(provider, idp.client)
    redirect = idp.approve(attempt.url)
    return provider, exchange_code(provider, idp.client, attempt, redirect)


def expired(tokens: TokenSet) -> TokenSet:
    return dataclasses.replace(tokens, expires_at=time.time() - 1)


def test_discovery_finds_keycloak_paths(idp: Any) -> None:
    provider = ProviderConfig.discover(idp.metadata_url)
    assert provider.issuer.endswith("/auth/realms/op")
    assert provider.token_endpoint.endswith("/protocol/openid-connect/token")
    assert provider.jwks_uri
    assert provider.jwks_uri.endswith("/protocol/openid-connect/certs")


def test_login_exchange_and_id_token(idp: Any) -> None:
    _provider, tokens = login(idp)
    assert tokens.access_token
    assert tokens.refresh_token
    assert tokens.id_token
    assert tokens.offline
    assert tokens.expires_at is not None
    assert tokens.expires_at > time.time()


async def test_async_code_exchange(idp: Any) -> None:
    provider = await ProviderConfig.adiscover(idp.metadata_url)
    attempt = start_login(provider, idp.client)
    redirect = idp.approve(attempt.url)
    tokens = await aexchange_code(provider, idp.client, attempt, redirect)
    assert tokens.id_token


def test_redirect_of_another_login_is_refused(idp: Any) -> None:
    provider = ProviderConfig.discover(idp.metadata_url)
    first, second = start_login(provider, idp.client), start_login(provider, idp.client)
    redirect = idp.approve(first.url)
    with pytest.raises(StateMismatch):
        exchange_code(provider, idp.client, second, redirect)


def test_bearer_call_refresh_and_rotation(idp: Any) -> None:
    provider, tokens = login(idp)
    auth = OIDCAuth(provider, idp.client, expired(tokens))
    before = idp.refresh_grants()
    assert provider.userinfo_endpoint
    with httpx.Client(auth=auth, timeout=10) as http:
        assert http.get(provider.userinfo_endpoint).status_code == 200
    assert idp.refresh_grants() == before + 1
    assert auth.tokens is not None
    assert auth.tokens.access_token != tokens.access_token
    assert auth.tokens.refresh_token != tokens.refresh_token  # rotated


async def test_async_bearer_call_and_refresh(idp: Any) -> None:
    provider, tokens = login(idp)
    auth = OIDCAuth(provider, idp.client, expired(tokens))
    assert provider.userinfo_endpoint
    async with httpx.AsyncClient(auth=auth, timeout=10) as http:
        assert (await http.get(provider.userinfo_endpoint)).status_code == 200
    assert auth.refresh_count == 1


def test_server_side_expiry_is_refreshed_and_retried_once(idp: Any) -> None:
    provider, tokens = login(idp)
    auth = OIDCAuth(provider, idp.client, tokens)
    idp.revoke_access_token(provider, tokens.access_token)
    assert provider.userinfo_endpoint
    with httpx.Client(auth=auth, timeout=10) as http:
        response = http.get(provider.userinfo_endpoint)
    assert response.status_code == 200
    assert auth.refresh_count == 1


def test_reused_refresh_token_requires_login(idp: Any) -> None:
    provider, tokens = login(idp)
    auth = OIDCAuth(provider, idp.client, expired(tokens))
    auth.refresh(auth.tokens)  # rotates: the original refresh token is now spent
    replay = OIDCAuth(provider, idp.client, expired(tokens))
    with pytest.raises(LoginRequired):
        replay.refresh(replay.tokens)


def test_revoked_refresh_token_requires_login_without_looping(idp: Any) -> None:
    provider, tokens = login(idp)
    assert provider.revocation_endpoint
    assert provider.userinfo_endpoint
    assert tokens.refresh_token
    data = {"token": tokens.refresh_token, "token_type_hint": "refresh_token"}
    revoked = httpx.post(
        provider.revocation_endpoint, data={**data, **idp.client.auth_fields()}
    )
    assert revoked.status_code == 200
    sent: list[httpx.Request] = []
    token_http = httpx.Client(event_hooks={"request": [sent.append]})
    auth = OIDCAuth(provider, idp.client, expired(tokens), http=token_http)
    with httpx.Client(auth=auth, timeout=10) as http:
        for _ in range(3):
            with pytest.raises(LoginRequired):
                http.get(provider.userinfo_endpoint)
    assert len(sent) == 1  # one refresh attempt, then a remembered refusal
    token_http.close()


def test_reuse_of_a_rotated_refresh_token_revokes_the_grant(oidc_provider: Any) -> None:
    provider, tokens = login(oidc_provider)
    current = OIDCAuth(provider, oidc_provider.client, expired(tokens))
    current.refresh(current.tokens)
    replay = OIDCAuth(provider, oidc_provider.client, expired(tokens))
    with pytest.raises(LoginRequired):
        replay.refresh(replay.tokens)
    assert current.tokens is not None
    holder = OIDCAuth(provider, oidc_provider.client, expired(current.tokens))
    with pytest.raises(LoginRequired):
        holder.refresh(holder.tokens)


def test_store_shares_a_login_between_auth_objects(idp: Any, tmp_path: Path) -> None:
    provider, tokens = login(idp)
    store = TokenStore("shared", tmp_path)
    store.save(expired(tokens))
    first = OIDCAuth(provider, idp.client, store=store)
    second = OIDCAuth(provider, idp.client, store=store)
    assert provider.userinfo_endpoint
    with httpx.Client(auth=first, timeout=10) as http:
        assert http.get(provider.userinfo_endpoint).status_code == 200
    with httpx.Client(auth=second, timeout=10) as http:
        assert http.get(provider.userinfo_endpoint).status_code == 200
    assert (first.refresh_count, second.refresh_count) == (1, 0)
    assert store.load() == first.tokens


def test_interactive_login_with_loopback_receiver(idp: Any) -> None:
    provider = ProviderConfig.discover(idp.metadata_url)
    client = dataclasses.replace(idp.client, redirect_uri=_loopback_uri(idp))

    def browser(url: str) -> bool:
        httpx.get(idp.approve(url), timeout=10)
        return True

    tokens = login_interactive(provider, client, open_browser=browser, wait=20)
    assert tokens.id_token


def test_interactive_login_paste_fallback(idp: Any) -> None:
    provider = ProviderConfig.discover(idp.metadata_url)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        url = prompt.split("\n")[1]
        return str(idp.approve(url)) + "\n"

    tokens = login_interactive(
        provider, idp.client, open_browser=lambda url: False, ask=ask, wait=1
    )
    assert tokens.refresh_token
    assert len(prompts) == 1


def _loopback_uri(idp: Any) -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = idp.client.redirect_uri.split("://", 1)[1].split("/", 1)[1]
    return f"http://127.0.0.1:{port}/{base}"


@pytest.mark.slow
def test_real_expiry_of_short_lived_tokens(oidc_provider: Any) -> None:
    oidc_provider.set_access_ttl(2)
    try:
        provider, tokens = login(oidc_provider)
    finally:
        oidc_provider.set_access_ttl(300)
    assert tokens.lifetime == 2
    assert provider.userinfo_endpoint
    time.sleep(3)
    raw = httpx.get(
        provider.userinfo_endpoint,
        headers={"Authorization": f"Bearer {tokens.access_token}"},
    )
    assert raw.status_code == 401
    auth = OIDCAuth(provider, oidc_provider.client, tokens)
    with httpx.Client(auth=auth, timeout=10) as http:
        assert http.get(provider.userinfo_endpoint).status_code == 200
    assert auth.refresh_count == 1


def test_auth_from_settings_uses_the_profile_store(
    idp: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    provider, tokens = login(idp)
    monkeypatch.setenv("FUGAKU_METADATA_URL", idp.metadata_url)
    monkeypatch.setenv("FUGAKU_CLIENT_ID", idp.client.client_id)
    monkeypatch.setenv("FUGAKU_CLIENT_SECRET", idp.client.client_secret)
    monkeypatch.setenv("FUGAKU_TOKEN_DIR", str(tmp_path))
    monkeypatch.setenv("FUGAKU_PROFILE", "lab")
    TokenStore("lab", tmp_path).save(expired(tokens))
    auth = OIDCAuth.from_settings(Settings.load())
    assert provider.userinfo_endpoint
    with httpx.Client(auth=auth, timeout=10) as http:
        assert http.get(provider.userinfo_endpoint).status_code == 200
    assert auth.refresh_count == 1
    assert TokenStore("lab", tmp_path).load() == auth.tokens


@pytest.mark.slow
def test_real_expiry_of_short_lived_tokens_emulator() -> None:
    emulator = pytest.importorskip("fugaku_emulator")
    config = emulator.EmulatorConfig(token_lifetime=2, rotate_refresh_tokens=True)
    with emulator.Emulator(config) as emu:
        idp = EmulatorProvider(emu)
        provider, tokens = login(idp)
        assert tokens.lifetime == 2
        assert provider.userinfo_endpoint
        time.sleep(3)
        bearer = {"Authorization": f"Bearer {tokens.access_token}"}
        assert httpx.get(provider.userinfo_endpoint, headers=bearer).status_code == 401
        auth = OIDCAuth(provider, idp.client, tokens)
        with httpx.Client(auth=auth, timeout=10) as http:
            assert http.get(provider.userinfo_endpoint).status_code == 200
        assert auth.refresh_count == 1


def test_logout_revokes_the_grant(idp: Any) -> None:
    provider, tokens = login(idp)
    assert revoke_tokens(provider, idp.client, tokens)
    auth = OIDCAuth(provider, idp.client, expired(tokens))
    with pytest.raises(LoginRequired):
        auth.refresh(auth.tokens)


async def test_async_logout(idp: Any) -> None:
    provider, tokens = await asyncio.to_thread(login, idp)
    assert await arevoke_tokens(provider, idp.client, tokens)
    no_endpoints = dataclasses.replace(
        provider, revocation_endpoint=None, end_session_endpoint=None
    )
    assert not await arevoke_tokens(no_endpoints, idp.client, tokens)


def test_keycloak_logout_endpoint_when_there_is_no_revocation(
    emulator_idp: Any,
) -> None:
    provider, tokens = login(emulator_idp)
    keycloak_style = dataclasses.replace(provider, revocation_endpoint=None)
    assert revoke_tokens(keycloak_style, emulator_idp.client, tokens)
    auth = OIDCAuth(provider, emulator_idp.client, expired(tokens))
    with pytest.raises(LoginRequired):
        auth.refresh(auth.tokens)
