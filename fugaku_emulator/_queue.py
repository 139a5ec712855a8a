"""E7-E11: the job queue (pjstat), submission (pjsub) and cancel (pjdel)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import PurePosixPath

from starlette.requests import Request
from starlette.responses import Response

from fugaku_webapi.models import JobRecord

from ._bodies import BodyError, read_json_body
from ._context import ApiContext
from ._jobids import parse_ref
from ._pjm import PjsubError
from ._responses import error, job_list, text, validation_error
from ._sandbox import SandboxError

__all__ = ["QueueHandlers"]


def _job_error(message: str, err_id: str = "E003001") -> Response:
    """A refused job operation: 400, ``error`` ``job_operation``."""
    return error(400, err_id, message, "job_operation")


class QueueHandlers:
    """Handlers of ``/queue/{machine}...``."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context

    async def list_jobs(self, request: Request) -> Response:
        """E7: running and waiting jobs, or ``No Jobs.``."""
        return self._listing(request, self.context.scheduler.queue)

    async def list_finished(self, request: Request) -> Response:
        """E9: jobs finished within the history window, or ``No Jobs.``."""
        return self._listing(request, self.context.scheduler.history)

    async def get_job(self, request: Request) -> Response:
        """E10: one job and its sub-jobs; an unknown id gives ``No Jobs.``."""
        refused = self.context.bad_machine(request, "queue")
        if refused is not None:
            return refused
        jobid = request.path_params["jobid"]
        ref = parse_ref(jobid)
        if ref is None or ref.is_range:
            return _job_error(f"Invalid job id: {jobid}", "E003003")
        return job_list(self.context.scheduler.detail(ref))

    async def cancel(self, request: Request) -> Response:
        """E11: pjdel; 400 when nothing named could be cancelled."""
        refused = self.context.bad_machine(request, "queue")
        if refused is not None:
            return refused
        accepted, message = self.context.scheduler.cancel(request.path_params["jobid"])
        if not accepted:
            return _job_error(message, "E003004")
        return text(message)

    async def submit(self, request: Request) -> Response:
        """E8: pjsub with ``jobfile`` (wins) or ``jobscript`` text, and ``qopt``."""
        refused = self.context.bad_machine(request, "queue")
        if refused is not None:
            return refused
        try:
            body = await read_json_body(
                request, required=(), optional=("jobfile", "jobscript", "qopt")
            )
        except BodyError as exc:
            return exc.response
        if not body.get("jobfile") and not body.get("jobscript"):
            return _job_error("There are not enough parameters.", "E003002")
        try:
            message = self._pjsub(body)
        except PjsubError as exc:
            return _job_error(str(exc))
        self.context.stats.count_submission()
        # The job exists from here on, as when a real client times out.
        await asyncio.sleep(self.context.config.submit_delay)
        return text(message)

    def _pjsub(self, body: dict[str, str]) -> str:
        """Find the script and its submission directory, then submit."""
        sandbox = self.context.sandbox
        qopt = body.get("qopt") or ""
        jobfile = body.get("jobfile")
        if not jobfile:
            script = body["jobscript"]
            return self.context.scheduler.submit(script, "STDIN", sandbox.home, qopt)
        try:
            local = sandbox.resolve(jobfile, base=sandbox.home_remote)
            script = local.read_text(encoding="utf-8", errors="replace")
        except (SandboxError, OSError) as exc:
            message = f"[ERR.] PJM 0011 pjsub Job script {jobfile} cannot be read."
            raise PjsubError(message) from exc
        name = PurePosixPath(jobfile).name
        return self.context.scheduler.submit(script, name, local.parent, qopt)

    def _listing(
        self, request: Request, source: Callable[[], list[JobRecord]]
    ) -> Response:
        refused = self.context.bad_machine(request, "queue")
        if refused is not None:
            return refused
        paging = _paging(request)
        if isinstance(paging, Response):
            return paging
        records = source()
        return job_list(_filter(records, request, *paging))


def _paging(request: Request) -> tuple[int, int | None] | Response:
    """Read ``index`` and ``limit``; a non-integer gives FastAPI's 422."""
    values: list[int | None] = []
    for name, minimum in (("index", 0), ("limit", 1)):
        raw = request.query_params.get(name)
        if raw is None:
            values.append(None)
            continue
        try:
            number = int(raw)
        except ValueError:
            msg = "value is not a valid integer"
            return validation_error(["query", name], msg, "type_error.integer")
        if number < minimum:
            msg = f"ensure this value is greater than or equal to {minimum}"
            return validation_error(["query", name], msg, "value_error.number.not_ge")
        values.append(number)
    return values[0] or 0, values[1]


def _filter(
    records: list[JobRecord], request: Request, index: int, limit: int | None
) -> list[JobRecord]:
    """Apply the ``status`` and ``jobid`` filters, then the page."""
    status = request.query_params.get("status")
    jobid = request.query_params.get("jobid")
    chosen = [
        record
        for record in records
        if (not status or record.status == status)
        and (not jobid or jobid in (record.jid, str(record.jobid)))
    ]
    end = None if limit is None else index + limit
    return chosen[index:end]
