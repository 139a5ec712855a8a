"""Settings from arguments, environment variables and a TOML profile file.

Precedence: keyword overrides, then environment variables, then the
``[profile.NAME]`` table of the config file, then defaults.

The environment variables are listed in the package docstring
(:mod:`fugaku_auth`).

The config file holds tables such as::

    [profile.default]
    client_id = "myclient"
    redirect_uri = "http://localhost:8765/callback"
"""

from __future__ import annotations

import dataclasses
import math
import os
import ssl
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import platformdirs

from ._errors import ConfigError, NoTokenEndpoint
from ._provider import (
    DEFAULT_METADATA_URL,
    DEFAULT_SCOPE,
    DEFAULT_TIMEOUT,
    ClientCredentials,
    ProviderConfig,
)
from ._store import APP_NAME, TokenStore
from ._x509 import X509Credentials, tls_context

__all__ = ["DEFAULT_API_URL", "Settings", "default_config_file"]

DEFAULT_API_URL = "https://api.fugaku.r-ccs.riken.jp"
_SECRET_FIELDS = frozenset({"client_secret", "pkcs12_passphrase"})
_BOOL_FIELDS = frozenset({"allow_insecure_http", "verify"})
_FLOAT_FIELDS = frozenset({"timeout", "refresh_margin"})


def default_config_file() -> Path:
    """``$FUGAKU_CONFIG``, ``$FUGAKU_HOME/config.toml`` or the platform's."""
    explicit = os.environ.get("FUGAKU_CONFIG")
    if explicit:
        return Path(explicit)
    home = os.environ.get("FUGAKU_HOME")
    if home:
        return Path(home) / "config.toml"
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


