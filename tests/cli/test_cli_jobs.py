"""``fugaku jobs``, ``job show|wait|cancel``, ``submit`` and ``run``."""

from __future__ import annotations

from pathlib import Path

import pytest

from fugaku._cli_common import ExitCode
from fugaku._protocol import Flow
from fugaku.error import TransportError
from fugaku_auth import TokenSet
from fugaku_emulator import Emulator

from .conftest import invoke, parsed


@pytest.fixture
def script(tmp_path: Path) -> Path:
    """A job script that prints a line and exits 0."""
    path = tmp_path / "hello.sh"
    path.write_text("#!/bin/bash\necho hello from the job\n")
    return path


def _script(tmp_path: Path, body: str, name: str = "job.sh") -> Path:
    path = tmp_path / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    return path


def test_run_propagates_a_failing_exit_code(logged_in: TokenSet) -> None:
    result = invoke("run", "--", "sh", "-c", "echo out; echo err >&2; exit 3")

    assert result.exit_code == 3
    assert result.stdout == "out\n"
    assert "err" in result.stderr


def test_run_success_prints_the_output(logged_in: TokenSet) -> None:
    result = invoke("run", "-L", "rscgrp=small", "--", "echo hello; echo there")

    assert result.exit_code == 0
    assert result.stdout == "hello\nthere\n"


def test_run_json(emulator: Emulator, logged_in: TokenSet) -> None:
    result = invoke("run", "--json", "--name", "jsonrun", "--", "sh", "-c", "exit 4")
    data = parsed(result)

    assert result.exit_code == 4
    assert isinstance(data, dict)
    assert data["exit_code"] == 4
    assert data["job"]["name"] == "jsonrun"
    assert data["job"]["state"] == "EXT"
    assert data["stdout"] == ""
    assert (emulator.local_home / "jsonrun.sh").exists()


@pytest.mark.parametrize("failure", [TransportError, KeyboardInterrupt])
def test_run_names_the_submitted_job_when_waiting_fails(
    logged_in: TokenSet,
    monkeypatch: pytest.MonkeyPatch,
    failure: type[BaseException],
) -> None:
    def broken_wait(*args: object, **kwargs: object) -> Flow[None]:
        raise failure("get_job: the request failed; try again later")
        yield  # a flow, like the real wait

    with monkeypatch.context() as patch:
        patch.setattr("fugaku._jobs.wait", broken_wait)
        result = invoke("run", "--name", "lost", "--", "echo hi")
    history = parsed(invoke("jobs", "--json")) or parsed(
        invoke("jobs", "--history", "--json")
    )

    assert isinstance(history, list)
    assert len(history) == 1
    assert result.exit_code != 0
    assert f"Job {history[0]['id']} was submitted" in result.stderr
    assert "Traceback" not in result.output


def test_submit_prints_the_job_id_and_uploads_the_script(
    emulator: Emulator, logged_in: TokenSet, script: Path
) -> None:
    result = invoke("submit", str(script), "-L", "rscgrp=small", "-N", "hello")

    assert result.exit_code == 0
    job_id = result.stdout.strip()
    assert job_id.isdigit()
    assert "Submitted" in result.stderr
    assert (emulator.local_home / "hello.sh").read_text() == script.read_text()
    final = invoke("job", "wait", job_id, "--json")
    assert final.exit_code == 0
    assert parsed(final)["name"] == "hello"  # type: ignore[index]


def test_submit_wait_exits_with_the_job_exit_code(
    logged_in: TokenSet, tmp_path: Path
) -> None:
    failing = _script(tmp_path, "echo bad; exit 6")

    result = invoke("submit", str(failing), "--wait")

    assert result.exit_code == 6
    assert "exit code 6" in result.stderr


def test_submit_json_with_wait(logged_in: TokenSet, script: Path) -> None:
    result = invoke("submit", "--json", str(script), "--wait")
    data = parsed(result)

    assert result.exit_code == 0
    assert isinstance(data, dict)
    assert data["exit_code"] == 0
    assert data["final"]["id"] == data["job"]
    assert data["final"]["state"] == "EXT"


