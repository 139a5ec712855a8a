"""Job workflows written once: list, find, submit (never blindly twice), wait, run.

Submission is pjsub behind a slow synchronous call (webapi-facts E8): a client
that times out may still have created the job. So ``submit`` is never
retried; after a timeout, a dropped connection or a gateway error it looks the
job up by name among jobs accepted after the attempt started, in the queue and
in the 24-hour history, before it reports anything.
"""

from __future__ import annotations

import itertools
import posixpath
import re
import shlex
import time
from datetime import UTC, datetime

from . import _ops, _paths
from ._flows import Overwrite, Session, call
from ._models import Job, JobId, RunResult
from ._parsers import parse_jobs, parse_pjdel, parse_pjsub
from ._protocol import Flow, PollPolicy, Sleep, is_no_jobs
from .error import (
    APIError,
    FugakuClientError,
    InvalidJobId,
    NotFound,
    ProtocolError,
    SubmissionUncertain,
    TransportError,
    WaitTimeout,
)

__all__ = [
    "cancel",
    "find_job",
    "job",
    "job_name_of",
    "list_history",
    "list_jobs",
    "run",
    "submit",
    "wait",
]

_GATEWAY_STATUSES = frozenset({502, 503, 504, 520, 522, 524})
# accept_time is the service's clock; allow this much skew against ours.
_CLOCK_SLACK = 5.0
_MISSING_POLLS = 5
# Polls in a row that may fail with a gateway error or a dropped connection
# (each after the request's own retries) before ``wait`` gives up.
_FAILED_POLLS = 8


def list_jobs(
    s: Session,
    *,
    status: str | None = None,
    index: int | None = None,
    limit: int | None = None,
    jobid: str | None = None,
    machine: str | None = None,
) -> Flow[list[Job]]:
    """Running and waiting jobs (E7); ``No Jobs.`` is an empty list."""
    request = _ops.job_list(
        s.machine(machine), index=index, limit=limit, status=status, jobid=jobid
    )
    body = yield from call(request)
    return _jobs_of(body)


def list_history(
    s: Session,
    *,
    status: str | None = None,
    index: int | None = None,
    limit: int | None = None,
    jobid: str | None = None,
    machine: str | None = None,
) -> Flow[list[Job]]:
    """Jobs finished in the last 24 hours (E9); ``jobid`` is matched client-side."""
    request = _ops.job_history(
        s.machine(machine), index=index, limit=limit, status=status
    )
    body = yield from call(request)
    jobs = _jobs_of(body)
    if jobid is None:
        return jobs
    wanted = JobId.parse(jobid)
    return [item for item in jobs if _matches(item.id, wanted)]


def job(
    s: Session, job_id: str | int | JobId, machine: str | None = None
) -> Flow[list[Job]]:
    """The job and its sub-jobs (E10).

    Raises:
        NotFound: The service does not know the job (any more).
    """
    wanted = JobId.parse(job_id)
    try:
        body = yield from call(_ops.job_detail(s.machine(machine), str(wanted)))
    except APIError as exc:
        if exc.status_code in (400, 404):
            raise NotFound(
                exc.status_code,
                err_msg=exc.err_msg,
                err_id=exc.err_id,
                error=exc.error,
                operation="get_job",
            ) from exc
        raise
    jobs = _jobs_of(body)
    if not jobs:
        raise NotFound(200, err_msg=f"job {wanted} not found", operation="get_job")
    return jobs


def find_job(
    s: Session, job_id: str | int | JobId, machine: str | None = None
) -> Flow[Job | None]:
    """The job's record from the queue (E10), else from the history (E9), else None."""
    wanted = JobId.parse(job_id)
    try:
        records = yield from job(s, wanted, machine)
    except NotFound:
        records = []
    found = _pick(records, wanted)
    if found is not None:
        return found
    history = yield from list_history(s, machine=machine)
    return _pick(history, wanted)


# What pjdel accepts: N, N-M, N_k, N_k-l, N[k], N[k-l] (facts sheet, E11).
_CANCEL_TARGET = re.compile(
    r"[0-9]+(?:-[0-9]+|_[0-9]+(?:-[0-9]+)?|\[[0-9]+(?:-[0-9]+)?\])?", re.ASCII
)


def cancel(
    s: Session, job_id: str | int | JobId, machine: str | None = None
) -> Flow[bool]:
    """Cancel a job (E11): True if pjdel accepted it, False if it had already ended.

    A job id range such as ``1-100``, ``100_1-10`` or ``101[1-10]`` is passed
    as given.

    Raises:
        InvalidJobId: ``job_id`` is neither a job id nor a range of them.
    """
    text = str(job_id).strip()
    if _CANCEL_TARGET.fullmatch(text) is None:
        raise InvalidJobId(f"{text!r} is not a job id or a range of job ids")
    try:
        body = yield from call(_ops.cancel(s.machine(machine), text))
    except NotFound:
        return False
    output = str(body.get("output", "")) if isinstance(body, dict) else ""
    return parse_pjdel(output) or "does not exist" not in output


