"""Build a ``Fugaku`` client from a profile: settings, token store, certificate.

This is what the ``fugaku`` command does before every call::

    from fugaku._connect import connect

    with connect(profile="default") as fugaku:
        print(fugaku.machines())

It builds on ``Fugaku.from_settings``: tokens come from the profile's token
store (written by ``fugaku login``) and are refreshed by
``fugaku_auth.OIDCAuth``. Before that, it checks that there is something to
authenticate with: a profile with an X.509 certificate (``FUGAKU_PKCS12`` or
``FUGAKU_CERT``) and no stored tokens connects with the certificate alone;
with neither, ``NoAccessCode`` asks for ``fugaku login`` before any request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    if _logged_in(chosen):
        return Fugaku.from_settings(chosen, machine=machine)
    return Fugaku.from_settings(chosen, auth=None, machine=machine)


def _logged_in(settings: Settings) -> bool:
    """True with stored tokens, False with a certificate alone.

    Raises:
        NoAccessCode: Neither: the user must log in (checked before any
            request, so a missing login never reaches the identity provider).
    """
    from .error import NoAccessCode

    if settings.token_store().load() is not None:
        return True
    if settings.x509() is not None:
        return False
    raise NoAccessCode(
        f"Not logged in (profile {settings.profile!r}): run `fugaku login`."
    )
