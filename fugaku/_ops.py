"""Request builders: one ``Call`` per WebAPI operation, over the generated client.

Each builder reuses the generated endpoint module's ``_get_kwargs`` so paths,
quoting (``safe="/"`` for file paths) and bodies come from the spec, and adds
what the generated code lacks: the operation id, idempotency and timeouts.
"""

from __future__ import annotations

from typing import IO, Any, BinaryIO, cast

import httpx

from fugaku_webapi.api.command import run_command
from fugaku_webapi.api.file import (
    download_file,
    list_directory,
    overwrite_file,
    upload_file,
)
from fugaku_webapi.api.queue import (
    cancel_job,
    create_job_script,
    get_job,
    list_finished_jobs,
    list_jobs,
    submit_job,
)
from fugaku_webapi.api.status import get_machine_status, list_machines
from fugaku_webapi.api.usage import get_disk_usage
from fugaku_webapi.models import (
    CommandRequest,
    FileUpload,
    JobScript,
    JobScriptRequest,
    SubmitRequest,
)
from fugaku_webapi.types import UNSET, File, Unset

from ._protocol import Call

__all__ = [
    "cancel",
    "command",
    "disk_usage",
    "download",
    "job_detail",
    "job_history",
    "job_list",
    "job_script",
    "job_script_from_dict",
    "listing",
    "machine",
    "machines",
    "submit",
    "upload",
]


def machines() -> Call:
    """``GET /status/`` (E1)."""
    return Call("list_machines", list_machines._get_kwargs(), idempotent=True)


def machine(name: str) -> Call:
    """``GET /status/{machine}`` (E2)."""
    return Call("get_machine_status", get_machine_status._get_kwargs(name), True)


def command(name: str, line: str) -> Call:
    """``POST /command/{machine}/`` (E3); never retried: it may have side effects."""
    body = CommandRequest(command=line)
    return Call("run_command", run_command._get_kwargs(name, body=body), False)


def upload(
    name: str,
    wire_path: str,
    file: IO[bytes] | Any,
    filename: str,
    *,
    replace: bool,
    timeout: httpx.Timeout | None = None,
) -> Call:
    """``PUT`` (E5, replace) or ``POST`` (E4, create) ``/file/{machine}/{path}``.

    Only the PUT of a rewindable file is retried: a re-sent POST would meet
    the file its first attempt created.
    """
    body = FileUpload(file=File(payload=cast(BinaryIO, file), file_name=filename))
    module = overwrite_file if replace else upload_file
    request = module._get_kwargs(name, wire_path, body=body)
    op = "overwrite_file" if replace else "upload_file"
    return Call(op, request, replace and _rewindable(file), timeout)


def _rewindable(file: Any) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, OSError):
        return False


def download(name: str, wire_path: str) -> dict[str, Any]:
    """Request arguments of ``GET /file/{machine}/{path}`` (E6), for streaming."""
    return download_file._get_kwargs(name, wire_path)


def listing(name: str, wire_path: str) -> Call:
    """``GET /file/{machine}/{path}/?view=read`` (E6 listing)."""
    request = list_directory._get_kwargs(name, wire_path, view="read")
    return Call("list_directory", request, True)


def job_list(
    name: str,
    *,
    index: int | None = None,
    limit: int | None = None,
    status: str | None = None,
    jobid: str | None = None,
) -> Call:
    """``GET /queue/{machine}`` (E7), filtered by index, limit, status, jobid."""
    request = list_jobs._get_kwargs(name, **_filters(index, limit, status, jobid))
    return Call("list_jobs", request, True)


def job_history(
    name: str,
    *,
    index: int | None = None,
    limit: int | None = None,
    status: str | None = None,
    jobid: str | None = None,
) -> Call:
    """``GET /queue/{machine}/sacct`` (E9), jobs finished in the last 24 hours."""
    filters = _filters(index, limit, status, jobid)
    return Call(
        "list_finished_jobs", list_finished_jobs._get_kwargs(name, **filters), True
    )


def _filters(
    index: int | None, limit: int | None, status: str | None, jobid: str | None
) -> dict[str, Any]:
    def unset(value: Any) -> Any | Unset:
        return UNSET if value is None else value

    return {
        "index": unset(index),
        "limit": unset(limit),
        "status": unset(status),
        "jobid": unset(None if jobid is None else str(jobid)),
    }


def job_detail(name: str, jobid: str) -> Call:
    """``GET /queue/{machine}/{jobid}`` (E10)."""
    return Call("get_job", get_job._get_kwargs(name, jobid), True)


def submit(
    name: str,
    *,
    jobfile: str | None,
    jobscript: str | None,
    qopt: str | None,
    timeout: httpx.Timeout,
) -> Call:
    """``POST /queue/{machine}/`` (E8); never retried (it is pjsub)."""
    body = SubmitRequest(
        jobfile=UNSET if jobfile is None else jobfile,
        jobscript=UNSET if jobscript is None else jobscript,
        qopt=UNSET if qopt is None else qopt,
    )
    return Call("submit_job", submit_job._get_kwargs(name, body=body), False, timeout)


def cancel(name: str, jobid: str) -> Call:
    """``DELETE /queue/{machine}/{jobid}`` (E11).

    Retried on connection errors: cancelling twice is harmless, the second
    pjdel only says the job no longer exists.
    """
    return Call("cancel_job", cancel_job._get_kwargs(name, jobid), True)


def job_script(name: str, filename: str, script: JobScript) -> Call:
    """``PUT /queue/{machine}/jobscript`` (E12); retried (it rewrites one file)."""
    body = JobScriptRequest(filename=filename, script=script)
    return Call(
        "create_job_script", create_job_script._get_kwargs(name, body=body), True
    )


def job_script_from_dict(name: str, filename: str, script: dict[str, Any]) -> Call:
    """``PUT /queue/{machine}/jobscript`` (E12) from a plain dict, as sent.

    The dict goes through the generated models when it fits them; a shape they
    do not know is sent unchanged rather than refused.
    """
    call = job_script(name, filename, JobScript())
    try:
        body = JobScriptRequest.from_dict({"filename": filename, "script": script})
        payload = body.to_dict()
    except (KeyError, TypeError, ValueError):
        payload = {"filename": filename, "script": script}
    return Call(call.op, {**call.request, "json": payload}, call.idempotent)


def disk_usage(name: str) -> Call:
    """``GET /usage/{machine}/disk/`` (E13)."""
    return Call("get_disk_usage", get_disk_usage._get_kwargs(name), True)