def submit(
    s: Session,
    *,
    jobfile: str | None = None,
    jobscript: str | None = None,
    qopt: str | None = None,
    name: str | None = None,
    machine: str | None = None,
) -> Flow[JobId]:
    """Submit a job (E8) once; after an uncertain failure, find it by name.

    Raises:
        SubmissionUncertain: The submission may have been accepted but no job of
            that name turned up; check the queue before submitting again.
        APIError: pjsub refused the job (``pjm_code`` tells why).
    """
    remote = (yield from s.resolve(jobfile)) if jobfile else None
    options = _with_name(qopt, name)
    job_name = job_name_of(options, remote, jobscript)
    request = _ops.submit(
        s.machine(machine),
        jobfile=remote,
        jobscript=jobscript,
        qopt=options,
        timeout=s.options.submit_timeout,
    )
    started = time.time()
    try:
        body = yield from call(request)
    except (TransportError, ProtocolError, APIError) as exc:
        if not _uncertain(exc):
            raise
        return (yield from _recover(s, job_name, started, machine, exc))
    return _submitted_id(body)


def _submitted_id(body: object) -> JobId:
    output = str(body.get("output", "")) if isinstance(body, dict) else str(body)
    found = parse_pjsub(output)
    if found is None:
        raise APIError(200, err_msg=output, operation="submit_job")
    return found


def _uncertain(exc: Exception) -> bool:
    if isinstance(exc, TransportError):
        return True
    status = getattr(exc, "status_code", None)
    return status in _GATEWAY_STATUSES


def _recover(
    s: Session, job_name: str, started: float, machine: str | None, cause: Exception
) -> Flow[JobId]:
    deadline = time.monotonic() + s.options.submit_lookup_window
    poll = 0
    while True:
        try:
            matches = yield from _jobs_named(s, job_name, started, machine)
        except FugakuClientError:  # the outage may last; keep looking until the end
            matches = []
        if len(matches) == 1:
            return matches[0].id
        if len(matches) > 1 or time.monotonic() >= deadline:
            raise _uncertain_error(job_name, started, matches) from cause
        yield Sleep(min(s.options.poll.interval(poll), 5.0))
        poll += 1


def _jobs_named(
    s: Session, job_name: str, started: float, machine: str | None
) -> Flow[list[Job]]:
    queue = yield from list_jobs(s, machine=machine)
    history = yield from list_history(s, machine=machine)
    seen: dict[JobId, Job] = {}
    for item in [*queue, *history]:
        if item.name == job_name and _accepted_after(item, started):
            seen.setdefault(item.id.parent, item)
    return list(seen.values())


def _accepted_after(item: Job, started: float) -> bool:
    if item.accept_time is None:
        return False
    when = item.accept_time
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC).astimezone()
    return when.timestamp() >= started - _CLOCK_SLACK


def _uncertain_error(
    job_name: str, started: float, matches: list[Job]
) -> SubmissionUncertain:
    at = datetime.fromtimestamp(started).isoformat(timespec="seconds")
    if matches:
        ids = ", ".join(str(item.id) for item in matches)
        detail = f"several jobs named {job_name!r} were accepted since {at}: {ids}"
    else:
        detail = f"no job named {job_name!r} accepted since {at} was found yet"
    return SubmissionUncertain(
        f"the submission did not complete and {detail}. Check the queue and the "
        "history (list_jobs / list_history) for this name before submitting again.",
        job_name=job_name,
        started_at=started,
    )


def job_name_of(
    qopt: str | None, jobfile: str | None, script: str | None = None
) -> str:
    """The name PJM gives the job.

    ``-N``/``--name`` in ``qopt`` wins (the last one), then ``#PJM -N`` lines of
    the script text, then the job file's name; a script sent as text without a
    name is called ``STDIN``.
    """
    for source in (qopt or "", *_directives(script)):
        name = _last_name(source)
        if name is not None:
            return name
    return posixpath.basename(jobfile) if jobfile else "STDIN"


def _directives(script: str | None) -> list[str]:
    lines = (script or "").splitlines()
    found = [line[len("#PJM") :] for line in lines if line.startswith("#PJM")]
    return list(reversed(found))


def _last_name(options: str) -> str | None:
    try:
        words = shlex.split(options)
    except ValueError:
        return None
    name = None
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if word in ("-N", "--name") and following is not None:
            name = following
        elif word.startswith("--name="):
            name = word[len("--name=") :]
        elif word.startswith("-N") and len(word) > 2:
            name = word[2:]
    return name


def _with_name(qopt: str | None, name: str | None) -> str | None:
    if name is None:
        return qopt
    named = f"-N {shlex.quote(name)}"
    return f"{qopt} {named}" if qopt else named


