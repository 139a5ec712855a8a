"""Build a ``Fugaku`` client from a profile: settings, token store, certificate.

This is what the ``fugaku`` command does before every call::

    from fugaku._connect import connect

    with connect(profile="default") as fugaku:
        print(fugaku.machines())

Tokens come from the profile's token store (written by ``fugaku login``)
and are refreshed by ``fugaku_auth.OIDCAuth``. A profile with an X.509
certificate (``FUGAKU_PKCS12`` or ``FUGAKU_CERT``) and no stored tokens
connects with the certificate alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from fugaku_auth import Settings

    from ._client import Fugaku

__all__ = ["connect", "load_settings"]


def load_settings(profile: str | None = None, api_url: str | None = None) -> Settings:
    """The merged settings of ``profile`` (arguments, environment, config file).

    Raises:
        fugaku_auth.ConfigError: The config file or a setting is invalid.
    """
    from fugaku_auth import Settings

    return Settings.load(profile, api_url=api_url)


def connect(
    profile: str | None = None,
    *,
    api_url: str | None = None,
    machine: str = "computer",
    settings: Settings | None = None,
) -> Fugaku:
    """A ``Fugaku`` client for ``profile``, authenticated by token or certificate.

    Args:
        profile: Profile name (default ``FUGAKU_PROFILE`` or ``default``).
        api_url: WebAPI URL overriding the profile's.
        machine: Default machine name.
        settings: Settings to use instead of loading ``profile``.

    Raises:
        NoAccessCode: No stored tokens and no certificate: log in first.
        fugaku_auth.ConfigError: The profile is incomplete or invalid.
    """
    from ._client import Fugaku

    chosen = settings or load_settings(profile, api_url)
    return Fugaku(
        chosen.api_url,
        auth=_auth(chosen),
        machine=machine,
        verify=chosen.ssl_context(),
        proxy=chosen.proxy,
        allow_insecure_http=chosen.allow_insecure_http,
    )


def _auth(settings: Settings) -> httpx.Auth | None:
    """``OIDCAuth`` over the stored tokens, or None for a certificate alone."""
    from fugaku_auth import OIDCAuth

    from .error import NoAccessCode

    if settings.token_store().load() is None:
        if settings.x509() is not None:
            return None
        raise NoAccessCode(
            f"Not logged in (profile {settings.profile!r}): run `fugaku login`."
        )
    return OIDCAuth.from_settings(settings)
