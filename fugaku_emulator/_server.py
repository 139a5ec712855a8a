"""``Emulator``: the whole thing on one loopback port, in a background thread.

The WebAPI and the IdP share one uvicorn server; the IdP lives under
``<api_url>/auth/realms/op``, Keycloak's paths. Commands and job scripts run
as the local user, which is why the server binds to loopback only (unless
``allow_remote``) and every WebAPI call needs a valid token or certificate.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import re
import secrets
import shutil
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from ._app import build_app
from ._auth import Guard
from ._clients import RegisteredClient
from ._commands import job_environment
from ._config import EmulatorConfig
from ._context import ApiContext
from ._faults import Faults
from ._idp import REALM_PATH, IdentityProvider
from ._paths import PathText
from ._sandbox import Sandbox
from ._scheduler import Scheduler
from ._stats import Stats
from ._tls import CertAwareProtocol, TlsMaterial
from ._tokens import TokenIssuer
from ._tools import install_tools

__all__ = ["Emulator", "is_loopback"]

logger = logging.getLogger("fugaku.emulator")
DEFAULT_REDIRECT = "http://localhost/callback"
TOOLS_TOKEN_LIFETIME = 30 * 24 * 3600


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Emulator:
    """Fugaku-in-a-box. Use as ``with Emulator(EmulatorConfig(...)) as emu:``.

    Attributes:
        config: The settings.
        api_url: ``http(s)://127.0.0.1:<port>``.
        issuer: ``<api_url>/auth/realms/op``.
        metadata_url: The discovery document's URL.
        client_id, client_secret, redirect_uri: A registered confidential client.
        account: The Fugaku account; ``home`` its remote home directory.
        sandbox_root: Local directory standing for ``/`` of the machine.
        faults: Fault injection (see ``fugaku_emulator.Faults``).
        stats: Request counters.
        scheduler: The PJM-like scheduler (``hold``, ``release``, ``wait``,
            ``advance_clock``).
        tls: Certificate files when TLS is on, else ``None``.

    Also: ``local_home`` (the local directory of ``home``), ``verify`` (what
    to pass as httpx's ``verify``), ``token_endpoint``,
    ``authorization_endpoint``, ``token_response()``, ``approve(url)`` and
    ``advance_clock(seconds)`` (history expiry).
    """

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        """Prepare an emulator; nothing listens before ``start``."""
        self.config = config or EmulatorConfig()
        if not self.config.allow_remote and not is_loopback(self.config.host):
            raise ValueError(
                f"refusing to listen on {self.config.host}: commands and jobs run "
                "as the local user; set allow_remote to override"
            )
        self.client_id = self.config.client_id
        self.client_secret = self.config.client_secret or secrets.token_urlsafe(24)
        self.redirect_uri = DEFAULT_REDIRECT
        self.account = self.config.account
        self.home = f"/home/{self.account}"
        self.stats = Stats()
        self.tls: TlsMaterial | None = None
        self._temp: Path | None = None
        self._tls_dir: Path | None = None
        self._tools_dir: Path | None = None
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None

    # -- life cycle -------------------------------------------------------

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> Emulator:
        """Bind, build everything, serve in a thread; return when ready."""
        self.sandbox_root = self._make_root()
        sock = self._bind()
        port = sock.getsockname()[1]
        scheme = "https" if self.config.tls else "http"
        self.api_url = f"{scheme}://{_url_host(self.config.host)}:{port}"
        self.issuer = self.api_url + REALM_PATH
        self.metadata_url = self.issuer + "/.well-known/openid-configuration"
        self._build()
        self._serve(sock)
        self.scheduler.start()
        logger.info("emulator listening on %s", self.api_url)
        return self

    def stop(self) -> None:
        """Stop serving, kill running jobs, remove a temporary sandbox."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if hasattr(self, "scheduler"):
            self.scheduler.stop()
        for directory in (self._temp, self._tls_dir, self._tools_dir):
            if directory is not None:
                shutil.rmtree(directory, ignore_errors=True)
        self._temp = self._tls_dir = self._tools_dir = None

    # -- what tests use ---------------------------------------------------

    @property
    def local_home(self) -> Path:
        """The local directory standing for the account's home."""
        return self.sandbox.home

    @property
    def token_endpoint(self) -> str:
        """The token endpoint's URL."""
        return self.issuer + "/protocol/openid-connect/token"

    @property
    def authorization_endpoint(self) -> str:
        """The authorization endpoint's URL."""
        return self.issuer + "/protocol/openid-connect/auth"

    @property
    def verify(self) -> ssl.SSLContext | bool:
        """What an httpx client should pass as ``verify`` (the CA with TLS)."""
        if self.tls is None:
            return True
        return ssl.create_default_context(cafile=str(self.tls.ca_pem))

    def token_response(self, scope: str = "openid offline_access") -> dict[str, Any]:
        """A Keycloak-style token response, no browser needed."""
        return self.idp.grant_tokens(scope)

    def approve(self, authorization_url: str, *, deny: bool = False) -> str:
        """Complete the login page headlessly; return the redirect URL.

        Args:
            authorization_url: A URL of this emulator's auth endpoint.
            deny: Answer "No" on the consent page instead.

        Raises:
            ValueError: The URL is not this emulator's.
            RuntimeError: The IdP refused the request.
        """
        if not authorization_url.startswith(self.issuer + "/"):
            raise ValueError("approve() only talks to this emulator's IdP")
        with httpx.Client(verify=self.verify, timeout=10.0) as client:
            page = client.get(authorization_url)
            if page.is_redirect:
                return page.headers["location"]
            if page.status_code != 200:
                raise RuntimeError(f"the IdP refused the request ({page.status_code})")
            form = _read_form(page.text)
            decision = "deny" if deny else "approve"
            answer = client.post(
                form["action"], data={**form["fields"], "decision": decision}
            )
        if not answer.is_redirect:
            raise RuntimeError(f"the IdP did not redirect ({answer.status_code})")
        return answer.headers["location"]

    def advance_clock(self, seconds: float) -> None:
        """Move the scheduler's clock forward (history expiry)."""
        self.scheduler.advance_clock(seconds)

    # -- internals --------------------------------------------------------

    def _make_root(self) -> Path:
        if self.config.sandbox_root is not None:
            return Path(self.config.sandbox_root)
        self._temp = Path(tempfile.mkdtemp(prefix="fugaku-emulator-"))
        return self._temp / "root"

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
        # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that
        # say TCP, and without it Nagle holds each response body back ~40 ms.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.config.host, self.config.port))
        sock.listen(128)
        return sock

    def _build(self) -> None:
        """Create the sandbox, the IdP, the scheduler and the app."""
        config = self.config
        self.sandbox = Sandbox(self.sandbox_root, config.account)
        if config.tls:
            self._tls_dir = Path(tempfile.mkdtemp(prefix="fugaku-emulator-tls-"))
            self.tls = TlsMaterial.create(self._tls_dir, config.account)
        self.tokens = TokenIssuer(
            self.issuer,
            config.account,
            config.token_lifetime,
            config.session_lifetime,
            config.rotate_refresh_tokens,
        )
        client = RegisteredClient(
            self.client_id, self.client_secret, config.redirect_uris
        )
        self.idp = IdentityProvider(
            client, self.tokens, self.stats, config.auto_approve, config.require_pkce
        )
        self.faults = Faults(self.stats, self.tokens.expire_all, config.fault_seed)
        home = self.sandbox.home
        paths = PathText(self.sandbox.root, self.home, home)
        environment = self._environment()
        self.scheduler = Scheduler(config, self.sandbox, environment, paths)
        context = ApiContext(
            config, self.sandbox, self.scheduler, self.stats, paths, environment
        )
        self._app = build_app(context, self.idp, Guard(self.tokens), self.faults)
        if config.tls:
            self.tls = TlsMaterial.create(
                self.sandbox_root.parent / "tls", config.account
            )

    def _environment(self) -> Callable[[], dict[str, str]]:
        """Commands' and jobs' environment, with the login-node tools on PATH."""
        self._tools_dir = Path(tempfile.mkdtemp(prefix="fugaku-emulator-bin-"))
        tools = install_tools(self._tools_dir, self.config.account, self.config.groups)
        env = job_environment(self.config.account, self.sandbox.home)
        env["PATH"] = f"{tools}:{env['PATH']}"
        env["FUGAKU_EMULATOR_URL"] = self.api_url
        env["FUGAKU_EMULATOR_TOKEN"] = self.tokens.service_token(TOOLS_TOKEN_LIFETIME)
        if self.tls is not None:
            env["FUGAKU_EMULATOR_CA"] = str(self.tls.ca_pem)
        return lambda: dict(env)

    def _serve(self, sock: socket.socket) -> None:
        """Run uvicorn on ``sock`` in a daemon thread; wait until it serves."""
        self._server = uvicorn.Server(self._uvicorn_config())
        server = self._server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator's server did not start")
            time.sleep(0.005)

    def _uvicorn_config(self) -> uvicorn.Config:
        tls: dict[str, Any] = {}
        if self.tls is not None:
            tls = {
                "ssl_certfile": str(self.tls.server_pem),
                "ssl_keyfile": str(self.tls.server_key),
                "ssl_ca_certs": str(self.tls.ca_pem),
                "ssl_cert_reqs": ssl.CERT_OPTIONAL,
            }
        return uvicorn.Config(
            self._app,
            http=CertAwareProtocol,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
            **tls,
        )


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _read_form(page: str) -> dict[str, Any]:
    """Find the login form's action and hidden fields on our own page."""
    action = re.search(r'<form method="post" action="([^"]+)"', page)
    if action is None:
        raise RuntimeError("no login form on the IdP page")
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    )
    account = re.search(r'<option value="([^"]+)"', page)
    if account is not None:
        fields["account"] = account[1]
    unescaped = {key: html.unescape(value) for key, value in fields.items()}
    return {"action": html.unescape(action[1]), "fields": unescaped}
