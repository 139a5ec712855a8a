"""No secret reaches a log line, a repr, an exception text or stdout."""

from __future__ import annotations

import dataclasses
import logging
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fugaku_auth import (
    AuthError,
    OIDCAuth,
    ProviderConfig,
    Settings,
    TokenSet,
    TokenStore,
    exchange_code,
    parse_redirect_url,
    start_login,
)

LOGGERS = ("fugaku", "httpx", "httpcore")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _texts_of(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + repr(exc)


def test_login_and_call_session_leaks_nothing(
    idp: Any,
    tmp_path: Path,
    debug_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secrets: set[str] = {idp.client.client_secret}
    texts: list[str] = []
    provider = ProviderConfig.discover(idp.metadata_url)
    attempt = start_login(provider, idp.client)
    with debug_logs.at_level(logging.CRITICAL + 1):  # the browser's part
        redirect = idp.approve(attempt.url)
    code, _ = parse_redirect_url(redirect)
    secrets |= {code, attempt.code_verifier}

    tokens = exchange_code(provider, idp.client, attempt, redirect)
    store = TokenStore("leakcheck", tmp_path)
    store.save(dataclasses.replace(tokens, expires_at=time.time() - 1))
    seen: list[TokenSet] = [tokens]
    auth = OIDCAuth(provider, idp.client, store=store, on_refresh=seen.append)
    assert provider.userinfo_endpoint
    with httpx.Client(auth=auth, timeout=10) as http:
        assert http.get(provider.userinfo_endpoint).status_code == 200
        idp.revoke_access_token(provider, seen[-1].access_token)
        assert http.get(provider.userinfo_endpoint).status_code == 200
    assert len(seen) == 3

    texts += [repr(x) for x in (tokens, auth, attempt, idp.client, store, provider)]
    texts += [str(tokens), repr(auth.tokens)]
    texts += _failures(provider, idp, attempt, redirect, tokens)
    for token_set in seen:
        secrets |= {t for t in (token_set.access_token, token_set.refresh_token) if t}
        secrets |= {token_set.id_token} if token_set.id_token else set()

    captured = capsys.readouterr()
    assert captured.out == ""
    haystack = "\n".join([*(r.getMessage() for r in debug_logs.records), *texts])
    assert any(r.name.startswith("fugaku.auth") for r in debug_logs.records)
    assert any(r.name.startswith("httpx") for r in debug_logs.records)
    leaked = [s for s in secrets if s and s in haystack + captured.err]
    assert leaked == []


def _failures(
    provider: ProviderConfig, idp: Any, attempt: Any, redirect: str, tokens: TokenSet
) -> list[str]:
    texts = []
    other = start_login(provider, idp.client)
    for action in (
        lambda: exchange_code(provider, idp.client, other, redirect),  # state mismatch
        lambda: exchange_code(provider, idp.client, attempt, redirect),  # code reused
        lambda: OIDCAuth(provider, idp.client, _expired(tokens)).refresh(),  # RT reused
    ):
        with pytest.raises(AuthError) as info:
            action()
        texts.append(_texts_of(info.value))
    return texts


def _expired(tokens: TokenSet) -> TokenSet:
    return dataclasses.replace(tokens, expires_at=time.time() - 1)


def test_settings_repr_hides_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUGAKU_CLIENT_ID", "me")
    monkeypatch.setenv("FUGAKU_CLIENT_SECRET", "s3cr3t-client")
    monkeypatch.setenv("FUGAKU_PKCS12_PASSPHRASE", "s3cr3t-pass")
    settings = Settings.load()
    assert "s3cr3t" not in repr(settings)
    assert "s3cr3t" not in repr(settings.credentials())
    assert settings.credentials().client_secret == "s3cr3t-client"
