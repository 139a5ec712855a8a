"""From a pjsub request to ready-to-run unit specs, with pjsub's checks.

Messages marked "documented" come from the facts sheet; the others are the
emulator's wording for refusals whose real text is not public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ._config import EmulatorConfig
from ._jobs import UnitSpec
from ._pjm import JobOptions, PjsubError, parse_elapse, parse_node, valid_name
from ._sandbox import Sandbox, SandboxError

__all__ = ["BulkRange", "StepParams", "Submission", "parse_bulk", "parse_step"]

MAX_BULK = 1000
_STEP_CONDITION = re.compile(r"ec(==|!=|>=|<=|>|<)(\d+):(one|after|all)")


@dataclass
class Submission:
    """One pjsub call: the script and where it was submitted from."""

    script: str
    default_name: str
    workdir: Path
    options: JobOptions


@dataclass(frozen=True)
class StepParams:
    """``--sparam`` of a step job: ``jid``, ``sn`` and ``sd``."""

    jid: int | None
    number: int | None
    condition: str


@dataclass(frozen=True)
class BulkRange:
    """``--sparam START-END`` of a bulk job."""

    start: int
    end: int


def build_spec(
    sub: Submission, config: EmulatorConfig, sandbox: Sandbox, script: Path
) -> UnitSpec:
    """Check the options and turn them into a unit spec (outputs unnamed)."""
    options = sub.options
    group = options.group or config.group
    if group not in config.groups:
        # documented: "[ERR.] PJM 0071 pjsub Group not authorized ...: group(59999)"
        raise PjsubError(
            "[ERR.] PJM 0071 pjsub Group not authorized to submit a job: "
            f"group({group})"
        )
    resources = options.resources
    rscunit = resources.get("rscunit", config.resource_unit)
    if rscunit != config.resource_unit:
        raise PjsubError(f"[ERR.] PJM 0031 pjsub Resource unit {rscunit} is not found.")
    rscgrp = resources.get("rscgrp", config.resource_groups[0])
    if rscgrp not in config.resource_groups:
        raise PjsubError(f"[ERR.] PJM 0032 pjsub Resource group {rscgrp} is not found.")
    if options.name is not None and not valid_name(options.name):
        raise PjsubError(f"[ERR.] PJM 0009 pjsub Invalid value: -N {options.name}.")
    elapse = resources.get("elapse")
    return UnitSpec(
        name=options.name or sub.default_name,
        group=group,
        rscgrp=rscgrp,
        rscunit=rscunit,
        nodes=parse_node(resources.get("node", "1")),
        elapse_limit=parse_elapse(elapse) if elapse else config.default_elapse,
        script=script,
        workdir=sub.workdir,
        stdout=sub.workdir,
        stderr=sub.workdir,
        join=options.join,
        env=dict(options.env),
    )


def output_path(
    given: str | None, default_name: str, workdir: Path, sandbox: Sandbox
) -> Path:
    """Where standard output or error goes: ``-o``/``-e`` or the default name."""
    if given is None:
        return workdir / default_name
    try:
        return sandbox.resolve(given, base=sandbox.to_remote(workdir))
    except SandboxError as exc:
        raise PjsubError(f"[ERR.] PJM 0009 pjsub Invalid value: {given}.") from exc


def parse_step(sparam: str | None) -> StepParams:
    """Parse ``jid=N,sn=K,sd=ec!=0:all`` (every part optional)."""
    values: dict[str, str] = {}
    for item in (sparam or "").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in ("jid", "sn", "sd"):
            raise PjsubError(f"[ERR.] PJM 0009 pjsub Invalid value: --sparam {sparam}.")
        values[key.strip()] = value.strip()
    condition = values.get("sd", "")
    if condition and not _STEP_CONDITION.fullmatch(condition):
        raise PjsubError(f"[ERR.] PJM 0009 pjsub Invalid value: sd={condition}.")
    return StepParams(
        _int(values.get("jid"), sparam), _int(values.get("sn"), sparam), condition
    )


def parse_bulk(sparam: str | None) -> BulkRange:
    """Parse a bulk range ``START-END``."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*-\s*(\d{1,6})\s*", sparam or "")
    if match is None or int(match[1]) > int(match[2]):
        raise PjsubError("[ERR.] PJM 0009 pjsub Invalid value: --sparam (bulk range).")
    bulk = BulkRange(int(match[1]), int(match[2]))
    if bulk.end - bulk.start + 1 > MAX_BULK:
        # documented wording, used here for the emulator's sub-job cap
        raise PjsubError("[ERR.] PJM 0072 pjsub Job exceeded the accept limit")
    return bulk


def step_should_cancel(condition: str, previous_end_code: int | None) -> str | None:
    """Evaluate ``sd=ec<op><n>:<action>``; return the action when it fires."""
    match = _STEP_CONDITION.fullmatch(condition)
    if match is None or previous_end_code is None:
        return None
    operator, value, action = match[1], int(match[2]), match[3]
    results = {
        "==": previous_end_code == value,
        "!=": previous_end_code != value,
        ">=": previous_end_code >= value,
        "<=": previous_end_code <= value,
        ">": previous_end_code > value,
        "<": previous_end_code < value,
    }
    return action if results[operator] else None


def _int(value: str | None, sparam: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 12:
        raise PjsubError(f"[ERR.] PJM 0009 pjsub Invalid value: --sparam {sparam}.")
    return int(value)
