"""``fugaku``: the command line of the Fugaku WebAPI SDK.

Commands are thin shells over :class:`fugaku.Fugaku` and ``fugaku_auth``;
they live in ``_cli_account``, ``_cli_jobs`` and ``_cli_files``. Only
``click`` is imported up front; ``rich``, ``httpx`` and the client load when
a command runs, so ``fugaku --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ._cli_account import login, logout, status, whoami
from ._cli_common import App, exit_code_of
from ._cli_files import exec_command, get, ls, put
from ._cli_jobs import job, jobs, run, submit

__all__ = ["cli", "main"]

EPILOG = """\b
Environment variables (a profile in the config file sets the same keys):
  FUGAKU_PROFILE        profile name (default: default)
  FUGAKU_CONFIG         config file (default: <user config dir>/fugaku/config.toml)
  FUGAKU_HOME           one directory for config.toml and tokens/
  FUGAKU_TOKEN_DIR      where tokens are stored
  FUGAKU_API_URL        WebAPI URL (default: https://api.fugaku.r-ccs.riken.jp)
  FUGAKU_METADATA_URL   identity provider discovery URL (default: Fugaku's)
  FUGAKU_ISSUER, FUGAKU_AUTHORIZATION_ENDPOINT, FUGAKU_TOKEN_ENDPOINT,
  FUGAKU_JWKS_URI       explicit endpoints instead of discovery
  FUGAKU_CLIENT_ID      client id registered on the Fugaku portal
  FUGAKU_CLIENT_SECRET  its secret
  FUGAKU_REDIRECT_URI   its redirect URI (e.g. http://127.0.0.1:8765/callback)
  FUGAKU_SCOPE          scopes (default: openid offline_access)
  FUGAKU_PKCS12         PKCS#12 certificate from the portal (instead of login)
  FUGAKU_PKCS12_PASSPHRASE  its passphrase
  FUGAKU_CERT, FUGAKU_KEY   PEM certificate (with key) and separate key
  FUGAKU_CA_BUNDLE      CA bundle; FUGAKU_PROXY proxy URL
  FUGAKU_VERIFY         0: no TLS certificate checks (testing only)
  FUGAKU_INSECURE_HTTP  1: allow plain HTTP to a non-loopback host
  FUGAKU_TIMEOUT        seconds per request to the identity provider
  FUGAKU_REFRESH_MARGIN refresh tokens this many seconds before expiry
  FUGAKU_VALIDATE       1: check answers against the strict spec models
  FUGAKU_DEBUG          1: show tracebacks and debug logs

\b
Exit codes:
  0 success                        4 not found (file or job)
  1 error from the service/SDK     5 timed out waiting for a job
  2 usage or configuration error   6 service or identity provider unreachable
  3 login required or refused      7 remote file exists (put without --overwrite)
  run, submit --wait, job wait: the job's exit code (1 if it did not finish);
  Ctrl-C while waiting stops the waiting, not the job, and exits 130
"""


class _Commands(click.Group):
    """Turns the SDK's expected errors into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            code = exit_code_of(exc)
            if code is None:
                raise
            _report(ctx.ensure_object(App), exc)
            ctx.exit(code)


@click.group(cls=_Commands, epilog=EPILOG, context_settings={"max_content_width": 100})
@click.option(
    "--profile",
    envvar="FUGAKU_PROFILE",
    show_envvar=True,
    help="Profile of the config file and token store.",
)
@click.option(
    "--api-url",
    envvar="FUGAKU_API_URL",
    show_envvar=True,
    help="WebAPI URL (default: the profile's, else Fugaku's).",
)
@click.option(
    "--machine", default="computer", show_default=True, help="Machine to use."
)
@click.option(
    "--debug",
    is_flag=True,
    envvar="FUGAKU_DEBUG",
    show_envvar=True,
    help="Show tracebacks and debug logs (never secrets).",
)
@click.version_option(package_name="fugaku-sdk", prog_name="fugaku")
@click.pass_context
def cli(
    ctx: click.Context,
    profile: str | None,
    api_url: str | None,
    machine: str,
    debug: bool,
) -> None:
    """Use RIKEN's Fugaku from the shell: jobs, files and commands over the WebAPI.

    Log in once with `fugaku login`; later commands reuse and refresh the
    stored tokens. Data goes to stdout, messages to stderr.
    """
    app = ctx.ensure_object(App)
    app.profile, app.api_url, app.machine, app.debug = profile, api_url, machine, debug
    if debug:
        _debug_logging()


for _command in (login, logout, whoami, status, jobs, job, submit, run):
    cli.add_command(_command)
for _command in (ls, get, put, exec_command):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Run the ``fugaku`` command (the console-script entry point)."""
    cli.main(args=argv, prog_name="fugaku")


def _debug_logging() -> None:
    """Send the SDK's and httpx's debug logs to stderr (they never hold secrets)."""
    import logging

    class Stderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            sys.stderr.write(self.format(record) + "\n")

    root = logging.getLogger()
    if not any(type(h).__name__ == "Stderr" for h in root.handlers):
        handler = Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    for name in ("fugaku", "httpx"):
        logging.getLogger(name).setLevel(logging.DEBUG)


def _report(app: App, exc: BaseException) -> None:
    """Print an expected error as one sentence; the traceback only in debug mode."""
    if app.debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    app.ui.error(str(exc) or type(exc).__name__)
    for note in getattr(exc, "__notes__", ()):
        app.ui.message(str(note))
