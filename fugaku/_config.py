"""Building options and httpx client arguments from constructor settings."""

from __future__ import annotations

import os
import ssl
from typing import Any

import httpx

from fugaku_auth import OIDCAuth, Settings

from ._auth import BearerToken
from ._protocol import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    SUBMIT_TIMEOUT,
    Options,
    PollPolicy,
    RetryPolicy,
    check_base_url,
)
from ._validate import validation_enabled
from .error import ConfigurationError

__all__ = [
    "TimeoutLike",
    "base_url_from",
    "http_args",
    "make_options",
    "settings_args",
    "ssl_setting",
]

TimeoutLike = float | httpx.Timeout | None
CertLike = str | os.PathLike[str] | tuple[str, str] | None
VerifyLike = bool | str | ssl.SSLContext


def base_url_from(explicit: str | None) -> str:
    """The explicit URL, else ``FUGAKU_API_URL``, else the production URL."""
    return explicit or os.environ.get("FUGAKU_API_URL") or DEFAULT_BASE_URL


def make_options(
    *,
    base_url: str | None,
    machine: str,
    timeout: TimeoutLike,
    submit_timeout: TimeoutLike,
    retry: RetryPolicy | None,
    poll: PollPolicy | None,
    validate: bool | None,
    allow_insecure_http: bool,
    submit_lookup_window: float,
) -> Options:
    """Options with defaults filled in and the URL checked."""
    url = check_base_url(
        base_url_from(base_url), allow_insecure_http=allow_insecure_http
    )
    return Options(
        base_url=url,
        machine=machine,
        timeout=_timeout(timeout, DEFAULT_TIMEOUT),
        submit_timeout=_timeout(submit_timeout, SUBMIT_TIMEOUT),
        retry=retry or RetryPolicy(),
        poll=poll or PollPolicy(),
        validate=validation_enabled(validate),
        submit_lookup_window=submit_lookup_window,
    )


def _timeout(value: TimeoutLike, default: httpx.Timeout) -> httpx.Timeout:
    if value is None:
        return default
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(float(value), connect=min(float(value), 10.0))


def http_args(
    options: Options,
    *,
    auth: httpx.Auth | None,
    token: str | None,
    verify: VerifyLike,
    cert: CertLike,
    proxy: str | None,
) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client``/``AsyncClient``; TLS verified."""
    if auth is not None and token is not None:
        raise ConfigurationError("pass either auth or token, not both")
    return {
        "base_url": options.base_url,
        "auth": BearerToken(token) if token is not None else auth,
        "timeout": options.timeout,
        "verify": ssl_setting(verify, cert),
        "proxy": proxy,
        "follow_redirects": False,
        "headers": {"User-Agent": "fugaku-sdk/0.1"},
    }


def ssl_setting(verify: VerifyLike, cert: CertLike) -> VerifyLike:
    """What to pass as httpx ``verify``: an SSL context when a cert is given.

    A given context receives the certificate (it is modified in place).
    """
    if cert is None:
        return _context(verify) if isinstance(verify, str) else verify
    context = verify if isinstance(verify, ssl.SSLContext) else _context(verify)
    if isinstance(cert, tuple):
        context.load_cert_chain(cert[0], cert[1])
    else:
        context.load_cert_chain(os.fspath(cert))
    return context


def settings_args(settings: Settings) -> dict[str, Any]:
    """Constructor arguments from ``fugaku_auth.Settings``.

    Tokens come from the profile's token store through ``OIDCAuth`` when a
    client id is configured; a client certificate goes into the TLS context.
    Discovery (a network call) happens here when a metadata URL is used.
    """
    # OIDCAuth.from_settings: refreshes use the profile's CA bundle, proxy and
    # IdP timeout too. FUGAKU_TIMEOUT is the identity provider's timeout; API
    # calls keep their own defaults (read 60 s, submissions 300 s).
    auth = OIDCAuth.from_settings(settings) if settings.client_id else None
    return {
        "base_url": settings.api_url,
        "auth": auth,
        "verify": settings.ssl_context(),
        "proxy": settings.proxy,
        "allow_insecure_http": settings.allow_insecure_http,
    }


def _context(verify: VerifyLike) -> ssl.SSLContext:
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    context = ssl.create_default_context()
    if verify is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
