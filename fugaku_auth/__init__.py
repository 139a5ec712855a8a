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
tokens, codes, verifiers or secrets. Environment variables are listed in
:mod:`fugaku_auth._settings`.
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
    "default_config_file",
    "default_token_dir",
    "exchange_code",
    "is_replayable",
    "login_interactive",
    "open_system_browser",
    "parse_redirect",
    "parse_redirect_url",
    "signals_expired_token",
    "start_login",
    "tls_context",
    "validate_id_token",
]
