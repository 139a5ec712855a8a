"""The emulator in a child process, driven over a pipe.

Running the server in its own process keeps its work off the benchmark
process's GIL: client-side costs are then measured, not shared. The child
answers a few commands (token response, stats, token expiry, stop).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from fugaku_auth import ClientCredentials, OIDCAuth, ProviderConfig, TokenSet

__all__ = ["EmulatorInfo", "EmulatorProcess"]

START_TIMEOUT = 30.0
CALL_TIMEOUT = 30.0


@dataclass(frozen=True)
class EmulatorInfo:
    """How to reach the emulator running in the child."""

    api_url: str
    issuer: str
    token_endpoint: str
    client_id: str
    client_secret: str
    home: str
    sandbox_root: Path


class EmulatorProcess:
    """``with EmulatorProcess(**config) as emu:``; config is ``EmulatorConfig``."""

    def __init__(self, **config: Any) -> None:
        self._config = config
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve, args=(child, config), name="bench-emulator", daemon=True
        )
        self.info: EmulatorInfo | None = None

    def __enter__(self) -> Self:
        self._process.start()
        if not self._conn.poll(START_TIMEOUT):
            self._process.kill()
            raise RuntimeError("the emulator process did not start")
        self.info = EmulatorInfo(**self._conn.recv())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.call("stop")
        finally:
            self._process.join(timeout=15)
            if self._process.is_alive():
                self._process.kill()

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return self._info().api_url

    def call(self, command: str, *args: Any) -> Any:
        """Run ``command`` in the child and return its answer."""
        self._conn.send((command, args))
        if not self._conn.poll(CALL_TIMEOUT):
            raise RuntimeError(f"the emulator did not answer {command!r}")
        kind, value = self._conn.recv()
        if kind == "error":
            raise RuntimeError(f"emulator command {command!r} failed: {value}")
        return value

    def token_set(self) -> TokenSet:
        """A fresh token set from the emulator's IdP (no browser)."""
        return TokenSet.from_response(self.call("token_response"))

    def access_token(self) -> str:
        """A fresh access token."""
        return self.token_set().access_token

    def oidc_auth(self) -> OIDCAuth:
        """An ``OIDCAuth`` with fresh tokens, no store (nothing touches disk)."""
        info = self._info()
        provider = ProviderConfig(
            issuer=info.issuer, token_endpoint=info.token_endpoint
        )
        client = ClientCredentials(info.client_id, info.client_secret)
        return OIDCAuth(provider, client, tokens=self.token_set())

    def refresh_requests(self) -> int:
        """Token-endpoint calls with ``grant_type=refresh_token`` so far."""
        counts: dict[str, int] = self.call("token_requests")
        return counts.get("refresh_token", 0)

    def _info(self) -> EmulatorInfo:
        if self.info is None:
            raise RuntimeError("the emulator is not running")
        return self.info


def _serve(conn: multiprocessing.connection.Connection, config: dict[str, Any]) -> None:
    """Child: run the emulator and answer commands until ``stop``."""
    from fugaku_emulator import Emulator, EmulatorConfig

    with Emulator(EmulatorConfig(**config)) as emu:
        conn.send(
            {
                "api_url": emu.api_url,
                "issuer": emu.issuer,
                "token_endpoint": emu.token_endpoint,
                "client_id": emu.client_id,
                "client_secret": emu.client_secret,
                "home": emu.home,
                "sandbox_root": Path(emu.sandbox_root),
            }
        )
        _answer(conn, emu)


def _answer(conn: multiprocessing.connection.Connection, emu: Any) -> None:
    commands: dict[str, Callable[[], Any]] = {
        "token_response": lambda: emu.token_response(),
        "token_requests": lambda: dict(emu.stats.token_requests),
        "requests": lambda: dict(emu.stats.requests),
        "expire_tokens": lambda: emu.faults.expire_tokens(),
        "reset_stats": lambda: emu.stats.reset(),
    }
    while True:
        try:
            command, _args = conn.recv()
        except EOFError:
            return
        if command == "stop":
            conn.send(("ok", None))
            return
        try:
            conn.send(("ok", commands[command]()))
        except Exception as exc:
            conn.send(("error", repr(exc)))