def test_submit_wait_names_the_job_before_a_failing_wait(
    logged_in: TokenSet, script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fugaku.error import TransportError

    def outage(*args: object, **kwargs: object) -> None:
        raise TransportError("get_job: the request failed; try again later")

    with monkeypatch.context() as patch:
        patch.setattr("fugaku._client.Fugaku.wait", outage)
        result = invoke("submit", str(script), "--wait")
    submitted = parsed(invoke("jobs", "--json")) or parsed(
        invoke("jobs", "--history", "--json")
    )

    assert result.exit_code == ExitCode.UNREACHABLE
    assert isinstance(submitted, list)
    assert len(submitted) == 1
    assert f"Submitted job {submitted[0]['id']}" in result.stderr


def test_submit_to_a_remote_path(
    emulator: Emulator, logged_in: TokenSet, script: Path
) -> None:
    result = invoke("submit", str(script), "--remote-path", "~/renamed.sh", "--wait")

    assert result.exit_code == 0
    assert (emulator.local_home / "renamed.sh").exists()


def test_submit_refused_by_pjsub_exits_1(logged_in: TokenSet, script: Path) -> None:
    result = invoke("submit", str(script), "-L", "rscgrp=nosuchgroup")

    assert result.exit_code == ExitCode.ERROR
    assert "Traceback" not in result.output


def test_jobs_lists_the_queue_and_the_history(
    logged_in: TokenSet, tmp_path: Path
) -> None:
    slow = _script(tmp_path, "sleep 30", "slow.sh")
    job_id = invoke("submit", str(slow)).stdout.strip()

    queue = parsed(invoke("jobs", "--json"))
    table = invoke("jobs")
    assert invoke("job", "cancel", job_id).exit_code == 0
    invoke("job", "wait", job_id)
    history = parsed(invoke("jobs", "--history", "--json"))

    assert isinstance(queue, list)
    assert isinstance(history, list)
    assert [item["id"] for item in queue] == [job_id]
    assert job_id in table.stdout
    assert "slow.sh" in table.stdout
    assert {item["id"]: item["state"] for item in history}[job_id] == "CCL"


def test_jobs_empty(logged_in: TokenSet) -> None:
    result = invoke("jobs")

    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No jobs" in result.stderr
    assert parsed(invoke("jobs", "--json")) == []
    assert parsed(invoke("jobs", "--history", "--json")) == []


def test_job_show(logged_in: TokenSet, script: Path) -> None:
    job_id = invoke("submit", str(script), "--wait").stdout.strip()

    table = invoke("job", "show", job_id)
    data = parsed(invoke("job", "show", job_id, "--json"))

    assert table.exit_code == 0
    assert "id:" in table.stdout
    assert job_id in table.stdout
    assert isinstance(data, dict)
    assert data["id"] == job_id
    assert data["end_code"] == 0


def test_job_show_unknown_exits_4(logged_in: TokenSet) -> None:
    result = invoke("job", "show", "999")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert "job 999 not found" in result.stderr
    assert "HTTP 200" not in result.stderr
    assert "Traceback" not in result.output


def test_job_id_must_be_a_job_id(logged_in: TokenSet) -> None:
    result = invoke("job", "show", "abc")

    assert result.exit_code == ExitCode.USAGE
    assert "not a job id" in result.stderr


def test_job_wait_times_out_with_5_then_cancel(
    logged_in: TokenSet, tmp_path: Path
) -> None:
    slow = _script(tmp_path, "sleep 30", "slow.sh")
    job_id = invoke("submit", str(slow)).stdout.strip()

    waited = invoke("job", "wait", job_id, "--timeout", "0.5")
    cancelled = invoke("job", "cancel", job_id, "--json")
    final = invoke("job", "wait", job_id)
    again = invoke("job", "cancel", job_id)

    assert waited.exit_code == ExitCode.TIMEOUT
    assert "Traceback" not in waited.output
    assert parsed(cancelled) == {"job": job_id, "cancelled": True}
    assert final.exit_code == ExitCode.ERROR
    assert "CCL" in final.stderr
    assert again.exit_code == 0
    assert "already ended" in again.stderr


def test_job_wait_cancel_on_timeout(logged_in: TokenSet, tmp_path: Path) -> None:
    slow = _script(tmp_path, "sleep 30", "slow.sh")
    job_id = invoke("submit", str(slow)).stdout.strip()

    waited = invoke("job", "wait", job_id, "--timeout", "0.5", "--cancel-on-timeout")
    final = parsed(invoke("job", "wait", job_id, "--json"))

    assert waited.exit_code == ExitCode.TIMEOUT
    assert isinstance(final, dict)
    assert final["state"] == "CCL"


def test_jobs_filters_by_state_and_limit(logged_in: TokenSet, tmp_path: Path) -> None:
    slow = _script(tmp_path, "sleep 30", "slow.sh")
    first = invoke("submit", str(slow)).stdout.strip()
    second = invoke("submit", str(slow)).stdout.strip()
    invoke("job", "wait", first, "--timeout", "1")

    running = parsed(invoke("jobs", "--state", "RUN", "--json"))
    limited = parsed(invoke("jobs", "--limit", "1", "--json"))
    queued = parsed(invoke("jobs", "--state", "QUE", "--json"))
    for job_id in (first, second):
        invoke("job", "cancel", job_id)

    assert isinstance(running, list)
    assert {item["id"] for item in running} == {first, second}
    assert all(item["state"] == "RUN" for item in running)
    assert queued == []
    assert isinstance(limited, list)
    assert len(limited) == 1


def test_ctrl_c_while_waiting_leaves_the_job_running(
    logged_in: TokenSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = _script(tmp_path, "sleep 30", "slow.sh")
    job_id = invoke("submit", str(slow)).stdout.strip()

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("fugaku._client.Fugaku.wait", interrupted)
        result = invoke("job", "wait", job_id)
    state = parsed(invoke("job", "show", job_id, "--json"))
    invoke("job", "cancel", job_id)

    assert result.exit_code == 130
    assert "keeps running" in result.stderr
    assert "130" in invoke("--help").stdout
    assert isinstance(state, dict)
    assert state["state"] in ("QUE", "RUN")
