"""The contract checks themselves: they cover every operation and they can fail.

``tests/contract/test_schemathesis.py`` must generate cases for every
operation of the spec, and its checks must reject answers that break the
contract: a body of the wrong shape, a missing required field, an
undocumented status, an HTML page where JSON is documented. Each broken
answer is injected into a restricted emulator for one request; the same
request passes once the fault is gone.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok

from fugaku._validate import _models
from fugaku_emulator import Emulator, EmulatorConfig
from tests.contract.test_examples import OPERATIONS
from tests.contract.test_schemathesis import schema

ROOT = Path(__file__).resolve().parents[2]
SPEC_OPERATIONS = set(OPERATIONS)


def test_schemathesis_schema_holds_every_spec_operation() -> None:
    ids = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        ids.add(result.ok().definition.raw["operationId"])
    assert ids == SPEC_OPERATIONS


def test_schemathesis_test_is_collected_once_per_operation() -> None:
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q"]
    command += ["-p", "no:cacheprovider", "tests/contract/test_schemathesis.py"]
    collected = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    items = [line for line in collected.stdout.splitlines() if "::" in line]
    assert len(items) == len(SPEC_OPERATIONS), collected.stdout[-2000:]


def test_validation_mode_knows_every_json_operation() -> None:
    assert set(_models()[0]) == SPEC_OPERATIONS - {"download_file"}


@pytest.fixture(scope="module")
def restricted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    root = tmp_path_factory.mktemp("guard") / "root"
    with Emulator(EmulatorConfig(restricted=True, sandbox_root=root)) as emu:
        yield emu


BROKEN: list[tuple[str, str, str, dict[str, Any]]] = [
    ("/status/", "GET", "list_machines", {"status": 200, "body": '{"machines": 1}'}),
    (
        "/status/{machine}",
        "GET",
        "get_machine_status",
        {"status": 200, "body": '{"status": "OK"}'},
    ),
    (
        "/queue/{machine}",
        "GET",
        "list_jobs",
        {"status": 418, "body": '{"detail": "x"}'},
    ),
    ("/queue/{machine}/sacct", "GET", "list_finished_jobs", {"status": 502}),
    (
        "/usage/{machine}/disk/",
        "GET",
        "get_disk_usage",
        {"status": 200, "body": "<html>ok</html>", "content_type": "text/html"},
    ),
]


@pytest.mark.parametrize(("path", "method", "op", "fault"), BROKEN)
def test_contract_checks_reject_a_broken_answer(
    restricted: Emulator, path: str, method: str, op: str, fault: dict[str, Any]
) -> None:
    fault.setdefault("content_type", "application/json")
    case = schema[path][method].Case(path_parameters={"machine": "computer"})
    headers = {"Authorization": f"Bearer {restricted.token_response()['access_token']}"}
    restricted.faults.add(op, "status", count=1, **fault)

    with pytest.raises(FailureGroup):
        case.call_and_validate(base_url=restricted.api_url, headers=headers)
    case.call_and_validate(base_url=restricted.api_url, headers=headers)
