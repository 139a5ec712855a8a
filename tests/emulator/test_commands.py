"""E3: commands through a shell in the sandboxed home, under a time limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, EmulatorConfig
from fugaku_webapi_strict import models as strict

from ._helpers import error_body, strict_body, text_output


def run(client: httpx.Client, command: str) -> httpx.Response:
    return client.post("/command/computer/", json={"command": command})


def test_stdout_in_output(api_client: httpx.Client) -> None:
    assert text_output(run(api_client, "echo hello; echo world")) == "hello\nworld\n"


def test_home_tilde_and_pipes(api_client: httpx.Client) -> None:
    """The shell sees the sandbox; the output shows the machine's paths."""
    output = text_output(run(api_client, 'echo "$HOME"; cd ~ && pwd; echo a b | wc -w'))
    assert output.splitlines() == ["/home/u10001", "/home/u10001", "2"]


def test_absolute_home_paths_work_in_commands(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    (emulator.local_home / "a.txt").write_text("content\n")
    output = text_output(run(api_client, "cat /home/u10001/a.txt; ls -d /home/u10001"))
    assert output == "content\n/home/u10001\n"


def test_id_and_whoami_answer_with_the_emulated_account(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    output = text_output(run(api_client, "id -un; whoami; id -gn; id -Gn"))

    account = emulator.account
    assert output.splitlines() == [account, account, "hp120001", "hp120001"]


def test_stderr_goes_to_error(api_client: httpx.Client) -> None:
    response = run(api_client, "echo out; echo oops >&2; exit 3")
    body = strict_body(strict.TextResponse, response)
    assert (body.output, body.error) == ("out\n", "oops\n")


def test_files_written_by_commands_are_in_the_sandbox(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    text_output(run(api_client, "echo data > ~/made.txt"))
    assert (emulator.local_home / "made.txt").read_text() == "data\n"


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        ({}, ["body", "command"], "value_error.missing"),
        ({"command": ["ls"]}, ["body", "command"], "type_error.str"),
        ([1, 2], ["body"], "type_error.dict"),
    ],
)
def test_bad_body_is_fastapi_422(
    api_client: httpx.Client, body: object, loc: list[str], kind: str
) -> None:
    response = api_client.post("/command/computer/", json=body)
    assert response.status_code == 422
    detail = strict_body(strict.ValidationError, response).detail[0]
    assert (detail.loc, detail.type) == (loc, kind)


def test_missing_body_is_422(api_client: httpx.Client) -> None:
    response = api_client.post("/command/computer/")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": ["body"], "msg": "field required", "type": "value_error.missing"}
        ]
    }


@pytest.fixture
def quick_timeout(tmp_path: Path) -> Iterator[Emulator]:
    config = EmulatorConfig(command_timeout=0.5, sandbox_root=tmp_path / "root")
    with Emulator(config) as emu:
        yield emu


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_timeout_kills_the_command_and_its_children(quick_timeout: Emulator) -> None:
    token = quick_timeout.token_response()["access_token"]
    with httpx.Client(
        base_url=quick_timeout.api_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ) as client:
        response = run(client, "sleep 30 & echo $! > ~/child.pid; wait")
        body = error_body(response, 500)
    assert body.error == "Command Timeout"
    assert "0.5 seconds" in body.err_msg
    child = int((quick_timeout.local_home / "child.pid").read_text())
    assert not alive(child)


def test_restricted_mode_runs_nothing(tmp_path: Path) -> None:
    config = EmulatorConfig(restricted=True, sandbox_root=tmp_path / "root")
    with Emulator(config) as emu:
        token = emu.token_response()["access_token"]
        response = httpx.post(
            emu.api_url + "/command/computer/",
            json={"command": "touch ~/x"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert text_output(response) == "touch ~/x"
        assert not (emu.local_home / "x").exists()
