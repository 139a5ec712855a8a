"""Optional response validation against the strict spec models.

Enabled by ``validate=True`` or ``FUGAKU_VALIDATE=1``. A JSON body that the
strict pydantic models of ``fugaku_webapi_strict`` reject (unknown keys,
unknown enum values, wrong types) gives a ``SpecDriftWarning`` naming the
operation and the field; the call itself goes on as usual.
"""

from __future__ import annotations

import functools
import os
import warnings
from typing import TYPE_CHECKING, Any

from .error import SpecDriftWarning

if TYPE_CHECKING:
    import pydantic

__all__ = ["check_response", "validation_enabled"]


@functools.cache
def _models() -> tuple[dict[str, Any], Any]:
    """The adapters per operation and the error adapter, built on first use.

    Imported lazily: pydantic and the strict models cost a large part of
    ``import fugaku`` and are only needed when validation is on.
    """
    import pydantic

    from fugaku_webapi_strict import models as strict

    text = pydantic.TypeAdapter(strict.TextResponse)
    jobs = pydantic.TypeAdapter(strict.JobListResponse)
    success: dict[str, Any] = {
        "list_machines": pydantic.TypeAdapter(list[strict.MachineStatus]),
        "get_machine_status": pydantic.TypeAdapter(strict.MachineStatus),
        "run_command": text,
        "upload_file": text,
        "overwrite_file": text,
        "list_directory": text,
        "list_jobs": jobs,
        "list_finished_jobs": jobs,
        "get_job": jobs,
        "submit_job": text,
        "cancel_job": text,
        "create_job_script": text,
        "get_disk_usage": pydantic.TypeAdapter(strict.AnyResponse),
    }
    return success, pydantic.TypeAdapter(strict.ErrorObject)


def validation_enabled(explicit: bool | None) -> bool:
    """The explicit setting, else ``FUGAKU_VALIDATE`` from the environment."""
    if explicit is not None:
        return explicit
    return os.environ.get("FUGAKU_VALIDATE", "").strip().lower() in ("1", "true", "yes")


def check_response(op: str, status_code: int, body: Any) -> None:
    """Warn with ``SpecDriftWarning`` when ``body`` does not fit the spec."""
    import pydantic

    adapter = _adapter(op, status_code, body)
    if adapter is None:
        return
    try:
        adapter.validate_python(body)
    except pydantic.ValidationError as exc:
        warnings.warn(_describe(op, exc, body), SpecDriftWarning, stacklevel=4)


def _adapter(op: str, status_code: int, body: Any) -> Any:
    success, error_model = _models()
    if 200 <= status_code < 300:
        return success.get(op)
    if status_code in (400, 409, 500) and isinstance(body, dict) and "err_id" in body:
        return error_model
    return None


def _describe(op: str, exc: pydantic.ValidationError, body: Any) -> str:
    """Name each drifted field as a path in the body (``output.0.colour``).

    pydantic reports every member of a union (``list[JobRecord]``, ``str``);
    only the deepest error under each top-level field is kept, so the warning
    names the field that drifted rather than the branches that did not fit.
    """
    found = [(_field_path(err["loc"], body), err["msg"]) for err in exc.errors()]
    depth: dict[str, int] = {}
    for path, _ in found:
        top = path.split(".", 1)[0]
        depth[top] = max(depth.get(top, 0), path.count("."))
    kept = [
        f"{path}: {msg}"
        for path, msg in found
        if path.count(".") == depth[path.split(".", 1)[0]]
    ]
    return f"spec drift in {op} response: " + "; ".join(dict.fromkeys(kept[:5]))


def _field_path(loc: tuple[int | str, ...], body: Any) -> str:
    """The part of ``loc`` that names keys and indexes of ``body``."""
    parts, node = [], body
    for index, part in enumerate(loc):
        found, child = _child(node, part)
        missing_key = index == len(loc) - 1 and isinstance(node, dict)
        if not (found or missing_key):
            continue  # a union member's tag, not a place in the body
        parts.append(str(part))
        node = child
    return ".".join(parts) or "<body>"


def _child(node: Any, part: int | str) -> tuple[bool, Any]:
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, node
