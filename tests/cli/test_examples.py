"""``examples/quickstart.py --emulator`` (what ``make demo`` runs) and the
start-up benchmark script, run as a user would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_against_the_emulator_prints_the_job_output(
    tmp_path: Path,
) -> None:
    untouched = tmp_path / "users-own-fugaku-home"
    env = {
        **os.environ,
        "FUGAKU_HOME": str(untouched),
        "FUGAKU_CLIENT_ID": "not-the-emulators",
        "FUGAKU_API_URL": "http://127.0.0.1:9",
    }

    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py"), "--emulator"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "Read 100 numbers; their sum is 5050." in result.stdout
    assert "Hello from a Fugaku job" in result.stdout
    for number in range(1, 9):
        assert f"\n{number:>2}. " in "\n" + result.stdout
    assert not untouched.exists()


def test_cli_startup_benchmark_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "cli_startup.py"), "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode in (0, 1), result.stderr
    assert "fugaku --help" in result.stdout
    assert 'import fugaku"' in result.stdout
    assert "budget" in result.stdout


def test_make_demo_runs_the_quickstart_against_the_emulator() -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]

    assert "examples/quickstart.py --emulator" in recipe
