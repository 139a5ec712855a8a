"""``Client``: a drop-in replacement for the original SDK's ``fugaku.Client``.

Same constructor, same method names and arguments, responses with what
scripts use (``status_code``, ``json()``, ``text``, ``content``, ``headers``,
``iter_content``). Underneath it is the typed client's engine, so it has
timeouts, bounded retries of idempotent requests, token refresh, streaming
transfers, and none of the original's defects:

- settings are copied per client (no shared mutable default dict);
- uploads open the local file in binary mode and stream it;
- no token or token response is ever logged;
- job lists send the documented ``index``, ``limit``, ``status``, ``jobid``;
- every request has a timeout;
- an upload rejected for an expired token is re-sent from the start of the
  file after the refresh, never from a consumed file;
- a streamed download is never read by a log line;
- a 401 without ``WWW-Authenticate`` is handled like any other 401.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any, Self

import httpx

from fugaku_auth import (
    DEFAULT_METADATA_URL,
    ClientCredentials,
    DiscoveryError,
    LoginAttempt,
    OIDCAuth,
    ProviderConfig,
    TokenSet,
    exchange_code,
    parse_redirect,
    start_login,
)

from . import _ops, _paths
from ._config import base_url_from, ssl_setting
from ._engine import SyncEngine, translated_errors
from ._flows import Session
from ._protocol import DEFAULT_TIMEOUT, Call, Options, check_base_url, raise_for_error
from .error import ConfigurationError, NoAccessCode, NoTokenEndpoint, TransportError

__all__ = ["DEFAULT_CLIENT_CONFIG", "Client", "CompatResponse"]

DEFAULT_CLIENT_CONFIG: Mapping[str, str] = {
    "client_id": "",
    "client_secret": "",
    "redirect_uri": "http://localhost/",
    "scope": "openid+offline_access",
    "response_type": "code",
}
_KEYCLOAK_TOKEN_SUFFIX = "/protocol/openid-connect/token"  # noqa: S105 - a path
_PENDING_LOCK = threading.Lock()
# Logins started by get_authentication_url, by state: the PKCE verifier and
# nonce must reach the code exchange, which the original API does in a new
# Client(auth_code) object.
_PENDING: dict[str, LoginAttempt] = {}
_ATTEMPT_LIFETIME = 600.0


class CompatResponse:
    """The parts of a ``requests.Response`` that scripts use, over httpx."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status_code(self) -> int:
        """HTTP status code."""
        return self._response.status_code

    @property
    def ok(self) -> bool:
        """True for a status below 400."""
        return self._response.status_code < 400

    @property
    def reason(self) -> str:
        """Reason phrase."""
        return self._response.reason_phrase

    @property
    def headers(self) -> httpx.Headers:
        """Response headers (case-insensitive)."""
        return self._response.headers

    @property
    def url(self) -> str:
        """The URL requested."""
        return str(self._response.url)

    @property
    def content(self) -> bytes:
        """The whole body (read now for a streamed download)."""
        return self._read()

    @property
    def text(self) -> str:
        """The body as text."""
        self._read()
        return self._response.text

    def json(self) -> Any:
        """The body parsed as JSON."""
        self._read()
        return self._response.json()

    def iter_content(
        self, chunk_size: int | None = 1, decode_unicode: bool = False
    ) -> Iterator[Any]:
        """The body in chunks, streamed from the network; closes at the end.

        With ``decode_unicode`` a character split between two chunks is
        decoded whole (an incremental decoder), never raising mid-download.
        """
        decoder = codecs.getincrementaldecoder(self._response.encoding or "utf-8")(
            errors="replace"
        )
        try:
            with _dropped_body(self._response):
                for chunk in self._response.iter_bytes(chunk_size):
                    if not decode_unicode:
                        yield chunk
                    elif text := decoder.decode(chunk):
                        yield text
            if decode_unicode and (tail := decoder.decode(b"", final=True)):
                yield tail
        finally:
            self._response.close()

    def iter_lines(self) -> Iterator[str]:
        """The body line by line."""
        try:
            with _dropped_body(self._response):
                yield from self._response.iter_lines()
        finally:
            self._response.close()

    def raise_for_status(self) -> None:
        """Raise the typed error (``APIError``...) for a status of 400 or more."""
        self._read()
        raise_for_error("request", self._response)

    def _read(self) -> bytes:
        with _dropped_body(self._response):
            return self._response.read()

    def close(self) -> None:
        """Release the connection."""
        self._response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<CompatResponse [{self.status_code}]>"


