"""The Keycloak-shaped identity provider: code + PKCE, refresh, tokens."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from fugaku_emulator import Emulator, EmulatorConfig


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def auth_url(emu: Emulator, verifier: str, **overrides: str) -> str:
    params = {
        "client_id": emu.client_id,
        "redirect_uri": emu.redirect_uri,
        "response_type": "code",
        "scope": "openid offline_access",
        "state": "state-123",
        "nonce": "nonce-456",
        "code_challenge": challenge_of(verifier),
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return emu.authorization_endpoint + "?" + urlencode(params)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def exchange(
    emu: Emulator, code: str, verifier: str, *, basic: bool = False, **extra: str
) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": emu.redirect_uri,
        "code_verifier": verifier,
        **extra,
    }
    auth = None
    if basic:
        auth = httpx.BasicAuth(emu.client_id, emu.client_secret)
    else:
        data |= {"client_id": emu.client_id, "client_secret": emu.client_secret}
    return httpx.post(emu.token_endpoint, data=data, auth=auth)


def login(emu: Emulator, **overrides: str) -> dict[str, Any]:
    verifier = secrets.token_urlsafe(48)
    redirect = emu.approve(auth_url(emu, verifier, **overrides))
    response = exchange(emu, query_of(redirect)["code"], verifier)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def claims(emu: Emulator, token: str) -> dict[str, Any]:
    keys = KeySet.import_key_set(
        httpx.get(emu.issuer + "/protocol/openid-connect/certs").json()
    )
    decoded: dict[str, Any] = jwt.decode(token, keys, algorithms=["RS256"]).claims
    return decoded


def test_discovery_document(emulator: Emulator) -> None:
    meta = httpx.get(emulator.metadata_url).json()
    assert meta["issuer"] == emulator.issuer
    assert emulator.issuer.endswith("/auth/realms/op")
    base = emulator.issuer + "/protocol/openid-connect"
    assert meta["authorization_endpoint"] == base + "/auth"
    assert meta["token_endpoint"] == base + "/token"
    assert meta["jwks_uri"] == base + "/certs"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert set(meta["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }


def test_login_page_has_a_form(emulator: Emulator) -> None:
    page = httpx.get(auth_url(emulator, "v" * 43))
    assert page.status_code == 200
    assert "<form" in page.text
    assert "u10001" in page.text


def test_code_flow_with_pkce(emulator: Emulator) -> None:
    verifier = secrets.token_urlsafe(48)
    redirect = emulator.approve(auth_url(emulator, verifier))
    assert redirect.startswith(emulator.redirect_uri + "?")
    params = query_of(redirect)
    assert params["state"] == "state-123"
    assert params["iss"] == emulator.issuer
    body = exchange(emulator, params["code"], verifier).json()
    assert body["session_state"] == params["session_state"]
    assert set(body) == {
        "access_token",
        "expires_in",
        "refresh_expires_in",
        "refresh_token",
        "id_token",
        "token_type",
        "not-before-policy",
        "session_state",
        "scope",
    }
    assert (body["token_type"], body["expires_in"], body["refresh_expires_in"]) == (
        "Bearer",
        300,
        0,
    )
    access = claims(emulator, body["access_token"])
    assert access["iss"] == emulator.issuer
    assert (access["aud"], access["azp"]) == ("account", emulator.client_id)
    assert access["preferred_username"] == "u10001"
    assert access["exp"] - access["iat"] == 300
    assert "offline_access" in access["scope"].split()
    identity = claims(emulator, body["id_token"])
    assert (identity["aud"], identity["nonce"]) == (emulator.client_id, "nonce-456")


def test_client_secret_basic(emulator: Emulator) -> None:
    verifier = secrets.token_urlsafe(48)
    code = query_of(emulator.approve(auth_url(emulator, verifier)))["code"]
    assert exchange(emulator, code, verifier, basic=True).status_code == 200


def test_code_is_single_use(emulator: Emulator) -> None:
    verifier = secrets.token_urlsafe(48)
    code = query_of(emulator.approve(auth_url(emulator, verifier)))["code"]
    assert exchange(emulator, code, verifier).status_code == 200
    again = exchange(emulator, code, verifier)
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_wrong_verifier_is_invalid_grant(emulator: Emulator) -> None:
    verifier = secrets.token_urlsafe(48)
    code = query_of(emulator.approve(auth_url(emulator, verifier)))["code"]
    response = exchange(emulator, code, "x" * 50)
    assert response.json()["error"] == "invalid_grant"


def test_wrong_secret_is_401(emulator: Emulator) -> None:
    response = httpx.post(
        emulator.token_endpoint,
        data={"grant_type": "refresh_token", "refresh_token": "x"},
        auth=httpx.BasicAuth(emulator.client_id, "wrong"),
    )
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized_client"


def test_pkce_is_required(emulator: Emulator) -> None:
    url = auth_url(emulator, "v" * 43, code_challenge="", code_challenge_method="")
    url = url.replace("&code_challenge=&code_challenge_method=", "")
    response = httpx.get(url)
    assert response.status_code == 302
    assert query_of(response.headers["location"])["error"] == "invalid_request"


def test_plain_pkce_is_refused(emulator: Emulator) -> None:
    response = httpx.get(auth_url(emulator, "v" * 43, code_challenge_method="plain"))
    assert query_of(response.headers["location"])["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("redirect", "allowed"),
    [
        ("http://localhost:53682/callback", True),
        ("http://127.0.0.1:9/any/path?x=1", True),
        ("http://localhost/", True),
        ("http://evil.example/callback", False),
        ("https://localhost.evil.example/", False),
    ],
)
def test_redirect_uri_wildcards(
    emulator: Emulator, redirect: str, allowed: bool
) -> None:
    response = httpx.get(auth_url(emulator, "v" * 43, redirect_uri=redirect))
    assert (response.status_code == 200) is allowed


def test_unknown_client_gets_an_error_page(emulator: Emulator) -> None:
    response = httpx.get(auth_url(emulator, "v" * 43, client_id="nobody"))
    assert response.status_code == 400
    assert "Client not found" in response.text


def test_deny_redirects_with_access_denied(emulator: Emulator) -> None:
    redirect = emulator.approve(auth_url(emulator, "v" * 43), deny=True)
    assert query_of(redirect) == {"error": "access_denied", "state": "state-123"}


def test_refresh_grant(emulator: Emulator) -> None:
    tokens = login(emulator)
    data = {
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
    }
    refreshed = httpx.post(emulator.token_endpoint, data=data).json()
    assert refreshed["access_token"] != tokens["access_token"]
    assert emulator.stats.token_requests["refresh_token"] == 1
    assert emulator.stats.token_requests["authorization_code"] == 1
    # without rotation the old refresh token stays usable
    assert httpx.post(emulator.token_endpoint, data=data).status_code == 200


def test_online_scope_has_refresh_expiry(emulator: Emulator) -> None:
    tokens = login(emulator, scope="openid")
    assert tokens["refresh_expires_in"] == 1800
    assert tokens["scope"] == "openid"


@pytest.fixture
def rotating(tmp_path: Path) -> Iterator[Emulator]:
    config = EmulatorConfig(rotate_refresh_tokens=True, sandbox_root=tmp_path / "r")
    with Emulator(config) as emu:
        yield emu


def test_rotation_reuse_revokes_the_grant(rotating: Emulator) -> None:
    tokens = login(rotating)
    base = {
        "grant_type": "refresh_token",
        "client_id": rotating.client_id,
        "client_secret": rotating.client_secret,
    }
    first = httpx.post(
        rotating.token_endpoint, data=base | {"refresh_token": tokens["refresh_token"]}
    )
    assert first.status_code == 200
    reuse = httpx.post(
        rotating.token_endpoint, data=base | {"refresh_token": tokens["refresh_token"]}
    )
    assert (reuse.status_code, reuse.json()["error"]) == (400, "invalid_grant")
    newest = httpx.post(
        rotating.token_endpoint,
        data=base | {"refresh_token": first.json()["refresh_token"]},
    )
    assert newest.status_code == 400
    headers = {"Authorization": f"Bearer {first.json()['access_token']}"}
    assert httpx.get(rotating.api_url + "/status/", headers=headers).status_code == 401


def test_auto_approve_redirects_at_once(tmp_path: Path) -> None:
    config = EmulatorConfig(auto_approve=True, sandbox_root=tmp_path / "r")
    with Emulator(config) as emu:
        response = httpx.get(auth_url(emu, "v" * 43))
        assert response.status_code == 302
        assert "code" in query_of(response.headers["location"])


def test_userinfo_and_revocation(emulator: Emulator) -> None:
    tokens = login(emulator)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    info = httpx.get(
        emulator.issuer + "/protocol/openid-connect/userinfo", headers=bearer
    )
    assert info.json()["preferred_username"] == "u10001"
    revoke = httpx.post(
        emulator.issuer + "/protocol/openid-connect/revoke",
        data={"token": tokens["refresh_token"]},
        auth=httpx.BasicAuth(emulator.client_id, emulator.client_secret),
    )
    assert revoke.status_code == 200
    data = {
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
    }
    assert httpx.post(emulator.token_endpoint, data=data).status_code == 400


def test_approve_refuses_foreign_urls(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="only talks"):
        emulator.approve(
            "https://idp.example.invalid/auth/realms/op/protocol/openid-connect/auth"
        )


def test_logout_ends_the_session(emulator: Emulator) -> None:
    tokens = login(emulator)
    logout = httpx.post(
        emulator.issuer + "/protocol/openid-connect/logout",
        data={
            "refresh_token": tokens["refresh_token"],
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
        },
    )
    assert logout.status_code == 204
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert httpx.get(emulator.api_url + "/status/", headers=headers).status_code == 401


def test_logout_needs_the_client(emulator: Emulator) -> None:
    tokens = login(emulator)
    refused = httpx.post(
        emulator.issuer + "/protocol/openid-connect/logout",
        data={"refresh_token": tokens["refresh_token"]},
    )
    assert refused.status_code == 401
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert httpx.get(emulator.api_url + "/status/", headers=headers).status_code == 200
