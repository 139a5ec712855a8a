"""Optional response validation against the strict spec models.

Enabled by ``validate=True`` or ``FUGAKU_VALIDATE=1``. A JSON body that the
strict pydantic models of ``fugaku_webapi_strict`` reject (unknown keys,
unknown enum values, wrong types) gives a ``SpecDriftWarning`` naming the
operation and the field; the call itself goes on as usual.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pydantic

from fugaku_webapi_strict import models as strict

from .error import SpecDriftWarning

__all__ = ["check_response", "validation_enabled"]

_SUCCESS_MODELS: dict[str, Any] = {
    "list_machines": pydantic.TypeAdapter(list[strict.MachineStatus]),
    "get_machine_status": pydantic.TypeAdapter(strict.MachineStatus),
    "run_command": pydantic.TypeAdapter(strict.TextResponse),
    "upload_file": pydantic.TypeAdapter(strict.TextResponse),
    "overwrite_file": pydantic.TypeAdapter(strict.TextResponse),
    "list_directory": pydantic.TypeAdapter(strict.TextResponse),
    "list_jobs": pydantic.TypeAdapter(strict.JobListResponse),
    "list_finished_jobs": pydantic.TypeAdapter(strict.JobListResponse),
    "get_job": pydantic.TypeAdapter(strict.JobListResponse),
    "submit_job": pydantic.TypeAdapter(strict.TextResponse),
    "cancel_job": pydantic.TypeAdapter(strict.TextResponse),
    "create_job_script": pydantic.TypeAdapter(strict.TextResponse),
    "get_disk_usage": pydantic.TypeAdapter(strict.AnyResponse),
}
_ERROR_MODEL = pydantic.TypeAdapter(strict.ErrorObject)


def validation_enabled(explicit: bool | None) -> bool:
    """The explicit setting, else ``FUGAKU_VALIDATE`` from the environment."""
    if explicit is not None:
        return explicit
    return os.environ.get("FUGAKU_VALIDATE", "").strip().lower() in ("1", "true", "yes")


def check_response(op: str, status_code: int, body: Any) -> None:
    """Warn with ``SpecDriftWarning`` when ``body`` does not fit the spec."""
    adapter = _adapter(op, status_code, body)
    if adapter is None:
        return
    try:
        adapter.validate_python(body)
    except pydantic.ValidationError as exc:
        warnings.warn(_describe(op, exc), SpecDriftWarning, stacklevel=4)


def _adapter(op: str, status_code: int, body: Any) -> Any:
    if 200 <= status_code < 300:
        return _SUCCESS_MODELS.get(op)
    if status_code in (400, 409, 500) and isinstance(body, dict) and "err_id" in body:
        return _ERROR_MODEL
    return None


def _describe(op: str, exc: pydantic.ValidationError) -> str:
    problems = [
        f"{'.'.join(str(part) for part in err['loc']) or '<body>'}: {err['msg']}"
        for err in exc.errors()[:5]
    ]
    return f"spec drift in {op} response: " + "; ".join(problems)
