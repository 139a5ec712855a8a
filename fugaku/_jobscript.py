"""A typed builder for the structured job scripts of E12.

``job_script`` assembles the generated models (``JobScript``, ``CommonData``,
``Program``...) from a few keyword arguments, so callers need not know the
``APP_DATA``/``COMMON_DATA`` nesting; ``Fugaku.make_job_script`` sends it
with ``PUT /queue/{machine}/jobscript``. The generated models stay available
for anything the builder does not cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from fugaku_webapi.models import (
    AppData,
    CommonData,
    JobScript,
    Program,
    ProgramGroup,
    ProgramGroupGroupType,
    ProgramGroupList,
    ProgramList,
)
from fugaku_webapi.types import UNSET, Unset

__all__ = ["job_script", "program"]

T = TypeVar("T")


def program(
    file_name: str,
    *,
    argument: str | None = None,
    mpi: bool = False,
    procs: int | None = None,
    threads: int | None = None,
) -> Program:
    """One program line: ``file_name argument``, serial or MPI, OpenMP threads."""
    return Program(
        file_name=file_name,
        type_="mpi" if mpi else "serial",
        argument=_opt(argument),
        procs=_opt(procs),
        threads=_opt(threads),
        thread_mode="omp" if threads is not None else UNSET,
    )


def job_script(
    programs: Sequence[str | Program],
    *,
    name: str | None = None,
    resource_group: str | None = None,
    resource_unit: str | None = None,
    nodes: int | str | None = None,
    elapse: str | None = None,
    group: str | None = None,
    qopt: str | None = None,
    parallel: bool = False,
) -> JobScript:
    """A job script description for E12.

    Args:
        programs: Programs to run, as paths or ``program(...)`` values.
        name: Job name (``JNAME``).
        resource_group: ``QUEUE``, for example ``small``.
        resource_unit: ``SYSTEM``, for example ``rscunit_ft01``.
        nodes: Node shape ``NODE``: ``2``, ``"2x3"``, ``"2x3x4"``.
        elapse: Elapse limit ``ELAPSE``, for example ``"00:10:00"``.
        group: Accounting group ``JGRP``.
        qopt: Further pjsub options ``QOPT``.
        parallel: Run the programs at once (``parallelgroup``) instead of in turn.
    """
    items = [p if isinstance(p, Program) else program(p) for p in programs]
    group_type: ProgramGroupGroupType = "parallelgroup" if parallel else "serialgroup"
    groups = ProgramGroup(
        group_type=group_type, program_list=ProgramList(program=items)
    )
    common = CommonData(
        jname=_opt(name),
        queue=_opt(resource_group),
        system=_opt(resource_unit),
        node=_opt(None if nodes is None else str(nodes)),
        elapse=_opt(elapse),
        jgrp=_opt(group),
        qopt=_opt(qopt),
    )
    app = AppData(program_group_list=ProgramGroupList(program_group=[groups]))
    return JobScript(app_data=app, common_data=common)


def _opt(value: T | None) -> T | Unset:
    return UNSET if value is None else value
