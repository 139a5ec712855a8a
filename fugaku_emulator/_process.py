"""Running one job script as a subprocess, under its elapse limit.

Scripts run with ``bash`` as the local user (like a login node's batch
system would run them as you), in a session of their own so that a cancel or
an elapse overrun kills the script and everything it started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from typing import IO

from ._jobs import Unit

__all__ = ["kill_unit", "poll_unit", "start_unit"]

PJM_CANCELLED = 1
PJM_ELAPSE = 11
PJM_IO = 16


def start_unit(unit: Unit, env: dict[str, str], now: float) -> None:
    """Start the unit's script; an unwritable output makes it ``ERR`` (16)."""
    spec = unit.spec
    try:
        out, err = _open_outputs(unit)
    except OSError:
        _end(unit, "ERR", PJM_IO, None, now)
        return
    try:
        unit.process = subprocess.Popen(
            ["/bin/bash", str(spec.script)],
            cwd=spec.workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT if err is None else err,
            start_new_session=True,
        )
    except OSError:
        _end(unit, "ERR", PJM_IO, None, now)
        return
    finally:
        out.close()
        if err is not None:
            err.close()
    unit.status = "RUN"
    unit.start_time = now
    unit.started_mono = time.monotonic()


def poll_unit(unit: Unit, now: float) -> bool:
    """Reap a finished script or kill an overrun one; return whether it ended."""
    process = unit.process
    if process is None:
        return False
    code = process.poll()
    if code is None:
        _enforce_elapse(unit, process)
        return False
    end_code = code if code >= 0 else 128 - code
    if unit.cancel_requested:
        _end(unit, "CCL", PJM_CANCELLED, end_code, now)
    else:
        pjm_code = PJM_ELAPSE if unit.elapse_exceeded else 0
        _end(unit, "EXT", pjm_code, end_code, now)
    unit.process = None
    return True


def kill_unit(unit: Unit) -> None:
    """Kill a running unit's process group (it is reaped by ``poll_unit``)."""
    if unit.process is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(unit.process.pid, signal.SIGKILL)


def cancel_waiting(unit: Unit, now: float) -> None:
    """Cancel a unit that has not started."""
    _end(unit, "CCL", PJM_CANCELLED, None, now)


def cancel_by_dependency(unit: Unit, now: float) -> None:
    """Cancel a step whose dependency condition said so (PJM code 6)."""
    _end(unit, "CCL", 6, None, now)


def _enforce_elapse(unit: Unit, process: subprocess.Popen[bytes]) -> None:
    started = unit.started_mono
    if started is None or unit.elapse_exceeded:
        return
    if time.monotonic() - started >= unit.spec.elapse_limit:
        unit.elapse_exceeded = True
        kill_unit(unit)


def _open_outputs(unit: Unit) -> tuple[IO[bytes], IO[bytes] | None]:
    """Open stdout and stderr files (no stderr file with ``-j``)."""
    spec = unit.spec
    out = spec.stdout.open("wb")
    if spec.join:
        return out, None
    try:
        return out, spec.stderr.open("wb")
    except OSError:
        out.close()
        raise


def _end(
    unit: Unit, status: str, pjm_code: int, end_code: int | None, now: float
) -> None:
    unit.status = status
    unit.pjm_code = pjm_code
    unit.end_code = end_code
    unit.end_time = now
