"""The paste-the-redirected-URL parser (the original sample cut a character)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fugaku_auth import (
    AuthorizationDenied,
    LoginError,
    parse_redirect,
    parse_redirect_url,
)

KEYCLOAK_CODE = "3e7f9c1a-0b2d-4e5f-8a9b-1c2d3e4f5a6b.5f6a7b8c-1d2e.9c8b7a6f-5e4d"


@pytest.mark.parametrize(
    "url",
    [
        f"http://localhost/cb?code={KEYCLOAK_CODE}",
        f"http://localhost/cb?state=s1&code={KEYCLOAK_CODE}",
        f"http://localhost/cb?code={KEYCLOAK_CODE}&state=s1",
        f"http://localhost/cb?session_state=abc&code={KEYCLOAK_CODE}&state=s1&iss=x",
        f"http://localhost:8080/a/b?x=1&code={KEYCLOAK_CODE}&y=2#frag",
        f"http://localhost/cb?code={KEYCLOAK_CODE}&state=s1#",
        f"  http://localhost/cb?code={KEYCLOAK_CODE}&state=s1\n",
        f"?code={KEYCLOAK_CODE}&state=s1",
        f"code={KEYCLOAK_CODE}&state=s1",
        f"http://localhost/cb#state=s1&code={KEYCLOAK_CODE}",
        f"code={KEYCLOAK_CODE}&iss=http://127.0.0.1:8080/auth/realms/op",
        f"localhost:8765/cb?code={KEYCLOAK_CODE}&state=s1",
        f"code={KEYCLOAK_CODE}#state=zzz",
    ],
)
def test_exact_code_whatever_surrounds_it(url: str) -> None:
    code, _ = parse_redirect_url(url)
    assert code == KEYCLOAK_CODE


def test_percent_encoded_code_and_state_are_decoded() -> None:
    url = "http://localhost/cb?state=a%2Fb%3D&code=ab%2Bc%2F%3D%3D&iss=https%3A%2F%2Fi"
    params = parse_redirect(url)
    assert (params.code, params.state, params.iss) == ("ab+c/==", "a/b=", "https://i")


def test_fragment_is_not_part_of_the_code() -> None:
    assert parse_redirect_url("http://h/cb?code=abc#code=zzz") == ("abc", None)


def test_error_redirect_is_typed() -> None:
    with pytest.raises(AuthorizationDenied) as info:
        parse_redirect_url("http://h/cb?error=access_denied&state=s")
    assert info.value.error == "access_denied"


@pytest.mark.parametrize(
    "url",
    ["http://h/cb?state=s", "http://h/cb?code=&state=s", "http://h/cb?code=a&code=b"],
)
def test_missing_or_ambiguous_code_is_refused(url: str) -> None:
    with pytest.raises(LoginError):
        parse_redirect_url(url)


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)
_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12
).filter(lambda name: name not in {"code", "error", "state"})


@given(
    code=_text.filter(lambda s: s.strip() == s),
    state=_text,
    before=st.lists(st.tuples(_names, _text), max_size=4),
    after=st.lists(st.tuples(_names, _text), max_size=4),
    fragment=st.one_of(st.none(), _text),
    host=st.sampled_from(["localhost", "127.0.0.1:8765", "example.org"]),
)
def test_property_exact_code(
    code: str,
    state: str,
    before: list[tuple[str, str]],
    after: list[tuple[str, str]],
    fragment: str | None,
    host: str,
) -> None:
    query = urlencode([*before, ("code", code), ("state", state), *after])
    url = f"http://{host}/callback?{query}"
    if fragment is not None:
        url += "#" + quote(fragment, safe="")
    assert parse_redirect_url(url) == (code, state)


@given(code=st.from_regex(r"[A-Za-z0-9._~-]{1,80}", fullmatch=True), extra=_text)
def test_property_unencoded_keycloak_style_codes(code: str, extra: str) -> None:
    url = f"http://localhost/cb?code={code}&session_state={quote(extra)}&state=s"
    assert parse_redirect_url(url) == (code, "s")
