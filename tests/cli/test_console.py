"""The output layer: progress on a terminal only, exit codes, JSON data."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import click
import pytest
from rich.console import Console

from fugaku import JobId, JobState
from fugaku._cli import cli
from fugaku._cli_common import ExitCode, exit_code_of, job_exit_code
from fugaku._console import Ui
from fugaku._models import Job
from fugaku.error import (
    AlreadyExists,
    APIError,
    ConfigurationError,
    NoAccessCode,
    NotFound,
    TransportError,
    WaitTimeout,
)
from fugaku_auth import ConfigError, DiscoveryError, LoginError, LoginRequired, TokenSet
from fugaku_auth import NoTokenEndpoint as AuthNoTokenEndpoint
from fugaku_emulator import Emulator

from .conftest import invoke


def _job(state: str, end_code: int | None) -> Job:
    return Job(
        id=JobId(1),
        name="j",
        user="u",
        state=JobState.parse(state),
        status_code=state,
        end_code=end_code,
    )


@pytest.mark.parametrize(
    ("state", "end_code", "expected"),
    [
        ("EXT", 0, 0),
        ("EXT", 3, 3),
        ("EXT", None, 0),
        ("EXT", 300, 1),
        ("EXT", -1, 1),
        ("CCL", None, 1),
        ("ERR", 0, 1),
        ("RJT", None, 1),
    ],
)
def test_job_exit_code(state: str, end_code: int | None, expected: int) -> None:
    assert job_exit_code(_job(state, end_code)) == expected


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (APIError(400, err_msg="x"), ExitCode.ERROR),
        (NotFound(400), ExitCode.NOT_FOUND),
        (AlreadyExists(409), ExitCode.EXISTS),
        (NoAccessCode("no"), ExitCode.AUTH),
        (ConfigurationError("bad"), ExitCode.USAGE),
        (TransportError("down"), ExitCode.UNREACHABLE),
        (WaitTimeout("late", job_id="1", last_state="RUN"), ExitCode.TIMEOUT),
        (ConfigError("bad"), ExitCode.USAGE),
        (AuthNoTokenEndpoint("none"), ExitCode.USAGE),
        (DiscoveryError("down"), ExitCode.UNREACHABLE),
        (LoginError("no"), ExitCode.AUTH),
        (LoginRequired("again"), ExitCode.AUTH),
        (PermissionError("local"), ExitCode.ERROR),
        (RuntimeError("bug"), None),
    ],
)
def test_exit_code_of(error: BaseException, expected: int | None) -> None:
    assert exit_code_of(error) == expected


def _terminal_ui(monkeypatch: pytest.MonkeyPatch) -> tuple[Ui, io.StringIO]:
    buffer = io.StringIO()
    ui = Ui()
    ui._err = Console(file=buffer, force_terminal=True, width=100)
    monkeypatch.setattr(Ui, "interactive", property(lambda self: True))
    return ui, buffer


def test_transfer_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    ui, buffer = _terminal_ui(monkeypatch)

    with ui.transfer("put data.bin") as progress:
        assert progress is not None
        progress(512, 1024)
        progress(1024, 1024)

    assert "put data.bin" in buffer.getvalue()


def test_no_progress_off_a_terminal() -> None:
    ui = Ui()

    with ui.transfer("get x") as progress, ui.waiting("job"):
        assert progress is None


def test_waiting_spinner_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    ui, buffer = _terminal_ui(monkeypatch)

    with ui.waiting("Waiting for job 7"):
        pass

    assert "Waiting for job 7" in buffer.getvalue()


def test_put_reports_progress_on_a_terminal(
    emulator: Emulator,
    logged_in: TokenSet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int | None]] = []
    original = Ui.transfer

    def spy(self: Ui, label: str):  # type: ignore[no-untyped-def]
        with original(self, label) as progress:
            assert progress is not None

            def record(done: int, total: int | None) -> None:
                seen.append((done, total))
                progress(done, total)

            yield record

    import contextlib

    monkeypatch.setattr(Ui, "interactive", property(lambda self: True))
    monkeypatch.setattr(Ui, "transfer", contextlib.contextmanager(spy))
    local = tmp_path / "big.bin"
    local.write_bytes(b"x" * 300_000)

    assert invoke("put", str(local)).exit_code == 0
    assert invoke("get", "big.bin", str(tmp_path / "back.bin")).exit_code == 0
    assert seen[-1] == (300_000, 300_000)


def test_help_does_not_load_the_emulator() -> None:
    code = (
        "import sys\n"
        "from fugaku._cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('fugaku_emulator', 'uvicorn') if m in sys.modules]\n"
        "print('loaded:', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )

    assert "loaded: []" in result.stderr
    assert "Usage: fugaku" in result.stdout


def _leaves(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= _leaves(command, f"{prefix}{name} ")
        else:
            found[prefix + name] = command
    return found


def test_every_command_that_prints_data_has_json() -> None:
    messages_only = {"login", "logout"}
    commands = _leaves(cli)

    without = [
        name
        for name, command in commands.items()
        if not any("--json" in param.opts for param in command.params)
    ]

    assert sorted(without) == sorted(messages_only)
    assert len(commands) == 14
