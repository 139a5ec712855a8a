"""OpenID Connect token lifecycle and X.509 settings for the Fugaku WebAPI.

Typical use::

    settings = Settings.load()
    provider = settings.provider()
    client = settings.credentials()
    store = settings.token_store()
    if store.load() is None:
        store.save(login_interactive(provider, client, ask=input))
    auth = OIDCAuth(provider, client, store=store)
    # generated client: Client(base_url=..., httpx_args={"auth": auth})

Logging goes to ``logging.getLogger("fugaku.auth")`` and never carries
tokens, codes, verifiers or secrets; the library never prints.

:class:`Settings` merges keyword overrides, then environment variables, then
the ``[profile.NAME]`` table of ``config.toml`` (platformdirs config dir),
then defaults (Fugaku's IdP discovery URL, scope ``openid offline_access``).
Proxies also come from the standard ``HTTPS_PROXY``/``NO_PROXY`` variables.

Environment variables:

- ``FUGAKU_PROFILE``: profile name (default ``default``)
- ``FUGAKU_CONFIG``: config file (default ``<config dir>/config.toml``)
- ``FUGAKU_HOME``: base directory for ``config.toml`` and ``tokens/`` (tests)
- ``FUGAKU_TOKEN_DIR``: token store directory
- ``FUGAKU_METADATA_URL``: provider discovery URL
- ``FUGAKU_ISSUER``: issuer, with explicit endpoints instead of discovery
- ``FUGAKU_AUTHORIZATION_ENDPOINT``: explicit authorization endpoint
- ``FUGAKU_TOKEN_ENDPOINT``: explicit token endpoint
- ``FUGAKU_JWKS_URI``: explicit JWKS URL
- ``FUGAKU_CLIENT_ID``: registered client id
- ``FUGAKU_CLIENT_SECRET``: its secret
- ``FUGAKU_REDIRECT_URI``: registered redirect URI
- ``FUGAKU_SCOPE``: scopes (default ``openid offline_access``)
- ``FUGAKU_API_URL``: WebAPI base URL
- ``FUGAKU_CERT``: client certificate PEM (may hold the key too)
- ``FUGAKU_KEY``: client key PEM
- ``FUGAKU_PKCS12``: PKCS#12 file from the Fugaku portal
- ``FUGAKU_PKCS12_PASSPHRASE``: its passphrase (also for an encrypted PEM key)
- ``FUGAKU_CA_BUNDLE``: CA bundle for TLS verification
- ``FUGAKU_VERIFY``: ``0`` turns TLS verification off (on by default)
- ``FUGAKU_PROXY``: proxy URL; else the standard ``HTTPS_PROXY`` etc.
- ``FUGAKU_INSECURE_HTTP``: ``1`` allows plain HTTP to non-loopback hosts
- ``FUGAKU_TIMEOUT``: seconds per HTTP request
- ``FUGAKU_REFRESH_MARGIN``: seconds before expiry to refresh (default 60)
"""

from ._auth import OIDCAuth
from ._core import is_replayable, signals_expired_token
from ._errors import (
    AuthError,
    AuthorizationDenied,
    CertificateError,
    ConfigError,
    DiscoveryError,
    InsecureTransport,
    InvalidIDToken,
    LoginError,
    LoginRequired,
    NoTokenEndpoint,
    StateMismatch,
    TokenEndpointError,
    TokenStoreError,
)
from ._idtoken import validate_id_token
from ._interactive import LoopbackReceiver, login_interactive, open_system_browser
from ._login import (
    LoginAttempt,
    RedirectParams,
    aexchange_code,
    exchange_code,
    parse_redirect,
    parse_redirect_url,
    start_login,
)
from ._provider import (
    DEFAULT_METADATA_URL,
    DEFAULT_SCOPE,
    ClientCredentials,
    ProviderConfig,
)
from ._revoke import arevoke_tokens, revoke_tokens
from ._settings import DEFAULT_API_URL, Settings, default_config_file
from ._store import KeyringTokenStore, TokenStore, TokenStoreLike, default_token_dir
from ._tokens import TokenSet
from ._x509 import X509Credentials, tls_context

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_METADATA_URL",
    "DEFAULT_SCOPE",
    "AuthError",
    "AuthorizationDenied",
    "CertificateError",
    "ClientCredentials",
    "ConfigError",
    "DiscoveryError",
    "InsecureTransport",
    "InvalidIDToken",
    "KeyringTokenStore",
    "LoginAttempt",
    "LoginError",
    "LoginRequired",
    "LoopbackReceiver",
    "NoTokenEndpoint",
    "OIDCAuth",
    "ProviderConfig",
    "RedirectParams",
    "Settings",
    "StateMismatch",
    "TokenEndpointError",
    "TokenSet",
    "TokenStore",
    "TokenStoreError",
    "TokenStoreLike",
    "X509Credentials",
    "aexchange_code",
    "arevoke_tokens",
    "default_config_file",
    "default_token_dir",
    "exchange_code",
    "is_replayable",
    "login_interactive",
    "open_system_browser",
    "parse_redirect",
    "parse_redirect_url",
    "revoke_tokens",
    "signals_expired_token",
    "start_login",
    "tls_context",
    "validate_id_token",
]
