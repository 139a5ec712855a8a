"""E12: write a PJM job script from the structured description.

No public source shows the real generated text, so the form is the
emulator's: ``COMMON_DATA`` becomes ``#PJM`` lines, each program one command
line (``mpiexec`` for ``Type: mpi``), a ``parallelgroup`` runs its programs
in the background and waits for them. Values are shell-quoted so that a
script stays well-formed whatever the description holds.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ._bodies import BodyError, read_json_object
from ._context import ApiContext
from ._responses import error, text
from ._sandbox import SandboxError

__all__ = ["JobScriptHandlers", "render_script"]


class JobScriptHandlers:
    """Handler of ``PUT /queue/{machine}/jobscript``."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context

    async def create(self, request: Request) -> Response:
        """Render the script and write it to ``filename`` (replacing it)."""
        refused = self.context.bad_machine(request, "queue")
        if refused is not None:
            return refused
        try:
            body = await read_json_object(request)
        except BodyError as exc:
            return exc.response
        filename, script = body.get("filename"), body.get("script")
        if (
            not isinstance(filename, str)
            or not filename
            or not isinstance(script, dict)
        ):
            # documented: a missing filename is 400 E003005
            return error(
                400, "E003005", "There are not enough parameters.", "job_operation"
            )
        return self._write(filename, render_script(script))

    def _write(self, filename: str, content: str) -> Response:
        sandbox = self.context.sandbox
        try:
            target = sandbox.resolve(filename, base=sandbox.home_remote)
            target.write_text(content, encoding="utf-8")
            os.chmod(target, 0o744)
        except (SandboxError, OSError, ValueError):
            return error(400, "E003006", "Job script could not be written.", "IO Error")
        return text("0")


def render_script(script: dict[str, Any]) -> str:
    """Return the job script text for a ``JobScript`` description."""
    common = _as_dict(script.get("COMMON_DATA"))
    app = _as_dict(script.get("APP_DATA"))
    lines = ["#!/bin/bash", *_pjm_lines(common), ""]
    for group in _as_list(_as_dict(app.get("ProgramGroupList")).get("ProgramGroup")):
        lines += _group_lines(_as_dict(group))
    return "\n".join(lines) + "\n"


def _pjm_lines(common: dict[str, Any]) -> list[str]:
    """``#PJM`` directives for the job-wide settings."""
    lines = []
    simple = (
        ("JNAME", "-N {}"),
        ("SYSTEM", "-L rscunit={}"),
        ("QUEUE", "-L rscgrp={}"),
        ("NODE", "-L node={}"),
        ("ELAPSE", "-L elapse={}"),
        ("JGRP", "-g {}"),
        ("NODES", "--mpi proc={}"),
    )
    for key, form in simple:
        if common.get(key) not in (None, ""):
            lines.append("#PJM " + form.format(_quote(common[key])))
    lines += _type_lines(common)
    if str(common.get("USE_RANK_DIR", "")).lower() == "true":
        lines.append("#PJM --mpi use-rankdir")
    if common.get("QOPT"):
        lines.append("#PJM " + _one_line(common["QOPT"]))
    return lines


def _type_lines(common: dict[str, Any]) -> list[str]:
    """Bulk (``JTYPE: B``) and step (``JTYPE: S``) directives."""
    if common.get("JTYPE") == "B":
        start, end = common.get("SUBJOB_START", "0"), common.get("SUBJOB_END", "0")
        return ["#PJM --bulk", "#PJM --sparam " + _quote(f"{start}-{end}")]
    if common.get("JTYPE") == "S":
        parts = [
            f"{name}={common[key]}"
            for key, name in (
                ("DEPEND_JID", "jid"),
                ("SNUM", "sn"),
                ("STEP_CONDITION", "sd"),
            )
            if common.get(key) not in (None, "")
        ]
        sparam = ["#PJM --sparam " + _quote(",".join(parts))] if parts else []
        return ["#PJM --step", *sparam]
    return []


def _group_lines(group: dict[str, Any]) -> list[str]:
    """Command lines of one program group."""
    background = group.get("GroupType") == "parallelgroup"
    programs = _as_list(_as_dict(group.get("ProgramList")).get("Program"))
    lines = []
    for program in programs:
        lines += _program_lines(_as_dict(program), background)
    if background and programs:
        lines.append("wait")
    return lines


def _program_lines(program: dict[str, Any], background: bool) -> list[str]:
    """Environment and command line of one program."""
    if not program.get("FileName"):
        return []
    lines = []
    threads = program.get("Threads")
    if program.get("ThreadMode") in ("omp", "parallel") and threads not in (None, ""):
        lines.append(f"export OMP_NUM_THREADS={_quote(threads)}")
    command = _command(program)
    lines.append(command + (" &" if background else ""))
    return lines


def _command(program: dict[str, Any]) -> str:
    words = [_quote(program["FileName"])]
    if program.get("Argument"):
        words.append(_one_line(program["Argument"]))
    stdin, stdout = program.get("StdInFileName"), program.get("StdOutFileName")
    if program.get("Type") == "mpi":
        launcher = ["mpiexec"]
        if program.get("Procs") not in (None, ""):
            launcher += ["-n", _quote(program["Procs"])]
        if stdin:
            launcher += ["-stdin", _quote(stdin)]
        if stdout:
            launcher += ["-stdout", _quote(stdout)]
        return " ".join(launcher + words)
    redirects = ([f"< {_quote(stdin)}"] if stdin else []) + (
        [f"> {_quote(stdout)}"] if stdout else []
    )
    return " ".join(words + redirects)


def _quote(value: object) -> str:
    return shlex.quote(_one_line(value))


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list(value: object) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]
