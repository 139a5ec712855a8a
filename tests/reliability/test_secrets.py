"""No secret in logs, reprs, exception texts or CLI output, whatever happens.

One session logs in (PKCE), refreshes, runs every operation of the typed
clients, fails in several ways, and drives the ``fugaku`` command, with
DEBUG logging on for every logger. Then each secret value (client secret,
code, verifier, state, access, refresh and ID tokens, every refreshed one
too), a 12-character head and tail of each, and the JWT prefix ``eyJ`` are
looked for in everything captured. TLS and plain-HTTP defaults of the
facade and of ``fugaku_auth`` are checked at the end.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

import fugaku
from fugaku import AsyncFugaku, Fugaku, FugakuClientError
from fugaku._cli import cli
from fugaku_auth import (
    AuthError,
    InsecureTransport,
    OIDCAuth,
    ProviderConfig,
    Settings,
    TokenSet,
    exchange_code,
    parse_redirect_url,
    start_login,
)
from fugaku_emulator import Emulator

LOGGERS = ("", "fugaku", "fugaku.auth", "fugaku.emulator", "httpx", "httpcore")
SCRIPT = "#!/bin/sh\necho secret-test\n"


class Session:
    """Everything captured, and every secret seen."""

    def __init__(self) -> None:
        self.secrets: set[str] = set()
        self.texts: list[str] = []

    def keep(self, *values: str | None) -> None:
        self.secrets |= {value for value in values if value}

    def tokens(self, tokens: TokenSet | None) -> None:
        if tokens is not None:
            self.keep(tokens.access_token, tokens.refresh_token, tokens.id_token)

    def failure(self, action: Callable[[], Any]) -> None:
        """Run ``action``, which must fail typed; keep its texts."""
        try:
            action()
        except (FugakuClientError, AuthError) as exc:
            self.texts.append("".join(traceback.format_exception(exc)) + repr(exc))
        else:
            raise AssertionError("the action was expected to fail")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator) -> Path:
    """A FUGAKU_HOME with a profile for the emulator (nothing else set)."""
    for name in [name for name in os.environ if name.startswith("FUGAKU_")]:
        monkeypatch.delenv(name)
    base = tmp_path / "fugaku-home"
    base.mkdir()
    (base / "config.toml").write_text(
        "[profile.default]\n"
        f'metadata_url = "{emulator.metadata_url}"\n'
        f'client_id = "{emulator.client_id}"\n'
        f'client_secret = "{emulator.client_secret}"\n'
        'redirect_uri = "http://127.0.0.1:8765/callback"\n'
        f'api_url = "{emulator.api_url}"\n'
    )
    monkeypatch.setenv("FUGAKU_HOME", str(base))
    return base


@pytest.mark.slow
def test_a_whole_session_leaks_no_secret(
    emulator: Emulator,
    home: Path,
    tmp_path: Path,
    debug_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session = Session()
    settings = _login(emulator, session)
    _typed_clients(emulator, settings, session, tmp_path)
    _failures(emulator, settings, session)
    _command_line(emulator, session, tmp_path)

    captured = capsys.readouterr()
    logs = [record.getMessage() for record in debug_logs.records]
    haystack = "\n".join([*logs, *session.texts, captured.out, captured.err])
    assert any(r.name.startswith("httpx") for r in debug_logs.records)
    assert any(r.name == "fugaku" for r in debug_logs.records)
    assert len(session.secrets) >= 8
    leaks = _leaks(session.secrets, haystack)
    assert leaks == [], [_context(haystack, leak) for leak in leaks]


def _context(haystack: str, secret: str) -> str:
    at = haystack.find(secret.split(" ")[0])
    return haystack[max(0, at - 300) : at + 60]


def _leaks(secrets: set[str], haystack: str) -> list[str]:
    found = [s for s in secrets if s in haystack]
    found += [s[:12] for s in secrets if len(s) >= 24 and s[:12] in haystack]
    found += [s[-12:] for s in secrets if len(s) >= 24 and s[-12:] in haystack]
    if "eyJ" in haystack:
        found.append("eyJ (a JWT)")
    return found


def _login(emulator: Emulator, session: Session) -> Settings:
    settings = Settings.load()
    provider, client = settings.provider(), settings.credentials()
    attempt = start_login(provider, client)
    logging.disable(logging.CRITICAL)  # the browser's part, not the SDK's
    try:
        redirect = emulator.approve(attempt.url)
    finally:
        logging.disable(logging.NOTSET)
    code, state = parse_redirect_url(redirect)
    session.keep(client.client_secret, code, state, attempt.code_verifier)
    tokens = exchange_code(provider, client, attempt, redirect)
    session.tokens(tokens)
    settings.token_store().save(tokens)
    session.texts += [repr(x) for x in (settings, provider, client, attempt, tokens)]
    session.texts += [str(tokens), repr(settings.token_store())]
    return settings


def _typed_clients(
    emulator: Emulator, settings: Settings, session: Session, tmp_path: Path
) -> None:
    with Fugaku.from_settings(settings) as client:
        _every_operation(client, tmp_path)
        emulator.faults.expire_tokens()  # the next call refreshes
        client.machines()
        auth = client._http.auth
        assert isinstance(auth, OIDCAuth)
        session.tokens(auth.tokens)
        session.texts += [repr(client), repr(auth), repr(client.options)]
    asyncio.run(_async_operations(settings, session))
    session.tokens(settings.token_store().load())


def _every_operation(client: Fugaku, tmp_path: Path) -> None:
    local = tmp_path / "local.txt"
    local.write_bytes(b"payload")
    client.machines()
    client.machine_status()
    client.command("echo hi")
    client.account()
    client.disk_usage()
    client.mkdir("~/leak")
    client.upload(local, "~/leak/a.txt", checksum=True)
    client.write_text("~/leak/job.sh", SCRIPT, overwrite=fugaku.Overwrite.REPLACE)
    client.download("~/leak/a.txt", tmp_path / "back.txt", checksum=True)
    client.listdir("~/leak")
    client.stat("~/leak/a.txt")
    client.exists("~/leak/none")
    client.sha256("~/leak/a.txt")
    job_id = client.submit(jobfile="~/leak/job.sh", name="leak")
    client.wait(job_id, timeout=60)
    client.job_records(job_id)
    client.list_jobs()
    client.list_history()
    client.cancel(client.submit(script="#!/bin/sh\nsleep 30\n", name="leak2"))
    client.make_job_script("~/leak/gen.sh", fugaku.job_script(["./a.out"]))
    client.remove("~/leak", recursive=True)


async def _async_operations(settings: Settings, session: Session) -> None:
    async with AsyncFugaku.from_settings(settings) as client:
        await client.machines()
        await client.command("echo hi")
        await client.write_bytes(
            "~/async.txt", b"x", overwrite=fugaku.Overwrite.REPLACE
        )
        await client.read_bytes("~/async.txt")
        await client.list_jobs()
        session.texts.append(repr(client))


def _failures(emulator: Emulator, settings: Settings, session: Session) -> None:
    stored = settings.token_store().load()
    assert stored is not None
    with Fugaku(emulator.api_url, token=stored.access_token + "x") as bad:
        session.failure(bad.machines)  # 401: a wrong token
    with Fugaku.from_settings(settings) as client:
        session.failure(lambda: client.read_bytes("~/missing"))
        emulator.faults.add("run_command", "status", status=503, count=1)
        session.failure(lambda: client.command("true"))
        emulator.faults.add("get_job", "status", status=500, count=1)
        session.failure(lambda: client.job_records(1))
    provider, credentials = settings.provider(), settings.credentials()
    attempt = start_login(provider, credentials)
    wrong = f"{credentials.redirect_uri}?code=nope&state=wrong"
    session.failure(lambda: exchange_code(provider, credentials, attempt, wrong))
    dead = TokenSet(access_token="a", refresh_token="dead-refresh-token-xyz")
    session.keep(dead.refresh_token)
    dead_auth = OIDCAuth(provider, credentials, tokens=dead)
    session.failure(lambda: dead_auth.refresh(dead))


def _command_line(emulator: Emulator, session: Session, tmp_path: Path) -> None:
    runner = CliRunner()
    local = tmp_path / "cli.txt"
    local.write_text("cli")
    commands = [
        ["--debug", "whoami", "--json"],
        ["whoami"],
        ["status"],
        ["jobs", "--json"],
        ["--debug", "exec", "echo", "hi"],
        ["put", str(local), "~/cli.txt"],
        ["get", "~/cli.txt", str(tmp_path / "cli-back.txt")],
        ["ls", "~"],
        ["--debug", "get", "~/no-such-file", str(tmp_path / "x")],  # fails
        ["--debug", "ls", "/no/such/dir"],  # fails
    ]
    codes = []
    for args in commands:
        result = runner.invoke(cli, args)
        codes.append(result.exit_code)
        session.texts += [result.output, result.stderr, repr(result.exception)]
    assert codes[:-2] == [0] * (len(commands) - 2), session.texts[-3:]
    assert 0 not in codes[-2:]
    emulator.faults.expire_tokens()
    result = runner.invoke(cli, ["--debug", "whoami"])
    session.texts += [result.output, result.stderr]


# --- TLS and plain HTTP defaults --------------------------------------------------


def _refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be sent, but {request.url} was")


@pytest.mark.parametrize("cls", [Fugaku, AsyncFugaku])
def test_clients_refuse_plain_http_to_a_remote_host(cls: Any) -> None:
    with pytest.raises(fugaku.ConfigurationError, match="allow_insecure_http"):
        cls("http://api.example.invalid", token="t")
    client = cls("http://api.example.invalid", token="t", allow_insecure_http=True)
    assert client.options.base_url == "http://api.example.invalid"
    for loopback in ("http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"):
        cls(loopback, token="t")


def test_clients_verify_tls_by_default() -> None:
    with Fugaku("https://api.example.invalid", token="t") as client:
        pool = client._http._transport._pool  # type: ignore[attr-defined]
        context: ssl.SSLContext = pool._ssl_context
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname


def test_auth_refuses_plain_http_endpoints_and_requests() -> None:
    with pytest.raises(InsecureTransport):
        ProviderConfig(
            issuer="http://idp.example.invalid",
            token_endpoint="http://idp.example.invalid/t",
        )
    provider = ProviderConfig(
        issuer="https://idp.example.invalid",
        token_endpoint="https://idp.example.invalid/t",
    )
    auth = OIDCAuth(provider, _credentials(), tokens=_fresh())
    http = httpx.Client(transport=httpx.MockTransport(_refuse), auth=auth)
    with http, pytest.raises(InsecureTransport):
        http.get("http://api.example.invalid/status/")
    allowed = OIDCAuth(
        provider, _credentials(), tokens=_fresh(), allow_insecure_http=True
    )
    answer = httpx.MockTransport(lambda request: httpx.Response(200))
    with httpx.Client(transport=answer, auth=allowed) as http:
        assert http.get("http://api.example.invalid/status/").status_code == 200


def test_auth_settings_verify_tls_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in [name for name in os.environ if name.startswith("FUGAKU_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FUGAKU_HOME", str(tmp_path))
    context = Settings.load().ssl_context()
    if context is not True:  # True: httpx's own verifying default
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode is ssl.CERT_REQUIRED
        assert context.check_hostname
    with Settings.load().http_client() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context.verify_mode is ssl.CERT_REQUIRED


def _credentials() -> Any:
    from fugaku_auth import ClientCredentials

    return ClientCredentials("me", "s3cr3t", "http://127.0.0.1/cb")


def _fresh() -> TokenSet:
    import time

    return TokenSet(access_token="at", expires_at=time.time() + 3600)