def wait(
    s: Session,
    job_id: str | int | JobId,
    *,
    timeout: float | None = None,
    poll: PollPolicy | None = None,
    cancel_on_timeout: bool = False,
    machine: str | None = None,
) -> Flow[Job]:
    """Poll until the job ends; the queue first, then the 24-hour history.

    Raises:
        WaitTimeout: ``timeout`` seconds passed; the job is cancelled only
            with ``cancel_on_timeout``.
        NotFound: The job is in neither the queue nor the history.
    """
    wanted = JobId.parse(job_id)
    policy = poll or s.options.poll
    deadline = None if timeout is None else time.monotonic() + timeout
    seen = _Sightings(wanted)
    for count in itertools.count():
        try:
            found = yield from find_job(s, wanted, machine)
        except (TransportError, ProtocolError, APIError) as exc:
            seen.failed(exc)  # a gateway blip must not end a days-long wait
        else:
            if found is not None and found.is_terminal:
                return found
            seen.record(found)
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            yield from _give_up(s, wanted, seen.state, cancel_on_timeout, machine)
        pause = policy.interval(count)
        yield Sleep(pause if remaining is None else min(pause, max(remaining, 0.0)))
    raise AssertionError("unreachable")  # pragma: no cover


class _Sightings:
    """The last state seen, and how many polls in a row found nothing or failed."""

    def __init__(self, wanted: JobId) -> None:
        self.wanted = wanted
        self.state: str | None = None
        self.missing = 0
        self.failures = 0

    def failed(self, exc: Exception) -> None:
        """Note a poll that failed; re-raise unless transient and not too many."""
        self.failures += 1
        if not _uncertain(exc) or self.failures >= _FAILED_POLLS:
            raise exc

    def record(self, found: Job | None) -> None:
        """Note one poll; raise ``NotFound`` after too many empty ones."""
        self.failures = 0
        if found is not None:
            self.state, self.missing = found.status_code, 0
            return
        self.missing += 1
        if self.missing >= _MISSING_POLLS:
            raise NotFound(
                200,
                err_msg=f"job {self.wanted} is in neither queue nor history",
                operation="wait",
            )


def _give_up(
    s: Session, wanted: JobId, state: str | None, cancel_it: bool, machine: str | None
) -> Flow[None]:
    if cancel_it:
        yield from cancel(s, wanted, machine)
    action = "cancelled it" if cancel_it else "it was not cancelled"
    raise WaitTimeout(
        f"job {wanted} did not end in time (last state {state or 'unknown'}); {action}",
        job_id=str(wanted),
        last_state=state,
    )


def run(
    s: Session,
    script: str,
    *,
    name: str = "fugaku-run",
    qopt: str | None = None,
    remote_dir: str = "~",
    timeout: float | None = None,
    machine: str | None = None,
) -> Flow[RunResult]:
    """Upload ``script`` text, submit it, wait, and read its outputs.

    ``remote_dir`` is created when missing. The script is written to
    ``<remote_dir>/<name>.sh`` and submitted as a
    job file named ``name``; the outputs are ``<name>.<jobid>.out`` and
    ``.err`` in ``remote_dir`` (the submission directory) or the home.
    """
    directory = yield from s.resolve(remote_dir)
    account = yield from s.get_account()
    if directory != account.home:
        yield from s.mkdir(directory)  # pjsub writes the outputs there
    script_path = posixpath.join(directory, f"{name}.sh")
    yield from s.write_bytes(script_path, script.encode(), Overwrite.REPLACE)
    job_id = yield from submit(
        s, jobfile=script_path, qopt=qopt, name=name, machine=machine
    )
    try:
        final = yield from wait(s, job_id, timeout=timeout, machine=machine)
        stdout = yield from _read_output(s, directory, f"{name}.{job_id}.out")
        stderr = yield from _read_output(s, directory, f"{name}.{job_id}.err")
    except BaseException as exc:  # Ctrl-C too: the job exists, say which
        exc.add_note(
            f"Job {job_id} was submitted and may still be running: check it "
            f"(`fugaku job show {job_id}`) before running it again."
        )
        raise
    return RunResult(job=final, stdout=stdout, stderr=stderr, exit_code=final.end_code)


def _read_output(s: Session, directory: str, filename: str) -> Flow[str]:
    account = yield from s.get_account()
    for folder in dict.fromkeys([directory, account.home]):
        path = _paths.normalise(posixpath.join(folder, filename))
        try:
            data = yield from s.read_bytes(path)
        except NotFound:
            continue
        return data.decode("utf-8", "replace")
    return ""


def _jobs_of(body: object) -> list[Job]:
    if is_no_jobs(body) or not isinstance(body, dict):
        return []
    output = body.get("output")
    if not isinstance(output, list):
        return []
    try:
        return parse_jobs(item for item in output if isinstance(item, dict))
    except ValueError as exc:  # a record without a usable job id
        raise ProtocolError(
            f"{exc}; the service's job list does not match the spec: check for "
            "an SDK update or report it (FUGAKU_VALIDATE=1 names the field)",
            status_code=200,
            body_excerpt=str(output)[:200],
        ) from None


def _matches(candidate: JobId, wanted: JobId) -> bool:
    if wanted.is_subjob:
        return candidate == wanted
    return candidate == wanted or candidate.parent == wanted


def _pick(records: list[Job], wanted: JobId) -> Job | None:
    exact = [item for item in records if item.id == wanted]
    if exact:
        return exact[0]
    related = [item for item in records if _matches(item.id, wanted)]
    return related[0] if related else None
