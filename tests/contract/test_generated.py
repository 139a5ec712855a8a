"""`make check-generated` guards generated/ against an edited spec.

Each test copies the spec, the generator and the committed generated/ into a
temporary tree and runs the real Makefile target there, with this checkout's
virtualenv, so the check itself is what is tested.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("spec", "generator", "generated"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    return tmp_path


def _check_generated(tree: Path) -> subprocess.CompletedProcess[str]:
    # -o marks the virtualenv stamp as up to date: the copy has no .venv of its own.
    return subprocess.run(
        ["make", "-s", "check-generated", f"BIN={VENV_BIN}", "-o", ".venv/.installed"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_generated_passes_on_committed_tree(tree: Path) -> None:
    result = _check_generated(tree)

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_generated_fails_when_spec_edited_without_regenerating(
    tree: Path,
) -> None:
    spec = tree / "spec" / "fugaku-webapi.yaml"
    text = spec.read_text(encoding="utf-8")
    edited = text.replace(
        "        qopt:\n",
        "        priority:\n          type: integer\n        qopt:\n",
        1,
    )
    assert edited != text
    spec.write_text(edited, encoding="utf-8")

    result = _check_generated(tree)

    assert result.returncode != 0
    assert "generated/ is stale" in result.stderr
    assert "priority" in result.stdout
