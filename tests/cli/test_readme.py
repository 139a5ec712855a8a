"""What README.md and README.ja.md claim about the command line holds.

The Python examples run against the emulator, the shell quickstart runs
command by command, and the tables of environment variables and exit codes
match the code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from fugaku._cli import cli
from fugaku._cli_common import ExitCode
from fugaku_auth import TokenSet
from fugaku_auth._settings import _ENV
from fugaku_emulator import Emulator

from .conftest import OTHER_VARIABLES, invoke

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", ROOT / "README.ja.md"]


def _blocks(path: Path, language: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_python_examples_run_against_the_emulator(
    readme: Path, logged_in: TokenSet, profile: Path, tmp_path: Path
) -> None:
    examples = [code for code in _blocks(readme, "python") if "from_settings" in code]
    assert len(examples) == 2
    for code in examples:
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            env={**os.environ},
        )
        assert result.returncode == 0, result.stderr
    assert "hello from a job" in _run_first(examples[0], tmp_path)


def _run_first(code: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    return result.stdout


def test_shell_quickstart_runs_command_by_command(
    emulator: Emulator,
    logged_in: TokenSet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "input.txt").write_text("1\n2\n3\n")
    (tmp_path / "job.sh").write_text(
        '#!/bin/bash\nwc -l < "$HOME/input.txt" > "$HOME/result.txt"\n'
    )
    block = next(b for b in _blocks(ROOT / "README.md", "sh") if "fugaku status" in b)
    codes = {}
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[1] == "login":
            continue
        result = invoke(*words[1:])
        codes[words[1]] = result.exit_code
        if words[1] == "get":
            assert result.stdout == "3\n"
    assert codes.pop("run") == 3
    assert set(codes.values()) == {0}, codes


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_every_variable_in_the_readme_exists_and_every_setting_is_there(
    readme: Path,
) -> None:
    named = set(re.findall(r"FUGAKU_[A-Z0-9_]+", readme.read_text(encoding="utf-8")))
    known = set(_ENV.values()) | OTHER_VARIABLES

    assert named - known == set()
    assert known - named == set()


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_exit_code_table_matches_the_code(readme: Path) -> None:
    rows = re.findall(r"^\| (\d) \|", readme.read_text(encoding="utf-8"), flags=re.M)

    assert [int(code) for code in rows] == [int(code) for code in ExitCode]


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_every_fugaku_command_in_the_readme_exists(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    used = set(re.findall(r"`fugaku ([a-z]+)", text))
    used |= set(re.findall(r"^fugaku ([a-z]+)", text, flags=re.M))

    assert used - set(cli.commands) == set()
    assert set(cli.commands) - used == set()


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_every_file_and_make_target_in_the_readme_exists(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    paths = re.findall(r"`((?:docs|examples|bench|spec|tests)/[\w./-]*\w)`", text)
    targets = set(re.findall(r"`make ([a-z-]+)", text))
    makefile = (ROOT / "Makefile").read_text()

    assert paths
    assert [path for path in paths if not (ROOT / path).exists()] == []
    assert {t for t in targets if not re.search(rf"^{t}:", makefile, re.M)} == set()
