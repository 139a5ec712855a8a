"""TokenSet: Keycloak fields, local-clock expiry, serialization, repr."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fugaku_auth import AuthError, TokenSet

KEYCLOAK_RESPONSE = {
    "access_token": "eyJ.access.secret",
    "expires_in": 300,
    "refresh_expires_in": 0,
    "refresh_token": "eyJ.offline.refresh.secret",
    "token_type": "bearer",
    "id_token": "eyJ.id.secret",
    "not-before-policy": 0,
    "session_state": "b8c7-session",
    "scope": "openid offline_access",
}


def test_keycloak_response_is_read_as_keycloak_means_it() -> None:
    tokens = TokenSet.from_response(KEYCLOAK_RESPONSE, clock=lambda: 1000.0)
    assert tokens.expires_at == 1300.0
    assert tokens.lifetime == 300.0
    assert tokens.refresh_expires_at is None  # 0 = offline token, no fixed expiry
    assert tokens.offline
    assert tokens.not_before_policy == 0
    assert tokens.session_state == "b8c7-session"
    assert not tokens.refresh_expired(now=10**12)


def test_expiry_uses_the_local_clock_not_the_token() -> None:
    # A provider clock an hour ahead changes nothing: expires_in is relative.
    tokens = TokenSet.from_response(KEYCLOAK_RESPONSE, clock=lambda: 50.0)
    assert tokens.expires_at == 350.0
    assert tokens.expires_within(60, now=291.0)
    assert not tokens.expires_within(60, now=289.0)


def test_online_refresh_token_expiry() -> None:
    body = {**KEYCLOAK_RESPONSE, "refresh_expires_in": 1800, "scope": "openid"}
    tokens = TokenSet.from_response(body, clock=lambda: 0.0)
    assert tokens.refresh_expires_at == 1800.0
    assert not tokens.offline
    assert tokens.refresh_expired(now=1800.0)


def test_refresh_without_rotation_keeps_the_refresh_token() -> None:
    first = TokenSet.from_response(KEYCLOAK_RESPONSE, clock=lambda: 0.0)
    second = TokenSet.from_response(
        {"access_token": "new", "expires_in": 60}, previous=first, clock=lambda: 10.0
    )
    assert second.refresh_token == first.refresh_token
    assert second.id_token == first.id_token
    assert second.scope == first.scope
    assert second.expires_at == 70.0


def test_rotation_replaces_the_refresh_token() -> None:
    first = TokenSet.from_response(KEYCLOAK_RESPONSE)
    body = {"access_token": "new", "refresh_token": "rotated", "expires_in": 60}
    assert TokenSet.from_response(body, previous=first).refresh_token == "rotated"


def test_no_expires_in_means_unknown_expiry() -> None:
    tokens = TokenSet.from_response({"access_token": "a"})
    assert tokens.expires_at is None
    assert not tokens.expires_within(10**9)


@pytest.mark.parametrize("body", [{}, {"access_token": ""}, {"access_token": 5}])
def test_response_without_access_token_is_refused(body: dict[str, object]) -> None:
    with pytest.raises(AuthError):
        TokenSet.from_response(body)


def test_round_trip_and_immutability() -> None:
    tokens = TokenSet.from_response(KEYCLOAK_RESPONSE)
    assert TokenSet.from_dict(tokens.to_dict()) == tokens
    with pytest.raises(dataclasses.FrozenInstanceError):
        tokens.access_token = "x"  # type: ignore[misc]


def test_from_dict_refuses_unknown_versions() -> None:
    data = TokenSet.from_response(KEYCLOAK_RESPONSE).to_dict()
    with pytest.raises(AuthError):
        TokenSet.from_dict({**data, "version": 99})


def test_repr_hides_every_token() -> None:
    tokens = TokenSet.from_response(KEYCLOAK_RESPONSE)
    for text in (repr(tokens), str(tokens), f"{tokens}"):
        assert "secret" not in text


@given(
    expires_in=st.one_of(st.none(), st.integers(0, 10**7), st.floats(0, 1e7)),
    refresh_expires_in=st.one_of(st.none(), st.integers(0, 10**7)),
    now=st.floats(0, 4e9),
    scope=st.sampled_from(["", "openid", "openid offline_access"]),
)
def test_property_round_trip_and_expiry(
    expires_in: float | None, refresh_expires_in: int | None, now: float, scope: str
) -> None:
    body: dict[str, object] = {
        "access_token": "a",
        "refresh_token": "r",
        "scope": scope,
    }
    if expires_in is not None:
        body["expires_in"] = expires_in
    if refresh_expires_in is not None:
        body["refresh_expires_in"] = refresh_expires_in
    tokens = TokenSet.from_response(body, clock=lambda: now)
    assert TokenSet.from_dict(tokens.to_dict()) == tokens
    if expires_in is None:
        assert tokens.expires_at is None
    else:
        assert tokens.expires_at == now + float(expires_in)
    if not refresh_expires_in:
        assert tokens.refresh_expires_at is None
    assert tokens.offline == ("offline_access" in scope)