class Client:
    """Drop-in replacement for the original SDK's ``fugaku.Client``.

    Args:
        auth_code: The authorization code, or the whole redirect URL (parsed
            properly, whatever parameters follow the code); None to only
            call ``get_authentication_url``.
        client_config: ``client_id``, ``client_secret``, ``redirect_uri``,
            ``scope`` (default ``openid+offline_access``), ``response_type``.
        provider_metadata_url: OpenID discovery URL.
        authorization_endpoint: Explicit authorization endpoint.
        token_endpoint: Explicit token endpoint.
        request_config: ``verify``, ``timeout``, ``proxies``, ``cert``,
            ``headers`` for every request (``stream`` is accepted; downloads
            always stream).
        api_url: WebAPI root; default ``FUGAKU_API_URL`` or production.
        allow_insecure_http: Permit plain http to a non-loopback host.

    Raises:
        NoTokenEndpoint: Neither the metadata URL nor ``token_endpoint`` is usable.
    """

    def __init__(
        self,
        auth_code: str | None,
        client_config: Mapping[str, Any] | None = None,
        provider_metadata_url: str | None = None,
        authorization_endpoint: str | None = None,
        token_endpoint: str | None = None,
        request_config: Mapping[str, Any] | None = None,
        *,
        api_url: str | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._config = {**DEFAULT_CLIENT_CONFIG, **(client_config or {})}
        self._request_config = dict(request_config or {})
        self._insecure = allow_insecure_http
        self._api_url = check_base_url(
            base_url_from(api_url), allow_insecure_http=allow_insecure_http
        )
        # Discovery and the code exchange honour request_config too (proxy,
        # verify, timeout), through one short-lived client.
        with httpx.Client(**self._http_opts()) as http:
            self._provider = _provider(
                provider_metadata_url, authorization_endpoint, token_endpoint, http
            )
            tokens = self._exchange(auth_code, http) if auth_code else None
        self._start(tokens)

    # --- authentication ---------------------------------------------------------

    def get_authentication_url(self, redirect_url: str | None = None) -> str:
        """The URL where the user logs in (PKCE S256, state and nonce included)."""
        credentials = self._credentials(redirect_url)
        attempt = start_login(self._provider, credentials)
        with _PENDING_LOCK:
            _forget_stale_attempts()
            _PENDING[attempt.state] = attempt
        return attempt.url

    @property
    def _access_token(self) -> str:
        """The current access token, refreshed first when it is about to expire.

        Raises:
            NoAccessCode: No token, or it expired and cannot be refreshed.
        """
        auth = self._auth
        if auth is None or auth.tokens is None:
            raise NoAccessCode("No access token: create the Client with an auth code.")
        tokens = auth.tokens
        if tokens.expires_within(60):
            tokens = self._engine_refresh(auth, tokens)
        return tokens.access_token

    def _engine_refresh(self, auth: OIDCAuth, tokens: TokenSet) -> TokenSet:
        with _identity_provider_errors(), translated_errors():
            return auth.refresh(tokens)

    def _exchange(self, auth_code: str, http: httpx.Client) -> TokenSet:
        attempt = _pending_attempt(auth_code, self._config.get("client_id", ""))
        credentials = self._credentials(attempt.redirect_uri if attempt else None)
        with _identity_provider_errors(), translated_errors():
            if attempt is not None:
                return exchange_code(
                    self._provider, credentials, attempt, auth_code, http=http
                )
            code = _code_of(auth_code)
            return _plain_exchange(self._provider, credentials, code, http)

    def _credentials(self, redirect_url: str | None) -> ClientCredentials:
        return ClientCredentials(
            client_id=str(self._config["client_id"]),
            client_secret=str(self._config.get("client_secret") or "") or None,
            redirect_uri=redirect_url or str(self._config["redirect_uri"]),
            scope=str(self._config.get("scope") or "openid").replace("+", " "),
        )

    # --- construction and pickling ------------------------------------------------

    def _start(self, tokens: TokenSet | None) -> None:
        self._auth = None
        if tokens is not None:
            self._auth = OIDCAuth(
                self._provider,
                self._credentials(None),
                tokens=tokens,
                allow_insecure_http=self._insecure,
            )
        options = Options(base_url=self._api_url, timeout=self._timeout())
        http = httpx.Client(
            base_url=self._api_url, auth=self._auth, **self._http_opts()
        )
        self._session = Session(options)
        self._engine = SyncEngine(options, http)

    def _http_opts(self) -> dict[str, Any]:
        config = self._request_config
        proxies = config.get("proxies") or {}
        proxy = proxies.get("https") or proxies.get("all") if proxies else None
        return {
            "timeout": self._timeout(),
            "verify": ssl_setting(config.get("verify", True), config.get("cert")),
            "proxy": proxy,
            "headers": dict(config.get("headers") or {}),
        }

    def _timeout(self) -> httpx.Timeout:
        return _timeout_of(self._request_config.get("timeout"))

    def __getstate__(self) -> dict[str, Any]:
        tokens = self._auth.tokens if self._auth is not None else None
        return {
            "config": dict(self._config),
            "request_config": dict(self._request_config),
            "insecure": self._insecure,
            "api_url": self._api_url,
            "provider": _provider_state(self._provider),
            "tokens": tokens.to_dict() if tokens is not None else None,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._config = state["config"]
        self._request_config = state["request_config"]
        self._insecure = state["insecure"]
        self._api_url = state["api_url"]
        self._provider = ProviderConfig(**state["provider"])
        tokens = state["tokens"]
        self._start(TokenSet.from_dict(tokens) if tokens is not None else None)

    def close(self) -> None:
        """Close the connection pool."""
        self._engine.http.close()

    def __repr__(self) -> str:
        client_id = self._config["client_id"]
        return f"Client(api_url={self._api_url!r}, client_id={client_id!r})"

    # --- the original methods -------------------------------------------------------

    def get_machine_status(self) -> CompatResponse:
        """``GET /status/``."""
        return self._send(_ops.machines())

    def get_specific_machine_status(self, machine: str) -> CompatResponse:
        """``GET /status/{machine}``."""
        return self._send(_ops.machine(machine))

    def download_filedata(self, machine: str, file_path: str) -> CompatResponse:
        """``GET /file/{machine}/{path}``, streamed: use ``iter_content``."""
        request = _ops.download(machine, self._wire(file_path))
        call = Call("download_file", request, idempotent=True)
        return CompatResponse(self._engine.open_stream(self._authorized(call)))

    def download_fileList(self, machine: str, file_path: str) -> CompatResponse:
        """``GET /file/{machine}/{path}/?view=read`` (``ls -l`` text)."""
        return self._send(_ops.listing(machine, self._wire(file_path)))

    def upload_file(self, machine: str, file_path: str, file: str) -> CompatResponse:
        """``POST /file/{machine}/{path}`` with the local file ``file``, streamed."""
        return self._upload(machine, file_path, file, replace=False)

    def modify_file(self, machine: str, file_path: str, file: str) -> CompatResponse:
        """``PUT /file/{machine}/{path}`` with the local file ``file``, streamed."""
        return self._upload(machine, file_path, file, replace=True)

    def get_job_status(
        self,
        machine: str,
        index: int | None = None,
        limit: int | None = None,
        status: str | None = None,
        jobid: str | None = None,
    ) -> CompatResponse:
        """``GET /queue/{machine}`` with ``index``, ``limit``, ``status``, ``jobid``."""
        return self._send(
            _ops.job_list(machine, index=index, limit=limit, status=status, jobid=jobid)
        )

    def get_job_status_sacct(
        self,
        machine: str,
        index: int | None = None,
        limit: int | None = None,
        status: str | None = None,
        jobid: str | None = None,
    ) -> CompatResponse:
        """``GET /queue/{machine}/sacct``: jobs finished in the last 24 hours."""
        call = _ops.job_history(
            machine, index=index, limit=limit, status=status, jobid=jobid
        )
        return self._send(call)

    get_job_status_saact = get_job_status_sacct
    """The spelling used by the original guide and sample."""

    def get_job_detail(self, machine: str, jobid: str) -> CompatResponse:
        """``GET /queue/{machine}/{jobid}``."""
        return self._send(_ops.job_detail(machine, str(jobid)))

    def make_Jobscript(
        self, machine: str, filename: str, script: Mapping[str, Any]
    ) -> CompatResponse:
        """``PUT /queue/{machine}/jobscript`` with the structured ``script``."""
        target = self._absolute(filename)
        call = _ops.job_script_from_dict(machine, target, dict(script))
        return self._send(call)

    def submit_job(
        self,
        machine: str,
        jobfile: str | None = None,
        jobscript: str | None = None,
        qopt: str | None = None,
    ) -> CompatResponse:
        """``POST /queue/{machine}/`` (pjsub); never retried automatically."""
        jobfile = self._absolute(jobfile) if jobfile else None
        call = _ops.submit(
            machine,
            jobfile=jobfile,
            jobscript=jobscript,
            qopt=qopt,
            timeout=_submit_timeout(self._timeout()),
        )
        return self._send(call)

    def cancel_job(self, machine: str, jobid: str) -> CompatResponse:
        """``DELETE /queue/{machine}/{jobid}`` (pjdel)."""
        return self._send(_ops.cancel(machine, str(jobid)))

    def exec_command(self, machine: str, command: str) -> CompatResponse:
        """``POST /command/{machine}/``."""
        return self._send(_ops.command(machine, command))

    def get_disk_usage(self, machine: str) -> CompatResponse:
        """``GET /usage/{machine}/disk/``."""
        return self._send(_ops.disk_usage(machine))

    # --- helpers -------------------------------------------------------------------

    def _send(self, call: Call) -> CompatResponse:
        return CompatResponse(self._engine.send(self._authorized(call)))

    def _authorized(self, call: Call) -> Call:
        if self._auth is None and "cert" not in self._request_config:
            raise NoAccessCode("No access token: create the Client with an auth code.")
        return call

    def _upload(
        self, machine: str, file_path: str, file: str, *, replace: bool
    ) -> CompatResponse:
        wire = self._wire(file_path)
        with open(file, "rb") as handle:
            call = _ops.upload(
                machine, wire, handle, os.path.basename(file), replace=replace
            )
            return self._send(call)

    def _absolute(self, path: str) -> str:
        return self._engine.run(self._session.resolve(path))

    def _wire(self, path: str) -> str:
        if not path.startswith(("/", "~")):
            path = "/" + path
        return _paths.to_wire(self._absolute(path))


@contextlib.contextmanager
def _dropped_body(response: httpx.Response) -> Iterator[None]:
    """A body cut off mid-way (connection dropped, stalled past the timeout)
    becomes our ``TransportError``, not an httpx exception."""
    try:
        yield
    except httpx.TransportError as exc:
        response.close()
        raise TransportError(
            f"{response.request.method} {response.request.url.path}: the answer "
            f"was cut off mid-body ({type(exc).__name__}); the data received is "
            "incomplete: request it again"
        ) from exc


def _timeout_of(value: Any) -> httpx.Timeout:
    """``request_config["timeout"]`` as requests takes it: seconds, or
    ``(connect, read)``. None, whole or in part, means the default, never
    "wait forever": every request keeps a timeout."""
    if value is None:
        return DEFAULT_TIMEOUT
    try:
        if isinstance(value, tuple | list):
            connect, read = value
            return httpx.Timeout(
                _seconds(read, DEFAULT_TIMEOUT.read),
                connect=_seconds(connect, DEFAULT_TIMEOUT.connect),
            )
        return httpx.Timeout(_seconds(value, DEFAULT_TIMEOUT.read))
    except (TypeError, ValueError):
        raise ConfigurationError(
            f"request_config timeout must be seconds or (connect, read): {value!r}"
        ) from None


def _seconds(value: Any, default: float | None) -> float | None:
    if value is None:
        return default
    seconds = float(value)
    if not seconds > 0:  # also NaN
        raise ValueError(value)
    return seconds


def _submit_timeout(base: httpx.Timeout) -> httpx.Timeout:
    read = max(base.read or 0.0, 300.0)
    return httpx.Timeout(read, connect=base.connect)


def _provider(
    metadata_url: str | None,
    authorization_endpoint: str | None,
    token_endpoint: str | None,
    http: httpx.Client,
) -> ProviderConfig:
    insecure = _loopback_http(metadata_url or token_endpoint or "")
    if metadata_url:
        try:
            return ProviderConfig.discover(
                metadata_url, http=http, allow_insecure_http=insecure
            )
        except DiscoveryError as exc:
            if not token_endpoint:
                raise NoTokenEndpoint(f"No usable token endpoint: {exc}") from exc
    if not token_endpoint:
        raise NoTokenEndpoint(
            "Give provider_metadata_url or token_endpoint (the Fugaku IdP's "
            f"discovery URL is {DEFAULT_METADATA_URL})."
        )
    return _explicit_provider(authorization_endpoint, token_endpoint, insecure)


def _explicit_provider(
    authorization_endpoint: str | None, token_endpoint: str, insecure: bool
) -> ProviderConfig:
    issuer = token_endpoint.removesuffix(_KEYCLOAK_TOKEN_SUFFIX)
    jwks = (
        f"{issuer}/protocol/openid-connect/certs" if issuer != token_endpoint else None
    )
    return ProviderConfig(
        issuer=issuer,
        token_endpoint=token_endpoint,
        authorization_endpoint=authorization_endpoint,
        jwks_uri=jwks,
        allow_insecure_http=insecure,
    )


def _loopback_http(url: str) -> bool:
    parsed = httpx.URL(url) if url else None
    return bool(parsed and parsed.scheme == "http" and parsed.host in _LOOPBACKS)


_LOOPBACKS = frozenset({"127.0.0.1", "localhost", "::1"})


def _provider_state(provider: ProviderConfig) -> dict[str, Any]:
    return {
        "issuer": provider.issuer,
        "token_endpoint": provider.token_endpoint,
        "authorization_endpoint": provider.authorization_endpoint,
        "jwks_uri": provider.jwks_uri,
        "userinfo_endpoint": provider.userinfo_endpoint,
        "revocation_endpoint": provider.revocation_endpoint,
        "end_session_endpoint": provider.end_session_endpoint,
        "id_token_algs": provider.id_token_algs,
        "allow_insecure_http": provider.allow_insecure_http,
    }


def _code_of(auth_code: str) -> str:
    text = auth_code.strip()
    if "://" in text or "code=" in text:
        return parse_redirect(text).code
    return text


def _pending_attempt(auth_code: str, client_id: str) -> LoginAttempt | None:
    text = auth_code.strip()
    state = parse_redirect(text).state if ("://" in text or "code=" in text) else None
    with _PENDING_LOCK:
        if state is not None:
            return _PENDING.pop(state, None)
        return _latest_pending(client_id)


def _forget_stale_attempts() -> None:
    for state, attempt in list(_PENDING.items()):
        if time.time() - attempt.created_at > _ATTEMPT_LIFETIME:
            del _PENDING[state]


def _latest_pending(client_id: str) -> LoginAttempt | None:
    candidates = [
        attempt
        for attempt in _PENDING.values()
        if _client_id_of(attempt.url) == client_id
        and time.time() - attempt.created_at < _ATTEMPT_LIFETIME
    ]
    if not candidates:
        return None
    latest = max(candidates, key=lambda attempt: attempt.created_at)
    _PENDING.pop(latest.state, None)
    return latest


def _client_id_of(authorization_url: str) -> str | None:
    """The exact ``client_id`` of an authorization URL (not a prefix match)."""
    found: str | None = httpx.URL(authorization_url).params.get("client_id")
    return found


def _plain_exchange(
    provider: ProviderConfig,
    credentials: ClientCredentials,
    code: str,
    http: httpx.Client,
) -> TokenSet:
    """Code exchange without PKCE, for a code obtained outside this process."""
    fields = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": credentials.redirect_uri,
        **credentials.auth_fields(),
    }
    response = http.post(provider.token_endpoint, data=fields)
    if response.status_code != 200:
        raise NoAccessCode(
            f"The token endpoint refused the authorization code (HTTP "
            f"{response.status_code}); log in again for a new code."
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise NoAccessCode(
            "The token endpoint answered the code exchange with something other "
            "than a JSON object (a gateway page?); try again later, or log in "
            "again for a new code."
        )
    return TokenSet.from_response(body)


@contextlib.contextmanager
def _identity_provider_errors() -> Iterator[None]:
    """A token request that failed on the network is our ``TransportError``."""
    try:
        yield
    except httpx.TransportError as exc:
        raise TransportError(
            f"The identity provider could not be reached ({type(exc).__name__}); "
            "check the network and try again later."
        ) from exc
