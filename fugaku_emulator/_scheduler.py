"""A PJM-like batch scheduler: pjsub, pjstat, pjdel over real subprocesses.

States move ACC -> QUE -> RUN -> EXT; a cancel gives CCL (PJM code 1), an
elapse overrun is killed and ends EXT with PJM code 11, an unwritable
output file gives ERR (16), a step dependency (``sd=``) cancels with code 6,
and ``hold``/``release`` give HLD. Finished jobs leave the queue and stay in
the history for ``history_seconds``. One background thread starts, watches
and reaps the scripts; every method is thread-safe.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fugaku_webapi.models import JobRecord

from ._config import EmulatorConfig
from ._jobids import JobRef, parse_ref
from ._jobs import Job, Unit, UnitSpec
from ._paths import PathText
from ._pjm import PjsubError, parse_job_options
from ._process import (
    cancel_by_dependency,
    cancel_waiting,
    kill_unit,
    poll_unit,
    start_unit,
)
from ._sandbox import Sandbox
from ._submission import (
    Submission,
    build_spec,
    output_path,
    parse_bulk,
    parse_step,
    step_should_cancel,
)

__all__ = ["Scheduler"]

TICK = 0.02
logger = logging.getLogger("fugaku.emulator")


class Scheduler:
    """The emulated PJM of one account."""

    def __init__(
        self,
        config: EmulatorConfig,
        sandbox: Sandbox,
        environment: Callable[[], dict[str, str]],
        paths: PathText,
    ) -> None:
        """Prepare the spool directory; call ``start`` to run jobs."""
        self.config = config
        self.sandbox = sandbox
        self.paths = paths
        self._environment = environment
        self._spool = sandbox.root / "var" / "spool" / "pjm"
        self._spool.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(config.first_jobid)
        self._offset = 0.0
        self._thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------

    def start(self) -> None:
        """Start the background thread that runs jobs."""
        self._thread = threading.Thread(target=self._loop, name="pjm", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and kill every running script."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            for unit in self._all_units():
                kill_unit(unit)
                if unit.process is not None:
                    unit.process.wait(timeout=5)

    def now(self) -> float:
        """The scheduler's wall clock (moved by ``advance_clock``)."""
        return time.time() + self._offset

    def advance_clock(self, seconds: float) -> None:
        """Move the wall clock forward, for history expiry tests."""
        with self._lock:
            self._offset += seconds
        self._wake.set()

    # -- pjsub -------------------------------------------------------------

    def submit(self, script: str, default_name: str, workdir: Path, qopt: str) -> str:
        """Run pjsub; return its ``[INFO]`` message.

        Raises:
            PjsubError: pjsub refused the job.
        """
        options = parse_job_options(script, qopt)
        sub = Submission(script, default_name, workdir, options)
        if options.step and options.bulk:
            raise PjsubError(
                "[ERR.] PJM 0009 pjsub --step and --bulk exclude each other."
            )
        with self._lock:
            if options.step:
                jid = self._submit_step(sub)
            elif options.bulk:
                jid = self._submit_bulk(sub)
            else:
                jid = self._submit_normal(sub)
        self._wake.set()
        logger.info("pjsub accepted job %s", jid)
        return f"[INFO] PJM 0000 pjsub Job {jid} submitted."

    def _submit_normal(self, sub: Submission) -> str:
        jobid = next(self._ids)
        spec = self._spec(sub, f"{jobid}")
        unit = Unit(jid=str(jobid), jobid=jobid, spec=spec, accept_time=self.now())
        self._jobs[jobid] = Job(jobid, "normal", [unit], unit.accept_time)
        return unit.jid

    def _submit_bulk(self, sub: Submission) -> str:
        bulk = parse_bulk(sub.options.sparam)
        jobid = next(self._ids)
        now = self.now()
        units = []
        for number in range(bulk.start, bulk.end + 1):
            jid = f"{jobid}[{number}]"
            spec = self._spec(sub, jid)
            spec.env["PJM_BULKNUM"] = str(number)
            units.append(
                Unit(jid=jid, jobid=jobid, spec=spec, accept_time=now, bulkno=number)
            )
        self._jobs[jobid] = Job(jobid, "bulk", units, now)
        return str(jobid)

    def _submit_step(self, sub: Submission) -> str:
        params = parse_step(sub.options.sparam)
        job = self._step_job(params.jid)
        taken = {unit.stepno for unit in job.units}
        number = params.number
        if number is None:
            number = max((n for n in taken if n is not None), default=-1) + 1
        if number in taken:
            raise PjsubError(f"[ERR.] PJM 0009 pjsub Invalid value: sn={number}.")
        jid = f"{job.jobid}_{number}"
        spec = self._spec(sub, jid)
        spec.step_condition = params.condition
        spec.env["PJM_STEPNUM"] = str(number)
        unit = Unit(
            jid=jid, jobid=job.jobid, spec=spec, accept_time=self.now(), stepno=number
        )
        job.units.append(unit)
        job.units.sort(key=lambda u: u.stepno or 0)
        self._jobs[job.jobid] = job
        return jid

    def _step_job(self, jobid: int | None) -> Job:
        """The step job to add to, or a new one."""
        if jobid is None:
            new_id = next(self._ids)
            return Job(new_id, "step", [], self.now())
        job = self._jobs.get(jobid)
        if job is None or job.kind != "step":
            raise PjsubError(f"[ERR.] PJM 0061 pjsub Job {jobid} does not exist.")
        return job

    def _spec(self, sub: Submission, jid: str) -> UnitSpec:
        """Spool the script and name its outputs ``<name>.<jid>.out/.err``."""
        script = self._spool / f"{jid}.sh"
        spec = build_spec(sub, self.config, self.sandbox, script)
        body = "exit 0\n" if self.config.restricted else self.paths.to_local(sub.script)
        script.write_text(body, encoding="utf-8")
        options = sub.options
        spec.stdout = output_path(
            options.stdout, f"{spec.name}.{jid}.out", sub.workdir, self.sandbox
        )
        spec.stderr = output_path(
            options.stderr, f"{spec.name}.{jid}.err", sub.workdir, self.sandbox
        )
        spec.env |= {
            "PJM_JOBID": jid,
            "PJM_JOBNAME": spec.name,
            "PJM_SUBJOBID": jid,
            "PJM_O_WORKDIR": str(sub.workdir),
        }
        return spec

    # -- pjdel -------------------------------------------------------------

    def cancel(self, expression: str) -> tuple[bool, str]:
        """Run pjdel on ids and ranges; return (anything accepted, message)."""
        lines: list[str] = []
        accepted = False
        with self._lock:
            for token in re.split(r"[\s,]+", expression.strip()) or [""]:
                ids = self._cancel_one(token)
                accepted = accepted or bool(ids)
                lines += [f"[INFO] PJM 0100 pjdel Accepted job {jid}." for jid in ids]
                if not ids:
                    lines.append(f'[ERR.] PJM 0112 pjdel Job "{token}" does not exist.')
        self._wake.set()
        return accepted, "\n".join(lines)

    def _cancel_one(self, token: str) -> list[str]:
        """Cancel what one expression names; return the accepted ids."""
        ref = parse_ref(token)
        if ref is None:
            return []
        if ref.sub is None:
            return [
                str(job.jobid) for job in self._jobs_in(ref) if self._cancel_job(job)
            ]
        job = self._jobs.get(ref.first)
        if job is None:
            return []
        return [
            unit.jid for unit in self._units_in(job, ref) if self._cancel_unit(unit)
        ]

    def _jobs_in(self, ref: JobRef) -> list[Job]:
        return [
            job
            for jid, job in sorted(self._jobs.items())
            if ref.first <= jid <= ref.last
        ]

    def _units_in(self, job: Job, ref: JobRef) -> list[Unit]:
        numbers = range(ref.sub_first, ref.sub_last + 1)
        kind = "bulk" if ref.sub == "bulk" else "step"
        if job.kind != kind:
            return []
        return [
            u
            for u in job.units
            if (u.bulkno if kind == "bulk" else u.stepno) in numbers
        ]

    def _cancel_job(self, job: Job) -> bool:
        results = [self._cancel_unit(unit) for unit in job.units]
        return any(results)

    def _cancel_unit(self, unit: Unit) -> bool:
        """Cancel one unit; ``False`` when it already ended."""
        if unit.finished or unit.cancel_requested:
            return False
        if unit.status == "RUN":
            unit.cancel_requested = True
            kill_unit(unit)
        else:
            cancel_waiting(unit, self.now())
        return True

    # -- pjstat ------------------------------------------------------------

    def queue(self) -> list[JobRecord]:
        """Records still in the queue (E7): jobs, bulk parents, steps."""
        return [rec for rec, done, _ in self._listed() if not done]

    def history(self) -> list[JobRecord]:
        """Records finished within the history window (E9)."""
        cutoff = self.now() - self.config.history_seconds
        return [rec for rec, done, end in self._listed() if done and end >= cutoff]

    def detail(self, ref: JobRef) -> list[JobRecord]:
        """The job and its sub-jobs (E10); empty when unknown."""
        user, now = self.config.account, self.now()
        with self._lock:
            job = self._jobs.get(ref.first)
            if job is None:
                return []
            if ref.sub is None:
                return job.records(user, now)
            return [u.record(user, now, subjob=True) for u in self._units_in(job, ref)]

    def _listed(self) -> list[tuple[JobRecord, bool, float]]:
        """Every listable record with whether it ended and when."""
        user, now = self.config.account, self.now()
        listed: list[tuple[JobRecord, bool, float]] = []
        with self._lock:
            for job in sorted(self._jobs.values(), key=lambda j: j.jobid):
                if job.kind == "bulk":
                    end = job.end_time or now
                    listed.append((job.parent_record(user, now), job.finished, end))
                    continue
                for unit in job.units:
                    end = unit.end_time or now
                    listed.append(
                        (unit.record(user, now, job.kind == "step"), unit.finished, end)
                    )
        return listed

    # -- test hooks --------------------------------------------------------

    def hold(self, jid: str) -> bool:
        """Hold a waiting job or sub-job (state HLD); return whether it was."""
        with self._lock:
            units = [u for u in self._all_units() if jid in (u.jid, str(u.jobid))]
            waiting = [u for u in units if u.status in ("ACC", "QUE")]
            for unit in waiting:
                unit.held, unit.status, unit.pjm_code = True, "HLD", 4
        return bool(waiting)

    def release(self, jid: str) -> bool:
        """Release a held job back to QUE."""
        with self._lock:
            units = [
                u for u in self._all_units() if jid in (u.jid, str(u.jobid)) and u.held
            ]
            for unit in units:
                unit.held, unit.status, unit.pjm_code = False, "QUE", 0
        self._wake.set()
        return bool(units)

    def wait(self, jid: str, timeout: float = 30.0) -> str:
        """Block until a job (or sub-job) has ended; return its state."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self._state_of(jid)
            if state in ("EXT", "CCL", "ERR", "RJT"):
                return state
            time.sleep(TICK)
        raise TimeoutError(f"job {jid} did not end within {timeout} s")

    def _state_of(self, jid: str) -> str | None:
        with self._lock:
            for job in self._jobs.values():
                if str(job.jobid) == jid:
                    return job.status() if job.finished else "RUN"
                for unit in job.units:
                    if unit.jid == jid:
                        return unit.status
        return None

    # -- the engine --------------------------------------------------------

    def _loop(self) -> None:
        """Tick until stopped; a failing tick is logged once, not every tick."""
        last_error = ""
        while not self._stopping.is_set():
            try:
                with self._lock:
                    self._tick()
                last_error = ""
            except Exception as exc:
                if repr(exc) != last_error:
                    logger.exception("scheduler tick failed")
                last_error = repr(exc)
            self._wake.wait(TICK)
            self._wake.clear()

    def _tick(self) -> None:
        """One pass: accept, reap, start what may start, forget old jobs."""
        now = self.now()
        running = 0
        for unit in self._all_units():
            if unit.status == "ACC":
                unit.status = "QUE"
            if unit.status == "RUN":
                if poll_unit(unit, now):
                    self._show_remote_paths(unit)
                else:
                    running += 1
        for job in sorted(self._jobs.values(), key=lambda j: j.jobid):
            running = self._start_ready(job, running, now)
        self._purge(now)

    def _show_remote_paths(self, unit: Unit) -> None:
        """Rewrite local sandbox paths in the job's output files."""
        for path in {unit.spec.stdout, unit.spec.stderr}:
            self.paths.rewrite_file(path)

    def _start_ready(self, job: Job, running: int, now: float) -> int:
        """Start the job's units that may run; return the new running count."""
        for index, unit in enumerate(job.units):
            if unit.status != "QUE" or running >= self.config.max_running:
                continue
            if job.kind == "step" and not self._step_ready(job, index, now):
                continue
            start_unit(unit, self._environment() | unit.spec.env, now)
            running += unit.status == "RUN"
        return running

    def _step_ready(self, job: Job, index: int, now: float) -> bool:
        """A step waits for the previous one, then applies its ``sd=``."""
        if index == 0:
            return True
        previous = job.units[index - 1]
        if not previous.finished:
            return False
        unit = job.units[index]
        action = step_should_cancel(unit.spec.step_condition, previous.end_code)
        if action is None:
            return True
        targets = {"one": [unit], "after": job.units[index:], "all": job.units}[action]
        for target in targets:
            if not target.finished:
                if target.status == "RUN":
                    target.cancel_requested = True
                    kill_unit(target)
                else:
                    cancel_by_dependency(target, now)
        return False

    def _purge(self, now: float) -> None:
        cutoff = now - self.config.history_seconds
        for jobid, job in list(self._jobs.items()):
            end = job.end_time
            if end is not None and end < cutoff and job.units:
                del self._jobs[jobid]

    def _all_units(self) -> list[Unit]:
        return [unit for job in self._jobs.values() for unit in job.units]
