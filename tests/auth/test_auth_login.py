"""start_login / exchange_code and ID-token validation against a fake provider."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from fugaku_auth import (
    AuthError,
    ConfigError,
    InvalidIDToken,
    LoginError,
    ProviderConfig,
    StateMismatch,
    aexchange_code,
    exchange_code,
    start_login,
    validate_id_token,
)

from ._fake import (
    CLIENT,
    ISSUER,
    FakeIdP,
    hmac_with_public_key,
    id_claims,
    jwks,
    provider,
    redirect_for,
    sign,
    unsigned,
)


def test_authorization_url_has_pkce_state_nonce_and_consent() -> None:
    attempt = start_login(provider(), CLIENT)
    query = parse_qs(urlsplit(attempt.url).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [attempt.state]
    assert query["nonce"] == [attempt.nonce]
    assert query["prompt"] == ["consent"]  # offline_access (OIDC Core 11)
    assert query["scope"] == ["openid offline_access"]
    assert attempt.code_verifier not in attempt.url
    assert len(attempt.code_verifier) >= 43


def test_each_attempt_is_unique() -> None:
    first, second = start_login(provider(), CLIENT), start_login(provider(), CLIENT)
    assert first.state != second.state
    assert first.code_verifier != second.code_verifier


def _exchange(fake: FakeIdP, redirect: str | None = None) -> None:
    attempt = start_login(provider(), CLIENT)
    fake.pending_nonce = attempt.nonce
    with httpx.Client(transport=fake.transport()) as http:
        exchange_code(
            provider(), CLIENT, attempt, redirect or redirect_for(attempt), http=http
        )


def test_exchange_sends_verifier_and_client_secret_post(fake: FakeIdP) -> None:
    attempt = start_login(provider(), CLIENT)
    fake.pending_nonce = attempt.nonce
    with httpx.Client(transport=fake.transport()) as http:
        tokens = exchange_code(
            provider(), CLIENT, attempt, redirect_for(attempt), http=http
        )
    form = fake.token_requests[0]
    assert form["code"] == ["the-code"]
    assert form["code_verifier"] == [attempt.code_verifier]
    assert form["client_secret"] == [CLIENT.client_secret]
    assert form["redirect_uri"] == [CLIENT.redirect_uri]
    assert tokens.refresh_token


async def test_async_exchange_behaves_alike(fake: FakeIdP) -> None:
    attempt = start_login(provider(), CLIENT)
    fake.pending_nonce = attempt.nonce
    async with httpx.AsyncClient(transport=fake.async_transport()) as http:
        tokens = await aexchange_code(
            provider(), CLIENT, attempt, redirect_for(attempt), http=http
        )
    assert tokens.id_token


def test_bare_code_is_accepted(fake: FakeIdP) -> None:
    attempt = start_login(provider(), CLIENT)
    fake.pending_nonce = attempt.nonce
    with httpx.Client(transport=fake.transport()) as http:
        exchange_code(provider(), CLIENT, attempt, "  bare-code \n", http=http)
    assert fake.token_requests[0]["code"] == ["bare-code"]


def test_state_mismatch_is_refused_before_any_request(fake: FakeIdP) -> None:
    with pytest.raises(StateMismatch):
        _exchange(fake, "http://127.0.0.1:8765/callback?code=c&state=forged")
    assert fake.token_requests == []


def test_missing_state_is_refused(fake: FakeIdP) -> None:
    with pytest.raises(StateMismatch):
        _exchange(fake, "http://127.0.0.1:8765/callback?code=c")


def test_mix_up_issuer_in_redirect_is_refused(fake: FakeIdP) -> None:
    attempt = start_login(provider(), CLIENT)
    url = redirect_for(attempt) + "&iss=https%3A%2F%2Fevil.test"
    with httpx.Client(transport=fake.transport()) as http, pytest.raises(LoginError):
        exchange_code(provider(), CLIENT, attempt, url, http=http)


def test_used_code_is_a_login_error(fake: FakeIdP) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "invalid_grant"})

    attempt = start_login(provider(), CLIENT)
    transport = httpx.MockTransport(refuse)
    with httpx.Client(transport=transport) as http, pytest.raises(LoginError):
        exchange_code(provider(), CLIENT, attempt, redirect_for(attempt), http=http)


@pytest.mark.parametrize("state", ["%C3%A9t%C3%A9", "%E5%AF%8C%E5%B2%B3"])
def test_a_non_ascii_state_is_a_state_mismatch(fake: FakeIdP, state: str) -> None:
    attempt = start_login(provider(), CLIENT)
    url = f"http://127.0.0.1/callback?code=abc&state={state}"
    with httpx.Client(transport=fake.transport()) as http, pytest.raises(StateMismatch):
        exchange_code(provider(), CLIENT, attempt, url, http=http)


def test_absurdly_nested_token_answer_is_an_auth_error(fake: FakeIdP) -> None:
    def nested(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000)

    attempt = start_login(provider(), CLIENT)
    transport = httpx.MockTransport(nested)
    with httpx.Client(transport=transport) as http, pytest.raises(AuthError):
        exchange_code(provider(), CLIENT, attempt, redirect_for(attempt), http=http)


BAD_ID_TOKENS = {
    "bad signature": lambda n: sign(id_claims(n), other_key=True),
    "alg none": lambda n: unsigned(id_claims(n)),
    "algorithm confusion": lambda n: hmac_with_public_key(id_claims(n)),
    "wrong iss": lambda n: sign(id_claims(n, iss="https://evil.test/realms/op")),
    "wrong aud": lambda n: sign(id_claims(n, aud="another-client")),
    "expired": lambda n: sign(id_claims(n, exp=int(time.time()) - 3600)),
    "wrong nonce": lambda n: sign(id_claims("replayed-nonce")),
    "non-ascii nonce": lambda n: sign(id_claims("nonce-\u00e9")),
    "no nonce": lambda n: sign(id_claims(None)),
    "not a jwt": lambda n: "garbage",
    "tampered payload": lambda n: _tamper(sign(id_claims(n))),
}


def _tamper(token: str) -> str:
    header, _, signature = token.split(".")
    forged = sign(id_claims(None, sub="admin")).split(".")[1]
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize("case", sorted(BAD_ID_TOKENS))
def test_bad_id_tokens_are_refused(fake: FakeIdP, case: str) -> None:
    fake.id_token_factory = BAD_ID_TOKENS[case]
    with pytest.raises(InvalidIDToken) as info:
        _exchange(fake)
    assert "eyJ" not in str(info.value)


def test_good_id_token_passes_and_multi_audience_needs_azp() -> None:
    claims = validate_id_token(
        sign(id_claims("n")),
        jwks(),
        issuer=ISSUER,
        client_id=CLIENT.client_id,
        nonce="n",
    )
    assert claims["sub"] == "u10001"
    token = sign(id_claims("n", aud=[CLIENT.client_id, "x"], azp="x"))
    with pytest.raises(InvalidIDToken):
        validate_id_token(
            token, jwks(), issuer=ISSUER, client_id=CLIENT.client_id, nonce="n"
        )


def test_missing_id_token_is_refused_for_openid_scope() -> None:
    def no_id(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"access_token": "a", "expires_in": 60})

    attempt = start_login(provider(), CLIENT)
    transport = httpx.MockTransport(no_id)
    with httpx.Client(transport=transport) as http, pytest.raises(InvalidIDToken):
        exchange_code(provider(), CLIENT, attempt, redirect_for(attempt), http=http)


def test_exchanged_tokens_carry_the_issuer(fake: FakeIdP) -> None:
    attempt = start_login(provider(), CLIENT)
    fake.pending_nonce = attempt.nonce
    with httpx.Client(transport=fake.transport()) as http:
        tokens = exchange_code(
            provider(), CLIENT, attempt, redirect_for(attempt), http=http
        )
    assert tokens.issuer == ISSUER


def test_extra_params_cannot_replace_the_security_parameters() -> None:
    attempt = start_login(provider(), CLIENT, extra_params={"login_hint": "u10001"})
    assert "login_hint=u10001" in attempt.url
    for name in ("state", "nonce", "code_challenge", "redirect_uri"):
        with pytest.raises(ConfigError):
            start_login(provider(), CLIENT, extra_params={name: "x"})


def test_explicit_prompt_and_no_authorization_endpoint() -> None:
    attempt = start_login(provider(), CLIENT, prompt="login")
    assert parse_qs(urlsplit(attempt.url).query)["prompt"] == ["login"]
    bare = ProviderConfig(issuer=ISSUER, token_endpoint=ISSUER + "/token")
    with pytest.raises(ConfigError):
        start_login(bare, CLIENT)