@dataclasses.dataclass(frozen=True, repr=False)
class Settings:
    """Everything needed to authenticate against one Fugaku profile."""

    profile: str = "default"
    metadata_url: str | None = None
    issuer: str | None = None
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    jwks_uri: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    redirect_uri: str = "http://localhost/callback"
    scope: str = DEFAULT_SCOPE
    api_url: str = DEFAULT_API_URL
    cert: str | None = None
    key: str | None = None
    pkcs12: str | None = None
    pkcs12_passphrase: str | None = None
    ca_bundle: str | None = None
    proxy: str | None = None
    verify: bool = True
    allow_insecure_http: bool = False
    timeout: float = DEFAULT_TIMEOUT
    refresh_margin: float = 60.0
    token_dir: str | None = None

    @classmethod
    def load(
        cls,
        profile: str | None = None,
        *,
        config_file: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Merge overrides, environment and the config-file profile.

        Raises:
            ConfigError: Unknown setting, bad value, or unreadable config file.
        """
        environ = os.environ if env is None else env
        name = profile or environ.get("FUGAKU_PROFILE") or "default"
        path = Path(config_file) if config_file else default_config_file()
        merged: dict[str, Any] = {}
        merged.update(_from_file(path, name))
        merged.update(_from_env(environ))
        merged.update({k: v for k, v in overrides.items() if v is not None})
        merged["profile"] = name
        return cls(**_typed(merged))

    def __repr__(self) -> str:
        shown = []
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in _SECRET_FIELDS and value:
                value = "<hidden>"
            shown.append(f"{field.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    def provider(self, *, http: httpx.Client | None = None) -> ProviderConfig:
        """Provider settings: discovery if a metadata URL is set, else explicit.

        Raises:
            NoTokenEndpoint: The discovered metadata has no token endpoint.
            DiscoveryError: Discovery failed.
            ConfigError: Explicit endpoints without an issuer.
        """
        if self.discovery_url:
            if http is None:
                with self.http_client() as client:
                    return self._discover(client)
            return self._discover(http)
        if not self.token_endpoint:  # pragma: no cover - discovery_url is set then
            raise NoTokenEndpoint("Set FUGAKU_METADATA_URL or FUGAKU_TOKEN_ENDPOINT.")
        if not self.issuer:
            raise ConfigError("Explicit endpoints need FUGAKU_ISSUER too.")
        return ProviderConfig(
            issuer=self.issuer,
            token_endpoint=self.token_endpoint,
            authorization_endpoint=self.authorization_endpoint,
            jwks_uri=self.jwks_uri,
            allow_insecure_http=self.allow_insecure_http,
        )

    @property
    def discovery_url(self) -> str | None:
        """The metadata URL to use: explicit, else Fugaku's unless explicit
        endpoints are set."""
        if self.metadata_url:
            return self.metadata_url
        return None if self.token_endpoint else DEFAULT_METADATA_URL

    def _discover(self, http: httpx.Client) -> ProviderConfig:
        assert self.discovery_url is not None
        return ProviderConfig.discover(
            self.discovery_url,
            http=http,
            timeout=self.timeout,
            allow_insecure_http=self.allow_insecure_http,
        )

    def credentials(self) -> ClientCredentials:
        """The registered client. Raises ConfigError without a client id."""
        if not self.client_id:
            raise ConfigError("No client id: set FUGAKU_CLIENT_ID or client_id.")
        return ClientCredentials(
            self.client_id, self.client_secret, self.redirect_uri, self.scope
        )

    def token_store(self) -> TokenStore:
        """The file token store of this profile."""
        return TokenStore(self.profile, self.token_dir)

    def x509(self) -> X509Credentials | None:
        """The client certificate settings, or None."""
        if self.pkcs12:
            return X509Credentials.from_pkcs12(self.pkcs12, self.pkcs12_passphrase)
        if self.cert:
            return X509Credentials.from_pem(self.cert, self.key, self.pkcs12_passphrase)
        return None

    def ssl_context(self) -> ssl.SSLContext | bool:
        """The ``verify`` value for httpx: a context (client certificate or
        CA bundle), True for httpx's default trust, False if disabled."""
        credentials = self.x509()
        if credentials is not None:
            context = credentials.ssl_context(self.ca_bundle)
            if not self.verify:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            return context
        if not self.verify:
            return False
        return tls_context(self.ca_bundle) if self.ca_bundle else True

    def httpx_args(self) -> dict[str, Any]:
        """Keyword arguments for ``httpx.Client``/``AsyncClient``."""
        args: dict[str, Any] = {
            "verify": self.ssl_context(),
            "timeout": httpx.Timeout(self.timeout),
        }
        if self.proxy:
            args["proxy"] = self.proxy
        return args

    def http_client(self) -> httpx.Client:
        """A sync client honouring TLS, CA bundle, proxy and timeout."""
        return httpx.Client(**self.httpx_args())

    def async_http_client(self) -> httpx.AsyncClient:
        """An async client honouring TLS, CA bundle, proxy and timeout."""
        return httpx.AsyncClient(**self.httpx_args())


_ENV = {
    "metadata_url": "FUGAKU_METADATA_URL",
    "issuer": "FUGAKU_ISSUER",
    "authorization_endpoint": "FUGAKU_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "FUGAKU_TOKEN_ENDPOINT",
    "jwks_uri": "FUGAKU_JWKS_URI",
    "client_id": "FUGAKU_CLIENT_ID",
    "client_secret": "FUGAKU_CLIENT_SECRET",
    "redirect_uri": "FUGAKU_REDIRECT_URI",
    "scope": "FUGAKU_SCOPE",
    "api_url": "FUGAKU_API_URL",
    "cert": "FUGAKU_CERT",
    "key": "FUGAKU_KEY",
    "pkcs12": "FUGAKU_PKCS12",
    "pkcs12_passphrase": "FUGAKU_PKCS12_PASSPHRASE",
    "ca_bundle": "FUGAKU_CA_BUNDLE",
    "verify": "FUGAKU_VERIFY",
    "proxy": "FUGAKU_PROXY",
    "allow_insecure_http": "FUGAKU_INSECURE_HTTP",
    "timeout": "FUGAKU_TIMEOUT",
    "refresh_margin": "FUGAKU_REFRESH_MARGIN",
    "token_dir": "FUGAKU_TOKEN_DIR",
}
_FIELDS = {field.name for field in dataclasses.fields(Settings)}


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    return {name: environ[var] for name, var in _ENV.items() if environ.get(var)}


def _from_file(path: Path, profile: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc}.") from exc
    table = document.get("profile", {}).get(profile, {})
    if not isinstance(table, dict):
        raise ConfigError(f"[profile.{profile}] in {path} is not a table.")
    return dict(table)


def _typed(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - _FIELDS
    if unknown:
        raise ConfigError(f"Unknown settings: {', '.join(sorted(unknown))}.")
    typed = dict(values)
    for name in _BOOL_FIELDS & typed.keys():
        typed[name] = _as_bool(name, typed[name])
    for name in typed.keys() - _BOOL_FIELDS - _FLOAT_FIELDS:
        if typed[name] is not None and not isinstance(typed[name], str):
            # config.toml may hold a number or a list where text is meant
            raise ConfigError(f"Setting {name} must be text (quote it).")
    for name in _FLOAT_FIELDS & typed.keys():
        try:
            typed[name] = float(typed[name])
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"Setting {name} must be a number.") from exc
        _check_seconds(name, typed[name])
    return typed


def _check_seconds(name: str, seconds: float) -> None:
    """Refuse inf and nan (a timeout that never fires), and a timeout of 0."""
    floor_ok = seconds > 0 if name == "timeout" else seconds >= 0
    if not (math.isfinite(seconds) and floor_ok):
        raise ConfigError(f"Setting {name} must be a finite number of seconds.")


def _as_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"Setting {name} must be true or false.")
