"""``fugaku ls``, ``get``, ``put`` and ``exec``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fugaku._cli_common import ExitCode
from fugaku_auth import TokenSet
from fugaku_emulator import Emulator

from .conftest import invoke, parsed


@pytest.fixture
def local_file(tmp_path: Path) -> Path:
    """A small binary file to upload."""
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def test_put_uploads_to_home_and_refuses_to_overwrite(
    emulator: Emulator, logged_in: TokenSet, local_file: Path
) -> None:
    first = invoke("put", str(local_file))
    second = invoke("put", str(local_file))
    third = invoke("put", str(local_file), "--overwrite", "--json")

    assert first.exit_code == 0
    assert "Uploaded" in first.stderr
    assert (emulator.local_home / "data.bin").read_bytes() == local_file.read_bytes()
    assert second.exit_code == ExitCode.EXISTS
    assert "--overwrite" in second.stderr
    assert third.exit_code == 0
    data = parsed(third)
    assert isinstance(data, dict)
    assert data["remote_path"] == f"{emulator.home}/data.bin"
    assert data["size"] == local_file.stat().st_size


def test_put_to_a_directory_and_a_relative_path(
    emulator: Emulator, logged_in: TokenSet, local_file: Path
) -> None:
    (emulator.local_home / "in").mkdir()

    into = invoke("put", str(local_file), "in/")
    renamed = invoke("put", str(local_file), "in/renamed.bin")

    assert into.exit_code == 0
    assert renamed.exit_code == 0
    assert (emulator.local_home / "in" / "data.bin").exists()
    assert (emulator.local_home / "in" / "renamed.bin").exists()


def test_put_of_a_missing_local_file_is_a_usage_error(logged_in: TokenSet) -> None:
    assert invoke("put", "/nonexistent/file").exit_code == ExitCode.USAGE


def test_get_to_a_file_a_directory_and_stdout(
    emulator: Emulator,
    logged_in: TokenSet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (emulator.local_home / "result.txt").write_text("answer: 42\n")
    target = tmp_path / "out"
    target.mkdir()
    monkeypatch.chdir(tmp_path)

    to_file = invoke("get", "~/result.txt", str(tmp_path / "copy.txt"))
    to_dir = invoke("get", "result.txt", str(target))
    to_cwd = invoke("get", f"{emulator.home}/result.txt", "--json")
    to_stdout = invoke("get", "result.txt", "-")

    assert to_file.exit_code == 0
    assert "Downloaded" in to_file.stderr
    assert (tmp_path / "copy.txt").read_text() == "answer: 42\n"
    assert to_dir.exit_code == 0
    assert (target / "result.txt").read_text() == "answer: 42\n"
    assert (tmp_path / "result.txt").read_text() == "answer: 42\n"
    assert parsed(to_cwd)["size"] == 11  # type: ignore[index]
    assert to_stdout.stdout == "answer: 42\n"


def test_get_missing_file_exits_4_and_leaves_nothing(
    logged_in: TokenSet, tmp_path: Path
) -> None:
    result = invoke("get", "~/absent.txt", str(tmp_path / "x"))

    assert result.exit_code == ExitCode.NOT_FOUND
    assert not (tmp_path / "x").exists()
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".x.")]
    assert "Traceback" not in result.output


def test_ls_table_and_json(
    emulator: Emulator, logged_in: TokenSet, local_file: Path
) -> None:
    (emulator.local_home / "sub").mkdir()
    invoke("put", str(local_file))

    table = invoke("ls")
    data = parsed(invoke("ls", "~", "--json"))
    missing = invoke("ls", "no/such/dir")

    assert table.exit_code == 0
    assert "data.bin" in table.stdout
    assert "sub/" in table.stdout
    assert isinstance(data, list)
    by_name = {item["name"]: item for item in data}
    assert by_name["data.bin"]["size"] == local_file.stat().st_size
    assert by_name["sub"]["kind"] == "directory"
    assert missing.exit_code == ExitCode.NOT_FOUND
    assert "does not exist or cannot be read" in missing.output
    assert "Traceback" not in missing.output


def test_exec_prints_the_command_output(
    emulator: Emulator, logged_in: TokenSet
) -> None:
    line = invoke("exec", "--", "echo one; echo two")
    words = invoke("exec", "--", "printf", "%s|", "a b", "c")
    data = parsed(invoke("exec", "--json", "--", "echo", "hi"))

    assert line.exit_code == 0
    assert line.stdout == "one\ntwo\n"
    assert words.stdout == "a b|c|\n"
    assert data == {"command": "echo hi", "output": "hi\n"}


def test_exec_needs_a_command(logged_in: TokenSet) -> None:
    assert invoke("exec").exit_code == ExitCode.USAGE


def test_machine_option_names_the_machine(logged_in: TokenSet) -> None:
    known = invoke("--machine", "computer", "exec", "--", "echo", "ok")
    unknown = invoke("--machine", "nosuchmachine", "exec", "--", "echo", "ok")

    assert known.stdout == "ok\n"
    assert unknown.exit_code in (ExitCode.ERROR, ExitCode.NOT_FOUND)
    assert "nosuchmachine" in unknown.stderr or "HTTP" in unknown.stderr
    assert "Traceback" not in unknown.output
