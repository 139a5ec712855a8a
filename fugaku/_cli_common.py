"""What every ``fugaku`` command shares: the app state, ``--json``, exit codes."""

from __future__ import annotations

import enum
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._console import Ui

if TYPE_CHECKING:
    from fugaku_auth import Settings

    from ._client import Fugaku
    from ._models import Job

__all__ = [
    "App",
    "ExitCode",
    "exit_code_of",
    "from_home",
    "job_exit_code",
    "json_option",
    "pass_app",
]

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(enum.IntEnum):
    """Exit statuses of ``fugaku`` (``run`` and job waits exit with the job's)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    AUTH = 3
    NOT_FOUND = 4
    TIMEOUT = 5
    UNREACHABLE = 6
    EXISTS = 7


class App:
    """Global options of one invocation and the objects built from them.

    Attributes:
        profile: ``--profile`` (None: ``FUGAKU_PROFILE`` or ``default``).
        api_url: ``--api-url`` (None: the profile's).
        machine: ``--machine``.
        debug: Show tracebacks of expected errors too.
        ui: The output writer.
    """

    def __init__(
        self,
        profile: str | None = None,
        api_url: str | None = None,
        machine: str = "computer",
        debug: bool = False,
    ) -> None:
        self.profile = profile
        self.api_url = api_url
        self.machine = machine
        self.debug = debug
        self.ui = Ui()
        self._settings: Settings | None = None
        self._client: Fugaku | None = None

    def settings(self) -> Settings:
        """The profile's settings, with ``--api-url`` applied (loaded once)."""
        if self._settings is None:
            from ._connect import load_settings

            self._settings = load_settings(self.profile, self.api_url)
        return self._settings

    def client(self) -> Fugaku:
        """A connected client, closed when the command ends."""
        if self._client is None:
            from ._connect import connect

            self._client = connect(settings=self.settings(), machine=self.machine)
            click.get_current_context().call_on_close(self._client.close)
        return self._client


pass_app = click.make_pass_decorator(App)


def json_option(command: F) -> F:
    """Add ``--json`` to a command; it switches the app's output to JSON."""

    def enable(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        if value:
            ctx.ensure_object(App).ui.as_json = True
        return value

    option = click.option(
        "--json",
        "as_json",
        is_flag=True,
        expose_value=False,
        callback=enable,
        help="Print the data as JSON on stdout.",
    )
    return option(command)


def job_exit_code(job: Job) -> int:
    """The exit status a finished job stands for.

    The job's own exit code when it finished (EXT) and PJM reported one
    (codes outside 0-255 give 1); 0 for EXT without a code; 1 when the job
    was rejected, cancelled or stopped by PJM.
    """
    from ._models import JobState

    if job.state is not JobState.EXT:
        return ExitCode.ERROR
    if job.end_code is None:
        return ExitCode.OK
    return job.end_code if 0 <= job.end_code <= 255 else ExitCode.ERROR


def exit_code_of(exc: BaseException) -> int | None:
    """The exit status of an expected error; None for anything unexpected."""
    from fugaku_auth import AuthError

    from .error import FugakuClientError

    if isinstance(exc, FugakuClientError):
        return _first_match(exc, _sdk_codes())
    if isinstance(exc, AuthError):
        return _first_match(exc, _auth_codes())
    if isinstance(exc, OSError):
        return ExitCode.ERROR
    return None


Table = list[tuple[type[BaseException], ExitCode]]


def _sdk_codes() -> Table:
    from . import error

    return [
        (error.WaitTimeout, ExitCode.TIMEOUT),
        (error.NotFound, ExitCode.NOT_FOUND),
        (error.AlreadyExists, ExitCode.EXISTS),
        (error.AuthenticationError, ExitCode.AUTH),
        (error.NoTokenEndpoint, ExitCode.USAGE),
        (error.ConfigurationError, ExitCode.USAGE),
        (error.InvalidRemotePath, ExitCode.USAGE),
        (error.TransportError, ExitCode.UNREACHABLE),
    ]


def _auth_codes() -> Table:
    import fugaku_auth as auth

    return [
        (auth.ConfigError, ExitCode.USAGE),
        (auth.NoTokenEndpoint, ExitCode.USAGE),
        (auth.CertificateError, ExitCode.USAGE),
        (auth.DiscoveryError, ExitCode.UNREACHABLE),
        (auth.LoginError, ExitCode.AUTH),
        (auth.LoginRequired, ExitCode.AUTH),
        (auth.TokenEndpointError, ExitCode.AUTH),
    ]


def _first_match(exc: BaseException, table: Table) -> int:
    for kind, code in table:
        if isinstance(exc, kind):
            return code
    return ExitCode.ERROR


def from_home(path: str) -> str:
    """A remote path as the client takes it: relative ones start at ``~``."""
    if path.startswith(("/", "~")):
        return path
    return posixpath.join("~", path)
