"""Provider settings (discovery or explicit endpoints) and client credentials."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._errors import DiscoveryError, InsecureTransport, NoTokenEndpoint

__all__ = [
    "DEFAULT_METADATA_URL",
    "DEFAULT_SCOPE",
    "DEFAULT_TIMEOUT",
    "ClientCredentials",
    "ProviderConfig",
    "check_transport",
    "is_loopback_host",
]

log = logging.getLogger("fugaku.auth")

#: Fugaku's Keycloak realm ``op`` (webapi-facts: identity provider). Never
#: contacted by the tests.
DEFAULT_METADATA_URL = (
    "https://idp.fugaku.r-ccs.riken.jp/auth/realms/op/.well-known/openid-configuration"
)
DEFAULT_SCOPE = "openid offline_access"
DEFAULT_TIMEOUT = 10.0
_WELL_KNOWN = "/.well-known/openid-configuration"
# Asymmetric algorithms only: HS* with the client secret would invite
# algorithm confusion, and "none" is never acceptable.
_SAFE_ALGS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)


def is_loopback_host(host: str | None) -> bool:
    """Tell whether ``host`` names this machine (localhost, 127/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_transport(url: str, *, allow_insecure_http: bool = False) -> str:
    """Refuse plain HTTP to non-loopback hosts unless explicitly allowed.

    Returns:
        The URL unchanged.

    Raises:
        InsecureTransport: The URL is not HTTPS and the host is remote.
    """
    parts = urlsplit(url)
    if parts.scheme == "https":
        return url
    if parts.scheme != "http":
        raise InsecureTransport(f"Unsupported URL scheme {parts.scheme!r} in {url}.")
    if is_loopback_host(parts.hostname) or allow_insecure_http:
        return url
    raise InsecureTransport(
        f"Refusing plain HTTP to {parts.hostname}; use HTTPS "
        "or set allow_insecure_http explicitly."
    )


@dataclasses.dataclass(frozen=True)
class ProviderConfig:
    """Where the OpenID provider's endpoints are.

    Build it with :meth:`discover` from a metadata URL, or directly with the
    endpoints. ``token_endpoint`` is the only endpoint every flow needs.
    """

    issuer: str
    token_endpoint: str
    authorization_endpoint: str | None = None
    jwks_uri: str | None = None
    userinfo_endpoint: str | None = None
    revocation_endpoint: str | None = None
    end_session_endpoint: str | None = None
    id_token_algs: tuple[str, ...] = ("RS256",)
    allow_insecure_http: bool = False

    def __post_init__(self) -> None:
        if not self.token_endpoint:
            raise NoTokenEndpoint("The provider settings have no token endpoint.")
        for url in self._endpoints():
            check_transport(url, allow_insecure_http=self.allow_insecure_http)
        safe = tuple(alg for alg in self.id_token_algs if alg in _SAFE_ALGS)
        object.__setattr__(self, "id_token_algs", safe or ("RS256",))

    def _endpoints(self) -> list[str]:
        candidates = [
            self.token_endpoint,
            self.authorization_endpoint,
            self.jwks_uri,
            self.userinfo_endpoint,
            self.revocation_endpoint,
            self.end_session_endpoint,
        ]
        return [url for url in candidates if url]

    @classmethod
    def from_metadata(
        cls, metadata: Mapping[str, Any], *, allow_insecure_http: bool = False
    ) -> ProviderConfig:
        """Build settings from an OpenID discovery document.

        Raises:
            NoTokenEndpoint: The document names no token endpoint.
            DiscoveryError: The document has no issuer.
        """
        issuer = metadata.get("issuer")
        if not isinstance(issuer, str) or not issuer:
            raise DiscoveryError("The provider metadata has no issuer.")
        token_endpoint = metadata.get("token_endpoint")
        if not isinstance(token_endpoint, str) or not token_endpoint:
            raise NoTokenEndpoint("The provider metadata has no token_endpoint.")
        algs = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        return cls(
            issuer=issuer,
            token_endpoint=token_endpoint,
            authorization_endpoint=_opt_str(metadata, "authorization_endpoint"),
            jwks_uri=_opt_str(metadata, "jwks_uri"),
            userinfo_endpoint=_opt_str(metadata, "userinfo_endpoint"),
            revocation_endpoint=_opt_str(metadata, "revocation_endpoint"),
            end_session_endpoint=_opt_str(metadata, "end_session_endpoint"),
            id_token_algs=tuple(str(alg) for alg in algs),
            allow_insecure_http=allow_insecure_http,
        )

    @classmethod
    def discover(
        cls,
        metadata_url: str,
        *,
        http: httpx.Client | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        allow_insecure_http: bool = False,
    ) -> ProviderConfig:
        """Fetch the discovery document at ``metadata_url`` (OpenID Discovery 1.0).

        Raises:
            DiscoveryError: The document could not be fetched or parsed, or its
                issuer does not match the URL (Discovery section 4.3).
            NoTokenEndpoint: The document names no token endpoint.
        """
        check_transport(metadata_url, allow_insecure_http=allow_insecure_http)
        try:
            if http is None:
                with httpx.Client(timeout=timeout) as client:
                    response = client.get(metadata_url)
            else:
                response = http.get(metadata_url, timeout=timeout)
        except httpx.HTTPError as exc:
            raise DiscoveryError(f"Cannot fetch provider metadata: {exc}.") from exc
        return cls._from_response(metadata_url, response, allow_insecure_http)

    @classmethod
    async def adiscover(
        cls,
        metadata_url: str,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - per HTTP request
        allow_insecure_http: bool = False,
    ) -> ProviderConfig:
        """Async variant of :meth:`discover`."""
        check_transport(metadata_url, allow_insecure_http=allow_insecure_http)
        try:
            if http is None:
                async with httpx.AsyncClient(timeout=timeout) as client:
                    response = await client.get(metadata_url)
            else:
                response = await http.get(metadata_url, timeout=timeout)
        except httpx.HTTPError as exc:
            raise DiscoveryError(f"Cannot fetch provider metadata: {exc}.") from exc
        return cls._from_response(metadata_url, response, allow_insecure_http)

    @classmethod
    def _from_response(
        cls, metadata_url: str, response: httpx.Response, allow_insecure_http: bool
    ) -> ProviderConfig:
        if response.status_code != 200:
            raise DiscoveryError(
                f"Provider metadata at {metadata_url} answered HTTP "
                f"{response.status_code}."
            )
        try:
            metadata = response.json()
        except (ValueError, RecursionError) as exc:  # RecursionError: deep nesting
            raise DiscoveryError("Provider metadata is not JSON.") from exc
        if not isinstance(metadata, dict):
            raise DiscoveryError("Provider metadata is not a JSON object.")
        config = cls.from_metadata(metadata, allow_insecure_http=allow_insecure_http)
        _check_issuer(metadata_url, config.issuer)
        log.debug("Discovered provider %s", config.issuer)
        return config


def _opt_str(metadata: Mapping[str, Any], key: str) -> str | None:
    value = metadata.get(key)
    return value if isinstance(value, str) and value else None


def _check_issuer(metadata_url: str, issuer: str) -> None:
    if not metadata_url.endswith(_WELL_KNOWN):
        return
    expected = metadata_url[: -len(_WELL_KNOWN)]
    if issuer.rstrip("/") != expected.rstrip("/"):
        raise DiscoveryError(
            f"Provider metadata names issuer {issuer}, expected {expected}."
        )


@dataclasses.dataclass(frozen=True)
class ClientCredentials:
    """The registered OAuth client (Fugaku portal: confidential client).

    The secret never appears in ``repr``.
    """

    client_id: str
    client_secret: str | None = dataclasses.field(default=None, repr=False)
    redirect_uri: str = "http://127.0.0.1/callback"
    scope: str = DEFAULT_SCOPE

    def __repr__(self) -> str:
        secret = "<hidden>" if self.client_secret else None
        return (
            f"ClientCredentials(client_id={self.client_id!r}, "
            f"client_secret={secret!r}, redirect_uri={self.redirect_uri!r}, "
            f"scope={self.scope!r})"
        )

    def auth_fields(self) -> dict[str, str]:
        """Form fields authenticating the client (``client_secret_post``)."""
        fields = {"client_id": self.client_id}
        if self.client_secret:
            fields["client_secret"] = self.client_secret
        return fields
