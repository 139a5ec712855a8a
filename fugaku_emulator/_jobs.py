"""Jobs and their records as pjstat reports them.

A ``Job`` is what one job id names: a normal job (one ``Unit``), a bulk job
(sub-jobs ``N[k]``) or a step job (steps ``N_k``, each submitted on its own
and run one after the other). A ``Unit`` is one script run.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

from fugaku_webapi.models import JobRecord

__all__ = ["FINAL_STATES", "Job", "Unit", "UnitSpec", "jst"]

FINAL_STATES = frozenset({"EXT", "CCL", "ERR", "RJT"})
JST = timezone(timedelta(hours=9), "JST")
CORES_PER_NODE = 48
Kind = Literal["normal", "bulk", "step"]


def jst(timestamp: float | None) -> str:
    """Format a time as ``2020-09-14T06:46:29+09:00``; ``""`` when unset."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, JST).isoformat(timespec="seconds")


@dataclass
class UnitSpec:
    """How to run one script."""

    name: str
    group: str
    rscgrp: str
    rscunit: str
    nodes: int
    elapse_limit: int
    script: Path
    workdir: Path
    stdout: Path
    stderr: Path
    join: bool
    env: dict[str, str]
    step_condition: str = ""


@dataclass
class Unit:
    """One script run: a normal job, a bulk sub-job or a step."""

    jid: str
    jobid: int
    spec: UnitSpec
    accept_time: float
    bulkno: int | None = None
    stepno: int | None = None
    status: str = "ACC"
    start_time: float | None = None
    end_time: float | None = None
    started_mono: float | None = None
    end_code: int | None = None
    pjm_code: int = 0
    held: bool = False
    cancel_requested: bool = False
    elapse_exceeded: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def finished(self) -> bool:
        """Whether the unit reached a final state."""
        return self.status in FINAL_STATES

    def record(self, user: str, now: float, subjob: bool) -> JobRecord:
        """Return the unit's pjstat record."""
        elapse = None
        if self.start_time is not None:
            elapse = int((self.end_time or now) - self.start_time)
        return JobRecord(
            jid=self.jid,
            jobid=self.jobid,
            subjobid=self.jid if subjob else "",
            bulkno=self.bulkno,
            stepno=self.stepno,
            name=self.spec.name,
            user=user,
            group=self.spec.group,
            timeuse=None,
            status=self.status,
            queue=self.spec.rscunit,
            rsc_grp=self.spec.rscgrp,
            elapse=elapse,
            elapse_limit=self.spec.elapse_limit,
            node_num=self.spec.nodes,
            cpu_num=self.spec.nodes * CORES_PER_NODE,
            start_time=jst(self.start_time),
            end_time=jst(self.end_time),
            job_type="BATCH",
            end_code="" if self.end_code is None else str(self.end_code),
            pjm_code=str(self.pjm_code),
            accept_time=jst(self.accept_time),
            subjob_num=None,
            exit_subjob_num=None,
            subjob_depend=self.spec.step_condition,
        )


@dataclass
class Job:
    """Everything one job id names."""

    jobid: int
    kind: Kind
    units: list[Unit]
    accept_time: float

    @property
    def finished(self) -> bool:
        """Whether every unit reached a final state."""
        return all(unit.finished for unit in self.units)

    @property
    def end_time(self) -> float | None:
        """When the last unit ended, once all have."""
        if not self.finished:
            return None
        return max((u.end_time or self.accept_time) for u in self.units)

    def status(self) -> str:
        """The parent's state, summarised from its units."""
        states = {unit.status for unit in self.units}
        for state in ("RUN", "QUE", "ACC", "HLD"):
            if state in states:
                return state
        return "CCL" if states == {"CCL"} else "EXT"

    def parent_record(self, user: str, now: float) -> JobRecord:
        """The bulk or step job's own record, summarising its sub-jobs."""
        first = self.units[0]
        record = first.record(user, now, subjob=False)
        record.jid = str(self.jobid)
        record.bulkno = None
        record.stepno = None
        record.status = self.status()
        record.end_code = ""
        record.pjm_code = ""
        record.accept_time = jst(self.accept_time)
        starts = [u.start_time for u in self.units if u.start_time is not None]
        record.start_time = jst(min(starts)) if starts else ""
        record.end_time = jst(self.end_time)
        record.elapse = None
        record.subjob_num = len(self.units)
        record.exit_subjob_num = sum(1 for u in self.units if u.finished)
        return record

    def records(self, user: str, now: float) -> list[JobRecord]:
        """The job followed by every sub-job (E10)."""
        if self.kind == "normal":
            return [self.units[0].record(user, now, subjob=False)]
        subs = [unit.record(user, now, subjob=True) for unit in self.units]
        return [self.parent_record(user, now), *subs]
